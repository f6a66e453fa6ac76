"""What needs doing: `due` for people and scripts, `remind` for cron."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.app import settings
from tracker.cli.common import examples

CHECK_FOUND = 3  # `due --check`: something is listed


def due(
    ctx: typer.Context,
    within: Annotated[
        int, typer.Option("--within", "-w", help="Days ahead to look, today included.")
    ] = 7,
    everything: Annotated[bool, typer.Option("--all", "-a", help="Every deadline ahead.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help=f"Exit with {CHECK_FOUND} when anything is listed.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing when nothing is due.")] = False,
) -> None:
    """List the deadlines that need attention, soonest first, with what to do."""
    from tracker import services

    report = services.due(settings(ctx).book(write=False), within, everything)
    if as_json:
        from tracker.render.jsonout import dumps, due_dict

        print(dumps(due_dict(report)))
    else:
        from tracker.render.plain import print_due

        print_due(report, quiet)
    if check and report.items:
        raise typer.Exit(CHECK_FOUND)


def _stages(text: str) -> tuple[int, ...]:
    from tracker.errors import OrdersError

    try:
        stages = tuple(sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True))
    except ValueError:
        raise OrdersError(f"invalid --stages {text!r}: use days left separated by commas, e.g. 7,3,1,0") from None
    if not stages or min(stages) < 0 or max(stages) > 365:
        raise OrdersError(f"invalid --stages {text!r}: use days between 0 and 365")
    return stages


def remind(
    ctx: typer.Context,
    stages: Annotated[
        str, typer.Option("--stages", help="Days left at which to remind (overdue is always one).")
    ] = "7,3,2,1,0",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only (always, even when empty).")] = False,
) -> None:
    """For cron: print only deadlines that reached a new reminder stage since the last run."""
    from tracker import services

    report = services.remind(settings(ctx).book(write=False), _stages(stages))
    if as_json:
        from tracker.render.jsonout import dumps, due_dict

        print(dumps(due_dict(report)))
        return
    from tracker.render.plain import print_reminders

    print_reminders(report)


COMMANDS = {
    "due": (
        due,
        examples("orders due", "orders due --within 14", "orders due --all --json", "orders due --check --quiet"),
    ),
    "remind": (remind, examples("orders remind", "orders remind --stages 5,2,0")),
}


def register(app: typer.Typer) -> None:
    for name, (function, epilog) in COMMANDS.items():
        app.command(name, epilog=epilog)(function)

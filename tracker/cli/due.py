"""What needs doing: `due` for people and scripts, `remind` for cron.

Thin Typer wrappers: the work is in tracker.cli.quick, which also runs these commands
without Typer when their arguments are plain.
"""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.root import settings
from tracker.cli.common import examples
from tracker.cli.quick import CHECK_FOUND, DEFAULTS, run_due, run_remind


def due(
    ctx: typer.Context,
    within: Annotated[
        int | None,
        typer.Option("--within", "-w", help="Days ahead to look, today included [default: 7, or config.toml's within]."),
    ] = DEFAULTS["due"]["within"],
    everything: Annotated[bool, typer.Option("--all", "-a", help="Every deadline ahead.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help=f"Exit with {CHECK_FOUND} when anything is listed.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing when nothing is due.")] = False,
) -> None:
    """List the deadlines that need attention, soonest first, with what to do."""
    code = run_due(settings(ctx), within, everything, as_json, check, quiet)
    if code:
        raise typer.Exit(code)


def remind(
    ctx: typer.Context,
    stages: Annotated[
        str, typer.Option("--stages", help="Days left at which to remind (overdue is always one).")
    ] = DEFAULTS["remind"]["stages"],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only (always, even when empty).")] = False,
) -> None:
    """For cron: print only deadlines that reached a new reminder stage since the last run."""
    run_remind(settings(ctx), stages, as_json)


COMMANDS = {
    "due": (
        due,
        examples("orders due", "orders due --within 14", "orders due --all --json", "orders due --check --quiet"),
    ),
    "remind": (remind, examples("orders remind", "orders remind --stages 5,2,0")),
}

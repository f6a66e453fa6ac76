"""Options and helpers shared by the command modules."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from tracker.cli.root import settings
from tracker.i18n import _

OrderNo = Annotated[str, typer.Argument(help="The marketplace's order number.", show_default=False)]
On = Annotated[
    str,
    typer.Option("--on", help="When it happened: 2026-11-26, 26.11.2026, today, yesterday, -2d."),
]
Json = Annotated[bool, typer.Option("--json", help="Print the order as JSON.")]


def parse_day(ctx: typer.Context, text: str | None) -> date | None:
    if text is None:
        return None
    from tracker.dates import parse_date

    return parse_date(text, settings(ctx).today)


def examples(*lines: str) -> str:
    """An epilog that click prints as written (\\b stops it re-wrapping)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def show_result(ctx: typer.Context, view: Any, as_json: bool, message: str | None = None) -> None:
    today = settings(ctx).today
    if as_json:
        from tracker.render.jsonout import dumps, order_dict

        print(dumps(order_dict(view, today)))
        return
    from tracker.render.terminal import summary_line

    if message:
        print(message)
    print(summary_line(view, today))
    for warning in view.warnings:  # at once: a fake tracking number, a dispute's traps
        print(_("warning") + ": " + warning.message)

"""Commands that look at the order book: list and show."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.root import settings
from tracker.cli.common import OrderNo, examples

Json = Annotated[bool, typer.Option("--json", help="Print JSON (with a schema_version) only.")]


def list_orders(
    ctx: typer.Context,
    include_all: Annotated[
        bool, typer.Option("--all", "-a", help="Include refunded and closed orders.")
    ] = False,
    as_json: Json = False,
) -> None:
    """List open orders with their status and next deadline."""
    s = settings(ctx)
    views = s.book(write=False).list(include_finished=include_all)
    if as_json:
        from tracker.render.jsonout import dumps, order_dict

        print(dumps([order_dict(v, s.today) for v in views]))
        return
    from tracker.render.plain import print_orders

    print_orders(views, s.today)


def show(ctx: typer.Context, order_no: OrderNo, as_json: Json = False) -> None:
    """Show an order: details, timeline, and every deadline with its reason."""
    s = settings(ctx)
    view = s.book(write=False).get(order_no)
    if as_json:
        from tracker.render.jsonout import dumps, order_dict

        print(dumps(order_dict(view, s.today)))
        return
    from tracker.render.terminal import print_order

    print_order(view, s.today)


COMMANDS = {
    "list": (list_orders, examples("orders list", "orders list --all --json")),
    "show": (show, examples("orders show 8123456789012345", "orders show 8123456789012345 --json")),
}

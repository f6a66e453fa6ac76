"""`orders rules`: the marketplaces' rules in words, with sources and overrides."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.common import examples

Json = Annotated[bool, typer.Option("--json", help="Print JSON only.")]

rules_app = typer.Typer(
    help="List the marketplaces and their rules in words, with sources and your overrides.",
    epilog=examples("orders rules", "orders rules show ebay", "orders rules --json"),
    no_args_is_help=False,
)


@rules_app.callback(invoke_without_command=True)
def rules_list(ctx: typer.Context, as_json: Json = False) -> None:
    """List the marketplaces and their rules in words, with sources and your overrides."""
    if ctx.invoked_subcommand:
        return
    from tracker.rules import load_rules

    book = load_rules()
    if as_json:
        from tracker.render.jsonout import dumps
        from tracker.render.rules_text import rules_dict

        print(dumps(rules_dict(book)))
        return
    from tracker.render.rules_text import print_rules

    print_rules(book)


@rules_app.command("show", epilog=examples("orders rules show ebay", "orders rules show card --json"))
def rules_show(
    marketplace: Annotated[str, typer.Argument(help="A marketplace or payment method, e.g. ebay.")],
    as_json: Json = False,
) -> None:
    """Show one marketplace's rules: every number with its source and whether you changed it."""
    from tracker.errors import OrdersError
    from tracker.i18n import _
    from tracker.rules import load_rules

    book = load_rules()
    key = marketplace.lower()
    if key not in book.marketplaces:
        raise OrdersError(_('unknown marketplace {marketplace!r} (known: {value})').format(marketplace=marketplace, value=', '.join(sorted(book.marketplaces))))
    if as_json:
        from tracker.render.jsonout import dumps
        from tracker.render.rules_text import rules_dict

        print(dumps(rules_dict(book, key)))
        return
    from tracker.render.rules_text import print_marketplace

    print_marketplace(book.marketplaces[key])


COMMANDS = {"rules": (rules_app, None)}  # a group of its own: root.register adds it whole

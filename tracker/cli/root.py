"""The `orders` app: global options, error handling, and the command modules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from tracker import __version__
from tracker.cli.failures import fail, guarded_stdout, output_failed, unexpected
from tracker.cli.settings import DB_ENV, LANG_ENV, TODAY_ENV, Settings
from tracker.errors import OrdersError, OutputError
from tracker.i18n import _


class OrdersGroup(TyperGroup):
    """Every error becomes one line on stderr with its documented exit code."""

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> Any:
        extra["standalone_mode"] = False
        try:
            with guarded_stdout():
                code = super().main(args=args, prog_name=prog_name or "orders", **extra)
        except OutputError as e:
            output_failed(e)
        except OrdersError as e:
            fail(str(e), e.exit_code)
        except typer.Abort:
            fail(_("aborted"), 1)
        except Exception as e:  # click's usage errors and anything unexpected
            # Typer vendors its own click, so click's exceptions are recognised by shape.
            if type(e).__name__ == "NoArgsIsHelpError" and hasattr(e, "show"):
                e.show()  # bare `orders`: the help, on stderr as click prints it, exit 2
                sys.exit(e.exit_code)
            if hasattr(e, "format_message") and hasattr(e, "exit_code"):
                hint = ""
                if getattr(e, "ctx", None) is not None:
                    hint = " " + _("(see `{command} --help`)").format(command=e.ctx.command_path)
                fail(e.format_message() + hint, e.exit_code)
            unexpected(e)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OrdersGroup,
    name="orders",
    help="Track online orders and the deadlines that protect your money.",
    epilog="Example: orders add 8123456789012345 --shipped 04.11.2026 --title 'USB hub'",
    no_args_is_help=True,
    add_completion=False,  # completions/ ships static scripts that start no Python
    rich_markup_mode=None,  # plain help: fast to start, and errors stay on one line
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"orders {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", envvar=DB_ENV, help="Database file [default: user data dir]."),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option("--today", envvar=TODAY_ENV, help="Evaluate everything as of this day."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", envvar=LANG_ENV, help="Language: en or ru [default: config.toml, else the locale]."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    ctx.obj = Settings.from_options(db, today, lang)
    ctx.obj.apply_language()


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def register() -> None:
    """Every command module has COMMANDS: name -> (function, epilog with examples)."""
    from tracker.cli import calendar, config, due, orders, rules, transfer, views

    # The order `orders --help` lists them in: the order's life first, then what is due.
    for module in (orders, due, views, calendar, transfer, config):
        for name, (function, epilog) in module.COMMANDS.items():
            app.command(name, epilog=epilog)(function)
    app.add_typer(rules.rules_app, name="rules")


register()



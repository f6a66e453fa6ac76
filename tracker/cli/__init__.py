"""The command line. `main` tries the quick path for `due`/`remind` first and imports
Typer only when it must; `app` (the Typer app) is loaded on first use."""

from __future__ import annotations

import sys
from typing import Any


COMPLETE_ORDERS = "__complete-orders"  # used by the shell completion scripts


def main() -> None:
    if COMPLETE_ORDERS in sys.argv[1:4]:
        from tracker.cli.quick import complete_orders

        complete_orders(sys.argv[1:])
        return
    from tracker.cli.quick import run

    code = run(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from tracker.cli.root import app

    app()


def __getattr__(name: str) -> Any:
    if name == "app":
        from tracker.cli.root import app

        return app
    raise AttributeError(f"module 'tracker.cli' has no attribute {name!r}")

"""How every failure reaches the user: one line on stderr and a documented exit code."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

INTERNAL_ERROR = 70


def fail(message: str, code: int) -> NoReturn:
    """One line, always: click's messages can span lines (e.g. the choices of an option)."""
    message = " ".join(message.split()).encode("utf-8", "backslashreplace").decode("utf-8")
    sys.stderr.write(f"orders: error: {message}\n")
    sys.exit(code)


def unexpected(error: BaseException) -> NoReturn:
    """A bug: one line unless ORDERS_DEBUG asks for the traceback."""
    if os.environ.get("ORDERS_DEBUG"):
        raise error
    from tracker.i18n import _

    message = _("internal error: {error} (set ORDERS_DEBUG=1 for details)")
    fail(message.format(error=f"{type(error).__name__}: {error}"), INTERNAL_ERROR)

"""How every failure reaches the user: one line on stderr and a documented exit code."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from tracker.text import visible

INTERNAL_ERROR = 70


def one_line(message: str) -> str:
    """A message for stderr: on one line (click's messages can span lines, e.g. the
    choices of an option), with any control character, bidi control or lone surrogate
    shown escaped (tracker.text): messages echo what the user gave (an order number, a
    title, a file name)."""
    return visible(" ".join(message.split()))


def fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"orders: error: {one_line(message)}\n")
    sys.exit(code)


def unexpected(error: BaseException) -> NoReturn:
    """A bug: one line unless ORDERS_DEBUG asks for the traceback."""
    if os.environ.get("ORDERS_DEBUG"):
        raise error
    from tracker.i18n import _

    message = _("internal error: {error} (set ORDERS_DEBUG=1 for details)")
    fail(message.format(error=f"{type(error).__name__}: {error}"), INTERNAL_ERROR)

"""How every failure reaches the user: one line on stderr and a documented exit code."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

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


class _Guarded:
    """Standard output (or its binary buffer) whose failed writes raise OutputError.

    print, click, Rich and our renderers all write through sys.stdout, so wrapping it is
    the one place that tells "standard output cannot be written" from any other OSError.
    None is a closed stdout (`orders list >&-`): every write fails as a closed file does.
    """

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, data: Any) -> Any:
        try:
            if self._stream is None:
                import errno

                raise OSError(errno.EBADF, os.strerror(errno.EBADF))
            return self._stream.write(data)
        except OSError as e:
            raise _output_error(e) from None

    def flush(self) -> None:
        try:
            if self._stream is not None:
                self._stream.flush()
        except OSError as e:
            raise _output_error(e) from None

    @property
    def buffer(self) -> _Guarded:
        return _Guarded(self._stream.buffer)  # AttributeError for a stream without one

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _output_error(error: OSError):  # -> tracker.errors.OutputError
    from tracker.errors import OutputError
    from tracker.i18n import _

    reason = error.strerror or type(error).__name__
    message = _("cannot write to standard output: {reason}").format(reason=reason)
    return OutputError(message, quiet=isinstance(error, BrokenPipeError))


class guarded_stdout:
    """For the time of a command: writes to stdout that fail raise OutputError, and the
    output is flushed on the way out, inside the caller's error handling (the
    interpreter's own flush at exit would come after it, as "Exception ignored")."""

    def __enter__(self) -> None:
        self.original = sys.stdout
        sys.stdout = _Guarded(self.original)  # type: ignore[assignment]

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        from tracker.errors import OutputError

        try:
            sys.stdout.flush()
        except OutputError:
            if kind is None:
                raise
            _silence_stdout()  # the error already on its way is the one to report
        finally:
            sys.stdout = self.original


def output_failed(error: Any) -> NoReturn:  # error: tracker.errors.OutputError
    """Exit 6 with one line; exit 1 and no line for a reader that stopped reading."""
    _silence_stdout()
    if error.quiet:
        sys.exit(1)
    fail(str(error), error.exit_code)


def _silence_stdout() -> None:
    """Point stdout at os.devnull, so what is still buffered in it goes nowhere at exit
    instead of failing a second time."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # closed, or not a file (a test's buffer): nothing to flush at exit
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)

"""Writing a file the user named (a calendar, an export) so that no reader, and no crash,
ever sees half of it: a temporary file beside it, flushed to disk, renamed over it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tracker.errors import OrdersError
from tracker.i18n import _


def shown(path: Path | str) -> str:
    """A path fit to print, even when its name is not valid UTF-8."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8")


def write_atomically(path: Path, data: bytes, *, keep_mode: bool, failure: type[OrdersError]) -> None:
    """Replace `path` with `data` whole. A new file is readable by its owner only; with
    `keep_mode` an existing file keeps its permissions. A symbolic link stays one (its
    target is replaced); a device or a pipe (/dev/full, a FIFO) is written to directly.
    An I/O failure is one `failure` naming the file."""
    if path.is_symlink():
        path = path.resolve()
    try:
        if path.exists() and not path.is_file():  # nothing to rename over
            with open(path, "wb") as stream:
                stream.write(data)
            return
        mode = path.stat().st_mode & 0o777 if keep_mode and path.exists() else 0o600
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as e:
        message = _("cannot write {path}: {strerror}")
        raise failure(message.format(path=shown(path), strerror=e.strerror or e)) from None
    sync_directory(path.parent)


def sync_directory(directory: Path) -> None:
    """Make a rename itself durable (best effort: not every system allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

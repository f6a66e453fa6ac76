"""Writing a file the user named (a calendar, an export, a backup) so that no reader, and
no crash, ever sees half of it: a temporary file beside it, flushed to disk, renamed over
it. One rule for every such file: a request that makes no sense (the database itself, a
directory) is a bad request (exit 1); a file the system will not let us write (missing or
unwritable directory, name too long, symlink loop, disk full) is exit 6."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.errors import DatabaseError, OrdersError
from tracker.i18n import _
from tracker.store.files import database_files

NAME_MAX = 255  # bytes in one file name on the file systems we meet
TEMPORARY_SUFFIX = ".tmp"
# A temporary file of ours is a leftover (its writer was killed) when nobody holds its
# lock and it has not been written to for this long. Either test alone is not enough: a
# writer takes the lock just after creating the file (a new, unlocked file is not
# abandoned), and without the lock (no fcntl, or a file system that ignores it) a
# writer stalled on a slow disk for a minute would lose its file; so both must hold.
LEFTOVER_AGE_SECONDS = 60
# What tempfile puts between our prefix and suffix: 8 of these characters (CPython's
# tempfile._RandomNameSequence); never a dot, so another target's files never match.
_TEMPFILE_NAME = re.compile(r"[a-z0-9_]{8}")

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux or macOS
    fcntl = None  # type: ignore[assignment]


def shown(path: Path | str) -> str:
    """A path fit to print, even when its name is not valid UTF-8 or holds control
    characters (a file name may hold anything but '/' and NUL)."""
    from tracker.text import visible

    return visible(str(path).encode("utf-8", "backslashreplace").decode("utf-8"))


def cannot_write(path: Path, error: OSError) -> DatabaseError:
    message = _("cannot write {path}: {strerror}")
    return DatabaseError(message.format(path=shown(path), strerror=error.strerror or error))


def is_database(path: Path, database: Path) -> bool:
    """True when `path` names the database or a companion file of it (-wal, -shm,
    -journal), however it is spelled: relative, through symbolic links, or a hard link."""
    real = os.path.realpath(path)
    for member in database_files(database):
        try:
            if os.path.samefile(path, member):  # same st_dev and st_ino: hard links too
                return True
        except OSError:  # one of them does not exist (yet), or cannot be looked at
            pass
        if real == os.path.realpath(member):
            return True
    return False


def check_output(path: Path, database: Path, *, stream_ok: bool = True) -> Path:
    """Refuse, before anything is done, a file that must not or cannot be written. An
    existing device or pipe is written to directly, where `stream_ok` (not a backup)."""
    if is_database(path, database):
        raise OrdersError(_('refusing to write {path}: it is the database itself (or one of its files)').format(path=shown(path)))
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as e:  # name too long, a symbolic link loop, a directory we may not enter
        raise cannot_write(path, e) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OrdersError(_('{path} is a directory; name a file').format(path=shown(path)))
    if info is not None and not stat.S_ISREG(info.st_mode):
        if not stream_ok:
            raise OrdersError(_('{path} is not a regular file').format(path=shown(path)))
        return path  # a device or a pipe: written to directly
    real = Path(os.path.realpath(path)) if os.path.islink(path) else path
    parent = real.parent
    if not parent.is_dir():
        raise DatabaseError(_('directory {parent} does not exist (create it first)').format(parent=shown(parent)))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DatabaseError(_('cannot write to directory {parent}: permission denied').format(parent=shown(parent)))
    return path


def write_atomically(path: Path, data: bytes, *, keep_mode: bool) -> None:
    """Replace `path` with `data` whole. A new file is readable by its owner only; with
    `keep_mode` an existing file keeps its permissions. A symbolic link stays one (its
    target is replaced); a device or a pipe (/dev/full, a FIFO) is written to directly.
    An I/O failure is one DatabaseError naming the file."""
    if path.is_symlink():
        path = path.resolve()
    try:
        if path.exists() and not path.is_file():  # nothing to rename over
            with open(path, "wb") as stream:
                stream.write(data)
            return
        mode = path.stat().st_mode & 0o777 if keep_mode and path.exists() else 0o600
    except OSError as e:
        raise cannot_write(path, e) from None
    with replacing(path) as (fd, temporary):
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.chmod(temporary, mode)


@contextmanager
def replacing(path: Path) -> Iterator[tuple[int, Path]]:
    """A private (0600) temporary file beside `path`, locked while the block writes it
    (through the descriptor or by name), then synced and renamed over `path`; an error
    leaves `path` as it was and removes the temporary file. The leftovers of earlier
    runs that were killed half-way are removed first. OSError becomes DatabaseError."""
    prefix = temporary_prefix(path.name)
    remove_leftovers(path.parent, prefix)
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=TEMPORARY_SUFFIX)
    except OSError as e:
        raise cannot_write(path, e) from None
    temporary = Path(name)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # ours alone: nobody else has opened it yet
        yield fd, temporary
        os.fsync(fd)
        os.replace(temporary, path)
    except OSError as e:
        raise cannot_write(path, e) from None
    finally:
        os.close(fd)
        temporary.unlink(missing_ok=True)
    sync_directory(path.parent)


def temporary_prefix(name: str) -> str:
    """`.NAME.`, the start of our temporary files for the target NAME; a name too long to
    carry a suffix is replaced by its digest."""
    prefix = f".{name}."
    if len(os.fsencode(prefix)) + 8 + len(TEMPORARY_SUFFIX) > NAME_MAX:
        prefix = f".{hashlib.sha256(os.fsencode(name)).hexdigest()[:32]}."
    return prefix


def remove_leftovers(directory: Path, prefix: str) -> None:
    """Remove our abandoned temporary files for one target (see LEFTOVER_AGE_SECONDS):
    `PREFIX` + tempfile's random letters (never a dot, so another target whose name
    starts the same is never touched) + `.tmp`. Best effort: anything odd is left."""
    now = time.time()
    try:
        entries = [e for e in os.scandir(directory) if e.name.startswith(prefix) and e.name.endswith(TEMPORARY_SUFFIX)]
    except OSError:
        return
    for entry in entries:
        random_part = entry.name[len(prefix) : -len(TEMPORARY_SUFFIX)]
        if not _TEMPFILE_NAME.fullmatch(random_part):  # not one of ours: a file the user named so
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < LEFTOVER_AGE_SECONDS:
                continue
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held: someone is writing it
            os.unlink(entry.path)
            Path(entry.path + "-journal").unlink(missing_ok=True)  # a killed backup's copy had one
        except OSError:
            pass
        finally:
            os.close(fd)


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

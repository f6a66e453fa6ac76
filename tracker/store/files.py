"""The database file itself: location checks, private creation, SQLite errors in words.

Standard library only, so both the SQLModel store and the fast sqlite3 read path use it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from tracker.errors import DatabaseError, ReadOnlyError
from tracker.i18n import _

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 15_000


def check_location(path: Path) -> None:
    """Refuse paths we could not use before SQLite gets a chance to create anything:
    each is one DatabaseError (a name too long, a symbolic link loop, a directory we
    may not enter included), never an OSError."""
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as e:
        raise DatabaseError(_('cannot open database {path}: {strerror}').format(path=path, strerror=e.strerror)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise DatabaseError(_('database path {path} is a directory').format(path=path))
    if info is None:
        try:
            parent: os.stat_result | None = os.stat(path.parent)
        except FileNotFoundError:
            parent = None
        except OSError as e:
            raise DatabaseError(_('cannot open database {path}: {strerror}').format(path=path, strerror=e.strerror)) from None
        if parent is None or not stat.S_ISDIR(parent.st_mode):
            raise DatabaseError(_('directory {parent} does not exist (create it or use --db)').format(parent=path.parent))
    elif not os.access(path, os.R_OK):
        raise DatabaseError(_('cannot read database {path}: permission denied').format(path=path))


def refuse_newer(path: Path, version: int) -> None:
    """A database written by a newer orders is never touched: we cannot know its rules."""
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            _('database {path} was written by a newer orders (schema {version}, this version knows {SCHEMA_VERSION}); upgrade orders').format(path=path, version=version, SCHEMA_VERSION=SCHEMA_VERSION)
        )


def not_ours(path: Path) -> DatabaseError:
    return DatabaseError(_('{path} is an SQLite database but not an orders database').format(path=path))


# The files SQLite keeps beside a database while it is in use.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


def database_files(path: Path) -> list[Path]:
    """The database and the companion files SQLite may keep beside it, as spelled and
    beside the file a symbolic link points to (SQLite keeps them beside the target)."""
    spellings = dict.fromkeys((path, Path(os.path.realpath(path))))
    return [*spellings, *(p.with_name(p.name + suffix) for p in spellings for suffix in COMPANION_SUFFIXES)]


def make_private_directory(directory: Path) -> None:
    """Create `directory` and each missing parent readable by the owner only (0700),
    whatever the umask (mkdir's `parents` would give the parents the umask's mode)."""
    missing = []
    for candidate in (directory, *directory.parents):
        if os.path.isdir(candidate):
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        try:
            os.mkdir(candidate, 0o700)
        except FileExistsError:
            if os.path.isdir(candidate):  # another command made it meanwhile
                continue
            raise DatabaseError(_('cannot create directory {path}: a file of that name is in the way').format(path=candidate)) from None
        except OSError as e:
            raise DatabaseError(_('cannot create directory {path}: {strerror}').format(path=candidate, strerror=e.strerror)) from None
        os.chmod(candidate, 0o700)  # a umask such as 0277 would leave it unusable


def create_private_file(path: Path) -> None:
    """A new database is readable by its owner only (it holds purchase history)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as e:
        raise DatabaseError(_('cannot create database {path}: {strerror}').format(path=path, strerror=e.strerror)) from None
    os.close(fd)


def uri(path: Path, **parameters: str) -> str:
    """The file itself, as the URI every connection opens. SQLite reads a plain name that
    starts with `file:` as a URI where it was built with SQLITE_USE_URI (Debian's is), so
    `ORDERS_DB=file:x.db?mode=memory` would name another file; a percent-encoded
    absolute URI always means exactly `path` (`?`, `%41` and `#` included)."""
    query = "&".join(f"{key}={value}" for key, value in parameters.items())
    return Path(path).absolute().as_uri() + (f"?{query}" if query else "")


def connect(path: Path) -> sqlite3.Connection:
    """A plain autocommit connection that waits for a busy database instead of failing."""
    try:
        con = sqlite3.connect(uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as e:
        raise describe(e, path) from None
    return con


def describe(error: BaseException, path: Path) -> DatabaseError:
    """Turn a SQLite failure into a one-line message naming the file."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip() or type(original).__name__
    if "file is not a database" in text or "malformed" in text:
        return DatabaseError(_('{path} is not a readable orders database ({text})').format(path=path, text=text))
    if "readonly" in text or "read-only" in text:
        return ReadOnlyError(_('database {path} is read-only ({text})').format(path=path, text=text))
    if "locked" in text or "busy" in text:
        return DatabaseError(_('database {path} is busy (another orders command is writing); try again').format(path=path))
    if "disk" in text or "full" in text:
        return DatabaseError(_('cannot write database {path}: {text}').format(path=path, text=text))
    return DatabaseError(_('database {path}: {text}').format(path=path, text=text))

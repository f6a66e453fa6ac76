"""Consistent copies of a live database through SQLite's online backup API.

Standard library only. The copy is made into a private temporary file beside the target,
checked, synced and only then renamed into place: a reader never sees half a copy, and a
failure leaves nothing behind. `orders backup` and the automatic copy taken before a
schema upgrade both come through here.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from tracker.errors import ConflictError, DatabaseError
from tracker.i18n import _
from tracker.store.files import describe


def copy_database(source: sqlite3.Connection, target: Path, *, overwrite: bool = False) -> Path:
    """Copy the database behind `source` (not inside a write transaction) to `target`.

    The copy is one self-contained file (rollback journal, no -wal beside it), readable by
    the owner only, and passes `PRAGMA integrity_check` before it gets its name.
    """
    if not target.parent.is_dir():
        raise DatabaseError(_('directory {parent} does not exist (create it first)').format(parent=target.parent))
    if target.is_dir():
        raise DatabaseError(_('{target} is a directory').format(target=target))
    if target.exists() and not overwrite:
        raise ConflictError(_('{target} already exists (choose another name, or use --force to replace it)').format(target=target))
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")  # mode 0600
    except OSError as e:
        raise DatabaseError(_('cannot write {target}: {strerror}').format(target=target, strerror=e.strerror)) from None
    os.close(fd)
    temporary = Path(name)
    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            source.backup(copy)  # all pages in one step: one consistent snapshot
            copy.execute("PRAGMA journal_mode = DELETE")
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
        if verdict != "ok":
            raise DatabaseError(_('the copy in {target} failed its integrity check ({verdict}); nothing was written').format(target=target, verdict=verdict))
        _sync(temporary)
        os.replace(temporary, target)
        _sync(target.parent)
    except sqlite3.Error as e:
        raise describe(e, target) from None
    except OSError as e:
        raise DatabaseError(_('cannot write {target}: {strerror}').format(target=target, strerror=e.strerror)) from None
    finally:
        temporary.unlink(missing_ok=True)
    return target


def free_name(base: Path) -> Path:
    """`base`, or `base` with -2, -3, ... before its suffix: never an existing file."""
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.stem}-{n}{base.suffix}")
    return candidate


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

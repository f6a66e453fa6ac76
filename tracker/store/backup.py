"""Consistent copies of a live database through SQLite's online backup API.

Standard library only. The copy is made into a private temporary file beside the target,
checked, synced and only then renamed into place: a reader never sees half a copy, and a
failure leaves nothing behind. `orders backup` and the automatic copy taken before a
schema upgrade both come through here.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tracker.errors import ConflictError, DatabaseError
from tracker.i18n import _
from tracker.store.files import describe, uri


def copy_database(source: sqlite3.Connection, target: Path, *, overwrite: bool = False) -> Path:
    """Copy the database behind `source` (not inside a write transaction) to `target`.

    The copy is one self-contained file (rollback journal, no -wal beside it), readable by
    the owner only, and passes `PRAGMA integrity_check` before it gets its name. `target`
    was checked first (tracker.outfile.check_output for `orders backup`; the upgrade
    copy goes beside the database).
    """
    from tracker.outfile import replacing

    if os.path.exists(target) and not overwrite:
        raise ConflictError(_('{target} already exists (choose another name, or use --force to replace it)').format(target=target))
    try:
        with replacing(target) as (_fd, temporary):
            copy = sqlite3.connect(uri(temporary), uri=True, isolation_level=None)
            try:
                source.backup(copy)  # all pages in one step: one consistent snapshot
                copy.execute("PRAGMA journal_mode = DELETE")
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
            if verdict != "ok":
                raise DatabaseError(_('the copy in {target} failed its integrity check ({verdict}); nothing was written').format(target=target, verdict=verdict))
    except sqlite3.Error as e:
        raise describe(e, target) from None
    return target


def free_name(base: Path) -> Path:
    """`base`, or `base` with -2, -3, ... before its suffix: never an existing file."""
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.stem}-{n}{base.suffix}")
    return candidate

"""The use case behind `orders export-ics`: which deadlines to publish, and the memory of
what the last export published, so a re-import or a subscription updates events in place.

Every event has a stable UID (kind and order number). The `calendar_exports` table
remembers, per UID, the date and content last published with their SEQUENCE and
LAST-MODIFIED: both move only when the event really changes, so exporting twice without
changes gives the same events. A deadline that no longer applies (the order was
confirmed, refunded, closed or removed) is published once more as cancelled, so
subscribed calendars drop it, and forgotten by the export after that.

The state is read in a read snapshot and recorded, after the file is written, in one
short write transaction (see `export`): rendering and writing never hold the write lock,
and a failed write leaves the state as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

from tracker.engine.model import DeadlineKind
from tracker.errors import NotFoundError, ReadOnlyError
from tracker.i18n import _
from tracker.outfile import write_atomically

UID_DOMAIN = "orders.local"
ATTEMPTS = 3  # plans of one export when other exports keep recording first
KIND_ORDER = list(DeadlineKind)


@dataclass(frozen=True)
class CalendarItem:
    """One event to publish: a deadline as it stands, or one that no longer applies."""

    uid: str
    order_no: str
    title: str | None
    kind: DeadlineKind
    date: date
    estimated: bool
    explanation: str | None  # None when cancelled
    url: str | None
    sequence: int
    last_modified: datetime  # UTC
    cancelled: bool = False


@dataclass(frozen=True)
class CalendarExport:
    items: list[CalendarItem]  # soonest first
    recorded: bool = True  # False: published, but a read-only database kept the old memory

    @property
    def cancelled(self) -> int:
        return sum(item.cancelled for item in self.items)


def event_uid(kind: DeadlineKind | str, order_no: str) -> str:
    """Stable across exports; order numbers may hold '/', which is percent-encoded."""
    return f"{DeadlineKind(kind).value}-{quote(order_no, safe='')}@{UID_DOMAIN}"


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _utc(moment: datetime) -> datetime:
    """SQLite keeps no time zone: stored moments are UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def export(
    db_path: Path,
    today: date,
    order_nos: Sequence[str] = (),
    everything: bool = False,
    publish: Callable[[CalendarExport], None] = lambda result: None,
    attempts: int = ATTEMPTS,
) -> CalendarExport:
    """Plan the events, hand them to `publish` (which renders and writes them), then
    remember what was published. `publish` raising leaves the memory as it was.

    Published: the deadlines of open orders that still have something to do (a deadline
    today or later; the overdue ones of such orders too, as in `orders due`); with
    `everything`, also those of open orders whose deadlines have all passed. Orders named
    in `order_nos` limit the export, and its memory, to those orders.

    Nothing holds the write lock while planning or publishing: the memory is read in a
    read snapshot, and recorded in one short write transaction only if it is still what
    the plan started from. If another export recorded first, the plan is made again from
    what that one published (up to `attempts` times; pass 1 when publishing cannot be
    repeated, e.g. to standard output); after that the memory is left as the other
    export wrote it, which describes a file that really was written, and the next run
    starts from there.
    """
    from tracker.services import Book, check_order_no

    wanted = list(dict.fromkeys(check_order_no(n) for n in order_nos))
    book = Book(db_path, today)
    for _attempt in range(max(attempts, 1)):
        current = _current(book, today, wanted, everything)
        if not db_path.exists():  # no order book yet: nothing to publish or to remember
            result = CalendarExport([])
            publish(result)
            return result
        state = _state(db_path, wanted)
        items, changed, forgotten = _plan(current, state, _now())
        result = CalendarExport(items)
        publish(result)
        if not changed and not forgotten:
            return result
        from tracker.store import repo
        from tracker.store.db import Store

        try:
            store = Store(db_path, write=True)
            try:
                with store.transaction() as session:
                    if _rows(repo.calendar_exports(session, wanted or None)) == _rows(state.values()):
                        repo.save_calendar_exports(session, changed, forgotten)
                        return result
            finally:
                store.close()
        except ReadOnlyError:
            # The calendar is written and right; only its memory cannot move on, so the
            # next export publishes the same changes again (same UIDs: no duplicates).
            return CalendarExport(items, recorded=False)
    return result


def _current(book, today: date, wanted: list[str], everything: bool) -> dict[str, tuple]:
    """uid -> (view, deadline, published now?) for the deadlines of the open orders."""
    views = book.list(include_finished=bool(wanted))
    if wanted:
        known = {v.order.order_no for v in views}
        for order_no in wanted:
            if order_no not in known:
                raise NotFoundError(_('no order {order_no!r} (see `orders list --all`)').format(order_no=order_no))
        chosen = set(wanted)
        views = [v for v in views if v.order.order_no in chosen]
    current: dict[str, tuple] = {}
    for view in views:
        if not view.status.is_open or not view.deadlines:
            continue
        publish = everything or max(d.date for d in view.deadlines) >= today
        for deadline in view.deadlines:
            current[event_uid(deadline.kind, view.order.order_no)] = (view, deadline, publish)
    return current


def _state(db_path: Path, wanted: list[str]) -> dict:
    """What the last export published, read in one read snapshot (no write lock)."""
    from tracker.store import repo
    from tracker.store.db import Store

    store = Store(db_path, write=False)
    try:
        with store.transaction() as session:
            return {row.uid: row for row in repo.calendar_exports(session, wanted or None)}
    finally:
        store.close()


def _rows(rows) -> list[tuple]:
    return sorted(tuple(row) for row in rows)


def _plan(current: dict[str, tuple], state: dict, now: datetime) -> tuple[list[CalendarItem], list[dict], list[str]]:
    """(events to publish, state rows to write, UIDs to forget)."""
    items: list[CalendarItem] = []
    changed: list[dict] = []
    for uid, (view, deadline, publish) in current.items():
        if not publish:
            continue  # still applies, but passed: neither published nor cancelled
        order = view.order
        digest = _digest(deadline.date, deadline.estimated, deadline.explanation, order.title, view.order_url)
        row = state.get(uid)
        if row is None:
            sequence, modified = 0, now
        elif row.cancelled or row.date != deadline.date:  # moved, or applies again
            sequence, modified = row.sequence + 1, now
        elif row.digest != digest:  # same day, other words: no new SEQUENCE
            sequence, modified = row.sequence, now
        else:
            sequence, modified = row.sequence, _utc(row.last_modified)
        if modified is now:
            changed.append(
                dict(uid=uid, order_no=order.order_no, kind=deadline.kind.value, date=deadline.date,
                     title=order.title, digest=digest, sequence=sequence, last_modified=now, cancelled=False)
            )
        items.append(
            CalendarItem(uid, order.order_no, order.title, deadline.kind, deadline.date, deadline.estimated,
                         deadline.explanation, view.order_url, sequence, modified)
        )
    forgotten: list[str] = []
    for uid, row in state.items():
        if uid in current:
            continue
        if row.cancelled:  # published as cancelled last time: done
            forgotten.append(uid)
            continue
        changed.append(
            dict(uid=uid, order_no=row.order_no, kind=row.kind, date=row.date, title=row.title,
                 digest=row.digest, sequence=row.sequence + 1, last_modified=now, cancelled=True)
        )
        items.append(
            CalendarItem(uid, row.order_no, row.title, DeadlineKind(row.kind), row.date, False, None, None,
                         row.sequence + 1, now, cancelled=True)
        )
    items.sort(key=lambda i: (i.date, i.order_no, KIND_ORDER.index(i.kind)))
    return items, changed, forgotten


# ---- writing the file ----------------------------------------------------------------


def write_calendar(path: Path, data: bytes) -> None:
    """Replace the calendar file whole; an existing file keeps its permissions. The file
    was checked with tracker.outfile.check_output before the export began."""
    write_atomically(path, data, keep_mode=True)

"""What needs doing: the use cases behind `orders due` and `orders remind`.

This is the hot path (cron runs it every day, shells on every completion), so it reads
the stored deadlines through the standard library's sqlite3 and imports nothing heavy.
Only when the stored deadlines are stale (new rules, older schema) does it hand over to
the full store once to bring them up to date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tracker.engine.levels import Level, days_left, level_of
from tracker.engine.model import DeadlineKind, Warning
from tracker.errors import OrdersError
from tracker.i18n import _
from tracker.store.fastread import DueRow, FastStore, decode_warnings

DEFAULT_WITHIN = 7
DEFAULT_STAGES = (7, 3, 2, 1, 0)
OVERDUE_STAGE = -1
MAX_WINDOW = 3650


@dataclass(frozen=True)
class DueItem:
    order_no: str
    title: str | None
    marketplace: str
    kind: DeadlineKind
    date: date
    estimated: bool
    basis: tuple
    days_left: int
    level: Level

    @property
    def explanation(self) -> str:
        from tracker.engine.explain import explain

        return explain(self.basis)


@dataclass(frozen=True)
class DueReport:
    today: date
    within: int
    everything: bool  # --all: every deadline ahead, beyond the window too
    items: list[DueItem]
    warnings: dict[str, list[Warning]]  # by order number, for the orders listed


def stage_of(left: int, stages: tuple[int, ...]) -> int | None:
    """The reminder stage a deadline has reached with `left` days to go (None: not yet)."""
    if left < 0:
        return OVERDUE_STAGE
    reached = [s for s in stages if s >= left]
    return min(reached) if reached else None


def _report(today: date, within: int, everything: bool, rows: list[DueRow]) -> DueReport:
    items: list[DueItem] = []
    warnings: dict[str, list[Warning]] = {}
    for row in rows:
        items.append(
            DueItem(
                row.order_no,
                row.title,
                row.marketplace,
                DeadlineKind(row.kind),
                row.date,
                row.estimated,
                row.basis,
                days_left(row.date, today),
                level_of(row.date, today, within),
            )
        )
        if row.order_no not in warnings:
            warnings[row.order_no] = decode_warnings(row.warnings)
    return DueReport(today, within, everything, items, {k: v for k, v in warnings.items() if v})


def open_current(db_path: Path) -> FastStore | None:
    """The fast store, with stored deadlines brought up to date first when needed.

    A database this command cannot write (a read-only file or directory) is read as it
    is, with a one-line note on stderr that its deadlines may be stale.
    """
    from tracker.config import load_config
    from tracker.paths import rules_fingerprint

    store = FastStore.open(db_path)
    if store is None or store.is_current(rules_fingerprint(load_config().deadline_settings())):
        return store
    if store.read_only():
        import sys

        note = _("database {path} is read-only: its deadlines may be stale (computed with other rules)")
        sys.stderr.write("orders: " + note.format(path=db_path) + "\n")
        return store
    from tracker.services import Book

    Book(db_path, date.today()).refresh()  # upgrades the schema and recomputes, once
    return store


def due(db_path: Path, today: date, within: int = DEFAULT_WITHIN, everything: bool = False) -> DueReport:
    """Deadlines of open orders up to today + within (inclusive), or all ahead; soonest first."""
    if not 0 <= within <= MAX_WINDOW:
        raise OrdersError(_('the window must be between 0 and {MAX_WINDOW} days, got {within}').format(MAX_WINDOW=MAX_WINDOW, within=within))
    horizon = date.max if everything else today + timedelta(days=within)
    store = open_current(db_path)
    if store is None:
        return DueReport(today, within, everything, [], {})
    try:
        rows = store.due_rows(today, horizon)
    finally:
        store.close()
    return _report(today, within, everything, rows)


def parse_stages(text: str) -> tuple[int, ...]:
    try:
        if not text.isascii():  # int() reads any script's digits; numbers take 0-9 only, as dates do
            raise ValueError(text)
        stages = tuple(sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True))
    except ValueError:
        raise OrdersError(_('invalid --stages {text!r}: use days left separated by commas, e.g. 7,3,1,0').format(text=text)) from None
    if not stages or min(stages) < 0 or max(stages) > 365:
        raise OrdersError(_('invalid --stages {text!r}: use days between 0 and 365').format(text=text))
    return stages


def _delivered(report: DueReport) -> None:
    """The caller has the report in hand: returning is delivery."""


def remind(
    db_path: Path,
    today: date,
    stages: tuple[int, ...] = DEFAULT_STAGES,
    deliver: Callable[[DueReport], None] = _delivered,
) -> DueReport:
    """Only the deadlines that crossed a reminder stage since the last run, handed to
    `deliver`; remembered as reported only when it returns (when it raises, nothing is,
    and the next run reports them again)."""
    within = max(stages)
    report = DueReport(today, within, False, [], {})
    store = open_current(db_path)
    if store is None:
        deliver(report)
        return report

    def hand_over(fresh: list[tuple[DueRow, int]]) -> None:
        nonlocal report
        report = _report(today, within, False, [row for row, _stage in fresh])
        deliver(report)

    try:
        store.report_new_stages(
            today,
            today + timedelta(days=within),
            lambda row: stage_of(days_left(row.date, today), stages),
            hand_over,
        )
    finally:
        store.close()
    return report

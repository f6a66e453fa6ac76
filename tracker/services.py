"""The use cases: add an order, record what happened to it, look at it.

Each function opens the store, runs the engine and returns plain data for a renderer.
All checks happen before anything is written, and every write is one transaction, so a
refused request leaves the database exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tracker.engine import (
    Deadline,
    DeadlineKind,
    Event,
    EventKind,
    Order,
    Outcome,
    Status,
    Warning,
    compute_deadlines,
    find_warnings,
    replay,
)
from tracker.engine.lifecycle import EVENT_NOUNS
from tracker.errors import ConflictError, NotFoundError, OrdersError
from tracker.i18n import _, fmt_date
from tracker.rules import RuleBook, load_rules
from tracker.text import first_hidden, visible

FINISHED = (Status.REFUNDED.value, Status.CLOSED.value)
_ORDER_NO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_DAYS = 365
MAX_PRICE = Decimal(10) ** 12
# When the rules change, stored deadlines are recomputed RECOMPUTE_BATCH orders at a time,
# in transactions of about RECOMPUTE_SECONDS, RECOMPUTE_PAUSE apart (see Book._sync_rules).
RECOMPUTE_BATCH = 100
RECOMPUTE_SECONDS = 0.5
RECOMPUTE_PAUSE = 0.12


@dataclass(frozen=True)
class PageStatus:
    """A status the order page shows, what it means, and what it recorded."""

    code: str  # rules' status code (STATUS_CODES)
    meaning: str  # which explanation fits (render/words.py STATUS_MEANINGS)
    text: str  # as the buyer typed it
    view: OrderView | None = None  # the order after recording, when one was named
    recorded: list[Event] | None = None


class MoneyAtStake(ConflictError):
    """`close` refused: these dates still protect the buyer's money (the CLI words them)."""

    def __init__(self, order_no: str, deadlines: list[Deadline]):
        super().__init__(_("order {order_no}: a date still protects your money").format(order_no=order_no))
        self.order_no = order_no
        self.deadlines = deadlines


@dataclass(frozen=True)
class OrderView:
    """An order as the renderers see it."""

    order: Order
    status: Status
    events: list[Event]  # the whole story, undone events included
    deadlines: list[Deadline]
    warnings: list[Warning]
    order_url: str | None = None


# ---- input checks (pure) ---------------------------------------------------------


def check_order_no(order_no: str) -> str:
    order_no = order_no.strip()
    if not _ORDER_NO.match(order_no):
        raise OrdersError(
            _("invalid order number {order_no!r}: use letters, digits, '-', '.', '/' or '_' (up to 64)").format(order_no=order_no)
        )
    return order_no


def check_days(days: int | None, what: str, low: int = 0) -> int | None:
    if days is not None and not low <= days <= MAX_DAYS:
        raise OrdersError(_('{what} must be between {low} and {MAX_DAYS} days, got {days}').format(what=what, low=low, MAX_DAYS=MAX_DAYS, days=days))
    return days


def check_price(price: str | None) -> str | None:
    if price is None:
        return None
    shown = price if len(price) <= 40 else price[:40] + "..."
    try:
        if not price.strip().isascii():  # Decimal reads any script's digits; dates take 0-9 only, so do prices
            raise InvalidOperation
        value = Decimal(price.strip().replace(",", "."))
    except InvalidOperation:
        raise OrdersError(_('invalid price {price!r}: use a number such as 12.34').format(price=shown)) from None
    if not value.is_finite() or value < 0 or value >= MAX_PRICE or value.as_tuple().exponent < -2:
        raise OrdersError(_('invalid price {price!r}: use a non-negative amount with at most 2 decimals').format(price=shown))
    return format(value, "f")  # plain digits: 1E+3 is stored as 1000


def check_currency(currency: str | None) -> str | None:
    if currency is None:
        return None
    code = currency.strip().upper()
    if not _CURRENCY.match(code):
        raise OrdersError(_('invalid currency {currency!r}: use a three-letter code such as RUB or USD').format(currency=currency))
    return code


def check_text(text: str | None, what: str, limit: int = 500) -> str | None:
    if text is None:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8 reach Python as lone surrogates
        raise OrdersError(_('{what} is not valid text: it holds bytes that are not UTF-8').format(what=what)) from None
    text = " ".join(text.split())  # tabs, newlines and other spaces become one space
    hidden = first_hidden(text)
    if hidden:  # it would act on a terminal instead of showing (see tracker.text)
        raise OrdersError(
            _('{what} holds the control character {character}: remove it').format(what=what, character=visible(hidden))
        )
    if len(text) > limit:
        raise OrdersError(_('{what} is too long ({value} characters, at most {limit})').format(what=what, value=len(text), limit=limit))
    return text or None


def check_order(order: Order, rules: RuleBook) -> Order:
    marketplace = rules.get(order.marketplace)
    if order.payment:
        rules.payment(order.payment)
    if "expected_delivery" in marketplace.needs and order.expected_delivery is None:
        raise OrdersError(
            _('{name} counts its deadlines from the latest estimated delivery date: add --expected-delivery DATE (the last day of the range shown on the order)').format(name=marketplace.name)
        )
    check_days(order.processing_days, _("processing time"))
    check_days(order.protection_days, _("protection time"), low=1)
    return replace(
        order,
        payment=order.payment or None,
        order_no=check_order_no(order.order_no),
        price=check_price(order.price),
        currency=check_currency(order.currency),
        title=check_text(order.title, _("title")),
        store=check_text(order.store, _("store")),
        tracking=check_text(order.tracking, _("tracking number"), 64),
        note=check_text(order.note, _("note"), 2000),
    )


def _not_in_future(day: date, today: date, what: str) -> None:
    if day > today:
        raise OrdersError(_('{what}: the date {day} is after today ({today}); it cannot have happened yet').format(what=what, day=fmt_date(day), today=fmt_date(today)))


# ---- the book ----------------------------------------------------------------------


class Book:
    """The buyer's orders in one database, evaluated as of `today`."""

    def __init__(self, db_path: Path, today: date, rules: RuleBook | None = None):
        self.db_path = db_path
        self.today = today
        self.rules = rules or load_rules()

    # -- plumbing

    def _store(self, write: bool):  # -> Store; imported here to keep start-up light
        from tracker.store.db import Store

        store = Store(self.db_path, write=write)
        if write:
            self._sync_rules(store)
        return store

    def refresh(self) -> None:
        """Upgrade the schema and recompute stale stored deadlines (done on every write)."""
        self._store(write=True).close()

    def _sync_rules(self, store: Any) -> None:
        """Recompute stored deadlines once when the rules changed since they were stored.

        In short batches (about RECOMPUTE_SECONDS each), each its own write transaction,
        with a pause between them long enough for a command waiting for the lock to take
        it (SQLite's busy handler retries every 0.1 s): others wait about one batch. Each
        batch is consistent (its orders read and rewritten under the lock) and records
        how far it got, so an interrupted recompute, or one running in two commands at
        once, goes on from there; the fingerprint is stored only once every order is
        done, so a reader never takes half-recomputed deadlines for current ones.
        """
        import time

        from tracker.store import repo

        fingerprint = self.rules.fingerprint
        while True:
            with store.transaction() as session:
                if repo.get_meta(session, "rules_fingerprint") == fingerprint:
                    return
                progress = (repo.get_meta(session, "rules_recompute") or "").split()
                after = int(progress[1]) if progress[:1] == [fingerprint] else 0
                started = time.monotonic()
                while True:  # batches of orders until the time is up
                    rows = repo.open_orders_after(session, after, RECOMPUTE_BATCH, FINISHED)
                    if not rows:
                        repo.set_meta(session, "rules_fingerprint", fingerprint)
                        repo.delete_meta(session, "rules_recompute")
                        return
                    events = repo.events_by_order(session, [r.id for r in rows])
                    results = []
                    for row in rows:
                        view = self._view(repo.to_order(row), [repo.to_event(e) for e in events[row.id]])
                        results.append((row.id, view.status.value, view.warnings, view.deadlines))
                    repo.save_recomputed(session, results, datetime.now(UTC))
                    after = rows[-1].id
                    if time.monotonic() - started >= RECOMPUTE_SECONDS:
                        break
                repo.set_meta(session, "rules_recompute", f"{fingerprint} {after}")
            time.sleep(RECOMPUTE_PAUSE)

    def _view(self, order: Order, events: list[Event]) -> OrderView:
        rules = self.rules.get(order.marketplace)
        payment = self.rules.payment(order.payment) if order.payment else None
        state = replay(events)
        url = rules.order_link(order.order_no)
        try:
            deadlines = compute_deadlines(order, events, rules, payment)
            warnings = find_warnings(order, events, rules)
        except OverflowError:  # thousands of extensions (an import can hold anything)
            raise ConflictError(_("its deadlines would fall after the year 9999")) from None
        return OrderView(order, state.status, events, deadlines, warnings, url)

    def _save(self, session: Any, row: Any, order: Order, events: list[Event]) -> OrderView:
        """Check the whole timeline, then store the order, its status and its deadlines."""
        from tracker.store import repo

        view = self._view(order, events)  # raises ConflictError before anything is kept
        now = datetime.now(UTC)
        repo.update_order(row, order, view.status.value, view.warnings, now)
        repo.replace_deadlines(session, row.id, view.deadlines)
        return view

    @contextmanager
    def writing(self) -> Iterator[Any]:
        """One write transaction (BEGIN IMMEDIATE) on the store, opened and closed here."""
        store = self._store(write=True)
        try:
            with store.transaction() as session:
                yield session
        finally:
            store.close()

    def _load(self, session: Any, order_no: str) -> tuple[Any, Order, list[Event]]:
        from tracker.store import repo

        row = repo.find_order(session, check_order_no(order_no))
        if row is None:
            raise NotFoundError(_('no order {order_no!r} (see `orders list --all`)').format(order_no=order_no))
        return row, repo.to_order(row), [repo.to_event(e) for e in repo.events_of(session, row.id)]

    # -- use cases

    def add_order(
        self,
        order: Order,
        paid: date,
        shipped: date | None = None,
        protection_end: date | None = None,
    ) -> OrderView:
        from tracker.store import repo

        order = check_order(order, self.rules)
        _not_in_future(paid, self.today, _("payment"))
        if order.ordered:
            _not_in_future(order.ordered, self.today, _("order"))
            if order.ordered > paid:
                raise OrdersError(_('order date {ordered} is after the payment date {paid}').format(ordered=fmt_date(order.ordered), paid=fmt_date(paid)))
        events = [Event(EventKind.PAID, paid)]
        if shipped:
            _not_in_future(shipped, self.today, _("shipment"))
            events.append(Event(EventKind.SHIPPED, shipped, value=order.tracking))
        if protection_end:
            events.append(Event(EventKind.PROTECTION_END_SEEN, self.today, value=protection_end.isoformat()))
        self._view(order, events)  # refuse a nonsensical timeline before opening the store

        with self.writing() as session:
            if repo.find_order(session, order.order_no) is not None:
                raise ConflictError(_('order {order_no} already exists (use `orders edit`)').format(order_no=order.order_no))
            now = datetime.now(UTC)
            row = repo.insert_order(session, order, Status.AWAITING_SHIPMENT.value, now)
            stored = [repo.to_event(repo.add_event(session, row.id, e, now)) for e in events]
            return self._save(session, row, order, stored)

    def record(
        self,
        order_no: str,
        kind: EventKind,
        on: date,
        days: int | None = None,
        value: str | None = None,
        force: bool = False,
    ) -> OrderView:
        """Add one event to an order's life; refused when it makes no sense there.

        Closing is refused while a date still protects money (unless `force`): a close
        must never drop a refund or a dispute window silently.
        """
        from tracker.store import repo

        _not_in_future(on, self.today, _(EVENT_NOUNS[kind]))
        if kind is EventKind.EXTENDED:
            check_days(days, _("an extension"), low=1)
        if kind is EventKind.DISPUTE_RESOLVED:
            value = Outcome(value).value
        if kind is EventKind.SHIPPED:  # it becomes the order's tracking number: same checks
            value = check_text(value, _("tracking number"), 64)
        with self.writing() as session:
            row, order, events = self._load(session, order_no)
            if kind is EventKind.CLOSED and not force:
                self._refuse_losing_money(order, events)
            if kind is EventKind.APPEALED:
                self._check_appeal(order, events, on)
            if kind in (EventKind.DISPUTE_OPENED, EventKind.EXTENDED):
                self._refuse_after_last_chance(order, events, on)
            event = Event(kind, on, days=days, value=value)
            try:
                self._view(order, [*events, event])
            except ConflictError as e:
                raise ConflictError(_('order {order_no}: {e}').format(order_no=order.order_no, e=e)) from None
            now = datetime.now(UTC)
            if kind is EventKind.SHIPPED and value:
                order = replace(order, tracking=value)
            stored = repo.to_event(repo.add_event(session, row.id, event, now))
            return self._save(session, row, order, [*events, stored])

    def _check_appeal(self, order: Order, events: list[Event], on: date) -> None:
        """An appeal is possible while the appeal cutoff runs (lifecycle checks the rest)."""
        cutoff = self._deadline_date(order, events, DeadlineKind.APPEAL_CUTOFF)
        if cutoff and on > cutoff:
            raise ConflictError(
                _("order {order_no}: the last day to appeal was {date}").format(
                    order_no=order.order_no, date=fmt_date(cutoff)
                )
            )
        state = replay(events)
        if not cutoff and state.outcome in (Outcome.PARTIAL, Outcome.REJECTED) and not state.appealed_ever:
            raise ConflictError(
                _("order {order_no}: {marketplace} has no appeal window in the rules").format(
                    order_no=order.order_no, marketplace=order.marketplace
                )
            )

    def _refuse_after_last_chance(self, order: Order, events: list[Event], on: date) -> None:
        """Past the grace cutoff the order is closed for good: nothing can change (the seed)."""
        cutoff = self._deadline_date(order, events, DeadlineKind.GRACE_CUTOFF)
        if cutoff and on > cutoff:
            raise ConflictError(
                _(
                    "order {order_no}: the last day to open a dispute was {date}; the order is closed "
                    "for good and only a complaint to support remains"
                ).format(order_no=order.order_no, date=fmt_date(cutoff))
            )

    def _deadline_date(self, order: Order, events: list[Event], kind: DeadlineKind) -> date | None:
        """The date of the order's deadline of this kind as its events stand, or None."""
        return next((d.date for d in self._view(order, events).deadlines if d.kind is kind), None)

    def _refuse_losing_money(self, order: Order, events: list[Event]) -> None:
        from tracker.engine.after import protecting_money

        at_stake = protecting_money(self._view(order, events).deadlines, self.today)
        if at_stake:
            raise MoneyAtStake(order.order_no, at_stake)

    # -- the marketplace's own words

    def _status_code(self, marketplace: str, text: str) -> str:
        from tracker.engine.statuses import match_status

        statuses = self.rules.get(marketplace).statuses
        code = match_status(text, statuses)
        if code is None:
            known = ", ".join(f"«{w}»" for words in statuses.values() for w in words)
            if not known:
                raise OrdersError(_("{marketplace} has no status words in the rules").format(marketplace=marketplace))
            raise OrdersError(_("unknown status {text!r} (known: {known})").format(text=text, known=known))
        return code

    def explain_status(self, text: str, marketplace: str) -> PageStatus:
        """What a status means in general (no order: nothing is read or written)."""
        code = self._status_code(marketplace, check_text(text, _("status")) or "")
        return PageStatus(code, code if code != "order_closed" else "order_closed.general", text)

    def page_status(self, order_no: str, text: str, on: date, dated: bool = True) -> PageStatus:
        """Record what the order page shows: the events it implies, in one transaction.

        Not `dated` (no --on): `on` is only today, so an event it would date is not guessed
        (a shipment dated today would start protection too late): refused, nothing written.
        """
        from tracker.engine.statuses import read_status
        from tracker.store import repo

        text = check_text(text, _("status")) or ""
        _not_in_future(on, self.today, _("status"))
        with self.writing() as session:
            row, order, events = self._load(session, order_no)
            running = self._deadline_date(order, events, DeadlineKind.PROTECTION_END)
            code = self._status_code(order.marketplace, text)
            reading = read_status(code, replay(events), on, running)
            if not dated and any(e.date == on for e in reading.events):
                raise OrdersError(
                    _(
                        "order {order_no}: «{text}» means an event whose date is not known: give it with "
                        "--on DATE (for a shipment, the ship date), or copy the protection end from the "
                        "order page: orders edit {order_no} --protection-end DATE"
                    ).format(order_no=order.order_no, text=text)
                )
            try:
                self._view(order, [*events, *reading.events])
            except ConflictError as e:
                raise ConflictError(_('order {order_no}: {e}').format(order_no=order.order_no, e=e)) from None
            now = datetime.now(UTC)
            stored = [repo.to_event(repo.add_event(session, row.id, e, now)) for e in reading.events]
            view = self._save(session, row, order, [*events, *stored])
            return PageStatus(reading.code, reading.meaning, text, view, reading.events)

    def edit(
        self,
        order_no: str,
        changes: dict[str, Any],
        paid: date | None = None,
        shipped: date | None = None,
        protection_end: date | None = None,
    ) -> OrderView:
        """Change the order's facts; --paid/--shipped correct those events' dates."""
        from tracker.store import repo

        for day, what in ((paid, _("payment")), (shipped, _("shipment"))):
            if day:
                _not_in_future(day, self.today, what)
        with self.writing() as session:
            row, order, events = self._load(session, order_no)
            order = check_order(replace(order, **changes), self.rules)
            if order.ordered:
                _not_in_future(order.ordered, self.today, _("order"))
            now = datetime.now(UTC)
            new_events: list[Event] = []
            for kind, day in ((EventKind.PAID, paid), (EventKind.SHIPPED, shipped)):
                if day is None:
                    continue
                current = [e for e in events if e.kind is kind and e.active]
                if current and current[-1].date == day:
                    continue
                for old in current:  # the corrected event stays in the story, undone
                    events[events.index(old)] = replace(old, undone_at=now)
                value = current[-1].value if current else order.tracking
                new_events.append(Event(kind, day, value=value))
            if protection_end:
                new_events.append(
                    Event(EventKind.PROTECTION_END_SEEN, self.today, value=protection_end.isoformat())
                )
            try:
                self._view(order, [*events, *new_events])
            except ConflictError as e:
                raise ConflictError(_('order {order_no}: {e}').format(order_no=order.order_no, e=e)) from None
            for e in events:
                if e.undone_at == now:
                    repo.undo_event(session, e.id, now)
            stored = [repo.to_event(repo.add_event(session, row.id, e, now)) for e in new_events]
            return self._save(session, row, order, [*events, *stored])

    def undo(self, order_no: str) -> tuple[OrderView, Event]:
        """Undo the most recently recorded event (kept in the story, marked undone)."""
        from tracker.store import repo

        with self.writing() as session:
            row, order, events = self._load(session, order_no)
            active = [e for e in events if e.active]
            last = max(active, key=lambda e: e.id)
            if last.kind is EventKind.PAID and len(active) == 1:
                raise ConflictError(
                    _('order {order_no}: nothing to undo but the payment (use `orders remove`)').format(order_no=order.order_no)
                )
            now = datetime.now(UTC)
            events = [replace(e, undone_at=now) if e.id == last.id else e for e in events]
            try:
                view = self._save(session, row, order, events)
            except ConflictError as e:
                raise ConflictError(_('order {order_no}: cannot undo: {e}').format(order_no=order.order_no, e=e)) from None
            repo.undo_event(session, last.id, now)
            return view, last

    # -- whole histories (import)

    def check_history(self, order: Order, events: list[Event]) -> OrderView:
        """Check an order and its whole timeline as if each event had been typed in.

        The facts as `add` checks them, nothing dated after today, and every event in
        its place (lifecycle.replay). Stores nothing; the view holds the facts as they
        would be stored.
        """
        order = check_order(order, self.rules)
        if order.ordered:
            _not_in_future(order.ordered, self.today, _("order"))
        for event in events:
            _not_in_future(event.date, self.today, _(EVENT_NOUNS[event.kind]))
        if not any(e.active for e in events):
            raise OrdersError(_('order {order_no} has no events: every order starts with its payment').format(order_no=order.order_no))
        try:
            return self._view(order, events)
        except ConflictError as e:
            raise ConflictError(_('order {order_no}: {e}').format(order_no=order.order_no, e=e)) from None

    def stored_history(self, session: Any, order_no: str) -> tuple[Order, list[Event]] | None:
        """The order's facts and whole timeline as stored, or None when there is no such order."""
        from tracker.store import repo

        row = repo.find_order(session, order_no)
        if row is None:
            return None
        return repo.to_order(row), [repo.to_event(e) for e in repo.events_of(session, row.id)]

    def store_history(self, session: Any, order: Order, events: list[Event]) -> OrderView:
        """Insert a checked order with its timeline; events keep their recorded and undone times."""
        from tracker.store import repo

        now = datetime.now(UTC)
        created = min((e.recorded_at for e in events if e.recorded_at), default=now)
        row = repo.insert_order(session, order, Status.AWAITING_SHIPMENT.value, created)
        stored = [repo.to_event(repo.add_event(session, row.id, e, now)) for e in events]
        return self._save(session, row, order, stored)

    def remove(self, order_no: str) -> Order:
        with self.writing() as session:
            row, order, _events = self._load(session, order_no)
            session.delete(row)
            return order

    def get(self, order_no: str) -> OrderView:
        if not self.db_path.exists():
            from tracker.store.files import check_location

            check_location(self.db_path)  # a --db in a missing directory is a mistake to name
            raise NotFoundError(_('no order {order_no!r} (the order book is empty)').format(order_no=order_no))
        store = self._store(write=False)
        try:
            with store.transaction() as session:
                _row, order, events = self._load(session, order_no)
                return self._view(order, events)
        finally:
            store.close()

    def list(self, include_finished: bool = False) -> list[OrderView]:
        """Orders from their stored status, deadlines and warnings: no engine run per order."""
        from tracker.agenda import open_current
        from tracker.store.fastread import decode_warnings

        store = open_current(self.db_path)
        if store is None:
            return []
        try:
            stored = store.orders(include_finished, FINISHED)
        finally:
            store.close()
        views = []
        for s in stored:
            url = self.rules.get(s.order.marketplace).order_link(s.order.order_no)
            views.append(OrderView(s.order, Status(s.status), s.events, s.deadlines, decode_warnings(s.warnings), url))
        return views

"""deadlines = f(order, events, rules): every date that protects the buyer's money.

Pure: no I/O and no `today`. Which deadlines apply follows RULES.md; each carries an
explanation in words and is marked estimated when it rests on a default the buyer did not
enter for this order, or on a number the rules call uncertain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.engine.explain import start as term_start
from tracker.engine.explain import step
from tracker.engine.lifecycle import OrderState, replay
from tracker.engine.model import Deadline, DeadlineKind, Event, Order, Outcome
from tracker.rules import MarketplaceRules


def add_business_days(start: date, n: int) -> date:
    """n working days after start, skipping Saturdays and Sundays (eBay's business days)."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


@dataclass(frozen=True)
class _Reckoning:
    """A date with the story of how it was reached (language-neutral terms)."""

    date: date
    basis: tuple
    estimated: bool

    def plus(self, days: int, what: str, estimated: bool = False, business: bool = False,
             on: date | None = None, label: dict | None = None) -> _Reckoning:
        end = add_business_days(self.date, days) if business else self.date + timedelta(days=days)
        term = step("plus", days, what, business, on, label)
        return _Reckoning(end, (*self.basis, term), self.estimated or estimated)

    def minus(self, days: int, what: str, estimated: bool = False) -> _Reckoning:
        term = step("minus", days, what)
        return _Reckoning(self.date - timedelta(days=days), (*self.basis, term), self.estimated or estimated)

    def as_deadline(self, kind: DeadlineKind) -> Deadline:
        return Deadline(kind, self.date, self.estimated, self.basis)


def _start(what: str, day: date, outcome: str | None = None, instead_of: str | None = None) -> _Reckoning:
    return _Reckoning(day, (term_start(what, day, outcome, instead_of),), False)


def _number(rules: MarketplaceRules, key: str, override: int | None) -> tuple[int, bool]:
    """The number to use and whether it is an estimate (a default or an uncertain rule)."""
    if override is not None:
        return override, False
    return rules.days(key), True


def protection_end(order: Order, state: OrderState, rules: MarketplaceRules) -> _Reckoning:
    """The protection end as if no dispute were open (also used by the warnings)."""
    seen = state.protection_end_seen
    if seen is not None:
        end = _start("protection_end_seen", date.fromisoformat(seen.value))
        # Only extensions after the buyer copied the date are not already in it.
        later = [e for e in state.extensions if (e.date, e.id or 0) > (seen.date, seen.id or 0)]
    else:
        days, estimated = _number(rules, "protection_days", order.protection_days)
        what = "protection_default" if estimated else "protection"
        end = _start("shipped", state.shipped).plus(days, what, estimated)
        later = state.extensions
    for extension in later:
        end = end.plus(extension.days, "extension", on=extension.date)
    if state.delivered:
        days = rules.days("delivered_protection_days")
        on_delivery = _start("delivered", state.delivered).plus(
            days, "left_after_delivery", rules.is_uncertain("delivered_protection_days")
        )
        if on_delivery.date < end.date:
            end = on_delivery
        else:  # the shipping clock ends first, but the parcel is there: the advice must know
            first = {**end.basis[0], "delivered": state.delivered.isoformat()}
            end = _Reckoning(end.date, (first, *end.basis[1:]), end.estimated)
    return end


def _rule(rules: MarketplaceRules, key: str) -> tuple[int, bool]:
    return rules.days(key), rules.is_uncertain(key)


def _aliexpress(order: Order, state: OrderState, rules: MarketplaceRules) -> list[Deadline]:
    """RULES.md's AliExpress table."""
    found: list[Deadline] = []

    def add(kind: DeadlineKind, reckoning: _Reckoning) -> None:
        found.append(reckoning.as_deadline(kind))

    dispute_settled = state.resolved is not None and state.outcome is not Outcome.WITHDRAWN

    refund_days, refund_uncertain = _rule(rules, "refund_days")
    if not state.shipped and not state.cancelled and not state.dispute_opened:
        days, estimated = _number(rules, "processing_days", order.processing_days)
        what = "processing_default" if estimated else "processing"
        ship_by = _start("paid", state.paid).plus(days, what, estimated)
        add(DeadlineKind.SHIP_BY, ship_by)
        if not state.resolved:
            # Not shipped by then: AliExpress closes the order and refunds it by itself.
            refund = _start("ship_by", ship_by.date).plus(refund_days, "refund", refund_uncertain or estimated)
            add(DeadlineKind.REFUND_DUE, refund)

    if state.cancelled:
        add(
            DeadlineKind.REFUND_DUE,
            _start("cancelled", state.cancelled).plus(refund_days, "refund", refund_uncertain),
        )
    elif state.resolved and state.outcome in (Outcome.REFUNDED, Outcome.PARTIAL):
        start = _start("dispute_resolved", state.resolved, outcome=state.outcome.value)
        add(DeadlineKind.REFUND_DUE, start.plus(refund_days, "refund", refund_uncertain))

    grace_days, grace_uncertain = _rule(rules, "grace_days")
    protected = (state.shipped or state.protection_end_seen) and not state.cancelled
    if protected and not state.confirmed and not state.dispute_opened and not dispute_settled:
        end = protection_end(order, state, rules)
        margin, margin_uncertain = _rule(rules, "safety_margin_days")
        add(DeadlineKind.PROTECTION_END, end)
        add(
            DeadlineKind.LAST_SAFE_DISPUTE_DAY,
            end.minus(margin, "safety_margin", margin_uncertain),
        )
        add(DeadlineKind.GRACE_CUTOFF, end.plus(grace_days, "grace", grace_uncertain))
    elif state.confirmed and not state.dispute_opened and not dispute_settled:
        start = _start("confirmed", state.confirmed)
        if state.shipped:
            # Confirmed after protection ran out: the order had closed at its end, and the
            # 15 days counted from then; a late confirmation does not restart the clock.
            end = protection_end(order, state, rules)
            if end.date < state.confirmed:
                start = end
        add(DeadlineKind.GRACE_CUTOFF, start.plus(grace_days, "grace", grace_uncertain))

    if state.dispute_opened:  # (an appeal has no seller reply deadline: `resolve` ends it)
        days, uncertain = _rule(rules, "seller_reply_days")
        start = _start("dispute_opened", state.dispute_opened)
        add(DeadlineKind.SELLER_REPLY_DUE, start.plus(days, "seller_reply", uncertain))
    elif dispute_settled and state.outcome in (Outcome.PARTIAL, Outcome.REJECTED) and not state.appealed_ever:
        days, uncertain = _rule(rules, "appeal_days")
        start = _start("dispute_resolved", state.resolved, outcome=state.outcome.value)
        add(DeadlineKind.APPEAL_CUTOFF, start.plus(days, "appeal", uncertain))

    return found


def _anchor_date(anchor: str, order: Order, state: OrderState) -> date | None:
    if anchor == "expected_delivery":
        return order.expected_delivery
    if anchor == "dispute_resolved":
        return state.resolved
    return getattr(state, anchor)


def _happened(event: str, state: OrderState) -> bool:
    if event == "dispute_opened":
        return state.disputed_ever
    return getattr(state, event) is not None


def _windows(order: Order, state: OrderState, rules: MarketplaceRules, windows: tuple) -> list[Deadline]:
    """Deadlines `number` days after the first known anchor date (rules data)."""
    found: list[Deadline] = []
    for window in windows:
        if any(_happened(event, state) for event in window.until):
            continue
        known = [(a, _anchor_date(a, order, state)) for a in window.anchors]
        known = [(a, day) for a, day in known if day is not None]
        if not known:
            continue
        anchor, day = known[0]
        fallback = anchor != window.anchors[0]  # e.g. no expected delivery given: from payment
        end = _start(anchor, day, instead_of=window.anchors[0] if fallback else None).plus(
            rules.days(window.number),
            "window",
            rules.is_uncertain(window.number) or fallback,
            business=window.business,
            label=window.labels,
        )
        if window.cap_from and (cap_day := _anchor_date(window.cap_from, order, state)):
            cap = _start(window.cap_from, cap_day).plus(rules.days(window.cap_number), "at_the_latest")
            if cap.date < end.date:
                end = cap
        kind = DeadlineKind(window.kind)
        found.append(end.as_deadline(kind))
        if window.last_safe:
            margin, uncertain = _rule(rules, "safety_margin_days")
            found.append(end.minus(margin, "safety_margin", uncertain).as_deadline(DeadlineKind.LAST_SAFE_DISPUTE_DAY))
    return found


def _tracking_checks(order: Order, state: OrderState, rules: MarketplaceRules) -> list[Deadline]:
    """With a tracking number: the first scan by shipped + 15, then movement every 14 days."""
    if not (order.tracking or state.tracking_updates) or not state.shipped:
        return []
    if state.delivered or state.confirmed or state.cancelled or state.dispute_opened:
        return []
    if state.tracking_updates:
        last = max(e.date for e in state.tracking_updates)
        start = _start("last_tracking_update", last)
        return [start.plus(rules.tracking["stall_days"], "without_movement").as_deadline(DeadlineKind.MOVEMENT_DUE)]
    start = _start("shipped", state.shipped)
    return [start.plus(rules.tracking["first_scan_days"], "first_scan").as_deadline(DeadlineKind.FIRST_SCAN_DUE)]


_KIND_ORDER = {kind: i for i, kind in enumerate(DeadlineKind)}


def compute_deadlines(
    order: Order,
    events: list[Event],
    rules: MarketplaceRules,
    payment: MarketplaceRules | None = None,
) -> list[Deadline]:
    """Every deadline that still applies to the order, soonest first.

    `rules` are the marketplace's; `payment` the rules of a payment method whose own
    protection runs beside them (PayPal, a card chargeback).
    """
    state = replay(events)
    if state.finished:
        return []
    if rules.model == "aliexpress":
        found = _aliexpress(order, state, rules)
    else:
        found = _windows(order, state, rules, rules.windows)
    if payment is not None:
        found += _windows(order, state, payment, payment.payment_windows)
    found += _tracking_checks(order, state, rules)
    return sorted(found, key=lambda d: (d.date, _KIND_ORDER[d.kind]))

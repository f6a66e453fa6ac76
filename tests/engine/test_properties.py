"""Invariants that must hold for any order, whatever the numbers and dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tracker.engine import DeadlineKind as K
from tracker.engine import Event, EventKind, Order, compute_deadlines, level_of
from tracker.rules import load_rules

RULES = load_rules().get("aliexpress")

days = st.integers(min_value=0, max_value=200)
start = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@st.composite
def shipped_orders(draw):
    paid = draw(start)
    shipped = paid + timedelta(days=draw(days))
    events = [Event(EventKind.PAID, paid, id=1), Event(EventKind.SHIPPED, shipped, id=2)]
    at = shipped
    for i, extension in enumerate(draw(st.lists(st.integers(1, 60), max_size=4))):
        at = at + timedelta(days=draw(st.integers(0, 30)))
        events.append(Event(EventKind.EXTENDED, at, days=extension, id=3 + i))
    if draw(st.booleans()):
        events.append(Event(EventKind.DELIVERED, shipped + timedelta(days=draw(days)), id=10))
    order = Order("1", protection_days=draw(st.one_of(st.none(), st.integers(1, 365))))
    return order, events


@given(shipped_orders(), st.integers(0, 10), st.integers(1, 60))
def test_last_safe_le_protection_end_lt_grace(case, margin, grace):
    order, events = case
    rules = replace(RULES, numbers={**RULES.numbers, "safety_margin_days": margin, "grace_days": grace})
    found = {d.kind: d.date for d in compute_deadlines(order, events, rules)}
    assert found[K.LAST_SAFE_DISPUTE_DAY] <= found[K.PROTECTION_END] < found[K.GRACE_CUTOFF]


@given(shipped_orders())
def test_protection_starts_at_shipping_and_delivery_only_shortens_it(case):
    order, events = case
    found = {d.kind: d.date for d in compute_deadlines(order, events, RULES)}
    shipped = events[1].date
    assert found[K.PROTECTION_END] >= shipped
    delivered = [e.date for e in events if e.kind is EventKind.DELIVERED]
    if delivered:
        without = compute_deadlines(order, [e for e in events if e.kind is not EventKind.DELIVERED], RULES)
        undelivered_end = {d.kind: d.date for d in without}[K.PROTECTION_END]
        assert found[K.PROTECTION_END] == min(undelivered_end, delivered[0] + timedelta(days=5))


@given(shipped_orders())
def test_an_extension_never_brings_a_deadline_earlier(case):
    order, events = case
    before = {d.kind: d.date for d in compute_deadlines(order, events, RULES)}
    last = max(e.date for e in events)
    extended = [*events, Event(EventKind.EXTENDED, last, days=7, id=99)]
    after = {d.kind: d.date for d in compute_deadlines(order, extended, RULES)}
    for kind, day in before.items():
        assert after[kind] >= day


@given(shipped_orders(), start, st.integers(0, 30))
def test_levels_are_ordered_by_days_left(case, today, within):
    order, events = case
    order_of = ["overdue", "today", "urgent", "soon", "later"]
    found = compute_deadlines(order, events, RULES)
    ranks = [order_of.index(level_of(d.date, today, within)) for d in found]
    assert ranks == sorted(ranks)

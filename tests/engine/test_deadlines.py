"""The engine, table-tested against shared/domain/RULES.md (AliExpress defaults)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.engine import DeadlineKind as K
from tracker.engine import Event, EventKind, Order, compute_deadlines
from tracker.rules import load_rules

RULES = load_rules().get("aliexpress")
D = date.fromisoformat


def ev(kind: str, day: str, **extra) -> Event:
    return Event(EventKind(kind), D(day), **extra)


def dates(order: Order, events: list[Event]) -> dict[str, str]:
    return {d.kind.value: d.date.isoformat() for d in compute_deadlines(order, events, RULES)}


PAID = ev("paid", "2026-11-01")
SHIPPED = ev("shipped", "2026-11-04")

CASES = [
    # (name, order, events, expected deadlines)
    (
        "unshipped: ship_by = paid + 7; if not shipped by then, refund_due = ship_by + 8",
        Order("1"),
        [PAID],
        {"ship_by": "2026-11-08", "refund_due": "2026-11-16"},
    ),
    (
        "processing days override",
        Order("1", processing_days=3),
        [PAID],
        {"ship_by": "2026-11-04", "refund_due": "2026-11-12"},
    ),
    (
        "shipped: protection 60 days, last safe -2, grace +15",
        Order("1"),
        [PAID, SHIPPED],
        {"protection_end": "2027-01-03", "last_safe_dispute_day": "2027-01-01", "grace_cutoff": "2027-01-18"},
    ),
    (
        "protection days override",
        Order("1", protection_days=90),
        [PAID, SHIPPED],
        {"protection_end": "2027-02-02", "last_safe_dispute_day": "2027-01-31", "grace_cutoff": "2027-02-17"},
    ),
    (
        "extensions add up",
        Order("1"),
        [PAID, SHIPPED, ev("extended", "2026-12-01", days=15), ev("extended", "2026-12-20", days=10)],
        {"protection_end": "2027-01-28", "last_safe_dispute_day": "2027-01-26", "grace_cutoff": "2027-02-12"},
    ),
    (
        "month end: shipped 31 Jan + 30 days lands on 2 Mar (not a leap year)",
        Order("1", protection_days=30),
        [ev("paid", "2027-01-30"), ev("shipped", "2027-01-31")],
        {"protection_end": "2027-03-02", "last_safe_dispute_day": "2027-02-28", "grace_cutoff": "2027-03-17"},
    ),
    (
        "leap day: shipped 30 Jan 2028 + 30 days is 29 Feb",
        Order("1", protection_days=30),
        [ev("paid", "2028-01-30"), ev("shipped", "2028-01-30")],
        {"protection_end": "2028-02-29", "last_safe_dispute_day": "2028-02-27", "grace_cutoff": "2028-03-15"},
    ),
    (
        "year end: paid 28 Dec, ship by 4 Jan",
        Order("1"),
        [ev("paid", "2026-12-28")],
        {"ship_by": "2027-01-04", "refund_due": "2027-01-12"},
    ),
    (
        "delivered shortens protection to delivered + 5",
        Order("1"),
        [PAID, SHIPPED, ev("delivered", "2026-11-20")],
        {"protection_end": "2026-11-25", "last_safe_dispute_day": "2026-11-23", "grace_cutoff": "2026-12-10"},
    ),
    (
        "delivered late does not lengthen protection",
        Order("1", protection_days=20),
        [PAID, SHIPPED, ev("delivered", "2026-11-22")],
        {"protection_end": "2026-11-24", "last_safe_dispute_day": "2026-11-22", "grace_cutoff": "2026-12-09"},
    ),
    (
        "confirmed before protection end: only grace = confirmed + 15",
        Order("1"),
        [PAID, SHIPPED, ev("confirmed", "2026-11-20")],
        {"grace_cutoff": "2026-12-05"},
    ),
    (
        "confirmed after protection end: grace from the protection end, the clock is not restarted",
        Order("1", protection_days=15),
        [PAID, SHIPPED, ev("confirmed", "2026-11-25")],
        {"grace_cutoff": "2026-12-04"},
    ),
    (
        "confirmed after the last chance: the cutoff stays in the past",
        Order("1"),
        [ev("paid", "2026-07-30"), ev("shipped", "2026-08-01"), ev("confirmed", "2026-11-01")],
        {"grace_cutoff": "2026-10-15"},
    ),
    (
        "confirmed on the protection end day: grace from confirmation",
        Order("1", protection_days=15),
        [PAID, SHIPPED, ev("confirmed", "2026-11-19")],
        {"grace_cutoff": "2026-12-04"},
    ),
    (
        "page date wins over computed protection",
        Order("1"),
        [PAID, SHIPPED, ev("protection_end_seen", "2026-11-10", value="2026-12-24")],
        {"protection_end": "2026-12-24", "last_safe_dispute_day": "2026-12-22", "grace_cutoff": "2027-01-08"},
    ),
    (
        "extensions before the page date are already in it; later ones add",
        Order("1"),
        [
            PAID,
            SHIPPED,
            ev("extended", "2026-11-08", days=30),
            ev("protection_end_seen", "2026-11-10", value="2026-12-24"),
            ev("extended", "2026-12-01", days=7),
        ],
        {"protection_end": "2026-12-31", "last_safe_dispute_day": "2026-12-29", "grace_cutoff": "2027-01-15"},
    ),
    (
        "dispute open: seller reply due in 5 days, protection suspended",
        Order("1"),
        [PAID, SHIPPED, ev("dispute_opened", "2026-12-01")],
        {"seller_reply_due": "2026-12-06"},
    ),
    (
        "dispute refunded: refund due, no appeal",
        Order("1"),
        [PAID, SHIPPED, ev("dispute_opened", "2026-12-01"), ev("dispute_resolved", "2026-12-04", value="refunded")],
        {"refund_due": "2026-12-12"},
    ),
    (
        "dispute partial: refund due and appeal",
        Order("1"),
        [PAID, SHIPPED, ev("dispute_opened", "2026-12-01"), ev("dispute_resolved", "2026-12-04", value="partial")],
        {"refund_due": "2026-12-12", "appeal_cutoff": "2026-12-11"},
    ),
    (
        "dispute rejected: appeal only",
        Order("1"),
        [PAID, SHIPPED, ev("dispute_opened", "2026-12-01"), ev("dispute_resolved", "2026-12-04", value="rejected")],
        {"appeal_cutoff": "2026-12-11"},
    ),
    (
        "dispute withdrawn: protection resumes",
        Order("1"),
        [PAID, SHIPPED, ev("dispute_opened", "2026-12-01"), ev("dispute_resolved", "2026-12-02", value="withdrawn")],
        {"protection_end": "2027-01-03", "last_safe_dispute_day": "2027-01-01", "grace_cutoff": "2027-01-18"},
    ),
    (
        "dispute after confirmation (inside grace) then rejected: appeal",
        Order("1"),
        [
            PAID,
            SHIPPED,
            ev("confirmed", "2026-11-20"),
            ev("dispute_opened", "2026-11-25"),
            ev("dispute_resolved", "2026-11-28", value="rejected"),
        ],
        {"appeal_cutoff": "2026-12-05"},
    ),
    ("cancelled: refund due in 8 days", Order("1"), [PAID, ev("cancelled", "2026-11-03")], {"refund_due": "2026-11-11"}),
    ("refunded: nothing left", Order("1"), [PAID, ev("cancelled", "2026-11-03"), ev("refunded", "2026-11-09")], {}),
    ("closed: nothing left", Order("1"), [PAID, SHIPPED, ev("closed", "2026-11-10")], {}),
]


@pytest.mark.parametrize(("name", "order", "events", "expected"), CASES, ids=[c[0] for c in CASES])
def test_deadlines_follow_the_rules(name, order, events, expected):
    assert dates(order, events) == expected


def test_explanations_tell_the_arithmetic():
    events = [PAID, SHIPPED, ev("extended", "2026-12-01", days=15)]
    found = {d.kind: d for d in compute_deadlines(Order("1"), events, RULES)}
    assert found[K.PROTECTION_END].explanation == (
        "shipped 4 Nov 2026 + 60 days protection (default) + 15 days extension (1 Dec 2026)"
    )
    assert found[K.LAST_SAFE_DISPUTE_DAY].explanation.endswith("- 2 days safety margin")


def test_estimated_only_when_a_default_or_uncertain_number_is_used():
    default = {d.kind: d.estimated for d in compute_deadlines(Order("1"), [PAID, SHIPPED], RULES)}
    assert default[K.PROTECTION_END] is True
    entered = {d.kind: d.estimated for d in compute_deadlines(Order("1", protection_days=60), [PAID, SHIPPED], RULES)}
    assert entered == {K.PROTECTION_END: False, K.LAST_SAFE_DISPUTE_DAY: False, K.GRACE_CUTOFF: False}
    seen = [PAID, SHIPPED, ev("protection_end_seen", "2026-11-10", value="2026-12-24")]
    assert all(not d.estimated for d in compute_deadlines(Order("1"), seen, RULES))
    cancelled = compute_deadlines(Order("1"), [PAID, ev("cancelled", "2026-11-03")], RULES)
    assert cancelled[0].estimated is True  # the 8-day refund figure is uncertain


def test_undone_events_are_ignored():
    undone = Event(EventKind.CONFIRMED, D("2026-11-20"), undone_at=__import__("datetime").datetime(2026, 11, 21))
    assert "protection_end" in dates(Order("1"), [PAID, SHIPPED, undone])


def test_deadlines_are_sorted_soonest_first():
    found = compute_deadlines(Order("1"), [PAID, SHIPPED], RULES)
    assert [d.date for d in found] == sorted(d.date for d in found)


def test_numbers_come_from_the_rules_data():
    from dataclasses import replace

    tighter = replace(RULES, numbers={**RULES.numbers, "safety_margin_days": 5, "grace_days": 10})
    found = {d.kind.value: d.date.isoformat() for d in compute_deadlines(Order("1"), [PAID, SHIPPED], tighter)}
    assert found["last_safe_dispute_day"] == "2026-12-29"
    assert found["grace_cutoff"] == "2027-01-13"

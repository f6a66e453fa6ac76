"""What follows a passed date (engine/after.py): listing, advice, the final status."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.engine import Event, EventKind, Order, Status, compute_deadlines, replay
from tracker.engine.after import FINAL_NOTICE_DAYS, act_until, advice, protecting_money, status_on
from tracker.rules import load_rules

RULES = load_rules().get("aliexpress")
D = date.fromisoformat


def ev(kind: str, day: str, **extra) -> Event:
    return Event(EventKind(kind), D(day), **extra)


PAID = ev("paid", "2026-11-01")
SHIPPED = ev("shipped", "2026-11-04")  # protection 3 Jan, safe day 1 Jan, grace 18 Jan

# (name, events, today, listed overdue kinds, advice codes by kind, status shown, at stake)
CASES = [
    (
        "not shipped, ship_by passed: the refund is due next",
        [PAID], "2026-11-09", {"ship_by"},
        {"ship_by": "ship_by.after", "refund_due": "refund_due.not_shipped"},
        Status.NOT_SHIPPED, {"refund_due"},
    ),
    (
        "refund overdue for months: still listed, still at stake",
        [PAID], "2027-03-01", {"refund_due"},
        {"refund_due": "refund_due.after"}, Status.NOT_SHIPPED, {"refund_due"},
    ),
    (
        "not shipped, ship_by not passed yet: still awaiting shipment",
        [PAID], "2026-11-08", set(),
        {"ship_by": "ship_by", "refund_due": "refund_due.not_shipped"},
        Status.AWAITING_SHIPMENT, {"ship_by", "refund_due"},
    ),
    (
        "cancelled, refund overdue",
        [PAID, ev("cancelled", "2026-11-02")], "2026-12-20", {"refund_due"},
        {"refund_due": "refund_due.after"}, Status.CANCELLED, {"refund_due"},
    ),
    (
        "dispute, the seller silent",
        [PAID, SHIPPED, ev("dispute_opened", "2026-11-20")], "2026-12-20", {"seller_reply_due"},
        {"seller_reply_due": "seller_reply_due.after"}, Status.DISPUTED, {"seller_reply_due"},
    ),
    (
        "protection over, grace ahead: overdue lines say what is still possible",
        [PAID, SHIPPED], "2027-01-10", {"last_safe_dispute_day", "protection_end"},
        {"last_safe_dispute_day": "last_safe_dispute_day.after", "protection_end": "protection_end.after",
         "grace_cutoff": "grace_cutoff"},
        Status.IN_TRANSIT, {"grace_cutoff"},
    ),
    (
        "grace passed: told for a week, then closed for good",
        [PAID, SHIPPED], "2027-01-19", {"grace_cutoff"},
        {"grace_cutoff": "grace_cutoff.after"}, Status.EXPIRED, set(),
    ),
    (
        "delivered: confirm if all is well",
        [PAID, SHIPPED, ev("delivered", "2026-11-20")], "2026-11-23", set(),
        {"last_safe_dispute_day": "last_safe_dispute_day.delivered", "protection_end": "protection_end.delivered"},
        Status.DELIVERED, {"last_safe_dispute_day", "protection_end", "grace_cutoff"},
    ),
    (
        "delivered after the shipping clock set the end: still 'confirm if all is well'",
        [PAID, SHIPPED, ev("delivered", "2026-12-31")], "2027-01-01", set(),
        {"last_safe_dispute_day": "last_safe_dispute_day.delivered", "protection_end": "protection_end.delivered"},
        Status.DELIVERED, {"last_safe_dispute_day", "protection_end", "grace_cutoff"},
    ),
    (
        "confirmed: no 'check before confirming'",
        [PAID, SHIPPED, ev("confirmed", "2026-11-23")], "2026-12-01", set(),
        {"grace_cutoff": "grace_cutoff.confirmed"}, Status.CONFIRMED, {"grace_cutoff"},
    ),
]


@pytest.mark.parametrize(("name", "events", "today", "overdue", "codes", "status", "stake"), CASES,
                         ids=[c[0] for c in CASES])
def test_after_each_date(name, events, today, overdue, codes, status, stake):
    today = D(today)
    deadlines = compute_deadlines(Order("1"), events, RULES)
    until = act_until(deadlines)
    listed = {d.kind.value for d, u in zip(deadlines, until) if d.date < today <= u}
    assert listed == overdue
    for d in deadlines:
        if d.kind.value in codes:
            assert advice(d.kind, d.basis, d.date < today) == codes[d.kind.value]
    assert status_on(replay(events).status, deadlines, today) is status
    assert {d.kind.value for d in protecting_money(deadlines, today)} == stake


def test_the_last_date_is_told_a_week_longer_and_owed_money_for_ever():
    deadlines = compute_deadlines(Order("1"), [PAID, SHIPPED], RULES)
    until = dict(zip((d.kind.value for d in deadlines), act_until(deadlines)))
    assert until["grace_cutoff"] == D("2027-01-18").replace(day=18 + FINAL_NOTICE_DAYS)
    assert until["protection_end"] == D("2027-01-18")
    unpaid_back = compute_deadlines(Order("1"), [PAID, ev("cancelled", "2026-11-02")], RULES)
    assert act_until(unpaid_back) == [date.max]


def test_a_dispute_opened_before_shipping_then_shipped_has_its_warnings():
    from tracker.engine import find_warnings

    events = [PAID, ev("dispute_opened", "2026-11-02"), ev("shipped", "2026-11-03"), ev("extended", "2026-11-04", days=5)]
    codes = [w.code for w in find_warnings(Order("1"), events, RULES)]
    assert "extended_during_dispute" in codes


def test_a_passed_shipping_deadline_is_told_as_a_fact():
    refund = [d for d in compute_deadlines(Order("1"), [PAID], RULES) if d.kind.value == "refund_due"][0]
    assert advice(refund.kind, refund.basis, False, D("2026-11-08")) == "refund_due.not_shipped"
    assert advice(refund.kind, refund.basis, False, D("2026-11-09")) == "refund_due.not_shipped.passed"

"""Other marketplaces and payment methods, table-tested from RULES.md."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.engine import Event, EventKind, Order, compute_deadlines
from tracker.engine.deadlines import add_business_days
from tracker.rules import load_rules

BOOK = load_rules()
D = date.fromisoformat


def ev(kind: str, day: str, **extra) -> Event:
    return Event(EventKind(kind), D(day), **extra)


def dates(order: Order, events: list[Event]) -> dict[str, str]:
    payment = BOOK.payment(order.payment) if order.payment else None
    found = compute_deadlines(order, events, BOOK.get(order.marketplace), payment)
    return {d.kind.value: d.date.isoformat() for d in found}


PAID = ev("paid", "2026-11-01")
SHIPPED = ev("shipped", "2026-11-04")
EDD = D("2026-12-10")

CASES = [
    (
        "ebay: report not received up to EDD + 30",
        Order("1", "ebay", expected_delivery=EDD),
        [PAID, SHIPPED],
        {"claim_cutoff": "2027-01-09", "last_safe_dispute_day": "2027-01-07"},
    ),
    (
        "ebay: after opening (Fri 11 Dec) 3 and 21 business days, across weekends and the new year",
        Order("1", "ebay", expected_delivery=EDD),
        [PAID, SHIPPED, ev("dispute_opened", "2026-12-11")],
        {"escalation_opens": "2026-12-16", "escalation_cutoff": "2027-01-11"},
    ),
    (
        "amazon: claim from EDD + 3 until EDD + 90",
        Order("1", "amazon", expected_delivery=EDD),
        [PAID, SHIPPED],
        {"claim_opens": "2026-12-13", "claim_cutoff": "2027-03-10", "last_safe_dispute_day": "2027-03-08"},
    ),
    (
        "amazon: delivered, no claim_opens any more",
        Order("1", "amazon", expected_delivery=EDD),
        [PAID, SHIPPED, ev("delivered", "2026-11-20")],
        {"claim_cutoff": "2027-03-10", "last_safe_dispute_day": "2027-03-08"},
    ),
    (
        "paypal: dispute within paid + 180",
        Order("1", "paypal"),
        [PAID],
        {"claim_cutoff": "2027-04-30", "last_safe_dispute_day": "2027-04-28"},
    ),
    (
        "paypal: escalate within 20 days of opening",
        Order("1", "paypal"),
        [PAID, ev("dispute_opened", "2026-12-01")],
        {"escalation_cutoff": "2026-12-21"},
    ),
    ("temu: returns within paid + 90", Order("1", "temu"), [PAID], {"return_cutoff": "2027-01-30", "last_safe_dispute_day": "2027-01-28"}),
    (
        "wish: refund request until max delivery + 30",
        Order("1", "wish", expected_delivery=EDD),
        [PAID],
        {"claim_cutoff": "2027-01-09", "last_safe_dispute_day": "2027-01-07"},
    ),
    (
        "etsy: case within EDD + 100",
        Order("1", "etsy", expected_delivery=EDD),
        [PAID],
        {"claim_cutoff": "2027-03-20", "last_safe_dispute_day": "2027-03-18"},
    ),
    ("joom: about paid + 99", Order("1", "joom"), [PAID], {"claim_cutoff": "2027-02-08", "last_safe_dispute_day": "2027-02-06"}),
    ("banggood: claim only from shipped + 60", Order("1", "banggood"), [PAID, SHIPPED], {"claim_opens": "2027-01-03"}),
    (
        "aliexpress paid with PayPal: 180 days beside the AliExpress window",
        Order("1", payment="paypal"),
        [PAID, SHIPPED],
        {
            "last_safe_dispute_day": "2027-01-01",
            "protection_end": "2027-01-03",
            "grace_cutoff": "2027-01-18",
            "payment_claim_cutoff": "2027-04-30",
        },
    ),
    (
        "aliexpress paid by card, no expected delivery: 120 days from payment",
        Order("1", payment="card"),
        [PAID],
        {"ship_by": "2026-11-08", "refund_due": "2026-11-16", "payment_claim_cutoff": "2027-03-01"},
    ),
    (
        "card: 120 days from the promised delivery date",
        Order("1", payment="card", expected_delivery=D("2026-12-20")),
        [PAID],
        {"ship_by": "2026-11-08", "refund_due": "2026-11-16", "payment_claim_cutoff": "2027-04-19"},
    ),
    (
        "card: never later than payment + 540",
        Order("1", payment="card", expected_delivery=D("2028-06-01")),
        [PAID],
        {"ship_by": "2026-11-08", "refund_due": "2026-11-16", "payment_claim_cutoff": "2028-04-24"},
    ),
    (
        "a refund ends the payment window",
        Order("1", "ebay", expected_delivery=EDD, payment="paypal"),
        [PAID, ev("cancelled", "2026-11-02"), ev("refunded", "2026-11-09")],
        {},
    ),
]


@pytest.mark.parametrize(("name", "order", "events", "expected"), CASES, ids=[c[0] for c in CASES])
def test_marketplace_deadlines(name, order, events, expected):
    assert dates(order, events) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-12-11", 1, "2026-12-14"),  # Friday + 1 = Monday
        ("2026-12-12", 1, "2026-12-14"),  # Saturday + 1 = Monday
        ("2026-12-13", 3, "2026-12-16"),  # Sunday + 3 = Wednesday
        ("2026-12-11", 5, "2026-12-18"),  # a whole week
        ("2026-12-14", 0, "2026-12-14"),
    ],
)
def test_business_days_skip_weekends(start, n, expected):
    assert add_business_days(D(start), n) == D(expected)


def test_estimates_and_explanations_of_windows():
    card = compute_deadlines(Order("1", payment="card"), [PAID], BOOK.get("aliexpress"), BOOK.payment("card"))
    payment = [d for d in card if d.kind.value == "payment_claim_cutoff"][0]
    assert payment.estimated is True
    assert payment.explanation == "paid (no latest estimated delivery given) 1 Nov 2026 + 120 days to ask your bank for a chargeback"
    ebay = compute_deadlines(Order("1", "ebay", expected_delivery=EDD), [PAID, ev("dispute_opened", "2026-12-11")], BOOK.get("ebay"))
    assert ebay[0].explanation == "dispute opened 11 Dec 2026 + 3 business days for the seller's answer"
    assert ebay[0].estimated is False


def test_a_payment_method_is_not_a_marketplace():
    from tracker.errors import OrdersError

    with pytest.raises(OrdersError, match="card is a payment method"):
        BOOK.get("card")
    with pytest.raises(OrdersError, match="unknown payment method 'temu'"):
        BOOK.payment("temu")

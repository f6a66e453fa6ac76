"""The marketplace's own words (engine/statuses.py): matching and reading in context."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.engine import Event, EventKind, replay
from tracker.engine.statuses import match_status, read_status
from tracker.errors import RulesError
from tracker.rules import load_rules, parse_rules

WORDS = load_rules().get("aliexpress").statuses
D = date.fromisoformat
ON = D("2026-11-22")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Заказ закрыт", "order_closed"),
        ("ЗАКАЗ ЗАКРЫТ", "order_closed"),
        ("«Заказ закрыт»", "order_closed"),
        ("статус: заказ закрыт.", "order_closed"),
        ("Order closed", "order_closed"),
        ('"order   closed"', "order_closed"),
        ("Спор закрыт", "dispute_closed"),  # the longer words win over «закрыт»
        ("Завершён", "completed"),
        ("завершен", "completed"),
        ("Идёт спор", "dispute_open"),
        ("В пути", "shipped"),
        ("Awaiting delivery", "shipped"),
        ("Ожидает отправки", "awaiting_shipment"),
        ("Payment being verified", "payment_verification"),
        ("Вручено адресату", "delivered"),
        ("Средства возвращены", "refunded"),
        ("Отменён", "cancelled"),
        ("teleported", None),
        ("", None),
    ],
)
def test_status_words_are_matched_without_case_yo_quotes_or_surrounding_words(text, code):
    assert match_status(text, WORDS) == code


def ev(kind: str, day: str, **extra) -> Event:
    return Event(EventKind(kind), D(day), **extra)


PAID = ev("paid", "2026-11-01")
SHIPPED = ev("shipped", "2026-11-04")

CASES = [
    ("closed, paid not shipped: cancelled, a refund is due", "order_closed", [PAID],
     "order_closed.not_shipped", [EventKind.CANCELLED]),
    ("closed in transit: protection over on the closing date", "order_closed", [PAID, SHIPPED],
     "order_closed.shipped", [EventKind.PROTECTION_END_SEEN]),
    ("closed after confirmation: nothing changes", "order_closed", [PAID, SHIPPED, ev("confirmed", "2026-11-20")],
     "order_closed.settled", []),
    ("closed after a dispute: nothing changes", "order_closed",
     [PAID, SHIPPED, ev("dispute_opened", "2026-11-10"), ev("dispute_resolved", "2026-11-15", value="rejected")],
     "order_closed.settled", []),
    ("in transit records the shipment", "shipped", [PAID], "shipped", [EventKind.SHIPPED]),
    ("in transit twice records nothing", "shipped", [PAID, SHIPPED], "shipped", []),
    ("delivered before shipping recorded: both", "delivered", [PAID], "delivered",
     [EventKind.SHIPPED, EventKind.DELIVERED]),
    ("dispute in progress records the dispute", "dispute_open", [PAID, SHIPPED], "dispute_open",
     [EventKind.DISPUTE_OPENED]),
    ("dispute closed: the outcome is the buyer's to record", "dispute_closed",
     [PAID, SHIPPED, ev("dispute_opened", "2026-11-10")], "dispute_closed", []),
]


@pytest.mark.parametrize(("name", "code", "events", "meaning", "recorded"), CASES, ids=[c[0] for c in CASES])
def test_a_status_is_read_in_the_orders_context(name, code, events, meaning, recorded):
    reading = read_status(code, replay(events), ON)
    assert reading.meaning == meaning
    assert [e.kind for e in reading.events] == recorded
    assert all(e.date == ON for e in reading.events)


def test_completed_after_protection_ended_counts_from_its_end():
    reading = read_status("completed", replay([PAID, SHIPPED]), ON, protection_end=D("2026-11-19"))
    assert [(e.kind, e.date) for e in reading.events] == [(EventKind.CONFIRMED, D("2026-11-19"))]


def test_status_words_in_the_rules_are_checked():
    base = '[x]\nmodel = "windows"\n[x.numbers]\nclaim_days = 5\n[[x.windows]]\nkind = "claim_cutoff"\nfrom = ["paid"]\nnumber = "claim_days"\nlabel = "l"\n'
    assert parse_rules(base + '[x.statuses]\norder_closed = ["closed"]\n').marketplaces["x"].statuses == {
        "order_closed": ("closed",)
    }
    with pytest.raises(RulesError, match="statuses"):
        parse_rules(base + '[x.statuses]\nteleported = ["beam"]\n')
    with pytest.raises(RulesError, match="statuses"):
        parse_rules(base + "[x.statuses]\norder_closed = []\n")

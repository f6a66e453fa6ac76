from __future__ import annotations

from datetime import date

import pytest

from tracker.engine import Event, EventKind, Status, replay
from tracker.errors import ConflictError

D = date.fromisoformat


def ev(kind: str, day: str, **extra) -> Event:
    return Event(EventKind(kind), D(day), **extra)


PAID = ev("paid", "2026-11-01")
SHIPPED = ev("shipped", "2026-11-04")


@pytest.mark.parametrize(
    ("events", "status"),
    [
        ([PAID], Status.AWAITING_SHIPMENT),
        ([PAID, SHIPPED], Status.IN_TRANSIT),
        ([PAID, SHIPPED, ev("delivered", "2026-11-20")], Status.DELIVERED),
        ([PAID, SHIPPED, ev("confirmed", "2026-11-20")], Status.CONFIRMED),
        ([PAID, SHIPPED, ev("dispute_opened", "2026-11-20")], Status.DISPUTED),
        (
            [PAID, SHIPPED, ev("dispute_opened", "2026-11-20"), ev("dispute_resolved", "2026-11-22", value="rejected")],
            Status.RESOLVED,
        ),
        ([PAID, ev("cancelled", "2026-11-02")], Status.CANCELLED),
        ([PAID, ev("cancelled", "2026-11-02"), ev("refunded", "2026-11-09")], Status.REFUNDED),
        ([PAID, SHIPPED, ev("closed", "2026-11-09")], Status.CLOSED),
    ],
)
def test_status_follows_the_events(events, status):
    assert replay(events).status is status


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([PAID, SHIPPED, ev("confirmed", "2026-11-20"), ev("confirmed", "2026-11-21")], "already confirmed"),
        ([PAID, ev("cancelled", "2026-11-02"), ev("shipped", "2026-11-03")], "cancelled"),
        ([PAID, SHIPPED, ev("cancelled", "2026-11-05")], "shipped"),
        ([PAID, ev("confirmed", "2026-11-05")], "not been shipped"),
        ([PAID, ev("delivered", "2026-11-05")], "not been shipped"),
        ([PAID, ev("extended", "2026-11-05", days=5)], "not been shipped"),
        ([PAID, SHIPPED, ev("dispute_resolved", "2026-11-05", value="refunded")], "no dispute is open"),
        ([PAID, SHIPPED, ev("dispute_opened", "2026-11-05"), ev("dispute_opened", "2026-11-06")], "already open"),
        ([PAID, SHIPPED, ev("dispute_opened", "2026-11-05"), ev("confirmed", "2026-11-06")], "dispute is open"),
        ([PAID, SHIPPED, ev("closed", "2026-11-05"), ev("delivered", "2026-11-06")], "closed"),
        ([ev("shipped", "2026-10-30"), PAID], "before the payment"),
        ([PAID, ev("paid", "2026-11-02")], "already paid"),
        ([PAID, SHIPPED, ev("shipped", "2026-11-05")], "already shipped"),
        ([PAID, ev("cancelled", "2026-11-02"), ev("refunded", "2026-11-03"), ev("refunded", "2026-11-04")], "refunded"),
    ],
)
def test_nonsense_is_refused(events, message):
    with pytest.raises(ConflictError, match=message):
        replay(events)


def test_same_day_events_keep_the_order_they_were_recorded():
    # shipped and confirmed on one day: recorded in that order, so valid
    state = replay([PAID, Event(EventKind.SHIPPED, D("2026-11-04"), id=2), Event(EventKind.CONFIRMED, D("2026-11-04"), id=3)])
    assert state.status is Status.CONFIRMED


def test_a_rejected_appeal_keeps_the_first_decision():
    from datetime import date

    from tracker.engine.lifecycle import replay
    from tracker.engine.model import Event, EventKind, Outcome

    d = date.fromisoformat
    state = replay([
        Event(EventKind.PAID, d("2026-10-01")),
        Event(EventKind.SHIPPED, d("2026-10-02")),
        Event(EventKind.DISPUTE_OPENED, d("2026-11-20")),
        Event(EventKind.DISPUTE_RESOLVED, d("2026-11-24"), value="partial"),
        Event(EventKind.APPEALED, d("2026-11-26")),
        Event(EventKind.DISPUTE_RESOLVED, d("2026-11-28"), value="rejected"),
    ])
    assert (state.outcome, state.resolved, state.appeal_opened) == (Outcome.PARTIAL, d("2026-11-24"), None)

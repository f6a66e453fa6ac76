"""What follows a passed date: how long a deadline stays listed, what it asks of the
buyer before and after it passes, and the status an order reaches when every date passed.

Pure like the rest of the engine; `today` is a parameter, as in levels.py. The words for
the advice codes are in render/words.py (ADVICE).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from tracker.engine.model import Deadline, DeadlineKind, Status

# Money still owed: listed (overdue) until the event that ends them changes the deadlines
# (`refunded`, `resolve`, `close`).
LASTING = frozenset({DeadlineKind.REFUND_DUE, DeadlineKind.SELLER_REPLY_DUE})
# The order's last date is still told this many days after it passed (so `remind`, run
# once a day or less, reports "the last day passed" once); then the order is finished.
FINAL_NOTICE_DAYS = 7


def act_until(deadlines: Sequence[Deadline]) -> list[date]:
    """For each deadline, the last day `due` lists it once it has passed.

    Overdue lines stay while the order still has a date ahead; the order's last date a
    week longer; money still owed (LASTING) for as long as it is owed.
    """
    last = max((d.date for d in deadlines if d.kind not in LASTING), default=date.min)
    found = []
    for d in deadlines:
        if d.kind in LASTING:
            found.append(date.max)
        elif d.date == last:
            found.append(last + timedelta(days=FINAL_NOTICE_DAYS))
        else:
            found.append(last)
    return found


def status_on(status: Status, deadlines: Iterable[Deadline], today: date) -> Status:
    """The status to show today: EXPIRED once every date of an open order has passed;
    NOT_SHIPPED (closed, refund due) once the shipping deadline passed without a shipment."""
    dates = [(d.kind, d.date) for d in deadlines]
    if not status.is_open or not dates:
        return status
    if status is Status.AWAITING_SHIPMENT and any(k is DeadlineKind.SHIP_BY and d < today for k, d in dates):
        return Status.NOT_SHIPPED
    if any(kind in LASTING or day >= today for kind, day in dates):
        return status
    return Status.EXPIRED


# Reminders to look at the tracking page: no money is lost when they are dropped.
_CHECKS = frozenset({DeadlineKind.FIRST_SCAN_DUE, DeadlineKind.MOVEMENT_DUE})


def protecting_money(deadlines: Iterable[Deadline], today: date) -> list[Deadline]:
    """The dates that still protect the buyer's money: ahead, or money still owed."""
    return [d for d in deadlines if d.kind not in _CHECKS and (d.date >= today or d.kind in LASTING)]


def _start(basis: tuple) -> str | None:
    """Where the count started; "delivered" also when the carrier said delivered after it."""
    if not basis or not isinstance(basis[0], dict):
        return None
    return "delivered" if basis[0].get("delivered") else basis[0].get("from")


# Advice that depends on where the count started, not only on the kind of the date.
_VARIANTS = {
    (DeadlineKind.REFUND_DUE, "ship_by"): "refund_due.not_shipped",
    (DeadlineKind.PROTECTION_END, "delivered"): "protection_end.delivered",
    (DeadlineKind.LAST_SAFE_DISPUTE_DAY, "delivered"): "last_safe_dispute_day.delivered",
    (DeadlineKind.GRACE_CUTOFF, "confirmed"): "grace_cutoff.confirmed",
}


def advice(kind: DeadlineKind, basis: tuple, overdue: bool, today: date | None = None) -> str:
    """The code of what the buyer can still do about this date (render/words.py ADVICE).

    Once a date has passed, only what is still possible: never "ask the seller to
    extend" after protection ended.
    """
    if overdue:
        return f"{kind.value}.after"
    code = _VARIANTS.get((kind, _start(basis)), kind.value)
    if code == "refund_due.not_shipped" and today is not None and date.fromisoformat(basis[0]["date"]) < today:
        return "refund_due.not_shipped.passed"  # the seller did not ship: a fact, no longer an "if"
    return code

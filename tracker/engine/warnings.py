"""Guard-rail warnings: patterns that cost buyers money, found in an order's events.

Pure like the deadlines (no `today`), so they are stored beside the order on every write.
"""

from __future__ import annotations

import re
from datetime import timedelta

from tracker.engine.deadlines import protection_end
from tracker.engine.lifecycle import replay
from tracker.engine.model import Event, Order, Warning
from tracker.rules import MarketplaceRules

DISPUTE_NEAR_DAYS = 7  # a dispute opened this close to protection end must not be closed
_S10 = re.compile(r"^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$")  # UPU S10: RB123456785CN
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an 8-digit serial number."""
    check = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS)) % 11
    return {10: 0, 11: 5}.get(check, check)


def tracking_number_fails_check(number: str) -> bool:
    """True for an S10-shaped number whose check digit is wrong (other formats: no check)."""
    match = _S10.match("".join(number.split()).upper())
    return bool(match) and s10_check_digit(match.group(1)) != int(match.group(2))


def find_warnings(order: Order, events: list[Event], rules: MarketplaceRules) -> list[Warning]:
    state = replay(events)
    if state.finished:
        return []
    found: list[Warning] = []
    if order.tracking and tracking_number_fails_check(order.tracking):
        found.append(Warning("tracking_check_digit", {"number": order.tracking}))
    if len(state.extensions) >= 2 and not state.confirmed:
        found.append(Warning("repeated_extensions", {"count": len(state.extensions)}))
    if state.delivered and not state.confirmed and not state.dispute_opened:
        found.append(
            Warning(
                "delivered_timer",
                {"date": state.delivered.isoformat(), "days": rules.days("delivered_protection_days")},
            )
        )
    if state.dispute_opened and state.delivered and state.delivered >= state.dispute_opened:
        found.append(Warning("delivered_during_dispute", {"date": state.delivered.isoformat()}))
    if state.dispute_opened and state.shipped and rules.model == "aliexpress":
        # Near the protection end as it stood when the dispute was opened: a later
        # extension or "delivered" mark does not move that moment.
        opened = replay([e for e in events if e.date <= state.dispute_opened])
        if not (opened.shipped or opened.protection_end_seen):  # disputed before it shipped
            opened = state
        end = protection_end(order, opened, rules).date
        if state.dispute_opened >= end - timedelta(days=DISPUTE_NEAR_DAYS):
            found.append(Warning("dispute_near_protection_end", {"date": end.isoformat()}))
        if any(e.date >= state.dispute_opened for e in state.extensions):
            now = protection_end(order, state, rules).date
            found.append(Warning("extended_during_dispute", {"date": now.isoformat()}))
    return found

"""The marketplace's own words: what an order page's status means for this order.

Pure: the status words come from the rules data ([NAME.statuses]); reading one for an
order gives the events it implies that are not recorded yet, and which meaning to tell
(render/words.py STATUS_MEANINGS). "Order closed" is read in context, as the seed
article explains it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.engine.lifecycle import OrderState
from tracker.engine.model import Event, EventKind, Outcome

_WORD = re.compile(r"\w+")


def tokens(text: str) -> tuple[str, ...]:
    """Words of a status, compared without case, ё/е, quotes or punctuation."""
    return tuple(_WORD.findall(text.casefold().replace("ё", "е")))


def match_status(text: str, statuses: dict[str, tuple[str, ...]]) -> str | None:
    """The code whose words occur in the text (surrounding words ignored); longest wins."""
    said = tokens(text)
    best: tuple[int, str] | None = None
    for code, phrases in statuses.items():
        for phrase in phrases:
            words = tokens(phrase)
            n = len(words)
            if n and any(said[i : i + n] == words for i in range(len(said) - n + 1)):
                if best is None or n > best[0]:
                    best = (n, code)
    return best[1] if best else None


@dataclass(frozen=True)
class Reading:
    """What the page's status means here: a meaning code and the events it implies."""

    code: str
    meaning: str
    events: list[Event] = field(default_factory=list)


def read_status(code: str, state: OrderState, on: date, protection_end: date | None = None) -> Reading:
    """The events `code` implies for an order in `state`, seen on the page on `on`.

    `protection_end` (when it runs): an order "completed" after it ended was completed by
    itself on that day, so the 15 days count from then, not from the day the page was read.
    """
    events: list[Event] = []

    def record(kind: EventKind, **extra) -> None:
        day = min(on, protection_end) if kind is EventKind.CONFIRMED and protection_end else on
        events.append(Event(kind, day, **extra))

    open_dispute = state.dispute_opened or state.appeal_opened
    settled = state.resolved is not None and state.outcome is not Outcome.WITHDRAWN
    if code == "shipped" and not state.shipped:
        record(EventKind.SHIPPED)
    elif code == "delivered" and not state.delivered and not state.confirmed:
        if not state.shipped:
            record(EventKind.SHIPPED)
        record(EventKind.DELIVERED)
    elif code == "completed" and not state.confirmed and not open_dispute and not settled:
        if not state.shipped:
            record(EventKind.SHIPPED)
        record(EventKind.CONFIRMED)
    elif code == "dispute_open" and not open_dispute:
        record(EventKind.DISPUTE_OPENED)
    elif code == "refunded" and not state.refunded:
        record(EventKind.REFUNDED)
    elif code == "cancelled" and not state.cancelled:
        record(EventKind.CANCELLED)
    elif code == "order_closed":
        return _order_closed(state, on, open_dispute, settled, protection_end)
    return Reading(code, code, events)


def _order_closed(
    state: OrderState, on: date, open_dispute: object, settled: bool, protection_end: date | None
) -> Reading:
    if state.cancelled or state.refunded:
        return Reading("order_closed", "order_closed.settled")
    if open_dispute:
        # The marketplace closes the order when the dispute (or the appeal) ends.
        return Reading("order_closed", "order_closed.disputed")
    if not state.shipped and not open_dispute and not settled:
        # Closed before shipping: the payment check failed, or the seller did not ship or
        # cancelled: the refund is due from the closing date.
        return Reading("order_closed", "order_closed.not_shipped", [Event(EventKind.CANCELLED, on)])
    if state.shipped and not state.confirmed and not open_dispute and not settled:
        if protection_end is not None and on >= protection_end:
            # Seen on or after the known protection end: the order closed at that end, and
            # the 15 days count from it (the seed), so the running cutoff stands. This is
            # also what a repeat of the same status finds: nothing new.
            return Reading("order_closed", "order_closed.ran_out")
        # Closed before protection ended (marked delivered, a reused tracking number):
        # protection is over on the closing date; 15 days remain from it.
        seen = Event(EventKind.PROTECTION_END_SEEN, on, value=on.isoformat())
        return Reading("order_closed", "order_closed.shipped", [seen])
    return Reading("order_closed", "order_closed.settled")

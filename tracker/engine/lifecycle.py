"""An order's life: replay its events in date order, refusing any that make no sense.

`replay` is the single authority on which event may follow which; the service calls it
on the whole timeline after every change, so a new event, a corrected date and an undo
are all checked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tracker.engine.model import Event, EventKind, Outcome, Status
from tracker.errors import ConflictError
from tracker.i18n import N_, _, fmt_date

EVENT_NOUNS = {
    EventKind.PAID: N_("payment"),
    EventKind.SHIPPED: N_("shipment"),
    EventKind.DELIVERED: N_("delivery"),
    EventKind.CONFIRMED: N_("confirmation of receipt"),
    EventKind.EXTENDED: N_("protection extension"),
    EventKind.PROTECTION_END_SEEN: N_("protection end date"),
    EventKind.DISPUTE_OPENED: N_("dispute"),
    EventKind.DISPUTE_RESOLVED: N_("dispute resolution"),
    EventKind.CANCELLED: N_("cancellation"),
    EventKind.REFUNDED: N_("refund"),
    EventKind.CLOSED: N_("closing"),
    EventKind.TRACKING_UPDATE: N_("tracking update"),
    EventKind.APPEALED: N_("appeal"),
}


@dataclass
class OrderState:
    paid: date | None = None
    shipped: date | None = None
    delivered: date | None = None
    confirmed: date | None = None
    cancelled: date | None = None
    refunded: date | None = None
    closed: date | None = None
    dispute_opened: date | None = None  # set while a dispute is open
    resolved: date | None = None  # the last dispute's resolution
    appeal_opened: date | None = None  # set while an appeal of the decision is open
    appealed_ever: bool = False  # AliExpress allows one appeal
    outcome: Outcome | None = None
    extensions: list[Event] = field(default_factory=list)
    tracking_updates: list[Event] = field(default_factory=list)
    disputed_ever: bool = False
    protection_end_seen: Event | None = None  # the newest date copied from the order page

    @property
    def status(self) -> Status:
        if self.closed:
            return Status.CLOSED
        if self.refunded:
            return Status.REFUNDED
        if self.appeal_opened:
            return Status.APPEALED
        if self.dispute_opened:
            return Status.DISPUTED
        if self.cancelled:
            return Status.CANCELLED
        if self.resolved and self.outcome is not Outcome.WITHDRAWN:
            return Status.RESOLVED
        if self.confirmed:
            return Status.CONFIRMED
        if self.delivered:
            return Status.DELIVERED
        if self.shipped:
            return Status.IN_TRANSIT
        return Status.AWAITING_SHIPMENT

    @property
    def finished(self) -> date | None:
        return self.closed or self.refunded


def _refuse(event: Event, reason: str) -> ConflictError:
    return ConflictError(_('cannot record {event} on {date}: {reason}').format(event=_(EVENT_NOUNS[event.kind]), date=fmt_date(event.date), reason=reason))


def _apply(state: OrderState, event: Event) -> None:
    kind = event.kind
    if kind is EventKind.PAID:
        if state.paid:
            raise _refuse(event, _('the order was already paid on {paid}').format(paid=fmt_date(state.paid)))
        state.paid = event.date
        return
    if state.paid is None:
        raise _refuse(event, _('it is dated before the payment'))
    if state.closed:
        raise _refuse(event, _('the order was closed on {closed}').format(closed=fmt_date(state.closed)))
    if state.refunded:
        raise _refuse(event, _('the order was refunded on {refunded}').format(refunded=fmt_date(state.refunded)))

    if kind is EventKind.CLOSED:
        state.closed = event.date
    elif kind is EventKind.REFUNDED:
        state.refunded = event.date
    elif kind is EventKind.CANCELLED:
        if state.cancelled:
            raise _refuse(event, _('the order was already cancelled on {cancelled}').format(cancelled=fmt_date(state.cancelled)))
        if state.shipped:
            raise _refuse(event, _('the order was shipped on {shipped}; open a dispute').format(shipped=fmt_date(state.shipped)))
        if state.dispute_opened:
            raise _refuse(event, _('a dispute is open; resolve it first'))
        state.cancelled = event.date
    elif kind is EventKind.DISPUTE_OPENED:
        if state.dispute_opened:
            raise _refuse(event, _('a dispute is already open since {dispute_opened}').format(dispute_opened=fmt_date(state.dispute_opened)))
        if state.cancelled:
            raise _refuse(event, _('the order was cancelled on {cancelled}').format(cancelled=fmt_date(state.cancelled)))
        if state.appeal_opened:
            raise _refuse(event, _('an appeal is open since {appeal_opened}').format(appeal_opened=fmt_date(state.appeal_opened)))
        state.dispute_opened = event.date
        state.disputed_ever = True
    elif kind is EventKind.APPEALED:
        if state.dispute_opened or state.appeal_opened:
            raise _refuse(event, _('the dispute is still open; appeal after its decision'))
        if state.resolved is None or state.outcome not in (Outcome.PARTIAL, Outcome.REJECTED):
            raise _refuse(event, _('an appeal needs a dispute decision that was not a full refund'))
        if state.appealed_ever:
            raise _refuse(event, _('the decision was already appealed once'))
        state.appeal_opened = event.date
        state.appealed_ever = True
    elif kind is EventKind.DISPUTE_RESOLVED:
        if not state.dispute_opened and not state.appeal_opened:
            raise _refuse(event, _('no dispute is open'))
        appeal = state.appeal_opened is not None
        state.dispute_opened = None
        state.appeal_opened = None
        outcome = Outcome(event.value)
        if appeal and outcome in (Outcome.REJECTED, Outcome.WITHDRAWN):
            return  # the appeal changed nothing: the first decision (and any refund it owes) stands
        state.resolved = event.date
        state.outcome = outcome
    elif state.cancelled:
        raise _refuse(event, _('the order was cancelled on {cancelled}').format(cancelled=fmt_date(state.cancelled)))
    elif kind is EventKind.SHIPPED:
        if state.shipped:
            raise _refuse(event, _('the order was already shipped on {shipped}').format(shipped=fmt_date(state.shipped)))
        state.shipped = event.date
    elif kind is EventKind.PROTECTION_END_SEEN:
        if state.confirmed:
            raise _refuse(event, _('receipt was confirmed on {confirmed}').format(confirmed=fmt_date(state.confirmed)))
        state.protection_end_seen = event
    else:
        # delivered, confirmed, extended, tracking: all need a shipped, unconfirmed order
        if not state.shipped:
            raise _refuse(event, _('the order has not been shipped'))
        if state.confirmed:
            raise _refuse(event, _('receipt was already confirmed on {confirmed}').format(confirmed=fmt_date(state.confirmed)))
        if kind is EventKind.DELIVERED:
            if state.delivered:
                raise _refuse(event, _('delivery was already recorded on {delivered}').format(delivered=fmt_date(state.delivered)))
            state.delivered = event.date
        elif kind is EventKind.CONFIRMED:
            if state.dispute_opened:
                raise _refuse(event, _('a dispute is open; confirming would end it'))
            state.confirmed = event.date
        elif kind is EventKind.EXTENDED:
            state.extensions.append(event)
        elif kind is EventKind.TRACKING_UPDATE:
            state.tracking_updates.append(event)


def timeline(events: list[Event]) -> list[Event]:
    """Active events in the order they happened (same day: the order they were recorded)."""
    # Events not stored yet (id None) come after stored ones of the same day, in list order.
    numbered = [(e.id if e.id is not None else (1 << 62) + i, e) for i, e in enumerate(events)]
    return [e for _key, e in sorted(numbered, key=lambda p: (p[1].date, p[0])) if e.active]


def replay(events: list[Event]) -> OrderState:
    """Fold the active events into the order's state; raise ConflictError on nonsense."""
    state = OrderState()
    for event in timeline(events):
        _apply(state, event)
    return state

"""Plain data the engine works on. Names here are the stable names of the JSON output."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from tracker.i18n import N_, _, days, fmt_date, ngettext


class EventKind(StrEnum):
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"  # the carrier says delivered
    CONFIRMED = "confirmed"  # the buyer confirmed receipt
    EXTENDED = "extended"  # protection extended by `days`
    PROTECTION_END_SEEN = "protection_end_seen"  # buyer copied the date from the order page
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_RESOLVED = "dispute_resolved"  # `value` is the Outcome
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    CLOSED = "closed"
    TRACKING_UPDATE = "tracking_update"  # `value` is what the carrier's page says
    APPEALED = "appealed"  # the buyer appealed a dispute decision (resolve ends it)


class Outcome(StrEnum):
    REFUNDED = "refunded"
    PARTIAL = "partial"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Status(StrEnum):
    AWAITING_SHIPMENT = "awaiting_shipment"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"
    RESOLVED = "resolved"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    CLOSED = "closed"
    APPEALED = "appealed"  # an appeal of the dispute decision is open
    # Never stored: shown once every date has passed with nothing left to do
    # (engine/after.py status_on); the order is closed for good.
    EXPIRED = "expired"
    # Never stored either: paid, not shipped, and the shipping deadline passed: the
    # marketplace closed the order and the refund is due (status_on).
    NOT_SHIPPED = "not_shipped"

    @property
    def is_open(self) -> bool:
        return self not in (Status.REFUNDED, Status.CLOSED, Status.EXPIRED)


class DeadlineKind(StrEnum):
    SHIP_BY = "ship_by"
    REFUND_DUE = "refund_due"
    PROTECTION_END = "protection_end"
    LAST_SAFE_DISPUTE_DAY = "last_safe_dispute_day"
    GRACE_CUTOFF = "grace_cutoff"
    SELLER_REPLY_DUE = "seller_reply_due"
    APPEAL_CUTOFF = "appeal_cutoff"
    # windows of other marketplaces and payment methods (rules data)
    CLAIM_OPENS = "claim_opens"
    CLAIM_CUTOFF = "claim_cutoff"
    RETURN_CUTOFF = "return_cutoff"
    ESCALATION_OPENS = "escalation_opens"
    ESCALATION_CUTOFF = "escalation_cutoff"
    PAYMENT_CLAIM_CUTOFF = "payment_claim_cutoff"
    PAYMENT_ESCALATION_CUTOFF = "payment_escalation_cutoff"
    # tracking checks
    FIRST_SCAN_DUE = "first_scan_due"
    MOVEMENT_DUE = "movement_due"


@dataclass(frozen=True)
class Order:
    """The facts of an order the buyer typed in; its life is in its events."""

    order_no: str
    marketplace: str = "aliexpress"
    title: str | None = None
    store: str | None = None
    price: str | None = None  # decimal text, never a float
    currency: str | None = None
    ordered: date | None = None
    processing_days: int | None = None  # None: the marketplace default
    protection_days: int | None = None
    expected_delivery: date | None = None
    tracking: str | None = None
    note: str | None = None
    payment: str | None = None  # a payment method whose protection runs beside: paypal, card


@dataclass(frozen=True)
class Event:
    kind: EventKind
    date: date
    days: int | None = None  # EXTENDED
    value: str | None = None  # outcome, dispute reason, tracking number, ISO date seen
    recorded_at: datetime | None = None
    undone_at: datetime | None = None  # undone events stay in the story, ignored by the engine
    id: int | None = None

    @property
    def active(self) -> bool:
        return self.undone_at is None


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    date: date
    estimated: bool
    basis: tuple  # language-neutral terms (engine/explain.py)

    @property
    def explanation(self) -> str:
        """How the date was reached, in the current language."""
        from tracker.engine.explain import explain

        return explain(self.basis)


WARNING_TEXTS = {
    "tracking_check_digit": N_(
        "tracking number {number} fails its check digit: it may be fake; "
        "ask the seller for a real one and keep a screenshot for a dispute"
    ),
    "repeated_extensions": N_(
        "protection was extended {count}: a stalling pattern; "
        "consider opening a dispute at the last safe day instead of waiting"
    ),
    "delivered_timer": N_(
        "the carrier says delivered on {date}: only {days} of protection remain; "
        "if you have nothing, open a dispute"
    ),
    "extended_during_dispute": N_(
        "protection was extended during the dispute: if the dispute is withdrawn, protection ends on {date}"
    ),
    "delivered_during_dispute": N_(
        "marked delivered on {date} while the dispute is open: if nothing arrived, write in the dispute "
        "that the item was not received (with screenshots of the tracking) and write to support"
    ),
    "dispute_near_protection_end": N_(
        "the dispute was opened near protection end ({date}): do not close it or "
        "accept a partial offer you do not want; the money would go to the seller"
    ),
}


@dataclass(frozen=True)
class Warning:
    """A guard rail: a code and its values, stored as data and told in the reader's language."""

    code: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        values = dict(self.params)
        if "date" in values:
            values["date"] = fmt_date(date.fromisoformat(values["date"]))
        if "days" in values:
            values["days"] = days(values["days"])
        if "count" in values:
            values["count"] = ngettext("{n} time", "{n} times", values["count"]).format(n=values["count"])
        return _(WARNING_TEXTS[self.code]).format(**values)

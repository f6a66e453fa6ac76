"""Words for the engine's names, shared by every renderer, in the current language."""

from __future__ import annotations

from datetime import date

from tracker.engine.levels import Level
from tracker.engine.model import DeadlineKind, EventKind, Status
from tracker.i18n import N_, _, ngettext


class _Words(dict):
    """Holds the English text (marked for the catalogue); gives it translated."""

    def __getitem__(self, key: object) -> str:
        return _(super().__getitem__(key))


DEADLINE_WORDS = _Words({
    DeadlineKind.SHIP_BY: N_("seller must ship by"),
    DeadlineKind.REFUND_DUE: N_("refund due"),
    DeadlineKind.PROTECTION_END: N_("buyer protection ends"),
    DeadlineKind.LAST_SAFE_DISPUTE_DAY: N_("last safe day to open a dispute"),
    DeadlineKind.GRACE_CUTOFF: N_("last day to dispute after closing"),
    DeadlineKind.SELLER_REPLY_DUE: N_("seller must reply by"),
    DeadlineKind.APPEAL_CUTOFF: N_("last day to appeal"),
    DeadlineKind.CLAIM_OPENS: N_("a claim can be opened from"),
    DeadlineKind.CLAIM_CUTOFF: N_("last day to open a claim"),
    DeadlineKind.RETURN_CUTOFF: N_("last day to return it"),
    DeadlineKind.ESCALATION_OPENS: N_("you can ask the marketplace to step in from"),
    DeadlineKind.ESCALATION_CUTOFF: N_("last day to escalate the dispute"),
    DeadlineKind.PAYMENT_CLAIM_CUTOFF: N_("last day for a payment dispute"),
    DeadlineKind.PAYMENT_ESCALATION_CUTOFF: N_("last day to escalate the payment dispute"),
    DeadlineKind.FIRST_SCAN_DUE: N_("tracking should show a first scan by"),
    DeadlineKind.MOVEMENT_DUE: N_("tracking should move again by"),
})

ACTIONS = _Words({
    DeadlineKind.SHIP_BY: N_("ask the seller to ship; if they do not, expect a refund"),
    DeadlineKind.REFUND_DUE: N_("check the refund arrived; if it has not by this day, write to support"),
    DeadlineKind.PROTECTION_END: N_("open a dispute before this day if the item is missing or faulty"),
    DeadlineKind.LAST_SAFE_DISPUTE_DAY: N_("open a dispute now, or ask the seller to extend protection"),
    DeadlineKind.GRACE_CUTOFF: N_("the last chance after protection ends: dispute by this day if the item is missing or faulty"),
    DeadlineKind.SELLER_REPLY_DUE: N_("check the seller's answer; if silent, the refund goes through"),
    DeadlineKind.APPEAL_CUTOFF: N_("appeal the decision if you disagree"),
    DeadlineKind.CLAIM_OPENS: N_("if nothing has arrived, open a claim from this day"),
    DeadlineKind.CLAIM_CUTOFF: N_("open a claim before this day if the item is missing or faulty"),
    DeadlineKind.RETURN_CUTOFF: N_("start the return before this day if you want your money back"),
    DeadlineKind.ESCALATION_OPENS: N_("if the seller has not solved it, ask the marketplace to step in"),
    DeadlineKind.ESCALATION_CUTOFF: N_("escalate now, or the request closes for good"),
    DeadlineKind.PAYMENT_CLAIM_CUTOFF: N_("the payment provider's own protection: open a dispute there before this day"),
    DeadlineKind.PAYMENT_ESCALATION_CUTOFF: N_("escalate the payment dispute to a claim before this day"),
    DeadlineKind.FIRST_SCAN_DUE: N_("check tracking: no scan yet means the number may be fake; ask the seller"),
    DeadlineKind.MOVEMENT_DUE: N_("check tracking: record news with `orders track`, or ask the seller"),
})

STATUS_WORDS = _Words({
    Status.AWAITING_SHIPMENT: N_("awaiting shipment"),
    Status.IN_TRANSIT: N_("in transit"),
    Status.DELIVERED: N_("delivered (carrier)"),
    Status.CONFIRMED: N_("receipt confirmed"),
    Status.DISPUTED: N_("dispute open"),
    Status.RESOLVED: N_("dispute resolved"),
    Status.CANCELLED: N_("cancelled"),
    Status.REFUNDED: N_("refunded"),
    Status.CLOSED: N_("closed"),
    Status.APPEALED: N_("appeal open"),
    Status.EXPIRED: N_("closed for good: the last day to act has passed"),
    Status.NOT_SHIPPED: N_("closed: not shipped in time, a refund is due"),
})

EVENT_WORDS = _Words({
    EventKind.PAID: N_("paid"),
    EventKind.SHIPPED: N_("shipped"),
    EventKind.DELIVERED: N_("carrier reported delivered"),
    EventKind.CONFIRMED: N_("receipt confirmed"),
    EventKind.EXTENDED: N_("protection extended"),
    EventKind.PROTECTION_END_SEEN: N_("protection end copied from the order page"),
    EventKind.DISPUTE_OPENED: N_("dispute opened"),
    EventKind.DISPUTE_RESOLVED: N_("dispute resolved"),
    EventKind.CANCELLED: N_("cancelled"),
    EventKind.REFUNDED: N_("refund received"),
    EventKind.CLOSED: N_("closed"),
    EventKind.TRACKING_UPDATE: N_("tracking update"),
    EventKind.APPEALED: N_("appeal filed"),
})

# What a date asks for in a given state, and what is still possible once it has passed
# (engine/after.py advice() picks the code; a code not here falls back to ACTIONS).
ADVICE = _Words({
    "refund_due.not_shipped": N_(
        "if the seller has not shipped by then, the order closes and is refunded by itself: "
        "check the refund; if the money was taken and nothing came back by this day, write to support"
    ),
    "refund_due.not_shipped.passed": N_(
        "the seller did not ship in time: the order closed and is refunded by itself; "
        "check the refund; if the money was taken and nothing came back by this day, write to support"
    ),
    "protection_end.delivered": N_(
        "the carrier says delivered: if all is well, confirm receipt; if not, open a dispute before this day"
    ),
    "last_safe_dispute_day.delivered": N_(
        "the carrier says delivered: if all is well, confirm receipt; if not, open a dispute today"
    ),
    "grace_cutoff.confirmed": N_("you confirmed receipt: if the item turns out faulty or wrong, dispute by this day"),
    "ship_by.after": N_(
        "the seller did not ship in time: the order should be closed and refunded by itself; watch the refund date"
    ),
    "refund_due.after": N_(
        "no refund recorded: write to support and ask your bank (banks can take 3-20 business days); "
        "when it arrives, record it with `orders refunded`"
    ),
    "protection_end.after": N_(
        "protection ended: the money goes to the seller unless you dispute before the last day to dispute after closing"
    ),
    "last_safe_dispute_day.after": N_("the safe day has passed: if the item is missing or faulty, open a dispute at once"),
    "grace_cutoff.after": N_(
        "the last day to dispute has passed: the order is closed for good; you can still complain to support"
    ),
    "seller_reply_due.after": N_(
        "the seller did not answer: the refund should be approved automatically; if not, escalate to the marketplace"
    ),
    "appeal_cutoff.after": N_("the appeal window has closed: the decision stands; you can still complain to support"),
    "claim_opens.after": N_("a claim can be opened now if nothing has arrived"),
    "claim_cutoff.after": N_("the claim window has closed; you can still complain to support or to your bank"),
    "return_cutoff.after": N_("the return window has closed; you can still ask the seller or support"),
    "escalation_opens.after": N_("if the seller has not solved it, ask the marketplace to step in now"),
    "escalation_cutoff.after": N_("the request can no longer be escalated; you can still complain to support"),
    "payment_claim_cutoff.after": N_("the payment provider's window has closed; ask your bank what is still possible"),
    "payment_escalation_cutoff.after": N_("the payment dispute can no longer be escalated; ask the payment provider"),
    "first_scan_due.after": N_(
        "still no first scan: the number may be fake; ask the seller and keep screenshots for a dispute"
    ),
    "movement_due.after": N_("tracking has not moved: ask the seller; record news with `orders track`"),
})


EVIDENCE = N_(
    "Keep evidence: film the unboxing in one take (no pauses, no cuts) and check for defects and "
    "scratches while filming; use electronics for a few days and test every function before confirming; "
    "video counts more than photos; do not wait for automatic confirmation."
)
# Said once, right after an event is recorded.
EVENT_ADVICE = _Words({
    EventKind.DELIVERED: EVIDENCE,
    EventKind.DISPUTE_OPENED: EVIDENCE,
    EventKind.APPEALED: N_(
        "An appeal has no seller reply deadline: AliExpress reviews it; when it is decided, "
        "record the outcome with `orders resolve`."
    ),
})


# What the order page's status means (engine/statuses.py picks the code).
STATUS_MEANINGS = _Words({
    "awaiting_payment": N_(
        "the payment has not gone through yet: unpaid orders are cancelled by themselves; "
        "if the money was taken, write to support"
    ),
    "payment_verification": N_("paid: AliExpress checks the payment, usually within 24 hours"),
    "awaiting_shipment": N_("paid, waiting for the seller to ship: if it is not shipped in time, the order is refunded"),
    "shipped": N_("shipped: buyer protection runs; watch its end"),
    "delivered": N_(
        "the carrier says delivered: only a few days of protection remain; if you have nothing, open a dispute"
    ),
    "completed": N_("receipt confirmed (by you or by itself): 15 days remain to open a dispute"),
    "order_closed.not_shipped": N_(
        "closed before shipping (the payment check failed, or the seller did not ship or cancelled): "
        "a refund is due; if the money does not come back, write to support"
    ),
    "order_closed.shipped": N_(
        "closed before you confirmed: protection ran out, or the seller or the carrier marked it delivered, "
        "or another buyer's confirmation used the same tracking number; 15 days remain from the closing date: "
        "if nothing arrived, open a dispute now"
    ),
    "order_closed.ran_out": N_(
        "closed when protection ran out: the 15 days count from the end of protection, "
        "so the last day to open a dispute stands; if nothing arrived, open a dispute before it"
    ),
    "order_closed.disputed": N_(
        "closed while a dispute was open: the dispute has probably ended; record the outcome with "
        "`orders resolve ORDER --outcome ...`; if nothing came back, write to support"
    ),
    "order_closed.settled": N_(
        "closed after confirmation, a dispute or a refund: the deadline that was already running stands"
    ),
    "order_closed.general": N_(
        "it depends on the order: closed before shipping, a refund is due; closed before you confirmed, "
        "15 days remain to open a dispute (protection ran out, or it was marked delivered); after "
        "confirmation or a dispute, the running deadline stands. Record it for an order: "
        "orders status ORDER_NO \"Order closed\""
    ),
    "dispute_open": N_("a dispute is open: the seller has a few days to answer, or the refund goes through"),
    "dispute_closed": N_(
        "the dispute has ended: record how with `orders resolve ORDER_NO --outcome refunded|partial|rejected|withdrawn`"
    ),
    "refunded": N_("the money was returned: the order is finished"),
    "cancelled": N_("cancelled: a refund is due"),
})


def action(kind: DeadlineKind, basis: tuple, overdue: bool, today: date | None = None) -> str:
    """What to do about a date, in this state; once passed, only what is still possible."""
    from tracker.engine.after import advice

    code = advice(kind, basis, overdue, today)
    return ADVICE[code] if code in ADVICE else ACTIONS[kind]

LEVEL_STYLES = {
    Level.OVERDUE: "bold red",
    Level.TODAY: "bold red",
    Level.URGENT: "red",
    Level.SOON: "yellow",
    Level.LATER: "green",
}


LEVEL_WORDS = _Words(
    {
        Level.OVERDUE: N_("overdue"),
        Level.TODAY: N_("today"),
        Level.URGENT: N_("urgent"),
        Level.SOON: N_("soon"),
        Level.LATER: N_("later"),
    }
)


def days_in_words(left: int) -> str:
    if left == 0:
        return _("today")
    if left == 1:
        return _("tomorrow")
    if left == -1:
        return _("yesterday")
    if left > 0:
        return ngettext("in {n} day", "in {n} days", left).format(n=left)
    return ngettext("{n} day ago", "{n} days ago", -left).format(n=-left)

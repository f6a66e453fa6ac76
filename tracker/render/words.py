"""Words for the engine's names, shared by every renderer."""

from __future__ import annotations

from tracker.engine import DeadlineKind, EventKind, Level, Status

DEADLINE_WORDS = {
    DeadlineKind.SHIP_BY: "seller must ship by",
    DeadlineKind.REFUND_DUE: "refund due",
    DeadlineKind.PROTECTION_END: "buyer protection ends",
    DeadlineKind.LAST_SAFE_DISPUTE_DAY: "last safe day to open a dispute",
    DeadlineKind.GRACE_CUTOFF: "last day to dispute after closing",
    DeadlineKind.SELLER_REPLY_DUE: "seller must reply by",
    DeadlineKind.APPEAL_CUTOFF: "last day to appeal",
    DeadlineKind.CLAIM_OPENS: "a claim can be opened from",
    DeadlineKind.CLAIM_CUTOFF: "last day to open a claim",
    DeadlineKind.RETURN_CUTOFF: "last day to return it",
    DeadlineKind.ESCALATION_OPENS: "you can ask the marketplace to step in from",
    DeadlineKind.ESCALATION_CUTOFF: "last day to escalate the dispute",
    DeadlineKind.PAYMENT_CLAIM_CUTOFF: "last day for a payment dispute",
    DeadlineKind.PAYMENT_ESCALATION_CUTOFF: "last day to escalate the payment dispute",
    DeadlineKind.FIRST_SCAN_DUE: "tracking should show a first scan by",
    DeadlineKind.MOVEMENT_DUE: "tracking should move again by",
}

ACTIONS = {
    DeadlineKind.SHIP_BY: "ask the seller to ship; if they do not, expect a refund",
    DeadlineKind.REFUND_DUE: "check the refund arrived",
    DeadlineKind.PROTECTION_END: "open a dispute before this day if the item is missing or faulty",
    DeadlineKind.LAST_SAFE_DISPUTE_DAY: "open a dispute now, or ask the seller to extend protection",
    DeadlineKind.GRACE_CUTOFF: "check the item before confirming; dispute by this day if it is wrong",
    DeadlineKind.SELLER_REPLY_DUE: "check the seller's answer; if silent, the refund goes through",
    DeadlineKind.APPEAL_CUTOFF: "appeal the decision if you disagree",
    DeadlineKind.CLAIM_OPENS: "if nothing has arrived, open a claim from this day",
    DeadlineKind.CLAIM_CUTOFF: "open a claim before this day if the item is missing or faulty",
    DeadlineKind.RETURN_CUTOFF: "start the return before this day if you want your money back",
    DeadlineKind.ESCALATION_OPENS: "if the seller has not solved it, ask the marketplace to step in",
    DeadlineKind.ESCALATION_CUTOFF: "escalate now, or the request closes for good",
    DeadlineKind.PAYMENT_CLAIM_CUTOFF: "the payment provider's own protection: open a dispute there before this day",
    DeadlineKind.PAYMENT_ESCALATION_CUTOFF: "escalate the payment dispute to a claim before this day",
    DeadlineKind.FIRST_SCAN_DUE: "check tracking: no scan yet means the number may be fake; ask the seller",
    DeadlineKind.MOVEMENT_DUE: "check tracking: record news with `orders track`, or ask the seller",
}

STATUS_WORDS = {
    Status.AWAITING_SHIPMENT: "awaiting shipment",
    Status.IN_TRANSIT: "in transit",
    Status.DELIVERED: "delivered (carrier)",
    Status.CONFIRMED: "receipt confirmed",
    Status.DISPUTED: "dispute open",
    Status.RESOLVED: "dispute resolved",
    Status.CANCELLED: "cancelled",
    Status.REFUNDED: "refunded",
    Status.CLOSED: "closed",
}

EVENT_WORDS = {
    EventKind.PAID: "paid",
    EventKind.SHIPPED: "shipped",
    EventKind.DELIVERED: "carrier reported delivered",
    EventKind.CONFIRMED: "receipt confirmed",
    EventKind.EXTENDED: "protection extended",
    EventKind.PROTECTION_END_SEEN: "protection end copied from the order page",
    EventKind.DISPUTE_OPENED: "dispute opened",
    EventKind.DISPUTE_RESOLVED: "dispute resolved",
    EventKind.CANCELLED: "cancelled",
    EventKind.REFUNDED: "refund received",
    EventKind.CLOSED: "closed",
    EventKind.TRACKING_UPDATE: "tracking update",
}

LEVEL_STYLES = {
    Level.OVERDUE: "bold red",
    Level.TODAY: "bold red",
    Level.URGENT: "red",
    Level.SOON: "yellow",
    Level.LATER: "green",
}


def days_in_words(left: int) -> str:
    if left == 0:
        return "today"
    if left == 1:
        return "tomorrow"
    if left == -1:
        return "yesterday"
    if left > 0:
        return f"in {left} days"
    return f"{-left} days ago"

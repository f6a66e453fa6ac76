"""Words for the engine's names, shared by every renderer, in the current language."""

from __future__ import annotations

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
    DeadlineKind.REFUND_DUE: N_("check the refund arrived"),
    DeadlineKind.PROTECTION_END: N_("open a dispute before this day if the item is missing or faulty"),
    DeadlineKind.LAST_SAFE_DISPUTE_DAY: N_("open a dispute now, or ask the seller to extend protection"),
    DeadlineKind.GRACE_CUTOFF: N_("check the item before confirming; dispute by this day if it is wrong"),
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
})

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

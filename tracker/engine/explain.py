"""Explanations of deadlines: stored as language-neutral terms, told in the reader's words.

A deadline's basis is a tuple of terms, e.g. from shipped 2026-11-04, plus 60 days of
protection (a default), plus 15 days of extension on 2026-12-01. The engine builds it;
`explain` turns it into "shipped 4 Nov 2026 + 60 days protection (default) + 15 days
extension (1 Dec 2026)" or its Russian, whatever the language was when it was stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.i18n import N_, _, business_days, days, fmt_day, language

# Where a count starts.
STARTS = {
    "paid": N_("paid"),
    "ship_by": N_("seller's shipping deadline"),
    "shipped": N_("shipped"),
    "expected_delivery": N_("latest estimated delivery"),
    "delivered": N_("carrier reported delivered"),
    "confirmed": N_("receipt confirmed"),
    "dispute_opened": N_("dispute opened"),
    "dispute_resolved": N_("dispute resolved"),
    "cancelled": N_("cancelled"),
    "protection_end_seen": N_("protection end shown on the order page"),
    "last_tracking_update": N_("last tracking update"),
}
# What a number of days is for.
PURPOSES = {
    "processing": N_("processing"),
    "processing_default": N_("processing (default)"),
    "protection": N_("protection"),
    "protection_default": N_("protection (default)"),
    "extension": N_("extension ({date})"),
    "left_after_delivery": N_("left after delivery"),
    "safety_margin": N_("safety margin"),
    "grace": N_("grace"),
    "refund": N_("refund"),
    "seller_reply": N_("for the seller's reply"),
    "appeal": N_("to appeal"),
    "first_scan": N_("for the first scan"),
    "without_movement": N_("without movement"),
    "at_the_latest": N_("at the latest"),
}
OUTCOMES = {
    "refunded": N_("refunded"),
    "partial": N_("partial"),
    "rejected": N_("rejected"),
    "withdrawn": N_("withdrawn"),
}


def start(what: str, day: date, outcome: str | None = None, instead_of: str | None = None) -> dict[str, Any]:
    term: dict[str, Any] = {"from": what, "date": day.isoformat()}
    if outcome:
        term["outcome"] = outcome
    if instead_of:
        term["instead_of"] = instead_of  # the first choice of start was not known
    return term


def step(sign: str, n: int, what: str, business: bool = False, on: date | None = None,
         label: dict[str, str] | None = None) -> dict[str, Any]:
    term: dict[str, Any] = {sign: n, "what": what}
    if business:
        term["business"] = True
    if on:
        term["date"] = on.isoformat()
    if label:
        term["label"] = label
    return term


def _start_words(term: dict[str, Any]) -> str:
    start_key, outcome, instead_of = term["from"], term.get("outcome"), term.get("instead_of")
    words = _(STARTS[start_key])
    if outcome:
        words += f" ({_(OUTCOMES[outcome])})"
    if instead_of:
        words += " " + _("(no {start} given)").format(start=_(STARTS[instead_of]))
    return f"{words} {fmt_day(date.fromisoformat(term['date']))}"


def _step_words(term: dict[str, Any]) -> str:
    sign = "+" if "plus" in term else "-"
    n = term.get("plus", term.get("minus"))
    amount = business_days(n) if term.get("business") else days(n)
    if "label" in term:
        label = term["label"]
        purpose = label.get(language()) or label["en"]
    else:
        purpose_key = term["what"]
        purpose = _(PURPOSES[purpose_key])
        if "date" in term:
            purpose = purpose.format(date=fmt_day(date.fromisoformat(term["date"])))
    return f"{sign} {amount} {purpose}"


def explain(basis: tuple[dict[str, Any], ...]) -> str:
    """The arithmetic of a deadline in words, in the current language."""
    return " ".join(_start_words(t) if "from" in t else _step_words(t) for t in basis)

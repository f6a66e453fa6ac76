"""The marketplace rules in words, for `orders rules` (plain text and JSON)."""

from __future__ import annotations

from typing import Any

from tracker.engine.model import DeadlineKind
from tracker.render.words import DEADLINE_WORDS

ANCHOR_WORDS = {
    "paid": "payment",
    "shipped": "shipment",
    "expected_delivery": "the latest estimated delivery date",
    "delivered": "delivery",
    "confirmed": "confirmation of receipt",
    "dispute_opened": "opening a dispute",
    "dispute_resolved": "the dispute's decision",
    "cancelled": "cancellation",
}


def _days(rules: Any, key: str) -> str:
    n = rules.numbers[key]
    unit = "business day" if key.endswith("_business_days") else "day"
    text = f"{n} {unit}" + ("" if n == 1 else "s")
    marks = [m for m, on in (("overridden", key in rules.overridden), ("uncertain", key in rules.uncertain)) if on]
    return text + (f" ({', '.join(marks)})" if marks else "")


def _window_line(rules: Any, window: Any) -> str:
    starts = " or else ".join(ANCHOR_WORDS[a] for a in window.anchors)
    line = f"{DEADLINE_WORDS[DeadlineKind(window.kind)]}: {_days(rules, window.number)} after {starts} {window.label}"
    if window.cap_from:
        line += f", at most {_days(rules, window.cap_number)} after {ANCHOR_WORDS[window.cap_from]}"
    if window.last_safe:
        line += f"; last safe day {_days(rules, 'safety_margin_days')} before"
    if window.until:
        line += f" (not after: {', '.join(ANCHOR_WORDS.get(u, u) for u in window.until)})"
    return line


def rule_lines(rules: Any) -> list[str]:
    """Each deadline of a marketplace as one line of words."""
    if rules.model == "aliexpress":
        d = lambda key: _days(rules, key)  # noqa: E731
        return [
            f"seller must ship by: {d('processing_days')} after payment (the listing's processing time)",
            f"buyer protection ends: {d('protection_days')} after shipment, plus every extension; "
            f"the date on the order page wins; carrier says delivered: {d('delivered_protection_days')} left",
            f"last safe day to open a dispute: {d('safety_margin_days')} before protection ends",
            f"last day to dispute after closing: {d('grace_days')} after confirmation or protection end",
            f"refund due: {d('refund_days')} after cancellation or a refund decision",
            f"seller must reply by: {d('seller_reply_days')} after opening a dispute",
            f"last day to appeal: {d('appeal_days')} after a partial or rejected decision",
        ]
    return [_window_line(rules, w) for w in rules.windows] + [
        f"paid with {rules.key}: " + _window_line(rules, w) for w in rules.payment_windows
    ]


def print_rules(book: Any) -> None:
    lines = []
    for key in sorted(book.marketplaces, key=lambda k: (k != "aliexpress", k)):
        rules = book.marketplaces[key]
        role = "payment method" if not rules.windows and rules.model != "aliexpress" else "marketplace"
        lines.append(f"{key}: {rules.name} ({role}; checked {rules.checked or 'unknown'})")
        lines += [f"  {line}" for line in rule_lines(rules)]
    tracking = next(iter(book.marketplaces.values())).tracking
    lines.append(
        f"tracking checks (every marketplace, with a tracking number): first scan within "
        f"{tracking['first_scan_days']} days of shipping; movement at least every {tracking['stall_days']} days"
    )
    lines.append(f"your overrides: {book.user_file or 'none'} (see `orders rules show NAME` for sources)")
    print("\n".join(lines))


def print_marketplace(rules: Any) -> None:
    lines = [f"{rules.key}: {rules.name}", f"  model: {rules.model}; checked {rules.checked or 'unknown'}"]
    if rules.order_url:
        lines.append(f"  order page: {rules.order_url}")
    if rules.needs:
        lines.append(f"  needs: {', '.join('--expected-delivery' for _ in rules.needs)}")
    lines.append("  deadlines:")
    lines += [f"    {line}" for line in rule_lines(rules)]
    lines.append("  numbers:")
    for key in rules.numbers:
        source = rules.sources.get(key, "no source recorded")
        lines.append(f"    {key} = {_days(rules, key)}  [{source}]")
    print("\n".join(lines))


def rules_dict(book: Any, only: str | None = None) -> dict[str, Any]:
    from dataclasses import asdict

    marketplaces = []
    for key, rules in sorted(book.marketplaces.items()):
        if only and key != only:
            continue
        marketplaces.append(
            {
                "key": key,
                "name": rules.name,
                "model": rules.model,
                "checked": rules.checked,
                "order_url": rules.order_url,
                "needs": list(rules.needs),
                "numbers": {
                    k: {
                        "value": v,
                        "source": rules.sources.get(k),
                        "uncertain": k in rules.uncertain,
                        "overridden": k in rules.overridden,
                    }
                    for k, v in rules.numbers.items()
                },
                "windows": [asdict(w) for w in rules.windows],
                "payment_windows": [asdict(w) for w in rules.payment_windows],
                "in_words": rule_lines(rules),
            }
        )
    return {
        "schema_version": 1,
        "user_file": str(book.user_file) if book.user_file else None,
        "marketplaces": marketplaces,
    }

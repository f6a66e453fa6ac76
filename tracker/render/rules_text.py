"""The marketplace rules in words, for `orders rules` (plain text and JSON)."""

from __future__ import annotations

from typing import Any

from tracker.engine.model import DeadlineKind
from tracker.i18n import N_, _, business_days, days, language
from tracker.render.words import DEADLINE_WORDS, _Words
from tracker.text import visible

AFTER_WORDS = _Words(
    {
        "paid": N_("after payment"),
        "shipped": N_("after shipment"),
        "expected_delivery": N_("after the latest estimated delivery date"),
        "delivered": N_("after delivery"),
        "confirmed": N_("after confirmation of receipt"),
        "dispute_opened": N_("after opening a dispute"),
        "dispute_resolved": N_("after the dispute's decision"),
        "cancelled": N_("after cancellation"),
    }
)
UNTIL_WORDS = _Words(
    {
        "shipped": N_("shipment"),
        "delivered": N_("delivery"),
        "confirmed": N_("confirmation of receipt"),
        "dispute_opened": N_("dispute"),
        "cancelled": N_("cancellation"),
        "refunded": N_("refund"),
    }
)


def _days(rules: Any, key: str) -> str:
    n = rules.numbers[key]
    text = business_days(n) if key.endswith("_business_days") else days(n)
    marks = [m for m, on in ((_("overridden"), key in rules.overridden), (_("uncertain"), key in rules.uncertain)) if on]
    return text + (f" ({', '.join(marks)})" if marks else "")


def _window_line(rules: Any, window: Any) -> str:
    starts = _(" or else ").join(AFTER_WORDS[a] for a in window.anchors)
    label = window.labels.get(language()) or window.label
    line = _("{deadline}: {days} {start} {purpose}").format(
        deadline=DEADLINE_WORDS[DeadlineKind(window.kind)], days=_days(rules, window.number), start=starts, purpose=label
    )
    if window.cap_from:
        line += _(", at most {days} {start}").format(days=_days(rules, window.cap_number), start=AFTER_WORDS[window.cap_from])
    if window.last_safe:
        line += _("; last safe day {days} before").format(days=_days(rules, "safety_margin_days"))
    if window.until:
        line += " " + _("(no longer after: {events})").format(events=", ".join(UNTIL_WORDS[u] for u in window.until))
    return line


def rule_lines(rules: Any) -> list[str]:
    """Each deadline of a marketplace as one line of words."""
    if rules.model == "aliexpress":
        d = lambda key: _days(rules, key)  # noqa: E731
        return [
            _("seller must ship by: {days} after payment (the listing's processing time)").format(days=d("processing_days")),
            _(
                "buyer protection ends: {days} after shipment, plus every extension; "
                "the date on the order page wins; carrier says delivered: {left} left"
            ).format(days=d("protection_days"), left=d("delivered_protection_days")),
            _("last safe day to open a dispute: {days} before protection ends").format(days=d("safety_margin_days")),
            _("last day to dispute after closing: {days} after confirmation or protection end").format(days=d("grace_days")),
            _("refund due: {days} after cancellation or a refund decision").format(days=d("refund_days")),
            _("seller must reply by: {days} after opening a dispute").format(days=d("seller_reply_days")),
            _("last day to appeal: {days} after a partial or rejected decision").format(days=d("appeal_days")),
        ]
    return [_window_line(rules, w) for w in rules.windows] + [
        _("paid with {method}: ").format(method=rules.key) + _window_line(rules, w) for w in rules.payment_windows
    ]


def _print(lines: list[str]) -> None:
    """Names, labels, links and sources may come from the user's rules.toml: any control
    character in them is shown escaped (each line holds no line break of its own)."""
    print("\n".join(visible(line) for line in lines))


def print_rules(book: Any) -> None:
    lines = []
    for key in sorted(book.marketplaces, key=lambda k: (k != "aliexpress", k)):
        rules = book.marketplaces[key]
        role = _("payment method") if not rules.windows and rules.model != "aliexpress" else _("marketplace")
        checked = _("checked {date}").format(date=rules.checked or _("unknown"))
        lines.append(f"{key}: {rules.name} ({role}; {checked})")
        lines += [f"  {line}" for line in rule_lines(rules)]
    tracking = next(iter(book.marketplaces.values())).tracking
    lines.append(
        _(
            "tracking checks (every marketplace, with a tracking number): first scan within "
            "{first} of shipping; movement at least every {stall}"
        ).format(first=days(tracking["first_scan_days"]), stall=days(tracking["stall_days"]))
    )
    lines.append(
        _("your overrides: {file} (see `orders rules show NAME` for sources)").format(file=book.user_file or _("none"))
    )
    _print(lines)


def print_marketplace(rules: Any) -> None:
    checked = _("checked {date}").format(date=rules.checked or _("unknown"))
    lines = [f"{rules.key}: {rules.name}", "  " + _("model: {model}").format(model=rules.model) + f"; {checked}"]
    if rules.order_url:
        lines.append("  " + _("order page: {url}").format(url=rules.order_url))
    if rules.needs:
        lines.append("  " + _("needs: {options}").format(options="--expected-delivery"))
    lines.append("  " + _("deadlines:"))
    lines += [f"    {line}" for line in rule_lines(rules)]
    lines.append("  " + _("numbers:"))
    for key in rules.numbers:
        source = rules.sources.get(key, _("no source recorded"))
        lines.append(f"    {key} = {_days(rules, key)}  [{source}]")
    if rules.statuses:
        from tracker.render.words import STATUS_MEANINGS

        lines.append("  " + _("status words (orders status ORDER_NO TEXT):"))
        for code, words in rules.statuses.items():
            meaning = STATUS_MEANINGS["order_closed.general" if code == "order_closed" else code]
            lines.append(f"    {' / '.join(words)}: {meaning}")
    _print(lines)


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
                "statuses": {code: list(words) for code, words in rules.statuses.items()},
                "in_words": rule_lines(rules),
            }
        )
    return {
        "schema_version": 1,
        "user_file": str(book.user_file) if book.user_file else None,
        "marketplaces": marketplaces,
    }

"""Marketplace rules as data: the TOML file shipped with the package, merged with the
user's own `rules.toml` in the config directory.

The engine only sees the frozen values defined here; this module is the one place that
knows the file format, validates it, and names the bad key (and file) when it is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tracker.errors import OrdersError, RulesError
from tracker.i18n import _
from tracker.paths import fingerprint_of, rules_fingerprint, shipped_rules_text, user_rules_path, user_rules_text


# The numbers the AliExpress model needs (RULES.md).
NUMBER_KEYS = (
    "processing_days",
    "protection_days",
    "delivered_protection_days",
    "safety_margin_days",
    "grace_days",
    "refund_days",
    "seller_reply_days",
    "appeal_days",
)
MODELS = ("aliexpress", "windows")
# Where a window's clock can start: an order fact or the date of an event.
ANCHORS = (
    "paid",
    "shipped",
    "expected_delivery",
    "delivered",
    "confirmed",
    "dispute_opened",
    "dispute_resolved",
    "cancelled",
)
UNTIL_EVENTS = ("shipped", "delivered", "confirmed", "dispute_opened", "cancelled", "refunded")
WINDOW_KINDS = (
    "claim_opens",
    "claim_cutoff",
    "return_cutoff",
    "escalation_opens",
    "escalation_cutoff",
    "seller_reply_due",
    "refund_due",
)
PAYMENT_WINDOW_KINDS = ("payment_claim_cutoff", "payment_escalation_cutoff")
TRACKING_KEYS = ("first_scan_days", "stall_days")
# What an order page can say (`[NAME.statuses]`: each code lists its words).
STATUS_CODES = (
    "awaiting_payment", "payment_verification", "awaiting_shipment", "shipped", "delivered",
    "completed", "order_closed", "dispute_open", "dispute_closed", "refunded", "cancelled",
)

_TOP_KEYS = {
    "name", "model", "order_url", "checked", "uncertain", "numbers", "sources", "needs",
    "windows", "payment_windows", "statuses",
}
_WINDOW_KEYS = {"kind", "from", "number", "label", "label_ru", "last_safe", "until", "cap_from", "cap_number"}
_USER_OVERRIDABLE = {"name", "order_url", "checked", "numbers", "sources", "uncertain"}


@dataclass(frozen=True)
class Window:
    """A deadline `number` days after the first known date in `anchors`."""

    kind: str
    anchors: tuple[str, ...]
    number: str
    label: str
    last_safe: bool = False
    until: tuple[str, ...] = ()
    cap_from: str | None = None
    cap_number: str | None = None
    label_ru: str | None = None

    @property
    def labels(self) -> dict[str, str]:
        """The purpose of the window in each language the rules give (English always)."""
        return {"en": self.label, **({"ru": self.label_ru} if self.label_ru else {})}

    @property
    def business(self) -> bool:
        return self.number.endswith("_business_days")


@dataclass(frozen=True)
class MarketplaceRules:
    key: str
    name: str
    numbers: dict[str, int]
    model: str = "aliexpress"
    uncertain: frozenset[str] = frozenset()
    sources: dict[str, str] = field(default_factory=dict)
    order_url: str | None = None
    checked: str | None = None
    needs: tuple[str, ...] = ()
    windows: tuple[Window, ...] = ()
    payment_windows: tuple[Window, ...] = ()
    overridden: frozenset[str] = frozenset()  # numbers the user's rules.toml changed
    tracking: dict[str, int] = field(default_factory=lambda: {"first_scan_days": 15, "stall_days": 14})
    statuses: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> the page's words

    def days(self, key: str) -> int:
        return self.numbers[key]

    def order_link(self, order_no: str) -> str | None:
        return self.order_url.format(order_no=order_no) if self.order_url else None

    def is_uncertain(self, key: str) -> bool:
        return key in self.uncertain


@dataclass(frozen=True)
class RuleBook:
    marketplaces: dict[str, MarketplaceRules]
    fingerprint: str
    user_file: Path | None = None  # the user's rules.toml, when it exists

    def get(self, key: str) -> MarketplaceRules:
        rules = self.marketplaces.get(key)
        if rules is not None and (rules.windows or rules.model == "aliexpress"):
            return rules
        known = ", ".join(sorted(k for k, m in self.marketplaces.items() if m.windows or m.model == "aliexpress"))
        hint = f"; {key} is a payment method: use --payment {key}" if rules is not None else ""
        raise OrdersError(_('unknown marketplace {key!r} (known: {known}){hint}').format(key=key, known=known, hint=hint))

    def payment(self, key: str) -> MarketplaceRules:
        rules = self.marketplaces.get(key)
        if rules is None or not rules.payment_windows:
            known = ", ".join(sorted(k for k, m in self.marketplaces.items() if m.payment_windows))
            raise OrdersError(_('unknown payment method {key!r} (known: {known})').format(key=key, known=known))
        return rules


# ---- validation ----------------------------------------------------------------------


def _names(value: Any, allowed: tuple[str, ...], where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(_('{where} must be a list of names').format(where=where))
    for v in value:
        if v not in allowed:
            raise RulesError(_('{where}: unknown name {v!r} (use one of: {value})').format(where=where, v=v, value=', '.join(allowed)))
    return tuple(value)


def _window(table: Any, where: str, numbers: dict[str, int], kinds: tuple[str, ...]) -> Window:
    if not isinstance(table, dict):
        raise RulesError(_('{where} must be a table').format(where=where))
    unknown = set(table) - _WINDOW_KEYS
    if unknown:
        raise RulesError(_('{where}: unknown key {value!r}').format(where=where, value=sorted(unknown)[0]))
    for key in ("kind", "from", "number", "label"):
        if key not in table:
            raise RulesError(_('{where}: missing key {key!r}').format(where=where, key=key))
    kind = table["kind"]
    if kind not in kinds:
        raise RulesError(_('{where}.kind: unknown kind {kind!r} (use one of: {value})').format(where=where, kind=kind, value=', '.join(kinds)))
    for key in ("number", "cap_number"):
        if key in table and (not isinstance(table[key], str) or table[key] not in numbers):
            raise RulesError(_("{where}.{key}: {value!r} is not one of this marketplace's numbers").format(where=where, key=key, value=table[key]))
    if ("cap_from" in table) != ("cap_number" in table):
        raise RulesError(_('{where}: cap_from and cap_number go together').format(where=where))
    if not isinstance(table["label"], str) or not isinstance(table.get("label_ru", ""), str):
        raise RulesError(_('{where}: label and label_ru must be text').format(where=where))
    if not isinstance(table.get("last_safe", False), bool):
        raise RulesError(_('{where}: last_safe must be true or false').format(where=where))
    return Window(
        kind=kind,
        anchors=_names(table["from"], ANCHORS, f"{where}.from"),
        number=table["number"],
        label=table["label"],
        last_safe=table.get("last_safe", False),
        until=_names(table.get("until", []), UNTIL_EVENTS, f"{where}.until"),
        cap_from=_names(table["cap_from"], ANCHORS, f"{where}.cap_from")[0] if "cap_from" in table else None,
        cap_number=table.get("cap_number"),
        label_ru=table.get("label_ru"),
    )


def _numbers(numbers: Any, where: str) -> dict[str, int]:
    if not isinstance(numbers, dict):
        raise RulesError(_('{where}.numbers must be a table').format(where=where))
    for name, value in numbers.items():
        if not name.endswith("_days"):
            raise RulesError(_('{where}.numbers: unknown key {name!r} (numbers are days: name them *_days)').format(where=where, name=name))
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3650:
            raise RulesError(_('{where}.numbers.{name} must be a whole number of days (0-3650)').format(where=where, name=name))
    return dict(numbers)


def _uncertain(table: dict[str, Any], where: str, key: str, numbers: dict[str, int]) -> frozenset[str]:
    uncertain = table.get("uncertain", [])
    if not isinstance(uncertain, list) or not all(isinstance(u, str) and u in numbers for u in uncertain):
        raise RulesError(_('{where}.uncertain must list keys of [{key}.numbers]').format(where=where, key=key))
    return frozenset(uncertain)


def _texts(table: dict[str, Any], where: str) -> dict[str, str]:
    """Check the texts of a marketplace (name, order_url, checked); return its sources."""
    for text_key in ("name", "order_url", "checked"):
        if text_key in table and not isinstance(table[text_key], str):
            raise RulesError(_('{where}.{text_key} must be text').format(where=where, text_key=text_key))
    if "order_url" in table:
        _check_order_url(table["order_url"], where)
    sources = table.get("sources", {})
    if not isinstance(sources, dict):
        raise RulesError(_('{where}.sources must be a table').format(where=where))
    return {k: str(v) for k, v in sources.items()}


ORDER_URL_PLACEHOLDER = "order_no"


def _check_order_url(template: str, where: str) -> None:
    """The link template may hold {order_no} and doubled braces, nothing else: anything
    more would fail (or pad, or index) when every order's link is made."""
    from string import Formatter

    try:
        fields = [(name, spec, conversion) for _text, name, spec, conversion in Formatter().parse(template) if name is not None]
    except ValueError:  # a lone { or }
        fields = [("", "", None)]
    if any(f != (ORDER_URL_PLACEHOLDER, "", None) for f in fields):
        raise RulesError(
            _('{where}.order_url: {template!r} is not a link template: the only placeholder is {placeholder} (write a brace itself as {{{{ or }}}})').format(
                where=where, template=template, placeholder="{" + ORDER_URL_PLACEHOLDER + "}"
            )
        )


def _validate(key: str, table: Any, origin: str, tracking: dict[str, int]) -> MarketplaceRules:
    where = f"{origin}: {key}"
    if not isinstance(table, dict):
        raise RulesError(_('{where} must be a table').format(where=where))
    unknown = set(table) - _TOP_KEYS
    if unknown:
        raise RulesError(_('{where}: unknown key {value!r}').format(where=where, value=sorted(unknown)[0]))
    if "numbers" not in table:
        raise RulesError(_('{where}: missing table [{key}.numbers]').format(where=where, key=key))
    numbers = _numbers(table["numbers"], where)
    model = table.get("model", "aliexpress")
    if model not in MODELS:
        raise RulesError(_('{where}.model: unknown model {model!r} (use one of: {value})').format(where=where, model=model, value=', '.join(MODELS)))
    if model == "aliexpress":
        missing = [name for name in NUMBER_KEYS if name not in numbers]
        if missing:
            raise RulesError(_('{where}.numbers: missing key {value!r}').format(where=where, value=missing[0]))
    for list_key in ("windows", "payment_windows"):
        if not isinstance(table.get(list_key, []), list):
            raise RulesError(_('{where}.{list_key} must be a list of tables ([[{key}.{list_key}]])').format(where=where, list_key=list_key, key=key))
    windows = tuple(
        _window(w, f"{where}.windows[{i}]", numbers, WINDOW_KINDS) for i, w in enumerate(table.get("windows", []))
    )
    payment_windows = tuple(
        _window(w, f"{where}.payment_windows[{i}]", numbers, PAYMENT_WINDOW_KINDS)
        for i, w in enumerate(table.get("payment_windows", []))
    )
    if model == "windows" and not windows and not payment_windows:
        raise RulesError(_('{where}: a windows marketplace needs [[{key}.windows]] or [[{key}.payment_windows]]').format(where=where, key=key))
    if any(w.last_safe for w in windows) and "safety_margin_days" not in numbers:
        raise RulesError(_("{where}.numbers: missing key 'safety_margin_days' (a window has last_safe)").format(where=where))
    uncertain = _uncertain(table, where, key, numbers)
    sources = _texts(table, where)
    statuses = table.get("statuses", {})
    if not isinstance(statuses, dict):
        raise RulesError(_('{where}.statuses must be a table').format(where=where))
    for code, words in statuses.items():
        _names(code, STATUS_CODES, f"{where}.statuses")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise RulesError(_('{where}.statuses.{code} must be a list of words').format(where=where, code=code))
    return MarketplaceRules(
        key=key,
        name=table.get("name", key),
        numbers=numbers,
        model=model,
        uncertain=uncertain,
        sources=sources,
        order_url=table.get("order_url"),
        checked=table.get("checked"),
        needs=_names(table.get("needs", []), ("expected_delivery",), f"{where}.needs"),
        windows=windows,
        payment_windows=payment_windows,
        tracking=tracking,
        statuses={code: tuple(words) for code, words in statuses.items()},
    )


def _tracking(table: Any, origin: str) -> dict[str, int]:
    where = f"{origin}: tracking"
    if not isinstance(table, dict):
        raise RulesError(_('{where} must be a table').format(where=where))
    for name in table:
        if name not in TRACKING_KEYS:
            raise RulesError(_('{where}: unknown key {name!r}').format(where=where, name=name))
    numbers = _numbers(table, origin + ": [tracking]")
    return {"first_scan_days": 15, "stall_days": 14, **numbers}


def _load_toml(text: str, origin: str) -> dict[str, Any]:
    from tracker.config import parse_toml  # not on the hot path: `due` needs only the fingerprint

    return parse_toml(text, origin, RulesError)


def parse_rules(text: str, origin: str = "rules", user_text: str | None = None, user_origin: str = "") -> RuleBook:
    """Validate the shipped rules and merge the user's; the fingerprint covers both texts."""
    data = _load_toml(text, origin)
    tracking = _tracking(data.pop("tracking", {}), origin)
    marketplaces = {key: _validate(key, table, origin, tracking) for key, table in data.items()}
    if not marketplaces:
        raise RulesError(_('{origin}: no marketplaces defined').format(origin=origin))
    fingerprint_source = text.encode()
    if user_text is not None:
        marketplaces = _merge_user(marketplaces, _load_toml(user_text, user_origin), user_origin, tracking)
        fingerprint_source += b"\0" + user_text.encode()
    return RuleBook(marketplaces, fingerprint_of(fingerprint_source))


def _merge_user(
    shipped: dict[str, MarketplaceRules], data: dict[str, Any], origin: str, tracking: dict[str, int]
) -> dict[str, MarketplaceRules]:
    """Override any number of a shipped marketplace, or add a whole new one."""
    merged = dict(shipped)
    if "tracking" in data:
        tracking = _tracking(data.pop("tracking"), origin)
        merged = {k: replace(m, tracking=tracking) for k, m in merged.items()}
    for key, table in data.items():
        if key not in merged:
            merged[key] = _validate(key, table, origin, tracking)
            continue
        if not isinstance(table, dict):
            raise RulesError(_('{origin}: {key} must be a table').format(origin=origin, key=key))
        unknown = set(table) - _USER_OVERRIDABLE
        if unknown:
            raise RulesError(_('{origin}: {key}: key {value!r} cannot be overridden (only numbers, names, links)').format(origin=origin, key=key, value=sorted(unknown)[0]))
        base = merged[key]
        where = f"{origin}: {key}"
        numbers = _numbers(table.get("numbers", {}), where)
        strange = set(numbers) - set(base.numbers)
        if strange:
            raise RulesError(_('{origin}: {key}.numbers: unknown key {value!r}').format(origin=origin, key=key, value=sorted(strange)[0]))
        sources = _texts(table, where)
        merged[key] = replace(
            base,
            name=table.get("name", base.name),
            order_url=table.get("order_url", base.order_url),
            checked=table.get("checked", base.checked),
            numbers={**base.numbers, **numbers},
            sources={**base.sources, **sources},
            uncertain=_uncertain(table, where, key, base.numbers) if "uncertain" in table else base.uncertain,
            overridden=base.overridden | set(numbers),
        )
    return merged


# ---- loading -------------------------------------------------------------------------


def load_rules() -> RuleBook:
    user = user_rules_text()
    path = user_rules_path()
    try:
        user_text = user.decode("utf-8") if user is not None else None
    except UnicodeDecodeError:
        raise RulesError(_('{path}: not UTF-8 text').format(path=path)) from None
    book = parse_rules(shipped_rules_text().decode("utf-8"), "marketplaces.toml", user_text, str(path))
    from tracker.config import load_config

    config = load_config()
    margin = config["safety_margin_days"]
    marketplaces = book.marketplaces
    if margin is not None:  # the user's one safety margin for every marketplace
        marketplaces = {
            key: replace(m, numbers={**m.numbers, "safety_margin_days": margin}, overridden=m.overridden | {"safety_margin_days"})
            if "safety_margin_days" in m.numbers
            else m
            for key, m in marketplaces.items()
        }
    return replace(
        book,
        marketplaces=marketplaces,
        fingerprint=rules_fingerprint(config.deadline_settings()),
        user_file=path if user is not None else None,
    )

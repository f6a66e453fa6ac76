"""Marketplace rules as data: loaded from the TOML file shipped with the package.

The engine only sees the frozen `MarketplaceRules` values; this module is the one place
that knows the file format, validates it and names the bad key when it is wrong.
"""

from __future__ import annotations

import tomllib
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import OrdersError, RulesError

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
_TOP_KEYS = {"name", "order_url", "checked", "uncertain", "numbers", "sources"}


@dataclass(frozen=True)
class MarketplaceRules:
    key: str
    name: str
    numbers: dict[str, int]
    uncertain: frozenset[str] = frozenset()
    sources: dict[str, str] = field(default_factory=dict)
    order_url: str | None = None
    checked: str | None = None

    def days(self, key: str) -> int:
        return self.numbers[key]

    def is_uncertain(self, key: str) -> bool:
        return key in self.uncertain


@dataclass(frozen=True)
class RuleBook:
    marketplaces: dict[str, MarketplaceRules]
    fingerprint: str

    def get(self, key: str) -> MarketplaceRules:
        try:
            return self.marketplaces[key]
        except KeyError:
            known = ", ".join(sorted(self.marketplaces))
            raise OrdersError(f"unknown marketplace {key!r} (known: {known})") from None


def _validate(key: str, table: object, origin: str) -> MarketplaceRules:
    where = f"{origin}: {key}"
    if not isinstance(table, dict):
        raise RulesError(f"{where} must be a table")
    unknown = set(table) - _TOP_KEYS
    if unknown:
        raise RulesError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    numbers = table.get("numbers")
    if not isinstance(numbers, dict):
        raise RulesError(f"{where}: missing table [{key}.numbers]")
    for name, value in numbers.items():
        if name not in NUMBER_KEYS:
            raise RulesError(f"{where}.numbers: unknown key {name!r}")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3650:
            raise RulesError(f"{where}.numbers.{name} must be a whole number of days (0-3650)")
    missing = [name for name in NUMBER_KEYS if name not in numbers]
    if missing:
        raise RulesError(f"{where}.numbers: missing key {missing[0]!r}")
    uncertain = table.get("uncertain", [])
    if not isinstance(uncertain, list) or not all(u in NUMBER_KEYS for u in uncertain):
        raise RulesError(f"{where}.uncertain must list keys of [{key}.numbers]")
    for text_key in ("name", "order_url", "checked"):
        if text_key in table and not isinstance(table[text_key], str):
            raise RulesError(f"{where}.{text_key} must be text")
    sources = table.get("sources", {})
    if not isinstance(sources, dict):
        raise RulesError(f"{where}.sources must be a table")
    return MarketplaceRules(
        key=key,
        name=table.get("name", key),
        numbers=dict(numbers),
        uncertain=frozenset(uncertain),
        sources={k: str(v) for k, v in sources.items()},
        order_url=table.get("order_url"),
        checked=table.get("checked"),
    )


def parse_rules(text: str, origin: str = "rules") -> RuleBook:
    """Validate rules TOML text; the fingerprint changes whenever any number changes."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{origin}: not valid TOML ({exc})") from None
    marketplaces = {key: _validate(key, table, origin) for key, table in data.items()}
    if not marketplaces:
        raise RulesError(f"{origin}: no marketplaces defined")
    return RuleBook(marketplaces, fingerprint_of(text.encode()))


def fingerprint_of(data: bytes) -> str:
    """Detects any change to the rules text (not a security hash: crc32 imports in no time)."""
    return f"{zlib.crc32(data):08x}-{len(data)}"


def _shipped_text() -> bytes:
    return (Path(__file__).parent / "marketplaces.toml").read_bytes()


def rules_fingerprint() -> str:
    """The fingerprint of the rules in force, without parsing them (the hot path needs only this)."""
    return fingerprint_of(_shipped_text())


def load_rules() -> RuleBook:
    return parse_rules(_shipped_text().decode("utf-8"), "marketplaces.toml")

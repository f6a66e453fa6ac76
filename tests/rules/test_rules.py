from __future__ import annotations

import pytest

from tracker.errors import OrdersError, RulesError
from tracker.rules import NUMBER_KEYS, load_rules, parse_rules

GOOD = """
[shop]
name = "Shop"
[shop.numbers]
""" + "\n".join(f"{k} = 5" for k in NUMBER_KEYS)


def test_shipped_rules_load_with_the_numbers_of_rules_md():
    rules = load_rules().get("aliexpress")
    assert rules.numbers == {
        "processing_days": 7,
        "protection_days": 60,
        "delivered_protection_days": 5,
        "safety_margin_days": 2,
        "grace_days": 15,
        "refund_days": 8,
        "seller_reply_days": 5,
        "appeal_days": 7,
    }
    assert rules.is_uncertain("appeal_days") and not rules.is_uncertain("grace_days")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not toml [", "not valid TOML"),
        ("", "no marketplaces"),
        (GOOD.replace("grace_days = 5", "grace_dayz = 5"), "unknown key 'grace_dayz'"),
        (GOOD.replace("grace_days = 5", ""), "missing key 'grace_days'"),
        (GOOD.replace("grace_days = 5", 'grace_days = "15"'), "shop.numbers.grace_days must be a whole number"),
        (GOOD.replace("grace_days = 5", "grace_days = -1"), "grace_days must be a whole number"),
        (GOOD + '\n[shop2]\nname = "x"', "missing table [shop2.numbers]"),
        (GOOD.replace('name = "Shop"', 'name = "Shop"\ncolour = 1'), "unknown key 'colour'"),
        (GOOD.replace('name = "Shop"', 'uncertain = ["nope"]'), "uncertain must list keys"),
        # each of these was a TypeError (exit 70) in every command
        (GOOD.replace('name = "Shop"', "windows = 5"), "shop.windows must be a list of tables"),
        (GOOD.replace('name = "Shop"', "payment_windows = 'x'"), "shop.payment_windows must be a list of tables"),
        (GOOD + '\n[[shop.windows]]\nkind = "claim_cutoff"\nfrom = ["shipped"]\nnumber = []\nlabel = "x"',
         "shop.windows[0].number: [] is not one of this marketplace's numbers"),
        (GOOD + '\n[[shop.windows]]\nkind = "claim_cutoff"\nfrom = ["shipped"]\nnumber = "grace_days"\nlabel = "x"'
         '\ncap_from = ["paid"]\ncap_number = {a = 1}', "shop.windows[0].cap_number: {'a': 1} is not one of"),
        (GOOD.replace('name = "Shop"', 'order_url = "https://x/{order}"'), "shop.order_url: 'https://x/{order}' is not a link"),
    ],
)
def test_malformed_rules_name_the_bad_key(text, message):
    with pytest.raises(RulesError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_rules(text, "test.toml")


def test_unknown_marketplace_lists_the_known_ones():
    with pytest.raises(OrdersError, match="known: aliexpress"):
        load_rules().get("nowhere")


def test_fingerprint_follows_the_numbers():
    assert parse_rules(GOOD).fingerprint == parse_rules(GOOD).fingerprint
    assert parse_rules(GOOD).fingerprint != parse_rules(GOOD.replace("grace_days = 5", "grace_days = 6")).fingerprint


def test_every_shipped_window_is_labelled_in_russian():
    for rules in load_rules().marketplaces.values():
        for window in (*rules.windows, *rules.payment_windows):
            assert window.label_ru, (rules.key, window.kind)

"""Marketplaces from the command line: --marketplace, --payment, rules, overrides, tracking."""

from __future__ import annotations

import json

import pytest

from tracker.rules import NUMBER_KEYS


@pytest.fixture
def config(tmp_path, monkeypatch):
    """A private config directory holding the user's rules.toml."""
    directory = tmp_path / "config"
    directory.mkdir()
    monkeypatch.setenv("ORDERS_CONFIG_DIR", str(directory))
    return directory


def deadlines(orders, order_no):
    shown = json.loads(orders("show", order_no, "--json").stdout)
    return {d["kind"]: d["date"] for d in shown["deadlines"]}


def test_ebay_needs_an_expected_delivery_date(orders, config):
    result = orders("add", "12-34567-89012", "-m", "ebay")
    assert result.code == 1
    assert result.stderr == (
        "orders: error: eBay Money Back Guarantee counts its deadlines from the latest estimated delivery date: "
        "add --expected-delivery DATE (the last day of the range shown on the order)\n"
    )
    ok = orders("add", "12-34567-89012", "-m", "eBay", "--expected-delivery", "10.12.2026")
    assert ok.code == 0, ok.stderr
    assert deadlines(orders, "12-34567-89012") == {"last_safe_dispute_day": "2027-01-07", "claim_cutoff": "2027-01-09"}


def test_escalation_appears_when_the_dispute_is_recorded(orders, config):
    orders("add", "12-34567-89012", "-m", "ebay", "--expected-delivery", "2026-11-20", "--paid", "2026-11-01")
    assert "escalation_cutoff" not in deadlines(orders, "12-34567-89012")
    orders("dispute", "12-34567-89012", "--on", "2026-11-20")
    assert deadlines(orders, "12-34567-89012") == {"escalation_opens": "2026-11-25", "escalation_cutoff": "2026-12-21"}


def test_paypal_payment_runs_beside_aliexpress(orders, config):
    orders("add", "8123", "--paid", "2026-11-01", "--shipped", "2026-11-04", "--payment", "PayPal")
    found = deadlines(orders, "8123")
    assert found["protection_end"] == "2027-01-03" and found["payment_claim_cutoff"] == "2027-04-30"
    assert json.loads(orders("show", "8123", "--json").stdout)["payment"] == "paypal"
    orders("edit", "8123", "--payment", "none")
    assert "payment_claim_cutoff" not in deadlines(orders, "8123")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "1", "--payment", "bitcoin"), "unknown payment method 'bitcoin' (known: card, paypal)"),
        (("add", "1", "-m", "card"), "card is a payment method: use --payment card"),
        (("add", "1", "-m", "nowhere"), "unknown marketplace 'nowhere'"),
    ],
)
def test_bad_marketplace_or_payment(orders, config, args, message):
    result = orders(*args)
    assert result.code == 1 and message in result.stderr and result.stderr.count("\n") == 1


def test_rules_lists_every_marketplace_in_words(orders, config):
    out = orders("rules").stdout
    for key in ("aliexpress", "ebay", "amazon", "paypal", "temu", "wish", "etsy", "joom", "banggood", "card"):
        assert f"\n{key}: " in "\n" + out, key
    assert "21 business days after opening a dispute" in out
    assert "checked 2026-11-01" in out
    shown = orders("rules", "show", "ebay").stdout
    assert "claim_days = 30 days  [eBay Money Back Guarantee policy (official)]" in shown
    data = json.loads(orders("rules", "--json").stdout)
    assert data["schema_version"] == 1 and len(data["marketplaces"]) == 10
    assert orders("rules", "show", "nope").code == 1


def test_user_overrides_change_numbers_and_are_shown(orders, config):
    orders("add", "12-34567-89012", "-m", "ebay", "--expected-delivery", "2026-12-10")
    (config / "rules.toml").write_text("[ebay.numbers]\nclaim_days = 35\n")
    assert deadlines(orders, "12-34567-89012")["claim_cutoff"] == "2027-01-14"
    assert "claim_days = 35 days (overridden)" in orders("rules", "show", "ebay").stdout
    assert str(config / "rules.toml") in orders("rules").stdout
    # `due` reads stored deadlines: they were recomputed for the new rules
    due = json.loads(orders("due", "--all", "--json").stdout)
    assert {i["kind"]: i["date"] for i in due["items"]}["claim_cutoff"] == "2027-01-14"


def test_a_user_can_add_a_marketplace(orders, config):
    (config / "rules.toml").write_text(
        '[shop]\nname = "My shop"\nmodel = "windows"\n[shop.numbers]\nclaim_days = 14\n'
        '[[shop.windows]]\nkind = "claim_cutoff"\nfrom = ["shipped"]\nnumber = "claim_days"\nlabel = "to complain"\n'
    )
    assert orders("add", "77", "-m", "shop", "--shipped", "2026-11-20").code == 0
    assert deadlines(orders, "77") == {"claim_cutoff": "2026-12-04"}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[ebay.numbers]\nclaim_days = 'many'\n", "ebay.numbers.claim_days must be a whole number"),
        ("[ebay.numbers]\nclaim_dayz = 3\n", "unknown key 'claim_dayz'"),
        ("[ebay]\nwindows = []\n", "key 'windows' cannot be overridden"),
        ("[ebay\n", "not valid TOML"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "not valid TOML (nested too deeply)"),  # was exit 70
        ("[shop]\nmodel = 'windows'\n[shop.numbers]\nx_days = 1\n", "needs [[shop.windows]]"),
        # a link template that cannot be filled broke every command, `due` included (exit 70)
        ('[aliexpress]\norder_url = "https://x/{order}"\n', "aliexpress.order_url: 'https://x/{order}' is not a link"),
        ('[aliexpress]\norder_url = "{"\n', "aliexpress.order_url: '{' is not a link template"),
        ('[aliexpress]\norder_url = "https://x/{}"\n', "the only placeholder is {order_no}"),
        ('[aliexpress]\norder_url = "https://x/{order_no:>99999999}"\n', "the only placeholder is {order_no}"),
        ('[shop]\norder_url = "}"\n[shop.numbers]\n' + "".join(f"{k} = 1\n" for k in NUMBER_KEYS), "shop.order_url"),
        # overrides of a shipped marketplace are checked as a new marketplace is
        ("[aliexpress]\norder_url = 5\n", "aliexpress.order_url must be text"),
        ("[aliexpress]\nname = 5\n", "aliexpress.name must be text"),
        ("[aliexpress]\nsources = 5\n", "aliexpress.sources must be a table"),
        ("[aliexpress]\nuncertain = ['nope_days']\n", "aliexpress.uncertain must list keys"),
    ],
)
def test_a_malformed_user_rules_file_is_one_clear_line(orders, config, text, words):
    orders("add", "1")
    (config / "rules.toml").write_text(text)
    for args in (("rules",), ("show", "1"), ("add", "2"), ("due",)):
        result = orders(*args)
        assert result.code == 7, (args, result.stderr)
        assert words in result.stderr and str(config / "rules.toml") in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_link_template_holds_the_order_number_and_literal_braces(orders, config):
    (config / "rules.toml").write_text('[aliexpress]\norder_url = "https://x/{{v}}/{order_no}"\n')
    orders("add", "1")
    assert json.loads(orders("show", "1", "--json").stdout)["url"] == "https://x/{v}/1"


def test_a_user_can_mark_numbers_uncertain(orders, config):
    def uncertain() -> bool:
        shown = json.loads(orders("rules", "show", "aliexpress", "--json").stdout)
        return shown["marketplaces"][0]["numbers"]["grace_days"]["uncertain"]

    assert uncertain() is False
    (config / "rules.toml").write_text('[aliexpress]\nuncertain = ["grace_days"]\n')  # was accepted and ignored
    assert uncertain() is True


def test_track_records_updates_and_warns_on_a_fake_number(orders, config):
    orders("add", "5", "--paid", "2026-11-01")
    orders("ship", "5", "--tracking", "RB123456784CN", "--on", "2026-11-04")
    shown = json.loads(orders("show", "5", "--json").stdout)
    assert [w["code"] for w in shown["warnings"]] == ["tracking_check_digit"]
    assert {d["kind"]: d["date"] for d in shown["deadlines"]}["first_scan_due"] == "2026-11-19"
    assert orders("track", "5", "accepted by carrier", "--on", "2026-11-10").code == 0
    assert deadlines(orders, "5")["movement_due"] == "2026-11-24"
    due = orders("due").stdout
    assert "tracking should move again by" in due and "fails its check digit" in due
    assert orders("track", "5", "x", "--on", "tomorrow").code == 1

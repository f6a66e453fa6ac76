"""config.toml: defaults for the database, language, marketplace, margin, window, alarms."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def write(config_dir, text: str) -> None:
    (config_dir / "config.toml").write_text(text, encoding="utf-8")


def settings(orders) -> dict:
    return json.loads(orders("config", "--json").stdout)["settings"]


def test_defaults_and_their_sources(orders, db):
    found = settings(orders)
    assert found["marketplace"] == {"value": "aliexpress", "source": "default"}
    assert found["within"] == {"value": 7, "source": "default"}
    assert found["language"] == {"value": "en", "source": "environment LC_ALL=C.UTF-8"}
    assert found["database"] == {"value": str(db), "source": "option --db"}


def test_config_file_values_win_over_defaults_and_options_win_over_the_file(orders, isolated_user):
    write(isolated_user, 'language = "ru"\nwithin = 14\nmarketplace = "temu"\nalarms = [3, 0]\n')
    found = settings(orders)
    source = f"config file {isolated_user / 'config.toml'}"
    assert found["language"] == {"value": "ru", "source": source}
    assert found["within"]["value"] == 14 and found["alarms"]["value"] == [3, 0]
    assert settings_with_lang(orders)["language"] == {"value": "en", "source": "option --lang"}


def settings_with_lang(orders) -> dict:
    return json.loads(orders("--lang", "en", "config", "--json").stdout)["settings"]


def test_locale_chooses_the_language(orders, monkeypatch):
    monkeypatch.setenv("LC_ALL", "ru_RU.UTF-8")
    assert settings(orders)["language"]["value"] == "ru"
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert settings(orders)["language"]["value"] == "en"


def test_marketplace_and_window_defaults_are_used(orders, isolated_user, db):
    write(isolated_user, 'marketplace = "temu"\nwithin = 70\n')
    orders("add", "1", "--paid", "2026-11-01")
    shown = json.loads(orders("show", "1", "--json").stdout)
    assert shown["marketplace"] == "temu"
    due = json.loads(orders("due", "--json").stdout)
    assert due["within"] == 70 and [i["kind"] for i in due["items"]] == ["last_safe_dispute_day", "return_cutoff"]
    quick = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "--today", "2026-11-26", "due", "--json"],
        capture_output=True, text=True, env=dict(os.environ),
    )
    assert json.loads(quick.stdout)["within"] == 70


def test_safety_margin_applies_to_every_marketplace_and_recomputes(orders, isolated_user):
    orders("add", "1", "--shipped", "2026-11-04")
    write(isolated_user, "safety_margin_days = 5\n")
    due = json.loads(orders("due", "--all", "--json").stdout)
    assert {i["kind"]: i["date"] for i in due["items"]}["last_safe_dispute_day"] == "2026-12-29"
    assert "safety_margin_days = 5 days (overridden)" in orders("rules", "show", "ebay").stdout


def test_database_from_the_config_file(isolated_user, tmp_path):
    target = tmp_path / "mine.db"
    write(isolated_user, f'database = "{target}"\n')
    run = subprocess.run(
        [sys.executable, "-m", "tracker", "--today", "2026-11-26", "add", "1"],
        capture_output=True, text=True, env=dict(os.environ),
    )
    assert run.returncode == 0, run.stderr
    assert target.exists()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("within = 'soon'\n", "within must be a whole number of days"),
        ("language = 'fr'\n", "language must be en or ru"),
        ("colour = true\n", "unknown key 'colour'"),
        ("alarms = [1, 99]\n", "alarms must be a list of days"),
        ("within = \n", "not valid TOML"),
        ('database = "a\\u0000b"\n', "database must be a file path"),  # was exit 70 in add
        ('database = "~no-such-user-here/orders.db"\n', "database must be a file path whose ~ names a user"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "not valid TOML"),  # tomllib's RecursionError: exit 70
    ],
)
def test_a_malformed_config_is_one_clear_line(orders, isolated_user, text, words):
    write(isolated_user, text)
    for args in (("config",), ("due",), ("list",)):
        result = orders(*args)
        assert result.code == 7, (args, result.stderr)
        assert words in result.stderr and result.stderr.count("\n") == 1


def test_unknown_lang_option(orders):
    result = orders("--lang", "fr", "config")
    assert result.code == 1 and "unknown language 'fr'" in result.stderr

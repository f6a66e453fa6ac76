"""English and Russian: complete catalogues, Russian plurals, dates, and the CLI speaking Russian."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from tracker import i18n


@pytest.fixture
def russian():
    i18n.set_language("ru")
    yield
    i18n.set_language("en")


def test_every_message_has_a_russian_translation_and_the_mo_is_current():
    pytest.importorskip("babel")
    from tracker.locale.build import problems

    assert problems() == []


def test_the_mo_check_reads_content_not_bytes():
    """A .mo is current when it says what the .po says, whichever Babel wrote it."""
    pytest.importorskip("babel")
    from tracker.locale.build import mo_bytes, read, stale_translations

    catalog = read("ru")
    assert stale_translations(catalog, mo_bytes(catalog)) == []
    catalog.header_comment = "# another tool wrote this"
    catalog.project = "something else"
    assert stale_translations(catalog, mo_bytes(catalog)) == []  # header bytes differ: still current
    shipped = mo_bytes(catalog)
    singular = next(m for m in catalog if m.id and isinstance(m.id, str) and m.string)
    singular.string = "изменено"
    assert stale_translations(catalog, shipped) == [repr(singular.id)]
    catalog = read("ru")
    plural = next(m for m in catalog if isinstance(m.id, tuple))
    plural.string = (plural.string[0], plural.string[1], "изменено")
    assert stale_translations(catalog, shipped) == [f"{plural.id[0]!r} for n=0"]


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "1 день"), (2, "2 дня"), (4, "4 дня"), (5, "5 дней"), (11, "11 дней"), (12, "12 дней"),
     (21, "21 день"), (22, "22 дня"), (25, "25 дней"), (101, "101 день"), (111, "111 дней")],
)
def test_russian_plural_forms(russian, n, words):
    assert i18n.days(n) == words


def test_english_plurals_and_dates():
    assert (i18n.days(1), i18n.days(2)) == ("1 day", "2 days")
    assert i18n.fmt_date(date(2026, 11, 26)) == "2026-11-26"
    assert i18n.fmt_day(date(2026, 11, 4)) == "4 Nov 2026"


def test_russian_dates(russian):
    assert i18n.fmt_date(date(2026, 11, 26)) == "26.11.2026"
    assert i18n.fmt_day(date(2026, 11, 4)) == "04.11.2026"


def test_the_cli_speaks_russian(orders):
    orders("add", "1002", "--shipped", "01.11.2026", "--protection-end", "28 ноября 2026", "--title", "Чехол")
    due = orders("--lang", "ru", "due").stdout
    assert "сегодня     26.11.2026  сегодня" in due
    assert "1002 Чехол: последний безопасный день для спора - откройте спор сейчас" in due
    assert "срочно      28.11.2026  через 2 дня" in due
    shown = orders("--lang", "ru", "show", "1002").stdout
    assert "окончание защиты со страницы заказа 28.11.2026 - 2 дня запаса" in shown
    data = json.loads(orders("--lang", "ru", "due", "--json").stdout)
    assert data["items"][0]["level"] == "today"  # codes stay stable for scripts
    assert data["items"][0]["action"].startswith("откройте спор сейчас")
    error = orders("--lang", "ru", "ship", "1002", "--on", "31.02.2026")
    assert error.stderr == "orders: error: не удаётся прочитать дату '31.02.2026': day is out of range for month\n"


def test_explanations_stored_in_one_language_read_in_another(orders):
    orders("--lang", "ru", "add", "7", "--shipped", "2026-11-04")
    english = json.loads(orders("--lang", "en", "due", "--all", "--json").stdout)
    assert english["items"][0]["explanation"] == "shipped 4 Nov 2026 + 60 days protection (default) - 2 days safety margin"


def test_the_locale_chooses_russian_on_the_quick_path(orders, db):
    orders("add", "1", "--paid", "2026-11-25")
    env = {**os.environ, "LC_ALL": "ru_RU.UTF-8"}
    run = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "--today", "2026-11-26", "due"],
        capture_output=True, text=True, env=env,
    )
    assert run.stdout.startswith("скоро       02.12.2026  через 6 дней  1: продавец должен отправить до")

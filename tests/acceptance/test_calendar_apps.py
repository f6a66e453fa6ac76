"""Real calendar programs accept the exported file: khal (installed by the [test] extra)
imports it and reads the events back, and a re-import after changes updates the events
instead of duplicating them; calcurse (a Debian package) imports it with nothing skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.calendar_support import copy_book, parsed_events, shared_book



@pytest.fixture
def book(orders, db, tmp_path_factory):
    """The `orders` command on a copy of a book of 60 orders with Cyrillic titles."""
    copy_book(shared_book(tmp_path_factory), db)

    def run(*args: str) -> None:
        result = orders(*args)
        assert result.code == 0, result.stderr

    return run


def expected_days(ics: Path) -> dict[str, tuple[date, str]]:
    return {uid: (e["start"], e["status"]) for uid, e in parsed_events(ics.read_bytes()).items()}


# ---- khal ----------------------------------------------------------------------------


def khal_binary() -> str:
    found = Path(sys.executable).with_name("khal")
    if found.exists():
        return str(found)
    if shutil.which("khal"):
        return shutil.which("khal")
    pytest.fail("khal is missing: it is in the [test] extra (pip install -e '.[test]')")


@pytest.fixture
def khal(tmp_path):
    """khal with its own configuration, vdir calendar and cache: nothing of the user's."""
    home = tmp_path / "khal"
    (home / "calendar").mkdir(parents=True)
    config = home / "config"
    config.write_text(
        "[calendars]\n[[orders]]\n"
        f"path = {home / 'calendar'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = UTC\ndefault_timezone = UTC\n"
        "[default]\ndefault_calendar = orders\n"
        f"[sqlite]\npath = {home / 'cache.db'}\n"
    )
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home), "TZ": "UTC"}
    binary = khal_binary()

    def run(*args: str) -> str:
        result = subprocess.run([binary, "-c", str(config), *args], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run


def khal_events(khal) -> tuple[dict[str, tuple[date, str]], set[str]]:
    """({uid: (day, status)}, titles) as `khal list` shows them."""
    out = khal(
        "list", "--day-format", "", "--format", "{uid}|{start-date}|{end-date}|{status}|{title}", "2026-01-01", "900d"
    )
    events, titles = {}, set()
    for line in filter(None, out.splitlines()):
        uid, start, end, status, title = line.split("|", 4)
        assert uid not in events, f"{uid} listed twice"  # also: one day long, so listed once
        assert start == end, line  # a one-day all-day event
        events[uid] = (date.fromisoformat(start), status.strip())
        titles.add(title.strip())
    return events, titles


def test_khal_imports_the_export_and_updates_it_on_reimport(book, tmp_path, khal):
    ics = tmp_path / "orders.ics"
    book("export-ics", "-o", str(ics))
    expected = expected_days(ics)
    assert len(expected) > 100
    khal("import", "--batch", str(ics))
    events, titles = khal_events(khal)
    assert events == expected
    assert titles == {e["summary"] for e in parsed_events(ics.read_bytes()).values()}
    assert "Беспроводные наушники с шумоподавлением, чехол и кабель USB-C; подарочная упаковка" in str(titles)

    book("confirm", "1001")  # its protection end and last safe day no longer apply
    book("extend", "1005", "15")  # three of its dates move
    book("export-ics", "-o", str(ics), "1001", "1005")  # re-import only what changed
    changed = expected_days(ics)
    assert changed["protection_end-1001@orders.local"][1] == "CANCELLED"
    assert changed["protection_end-1005@orders.local"][0] != expected["protection_end-1005@orders.local"][0]
    khal("import", "--batch", str(ics))
    assert khal_events(khal)[0] == {**expected, **changed}  # updated in place: no duplicates


# ---- calcurse ------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("calcurse") is None, reason="calcurse is not installed (Debian package calcurse)")
def test_calcurse_imports_every_event_on_its_day(book, tmp_path):
    ics = tmp_path / "orders.ics"
    book("export-ics", "-o", str(ics))
    expected = parsed_events(ics.read_bytes())
    data = tmp_path / "calcurse"
    data.mkdir()
    env = {**os.environ, "HOME": str(tmp_path), "TZ": "UTC"}
    report = subprocess.run(
        ["calcurse", "-D", str(data), "-i", str(ics)], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert f"0 apps / {len(expected)} events / 0 todos / 0 skipped" in report, report
    listing = subprocess.run(
        ["calcurse", "-D", str(data), "--input-datefmt", "4", "--output-datefmt", "%Y-%m-%d", "-Q",
         "--from", "2026-01-01", "--days", "900", "--format-event", " * %m\n"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    read_back: list[tuple[date, str]] = []
    day = None
    for line in listing.splitlines():
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2}):", line):
            day = date.fromisoformat(m[1])
        elif line.startswith(" * "):
            read_back.append((day, line[3:]))
    assert sorted(read_back) == sorted((e["start"], e["summary"]) for e in expected.values())

"""What real calendar programs and a calendar server do with the exported file, pinned as
they behave today (the README's Calendar section says the same):

- khal (installed by the [test] extra) imports it, keeps the alarms, and on re-import
  updates each event in place by UID (moved dates move, no duplicates); a cancelled
  event stays listed, marked cancelled, even after later exports have forgotten it.
- calcurse (a Debian package, skipped where it is missing) imports every event on its
  day but ignores UIDs: each import adds every event again, and a cancelled deadline is
  one more event beside the old one. It drops the alarms of all-day events (ours).
- Radicale (a CalDAV server, in the [test] extra; started on 127.0.0.1 for the test)
  takes the whole file PUT as a calendar collection, and a new upload replaces it.

Each client is read back through its structured output (khal's --format fields, the
iCalendar that `calcurse -x` writes), not its messages. Every client call and the server are bounded in time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.calendar_support import copy_book, parsed_events, rfc5545_problems, shared_book

CLIENT_SECONDS = 120  # one client call; the slowest here (khal importing ~200 events) takes a few seconds
ALARMS = ("--alarm", "8", "--alarm", "0")  # a week and more: the TRIGGER form ics alone got wrong


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


def run_client(argv: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=CLIENT_SECONDS)
    assert result.returncode == 0, result.stderr
    return result.stdout


# ---- khal ----------------------------------------------------------------------------


def khal_binary() -> str:
    found = Path(sys.executable).with_name("khal")
    if found.exists():
        return str(found)
    if shutil.which("khal"):
        return shutil.which("khal")
    pytest.fail("khal is missing: it is in the [test] extra (pip install -e '.[test]')")


@pytest.fixture
def khal_calendar(tmp_path) -> Path:
    """The vdir (one .ics file per event) that holds khal's calendar `orders`."""
    path = tmp_path / "khal" / "calendar"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def khal(khal_calendar):
    """khal with its own configuration, vdir calendar and cache: nothing of the user's."""
    home = khal_calendar.parent
    config = home / "config"
    config.write_text(
        "[calendars]\n[[orders]]\n"
        f"path = {khal_calendar}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = UTC\ndefault_timezone = UTC\n"
        "[default]\ndefault_calendar = orders\n"
        f"[sqlite]\npath = {home / 'cache.db'}\n"
    )
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home), "TZ": "UTC"}
    binary = khal_binary()

    def run(*args: str) -> str:
        return run_client([binary, "-c", str(config), *args], env)

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


def khal_alarms(calendar: Path) -> dict[str, list[timedelta]]:
    """{uid: alarm triggers} as khal stored the events in its vdir."""
    stored = {}
    for path in calendar.glob("*.ics"):
        stored.update({uid: [t for t, _ in e["alarms"]] for uid, e in parsed_events(path.read_bytes()).items()})
    return stored


def test_khal_imports_the_export_keeps_its_alarms_and_updates_it_on_reimport(book, tmp_path, khal, khal_calendar):
    ics = tmp_path / "orders.ics"
    book("export-ics", "-o", str(ics), *ALARMS)
    assert rfc5545_problems(ics.read_bytes()) == []  # TRIGGER:-P7DT15H for --alarm 8 included
    exported = parsed_events(ics.read_bytes())
    expected = expected_days(ics)
    assert len(expected) > 100
    khal("import", "--batch", str(ics))
    events, titles = khal_events(khal)
    assert events == expected
    assert titles == {e["summary"] for e in exported.values()}
    assert "Беспроводные наушники с шумоподавлением, чехол и кабель USB-C; подарочная упаковка" in str(titles)
    assert khal_alarms(khal_calendar) == {uid: [t for t, _ in e["alarms"]] for uid, e in exported.items()}
    assert timedelta(days=-8, hours=9) in khal_alarms(khal_calendar)["protection_end-1001@orders.local"]

    book("confirm", "1001")  # its protection end and last safe day no longer apply
    book("extend", "1005", "15")  # three of its dates move
    book("export-ics", "-o", str(ics), *ALARMS, "1001", "1005")  # re-import only what changed
    changed = expected_days(ics)
    cancelled = {uid for uid, (_day, status) in changed.items() if status == "CANCELLED"}
    assert cancelled == {"protection_end-1001@orders.local", "last_safe_dispute_day-1001@orders.local"}
    assert changed["protection_end-1005@orders.local"][0] != expected["protection_end-1005@orders.local"][0]
    khal("import", "--batch", str(ics))
    events, titles = khal_events(khal)
    assert events == {**expected, **changed}  # updated in place: moved, no duplicates
    assert len(events) == len(expected)  # the cancelled ones are still listed, as CANCELLED
    assert all(khal_alarms(khal_calendar)[uid] == [] for uid in cancelled)  # and ring no more
    khal("import", "--batch", str(ics))  # the same file again changes nothing
    assert khal_events(khal) == (events, titles)

    # The next export has forgotten them; importing it does not remove them from khal.
    book("export-ics", "-o", str(ics), *ALARMS, "1001", "1005")
    assert cancelled.isdisjoint(expected_days(ics))
    khal("import", "--batch", str(ics))
    assert khal_events(khal)[0] == {**expected, **changed}  # still listed, still CANCELLED

    # What the README says to do instead: empty khal's orders calendar, import the full export.
    book("export-ics", "-o", str(ics), *ALARMS)
    latest = expected_days(ics)
    assert set(latest) == set(expected) - cancelled
    for path in khal_calendar.glob("*.ics"):
        path.unlink()
    khal("import", "--batch", "-a", "orders", str(ics))
    assert khal_events(khal)[0] == latest


# ---- calcurse ------------------------------------------------------------------------

needs_calcurse = pytest.mark.skipif(
    shutil.which("calcurse") is None,
    reason="calcurse is not installed: it is a Debian package (apt-get install calcurse), not in the [test] extra",
)


@pytest.fixture
def calcurse(tmp_path):
    """calcurse on its own data directory, as `calcurse(*args)`; `.reset()` empties it."""
    data = tmp_path / "calcurse"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "TZ": "UTC"}

    def run(*args: str) -> str:
        data.mkdir(exist_ok=True)
        return run_client(["calcurse", "-D", str(data), "-C", str(data), *args], env)

    run.reset = lambda: shutil.rmtree(data, ignore_errors=True)
    return run


def calcurse_items(calcurse) -> Counter:
    """What calcurse holds, read back from the iCalendar it exports (`calcurse -x`):
    Counter of (day, summary, status, number of alarms)."""
    import icalendar

    # calcurse writes the lead time of an alarm as `TRIGGER:-P300S` (its notify setting in
    # seconds, without the T that RFC 5545 requires), which icalendar refuses: only the
    # number of alarms counts here, so their TRIGGER lines are dropped before parsing.
    text = re.sub(r"(?m)^TRIGGER[;:].*\n?", "", calcurse("-x"))
    exported = icalendar.Calendar.from_ical(text.encode("utf-8"))
    return Counter(
        (e.decoded("DTSTART"), str(e["SUMMARY"]), str(e.get("STATUS", "")), len(e.walk("VALARM")))
        for e in exported.walk("VEVENT")
    )


def as_imported(ics: Path, times: int = 1) -> Counter:
    """The file's events as calcurse keeps them: every one, STATUS and alarms dropped."""
    return Counter({(e["start"], e["summary"], "", 0): times for e in parsed_events(ics.read_bytes()).values()})


@needs_calcurse
def test_calcurse_imports_every_event_on_its_day_without_its_alarms(book, tmp_path, calcurse):
    ics = tmp_path / "orders.ics"
    book("export-ics", "-o", str(ics), *ALARMS)
    exported = parsed_events(ics.read_bytes())
    assert all(e["alarms"] for e in exported.values() if e["status"] == "CONFIRMED")
    calcurse("-i", str(ics))
    assert calcurse_items(calcurse) == as_imported(ics)  # every event, on its day, with no alarm


@needs_calcurse
def test_calcurse_keeps_the_alarms_of_timed_appointments_only(tmp_path, calcurse):
    """The control for the test above: the same alarm on a timed event survives the
    import and `calcurse -x`, so it is the all-day event that loses it."""
    timed = tmp_path / "timed.ics"
    timed.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:timed@test\r\nDTSTAMP:20261126T080000Z\r\n"
        b"DTSTART:20261210T100000Z\r\nDTEND:20261210T110000Z\r\nSUMMARY:Timed\r\n"
        b"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Soon\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    calcurse("-i", str(timed))
    [(start, summary, _status, alarms)] = calcurse_items(calcurse)
    assert summary == "Timed" and alarms == 1


@needs_calcurse
def test_calcurse_adds_every_event_again_on_each_import(book, tmp_path, calcurse):
    ics = tmp_path / "orders.ics"
    book("export-ics", "-o", str(ics))
    calcurse("-i", str(ics))
    calcurse("-i", str(ics))  # the same file again
    assert calcurse_items(calcurse) == as_imported(ics, times=2)

    first = as_imported(ics, times=2)
    book("confirm", "1001")
    book("extend", "1005", "15")
    book("export-ics", "-o", str(ics), "1001", "1005")
    calcurse("-i", str(ics))  # no update: the changed and cancelled events come in beside the old
    assert calcurse_items(calcurse) == first + as_imported(ics)
    cancelled = [e for e in parsed_events(ics.read_bytes()).values() if e["status"] == "CANCELLED"]
    assert len(cancelled) == 2 and all(calcurse_items(calcurse)[(e["start"], e["summary"], "", 0)] for e in cancelled)

    # What the README says to do instead: a calcurse directory of its own, emptied before
    # each import of the full export.
    book("export-ics", "-o", str(ics))
    calcurse.reset()
    calcurse("-i", str(ics))
    assert calcurse_items(calcurse) == as_imported(ics)


# ---- a CalDAV server: Radicale (in the [test] extra) ----------------------------------

SERVER_SECONDS = 30  # to start, and for each request


@pytest.fixture
def radicale(tmp_path):
    """Radicale on 127.0.0.1 (a free port), storage in tmp_path, any login accepted;
    stopped after the test. Yields the URL of the calendar collection /me/orders/."""
    import socket
    import time
    import urllib.error

    with socket.socket() as probe:  # a free port, released just before the server takes it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {tmp_path / 'collections'}\n[logging]\nlevel = warning\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "HOME": str(tmp_path)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_SECONDS
        while True:
            try:
                dav(base + "/me/", "PROPFIND", headers={"Depth": "0"})  # also creates the user's home
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "Radicale did not start"
                time.sleep(0.2)
        yield base + "/me/orders/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=SERVER_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def dav(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    import base64
    import urllib.request

    login = base64.b64encode(b"me:any").decode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Authorization": f"Basic {login}", **(headers or {})}
    )
    with urllib.request.urlopen(request, timeout=SERVER_SECONDS) as response:
        return response.status, response.read()


def upload(url: str, ics: Path) -> dict[str, tuple[date, str]]:
    """PUT the whole file as the calendar at `url`; what the server then holds."""
    status, _body = dav(url, "PUT", ics.read_bytes(), {"Content-Type": "text/calendar; charset=utf-8"})
    assert status in (200, 201, 204)
    held = parsed_events(dav(url)[1])
    return {uid: (e["start"], e["status"]) for uid, e in held.items()}


def test_a_caldav_server_takes_the_file_as_a_calendar_and_a_new_upload_replaces_it(book, tmp_path, radicale):
    ics = tmp_path / "orders.ics"
    book("export-ics", "-o", str(ics), *ALARMS)
    expected = expected_days(ics)
    assert upload(radicale, ics) == expected  # every event, each on its day (the server parses each)
    assert upload(radicale, ics) == expected  # the same file again: no duplicates

    book("confirm", "1001")
    book("extend", "1005", "15")
    book("export-ics", "-o", str(ics), *ALARMS)
    changed = expected_days(ics)
    cancelled = {uid for uid, (_day, status) in changed.items() if status == "CANCELLED"}
    assert len(cancelled) == 2 and set(changed) == set(expected)
    assert upload(radicale, ics) == changed  # replaced: moved dates moved, cancelled ones marked
    book("export-ics", "-o", str(ics), *ALARMS)
    latest = upload(radicale, ics)
    assert latest == expected_days(ics) and set(latest) == set(expected) - cancelled  # forgotten: gone

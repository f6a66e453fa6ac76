"""`orders due` and `orders remind`: levels, windows, JSON, exit codes, cron silence."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def book(orders):
    """Four orders as of 2026-11-26 with deadlines at known distances."""
    setup = [
        ("add", "1001", "--shipped", "2026-09-20", "--title", "Наушники"),  # protection ended 19 Nov
        ("add", "1002", "--shipped", "2026-11-01", "--protection-end", "2026-11-28", "--title", "Case"),
        ("add", "1003", "--paid", "2026-11-20"),  # ship by 27 Nov
        ("add", "1004", "--shipped", "2026-10-01"),
        ("extend", "1004", "10", "--on", "2026-11-01"),
        ("extend", "1004", "10", "--on", "2026-11-10"),
        ("add", "1005", "--shipped", "2026-07-01"),  # everything passed long ago: nothing to do
    ]
    for step in setup:
        assert orders(*step).code == 0, step
    return orders


def items(result) -> list[tuple]:
    data = json.loads(result.stdout)
    return [(i["order_no"], i["kind"], i["date"], i["days_left"], i["level"]) for i in data["items"]]


def test_due_lists_the_window_soonest_first_with_levels(book):
    result = book("due", "--json")
    assert result.code == 0
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1 and data["today"] == "2026-11-26" and data["within"] == 7
    assert items(result) == [
        ("1001", "last_safe_dispute_day", "2026-11-17", -9, "overdue"),
        ("1001", "protection_end", "2026-11-19", -7, "overdue"),
        ("1002", "last_safe_dispute_day", "2026-11-26", 0, "today"),
        ("1003", "ship_by", "2026-11-27", 1, "urgent"),
        ("1002", "protection_end", "2026-11-28", 2, "urgent"),
        # beside 1001's overdue lines, its last chance (8 days away, outside the window)
        ("1001", "grace_cutoff", "2026-12-04", 8, "later"),
    ]
    first = data["items"][0]
    assert first["title"] == "Наушники" and first["marketplace"] == "aliexpress"
    # once passed, only what is still possible: no "ask the seller to extend protection"
    assert first["action"] == "the safe day has passed: if the item is missing or faulty, open a dispute at once"


def test_overdue_is_listed_only_while_something_can_still_be_done(book):
    listed = {i[0] for i in items(book("due", "--all", "--json"))}
    assert "1005" not in listed  # its grace cutoff passed in September
    # on 5 Dec order 1001's grace cutoff (4 Dec) has passed too: only that last date is
    # still told (for a week, so `remind` reports it once); then the order leaves `due`
    assert [i[:2] for i in items(book("due", "--json", today="2026-12-05")) if i[0] == "1001"] == [
        ("1001", "grace_cutoff")
    ]
    assert "1001" not in {i[0] for i in items(book("due", "--json", today="2026-12-12"))}


def test_window_is_inclusive_and_soon_level(book):
    within_2 = items(book("due", "--within", "2", "--json"))
    assert ("1002", "protection_end", "2026-11-28", 2, "urgent") in within_2
    assert ("1002", "protection_end", "2026-11-28", 2, "urgent") not in items(book("due", "--within", "1", "--json"))
    assert ("1004", "grace_cutoff", "2027-01-04", 39, "soon") in items(book("due", "--within", "39", "--json"))


def test_all_shows_later_deadlines_as_later(book):
    everything = items(book("due", "--all", "--json"))
    assert ("1004", "grace_cutoff", "2027-01-04", 39, "later") in everything
    assert [i[2] for i in everything] == sorted(i[2] for i in everything)


def test_due_text_lines_have_words_dates_and_actions(book):
    out = book("due").stdout
    lines = out.splitlines()
    assert lines[0].startswith("overdue  2026-11-17  9 days ago")
    assert "1001 Наушники: last safe day to open a dispute - the safe day has passed" in lines[0]
    assert any(line.startswith("today    2026-11-26  today") for line in lines)
    assert any(line.startswith("urgent   2026-11-27  tomorrow") and "ask the seller to ship" in line for line in lines)
    assert "\x1b[" not in out


def test_guard_rail_warnings(book, orders):
    assert "warning  1004: protection was extended 2 times" in book("due", "--all").stdout
    book("delivered", "1002", "--on", "2026-11-25")
    data = json.loads(book("due", "--json").stdout)
    codes = {(w["order_no"], w["code"]) for w in data["warnings"]}
    assert ("1002", "delivered_timer") in codes
    book("dispute", "1002", "--on", "2026-11-26")
    shown = json.loads(book("show", "1002", "--json").stdout)
    assert [w["code"] for w in shown["warnings"]] == ["dispute_near_protection_end"]
    assert "do not close it" in book("show", "1002").stdout


def test_check_exit_code_and_quiet(book, orders):
    assert book("due", "--check").code == 3
    empty = book("due", "--check", "--quiet", today="2020-01-01")
    assert empty.code == 0 and empty.stdout == ""
    assert book("due", today="2020-01-01").stdout == "Nothing due in the next 7 days.\n"


def test_due_on_a_missing_database_is_calm(orders, db):
    result = orders("due")
    assert result.code == 0 and "Nothing due" in result.stdout
    assert not db.exists()
    assert orders("remind").stdout == ""


def test_due_rejects_a_bad_window(orders):
    result = orders("due", "--within", "-1")
    assert result.code == 1 and "window" in result.stderr


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    import io
    from datetime import date

    from tracker.engine import DeadlineKind, Level
    from tracker.render.plain import print_due
    from tracker.agenda import DueItem, DueReport

    item = DueItem("1", "t", "aliexpress", DeadlineKind.SHIP_BY, date(2026, 11, 26), True, "x", 0, Level.TODAY)
    report = DueReport(date(2026, 11, 26), 7, False, [item], {})

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    tty = Tty()
    print_due(report, quiet=False, stream=tty)
    assert "\x1b[1;31mtoday" in tty.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Tty()
    print_due(report, quiet=False, stream=plain)
    assert "\x1b[" not in plain.getvalue() and plain.getvalue().startswith("today")


# ---- remind --------------------------------------------------------------------------


def test_remind_speaks_once_per_stage_and_is_silent_otherwise(book):
    first = book("remind", "--json")
    assert [i[:2] for i in items(first)] == [
        ("1001", "last_safe_dispute_day"),
        ("1001", "protection_end"),
        ("1002", "last_safe_dispute_day"),
        ("1003", "ship_by"),
        ("1002", "protection_end"),
    ]
    again = book("remind")
    assert again.code == 0 and again.stdout == ""
    next_day = items(book("remind", "--json", today="2026-11-27"))
    assert next_day == [
        ("1002", "last_safe_dispute_day", "2026-11-26", -1, "overdue"),
        ("1003", "ship_by", "2026-11-27", 0, "today"),
        ("1002", "protection_end", "2026-11-28", 1, "urgent"),
        ("1001", "grace_cutoff", "2026-12-04", 7, "soon"),
    ]


def test_remind_catches_up_after_days_off_with_one_line_per_deadline(book):
    book("remind")
    # off from 27 Nov to 3 Dec: 1001's grace cutoff went through stages 7, 3, 2 and 1 unseen
    caught_up = items(book("remind", "--json", today="2026-12-03"))
    grace = [i for i in caught_up if i[:2] == ("1001", "grace_cutoff")]
    assert grace == [("1001", "grace_cutoff", "2026-12-04", 1, "urgent")]
    assert book("remind", today="2026-12-03").stdout == ""


def test_remind_reports_a_moved_deadline_again(book):
    book("remind")
    book("extend", "1002", "1")  # protection end moves from 28 to 29 Nov
    moved = items(book("remind", "--json"))
    assert ("1002", "protection_end", "2026-11-29", 3, "soon") in moved


def test_remind_stages_option(book):
    assert items(book("remind", "--stages", "0", "--json")) == [
        ("1001", "last_safe_dispute_day", "2026-11-17", -9, "overdue"),
        ("1001", "protection_end", "2026-11-19", -7, "overdue"),
        ("1002", "last_safe_dispute_day", "2026-11-26", 0, "today"),
    ]
    bad = book("remind", "--stages", "soon")
    assert bad.code == 1 and "invalid --stages" in bad.stderr

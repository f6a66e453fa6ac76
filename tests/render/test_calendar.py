"""The iCalendar renderer against RFC 5545, read from the raw bytes, and against the
independent `icalendar` parser. Every correction of the `ics` library is proven here."""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.calendar_support import (
    DUR_VALUE,
    TITLES,
    logical_lines,
    parsed_events,
    physical_lines,
    rfc5545_problems,
    trigger_problems,
    without_dtstamp,
)
from tracker.calendar_export import CalendarItem, event_uid
from tracker.engine.model import DeadlineKind
from tracker.errors import OrdersError
from tracker.render.calendar import MAX_ALARM_DAYS, MORNING_HOUR, check_alarms, duration, fold, render, summary, trigger

STAMP = datetime(2026, 11, 26, 8, 30, 5, tzinfo=UTC)
MODIFIED = datetime(2026, 11, 20, 7, 0, 0, tzinfo=UTC)
KINDS = list(DeadlineKind)


def item(n: int, title: str | None = "Наушники", cancelled: bool = False, **changes) -> CalendarItem:
    kind = KINDS[n % len(KINDS)]
    order_no = str(1000 + n // len(KINDS))
    fields = dict(
        uid=event_uid(kind, order_no),
        order_no=order_no,
        title=title,
        kind=kind,
        date=date(2026, 11, 20) + timedelta(days=n % 90),
        estimated=n % 2 == 0,
        explanation=None if cancelled else f"shipped 4 Nov 2026 + {n} days protection (default)",
        url=f"https://www.aliexpress.com/p/order/detail.html?orderId={order_no}",
        sequence=n % 3,
        last_modified=MODIFIED,
        cancelled=cancelled,
    )
    fields.update(changes)
    return CalendarItem(**fields)


@pytest.fixture(scope="module")
def many() -> list[CalendarItem]:
    """420 events of 60 orders with Cyrillic, CJK and emoji titles; some cancelled."""
    return [item(n, TITLES[n % len(TITLES)], cancelled=n % 11 == 0) for n in range(420)]


@pytest.fixture(scope="module")
def data(many) -> bytes:
    return render(many, STAMP)


def test_the_raw_bytes_satisfy_rfc5545(data):
    # CRLF everywhere and at the end, <= 75 octets, no split UTF-8 character, VERSION and
    # PRODID, UID/DTSTAMP/DATE DTSTART/next-day DTEND, alarms after the event's properties
    # with ACTION, TRIGGER and a non-empty DESCRIPTION: see rfc5545_problems.
    assert rfc5545_problems(data) == []
    assert data.count(b"BEGIN:VEVENT") == 420
    assert max(len(line) for line in physical_lines(data)) == 75  # folding was needed
    assert any(line.startswith(b" ") for line in physical_lines(data))


def ics_alone(name: str, alarm: timedelta = timedelta(hours=9)) -> str:
    """What the `ics` library writes by itself for one all-day event with one alarm."""
    from ics import Calendar, DisplayAlarm, Event

    event = Event(name=name, begin=date(2027, 1, 1), uid="x@y")
    event.make_all_day()
    event.alarms.append(DisplayAlarm(trigger=alarm))
    calendar = Calendar()
    calendar.events.add(event)
    with pytest.warns(FutureWarning):  # ics warns on every serialize
        return calendar.serialize()


def test_ics_alone_gets_these_wrong_and_the_checker_sees_every_one():
    raw = ics_alone("Short").encode()
    assert rfc5545_problems(raw) == ["the file does not end with CRLF"]
    assert rfc5545_problems(raw + b"\r\n") == [
        "a VALARM has no DESCRIPTION or an empty one",
        "event property after a VALARM: DTSTART;VALUE=DATE:20270101",
        "event property after a VALARM: SUMMARY:Short",
        "event property after a VALARM: UID:x@y",
        "a VEVENT has 0 DTSTAMP",
        "a VEVENT has 0 DTEND",
    ]
    long = ics_alone(TITLES[0]).encode() + b"\r\n"
    assert rfc5545_problems(long) == ["line 11 is 158 octets long"]  # not folded
    eight_days = ics_alone("Short", trigger(8)).encode() + b"\r\n"  # weeks mixed with hours
    assert [p for p in rfc5545_problems(eight_days) if "TRIGGER" in p] == [
        "a VALARM has a TRIGGER outside RFC 5545's grammar: TRIGGER:-P1WT15H"
    ]
    # ours, for contrast
    assert rfc5545_problems(render([item(0, TITLES[0])], STAMP)) == []


def test_render_does_not_warn(many):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render(many[:5], STAMP)


def test_event_properties_come_first_in_a_fixed_order_then_the_alarms():
    lines = logical_lines(render([item(3)], STAMP))
    event = lines[lines.index("BEGIN:VEVENT") + 1 : lines.index("END:VEVENT")]
    names = [line.split(":")[0].split(";")[0] for line in event]
    alarm = ["BEGIN", "ACTION", "DESCRIPTION", "TRIGGER", "END"]
    assert names == [
        "UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "LAST-MODIFIED", "STATUS", "SUMMARY",
        "DESCRIPTION", "TRANSP", "URL", *alarm, *alarm, *alarm,
    ]


def test_an_independent_parser_reads_the_same_events_and_dates(many, data):
    events = parsed_events(data)
    assert set(events) == {i.uid for i in many}
    for i in many:
        event = events[i.uid]
        assert event["start"] == i.date and type(event["start"]) is date
        assert event["end"] == i.date + timedelta(days=1)
        assert event["summary"] == summary(i)
        assert event["sequence"] == i.sequence
        assert event["last_modified"] == MODIFIED
        if i.cancelled:
            assert event["status"] == "CANCELLED" and event["alarms"] == []
            assert event["summary"].startswith("Cancelled: ")
        else:
            assert event["status"] == "CONFIRMED"
            assert i.explanation in event["description"] and "What to do: " in event["description"]
            assert ("(estimated)" in event["description"]) == i.estimated
            assert i.url in event["description"]
            assert [t for t, _ in event["alarms"]] == [timedelta(hours=-39), timedelta(hours=-15), timedelta(hours=9)]
            assert all(text.endswith(summary(i)) for _, text in event["alarms"])


def test_summary_names_the_deadline_the_title_and_the_order():
    assert summary(item(3, "Наушники")) == "Last safe day to open a dispute: Наушники (1000)"
    assert summary(item(0, None)) == "Seller must ship by: order 1000"


def test_events_come_in_the_order_given(many, data):
    uids = [line[4:] for line in logical_lines(data) if line.startswith("UID:")]
    assert uids == [i.uid for i in many]


def test_the_same_items_twice_give_the_same_bytes_apart_from_dtstamp(many, data):
    again = render(list(many), STAMP + timedelta(hours=5))
    assert again != data
    assert without_dtstamp(again) == without_dtstamp(data)
    assert b"DTSTAMP:20261126T083005Z\r\n" in data and b"DTSTAMP:20261126T133005Z\r\n" in again


def test_alarms_days_before_at_nine_in_the_morning():
    assert trigger(0) == timedelta(hours=9)
    assert trigger(1) == timedelta(hours=-15)  # 9:00 the day before
    assert trigger(7) == timedelta(days=-7, hours=9)
    data = render([item(1)], STAMP, alarms=check_alarms([7, 0, 7]))
    assert b"TRIGGER:-P6DT15H\r\n" in data and b"TRIGGER:PT9H\r\n" in data
    assert [t for t, _ in parsed_events(data)[item(1).uid]["alarms"]] == [timedelta(days=-7, hours=9), trigger(0)]
    assert b"BEGIN:VALARM" not in render([item(1)], STAMP, alarms=())


@pytest.mark.parametrize(
    ("days", "line"),
    [
        (0, b"TRIGGER:PT9H"),
        (1, b"TRIGGER:-PT15H"),
        (7, b"TRIGGER:-P6DT15H"),
        (8, b"TRIGGER:-P7DT15H"),  # ics alone: -P1WT15H, weeks with hours
        (14, b"TRIGGER:-P13DT15H"),
        (60, b"TRIGGER:-P59DT15H"),  # the most allowed; ics alone: -P8W3DT15H
    ],
)
def test_every_alarm_trigger_is_an_rfc5545_duration_in_days(days, line):
    assert days <= MAX_ALARM_DAYS
    data = render([item(1), item(2, cancelled=True)], STAMP, alarms=check_alarms([days]))
    triggers = [raw for raw in physical_lines(data) if raw.startswith(b"TRIGGER")]
    assert triggers == [line]  # one alarm, on the event that is not cancelled
    assert DUR_VALUE.fullmatch(line.split(b":")[1].decode()) and trigger_problems(line.decode()) == []
    assert rfc5545_problems(data) == []
    [(offset, _text)] = parsed_events(data)[item(1).uid]["alarms"]  # read back by icalendar
    start_of_day = datetime.combine(item(1).date, time(0))  # the all-day event starts at 00:00 local
    assert start_of_day + offset == datetime.combine(item(1).date - timedelta(days=days), time(MORNING_HOUR))


@settings(max_examples=200, deadline=None)
@given(st.integers(-100 * 86400, 100 * 86400))
def test_any_duration_is_written_in_rfc5545_grammar_and_reads_back(seconds):
    from icalendar import vDuration

    delta = timedelta(seconds=seconds)
    text = duration(delta)
    assert DUR_VALUE.fullmatch(text) and "W" not in text
    assert vDuration.from_ical(text) == delta


@pytest.mark.parametrize("days", [-1, 61])
def test_alarm_days_are_checked(days):
    with pytest.raises(OrdersError, match=f"invalid --alarm {days}: use days before the deadline, 0 to 60"):
        check_alarms([1, days])


def test_an_empty_calendar_is_valid():
    data = render([], STAMP)
    assert rfc5545_problems(data) == [] and parsed_events(data) == {}


def test_control_characters_never_reach_the_file():
    data = render([item(3, "Bad\x00\x07title\x1b[31m\x85\u2028end\n")], STAMP)
    assert rfc5545_problems(data) == []
    assert parsed_events(data)[item(3).uid]["summary"] == "Last safe day to open a dispute: Badtitle[31mend (1000)"


# ---- folding, for any text -----------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=400))
def test_folding_any_unicode_keeps_75_octets_whole_characters_and_the_text(text):
    # a content line never holds a line break: TEXT values escape them as \n first
    folded = fold("SUMMARY:" + text)
    parts = folded.split(b"\r\n")
    assert all(len(part) <= 75 for part in parts)
    decoded = [part.decode("utf-8") for part in parts]  # raises if a character was split
    assert all(part.startswith(" ") for part in decoded[1:])
    assert decoded[0] + "".join(part[1:] for part in decoded[1:]) == "SUMMARY:" + text
    assert all(len(part) >= 72 for part in parts[:-1])  # folds only when it must


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=120), min_size=1, max_size=4))
def test_any_title_round_trips_through_an_independent_parser(titles):
    items = [item(n, title) for n, title in enumerate(titles)]
    data = render(items, STAMP)
    assert rfc5545_problems(data) == []
    events = parsed_events(data)
    assert [events[i.uid]["summary"] for i in items] == [summary(i) for i in items]


def test_the_order_link_is_a_valid_uri_and_is_in_the_description():
    link = "https://shop.example/order?id=1,2;x=\\y"
    data = render([item(3, url=link)], STAMP)
    assert b"URL:https://shop.example/order?id=1%2C2%3Bx=%5Cy\r\n" in data  # no TEXT escapes in a URI
    assert parsed_events(data)[item(3).uid]["description"].endswith(f"Order: {link}")

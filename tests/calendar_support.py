"""Shared by the calendar tests: an RFC 5545 checker that reads raw bytes, a parse with the
independent `icalendar` library, and an order book with many orders and Cyrillic titles."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 26)

# Long, multi-byte, with the characters iCalendar must escape.
TITLES = [
    "Беспроводные наушники с шумоподавлением, чехол и кабель USB-C; подарочная упаковка",
    "Чехол",
    "Зарядка 65 Вт \\ GaN; 3 порта, быстрая",
    "Набор отвёрток 24 в 1 — прецизионный, магнитный, для ремонта смартфонов и ноутбуков",
    "🎧 耳机 Ёлочная гирлянда «Снежинка» 10 м",
    None,
]


# RFC 5545 3.3.6: dur-value = ["+" / "-"] "P" (dur-date / dur-time / dur-week), where
# dur-date = dur-day [dur-time], dur-time = "T" (dur-hour / dur-minute / dur-second),
# dur-hour = 1*DIGIT "H" [dur-minute], dur-minute = 1*DIGIT "M" [dur-second], and
# dur-week = 1*DIGIT "W" alone: weeks never come with days or a time.
_DUR_TIME = r"T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S)"
DUR_VALUE = re.compile(rf"[+-]?P(?:\d+D(?:{_DUR_TIME})?|{_DUR_TIME}|\d+W)")
# 3.8.6.3: trigger = "TRIGGER" (trigrel *(";" other-param) ":" dur-value
#                              / trigabs *(";" other-param) ":" date-time); trigabs needs VALUE=DATE-TIME.
_TRIGGER = re.compile(r"TRIGGER(?P<params>(?:;[^:;]*)*):(?P<value>.*)")


def trigger_problems(line: str) -> list[str]:
    """What is wrong with one TRIGGER content line (unfolded)."""
    found = _TRIGGER.fullmatch(line)
    if found is None:
        return [f"not a TRIGGER line: {line}"]
    params = {p.split("=", 1)[0].upper(): p.split("=", 1)[-1].upper() for p in found["params"].split(";")[1:]}
    if params.get("VALUE") == "DATE-TIME":
        ok = re.fullmatch(r"\d{8}T\d{6}Z", found["value"])
    else:
        ok = DUR_VALUE.fullmatch(found["value"]) and params.get("RELATED", "START") in ("START", "END")
    return [] if ok else [f"a VALARM has a TRIGGER outside RFC 5545's grammar: {line}"]


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n"), "the file must end with CRLF"
    return data[:-2].split(b"\r\n")


def logical_lines(data: bytes) -> list[str]:
    lines: list[str] = []
    for raw in physical_lines(data):
        text = raw.decode("utf-8")
        if text.startswith(" "):
            lines[-1] += text[1:]
        else:
            lines.append(text)
    return lines


def name_of(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0]


def rfc5545_problems(data: bytes) -> list[str]:
    """Everything this file gets wrong, read from its bytes (an empty list: all good)."""
    problems: list[str] = []
    if not data.endswith(b"\r\n"):
        return ["the file does not end with CRLF"]
    if b"\n" in data.replace(b"\r\n", b"") or b"\r" in data.replace(b"\r\n", b""):
        problems.append("a line ends without CRLF")
    for n, raw in enumerate(physical_lines(data), 1):
        if len(raw) > 75:
            problems.append(f"line {n} is {len(raw)} octets long")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {n} splits a UTF-8 character: {raw!r}")
    if problems:
        return problems
    lines = logical_lines(data)
    if lines[0] != "BEGIN:VCALENDAR" or lines[-1] != "END:VCALENDAR":
        problems.append("not one VCALENDAR")
    head = lines[: lines.index("BEGIN:VEVENT")] if "BEGIN:VEVENT" in lines else lines
    for required in ("VERSION:2.0", "PRODID:"):
        if not any(line.startswith(required) for line in head):
            problems.append(f"VCALENDAR has no {required.rstrip(':')}")
    event: list[str] | None = None
    alarm: list[str] | None = None
    seen_alarm = False
    for line in lines:
        if line == "BEGIN:VEVENT":
            event, seen_alarm = [], False
        elif line == "BEGIN:VALARM":
            alarm, seen_alarm = [], True
        elif line == "END:VALARM":
            names = {name_of(a) for a in alarm}
            for required in ("ACTION", "TRIGGER"):
                if required not in names:
                    problems.append(f"a VALARM has no {required}")
            for trig in (a for a in alarm if name_of(a) == "TRIGGER"):
                problems += trigger_problems(trig)
            descriptions = [a.split(":", 1)[1] for a in alarm if name_of(a) == "DESCRIPTION"]
            if not descriptions or not all(descriptions):
                problems.append("a VALARM has no DESCRIPTION or an empty one")
            alarm = None
        elif alarm is not None:
            alarm.append(line)
        elif line == "END:VEVENT":
            problems += _event_problems(event)
            event = None
        elif event is not None:
            if seen_alarm:
                problems.append(f"event property after a VALARM: {line}")
            event.append(line)
    return problems


def _event_problems(event: list[str]) -> list[str]:
    problems: list[str] = []
    names = [name_of(line) for line in event]
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND"):
        if names.count(required) != 1:
            problems.append(f"a VEVENT has {names.count(required)} {required}")
    if problems:
        return problems
    value = {name_of(line): line for line in event}
    uid = value["UID"]
    if not re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", value["DTSTAMP"]):
        problems.append(f"{uid}: bad {value['DTSTAMP']}")
    start = re.fullmatch(r"DTSTART;VALUE=DATE:(\d{8})", value["DTSTART"])
    end = re.fullmatch(r"DTEND;VALUE=DATE:(\d{8})", value["DTEND"])
    if not start or not end:
        problems.append(f"{uid}: DTSTART/DTEND are not DATE values")
    else:
        first = date(int(start[1][:4]), int(start[1][4:6]), int(start[1][6:]))
        if end[1] != f"{first + timedelta(days=1):%Y%m%d}":
            problems.append(f"{uid}: DTEND is not the day after DTSTART")
    return problems


def parsed_events(data: bytes) -> dict[str, dict]:
    """The events as the independent `icalendar` parser reads them, by UID."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = {}
    for event in calendar.walk("VEVENT"):
        events[str(event["UID"])] = {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "sequence": int(event.get("SEQUENCE", 0)),
            "last_modified": event.decoded("LAST-MODIFIED") if "LAST-MODIFIED" in event else None,
            "status": str(event.get("STATUS", "")),
            "alarms": [(a.decoded("TRIGGER"), str(a["DESCRIPTION"])) for a in event.walk("VALARM")],
        }
    return events


def without_dtstamp(data: bytes) -> bytes:
    return re.sub(rb"DTSTAMP:\d{8}T\d{6}Z\r\n", b"", data)


def build_book(db: Path, count: int, today: date = TODAY) -> Path:
    """`count` orders covering every deadline kind, plus a cancelled one. Each goes
    through the Book's own checks and save (engine, status, stored deadlines), all in one
    transaction: the same rows as one `orders` command per event, in a fraction of the
    time."""
    from datetime import UTC, datetime

    from tracker.engine import Event, EventKind, Order
    from tracker.services import Book
    from tracker.store import repo

    def life(n: int) -> list[Event]:
        paid = today - timedelta(days=n % 50 + 2)
        shipped = paid + timedelta(days=1)
        story = {
            0: [Event(EventKind.PAID, today - timedelta(days=n % 5))],  # awaiting shipment: ship_by
            2: [Event(EventKind.CONFIRMED, today - timedelta(days=1))],
            3: [Event(EventKind.DISPUTE_OPENED, today)],
            4: [Event(EventKind.DISPUTE_OPENED, shipped), Event(EventKind.DISPUTE_RESOLVED, today, value="partial")],
            5: [Event(EventKind.EXTENDED, shipped, days=15)],
        }
        if n % 8 == 0:
            return story[0]
        return [Event(EventKind.PAID, paid), Event(EventKind.SHIPPED, shipped), *story.get(n % 8, [])]

    books = [(Order(str(1000 + n), title=TITLES[n % len(TITLES)]), life(n)) for n in range(count)]
    books.append((Order("9999", title="Отменён"), [Event(EventKind.PAID, today), Event(EventKind.CANCELLED, today)]))
    book = Book(db, today)
    store = book._store(write=True)
    try:
        with store.transaction() as session:
            now = datetime.now(UTC)
            for order, events in books:
                row = repo.insert_order(session, order, "awaiting_shipment", now)
                stored = [repo.to_event(repo.add_event(session, row.id, e, now)) for e in events]
                book._save(session, row, order, stored)
    finally:
        store.close()
    return db


def copy_book(source: Path, db: Path) -> Path:
    import shutil

    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{db}{suffix}")
    return db


_BUILT: dict[int, Path] = {}


def shared_book(tmp_path_factory, count: int = 60) -> Path:
    """One book of `count` orders per test session (building it takes seconds); copy it
    before changing it."""
    if count not in _BUILT:
        _BUILT[count] = build_book(tmp_path_factory.mktemp("calendar-book") / "orders.db", count)
    return _BUILT[count]

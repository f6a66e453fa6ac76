"""Deadlines as an iCalendar file (RFC 5545) that real calendars import and update.

One all-day event per deadline, with DISPLAY alarms. The text is built with the `ics`
library, then corrected where ics 0.7 falls short of RFC 5545 or of real calendars:

- DTSTAMP (required) is written only when `created` is set: added here;
- a one-day all-day event gets no DTEND: added (the next day), as many calendars need it;
- SEQUENCE and LAST-MODIFIED, which updates need, are not supported: added;
- VALARMs come before DTSTART, which a known Android calendar rejects: moved after the
  event's own properties;
- lines are not folded at 75 octets: folded here, never inside a UTF-8 character;
- the file does not end with CRLF: every line ends with CRLF here;
- an alarm without `display_text` gets an empty DESCRIPTION: every alarm gets one;
- alarm TRIGGERs of a week or more mix weeks with days and hours (`-P1WT15H`), which
  RFC 5545's duration grammar forbids: rewritten in days and hours (`-P7DT15H`);
- every serialize warns (FutureWarning from str() on alarms): silenced around it only.

No database here: it renders the items it is given (tracker.calendar_export).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from tracker import __version__
from tracker.calendar_export import CalendarItem
from tracker.config import DEFAULTS as CONFIG_DEFAULTS
from tracker.errors import OrdersError
from tracker.i18n import N_, _, ngettext
from tracker.render.words import ACTIONS, DEADLINE_WORDS
from tracker.text import without_hidden

PRODID = f"-//orders//orders-tracker {__version__}//EN"
CALENDAR_NAME = N_("Order deadlines")
DEFAULT_ALARMS = tuple(CONFIG_DEFAULTS["alarms"])  # days before; 0 is the morning of the day
MAX_ALARM_DAYS = 60
MORNING_HOUR = 9  # alarms go off at 9:00 local time
LINE_OCTETS = 75
CRLF = b"\r\n"

# The event's own properties in the order they are written (then anything else ics
# wrote, then the alarms).
_PROPERTY_ORDER = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "LAST-MODIFIED", "STATUS", "SUMMARY")


def check_alarms(days: Iterable[int]) -> tuple[int, ...]:
    """Days before the deadline, latest first, each once; 0 is the morning of the day."""
    chosen = tuple(sorted(set(days), reverse=True))
    for n in chosen:
        if not 0 <= n <= MAX_ALARM_DAYS:
            raise OrdersError(_('invalid --alarm {n}: use days before the deadline, 0 to {MAX_ALARM_DAYS}').format(n=n, MAX_ALARM_DAYS=MAX_ALARM_DAYS))
    return chosen


def trigger(days_before: int) -> timedelta:
    """Relative to the start of the all-day event (00:00 local): 9:00 that many days before."""
    return timedelta(hours=MORNING_HOUR - 24 * days_before)


def _clean(text: str) -> str:
    """Control characters are not allowed in TEXT values (RFC 5545 3.3.11), some parsers
    split lines at U+0085, U+2028 and U+2029, bidi controls reorder what a calendar
    shows, lone surrogates cannot be written: none of them reach the file (tracker.text)."""
    return without_hidden(text)


def summary(item: CalendarItem) -> str:
    words = DEADLINE_WORDS[item.kind]
    what = f"{item.title} ({item.order_no})" if item.title else _("order {order_no}").format(order_no=item.order_no)
    text = _clean(f"{words[0].upper()}{words[1:]}: {what}")
    return _("Cancelled: {summary}").format(summary=text) if item.cancelled else text


def description(item: CalendarItem) -> str:
    if item.cancelled:
        return _(
            "This deadline no longer applies to order {order_no} (it was confirmed, disputed, "
            "refunded, closed or removed): nothing to do."
        ).format(order_no=item.order_no)
    lines = [
        item.explanation + (" " + _("(estimated)") if item.estimated else ""),
        _("What to do: {action}.").format(action=ACTIONS[item.kind]),
    ]
    if item.url:
        lines.append(_("Order: {url}").format(url=item.url))
    return "\n".join(_clean(line) for line in lines)


def alarm_text(item: CalendarItem, days_before: int) -> str:
    if days_before == 0:
        when = _("Today")
    elif days_before == 1:
        when = _("Tomorrow")
    else:
        when = ngettext("In {n} day", "In {n} days", days_before).format(n=days_before)
    return f"{when}: {summary(item)}"


def render(items: Sequence[CalendarItem], stamp: datetime, alarms: Sequence[int] = DEFAULT_ALARMS) -> bytes:
    """The calendar as UTF-8 bytes: events in the order given, `stamp` (UTC) as DTSTAMP."""
    import warnings

    from ics import Calendar, DisplayAlarm, Event

    calendar = Calendar(creator=PRODID)
    calendar.scale = "GREGORIAN"
    for item in items:
        event = Event(
            name=summary(item),
            begin=item.date,
            uid=item.uid,
            description=description(item),
            url=_uri(item.url),
            status="CANCELLED" if item.cancelled else "CONFIRMED",
        )
        event.make_all_day()
        event.transparent = True  # a reminder, not busy time
        if not item.cancelled:
            for days in alarms:
                event.alarms.append(DisplayAlarm(trigger=trigger(days), display_text=alarm_text(item, days)))
        calendar.events.add(event)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        text = calendar.serialize()
    return correct(text, items, stamp)


def _uri(url: str | None) -> str | None:
    """ics escapes ',' ';' and '\\' as in TEXT, which is wrong in a URI value: percent-encode
    them instead, so ics has nothing to escape."""
    if url is None:
        return None
    return _clean(url).replace("\\", "%5C").replace(",", "%2C").replace(";", "%3B")


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


_NAME = re.compile(r"[^;:]*")
_RANK = {name: i for i, name in enumerate(_PROPERTY_ORDER)}
_OURS = {"DTSTAMP", "DTEND", "SEQUENCE", "LAST-MODIFIED"}  # written by ics or not, they are ours


def _name(line: str) -> str:
    """A content line's property name (before its parameters or value)."""
    return _NAME.match(line).group().upper()


def unfold(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return lines


def duration(delta: timedelta) -> str:
    """RFC 5545's dur-value (3.3.6) in days, hours, minutes and seconds, never weeks:
    dur-week is weeks alone, so `-P1WT15H` is not allowed where `-P7DT15H` is."""
    sign = "-" if delta < timedelta(0) else ""
    days, rest = divmod(abs(int(delta.total_seconds())), 86400)
    parts = [(rest // 3600, "H"), (rest // 60 % 60, "M"), (rest % 60, "S")]
    used = [i for i, (n, _unit) in enumerate(parts) if n]
    # dur-hour = n "H" [dur-minute], dur-minute = n "M" [dur-second]: no unit skipped between
    time = "T" + "".join(f"{n}{unit}" for n, unit in parts[used[0] : used[-1] + 1]) if used else ""
    if not days and not time:
        return "PT0S"
    return f"{sign}P{f'{days}D' if days else ''}{time}"


# What ics 0.7 writes for a timedelta: weeks, days and time together (see duration).
_ICS_DURATION = re.compile(r"([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")


def _trigger_line(line: str) -> str:
    """An alarm's TRIGGER as ics wrote it, its duration written again by `duration`."""
    head, _colon, value = line.partition(":")
    found = _ICS_DURATION.fullmatch(value)
    if found is None:  # not a duration (an absolute DATE-TIME): ics writes those right
        return line
    sign, *numbers = found.groups()
    weeks, days, hours, minutes, seconds = (int(n or 0) for n in numbers)
    delta = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    return f"{head}:{duration(-delta if sign == '-' else delta)}"


Ranked = list[tuple[int, str]]  # (place in _PROPERTY_ORDER, content line)


def _events(lines: list[str]) -> tuple[list[str], dict[str, tuple[Ranked, list[str]]]]:
    """(calendar properties, {uid: (event properties, alarm lines)}) from ics' lines."""
    head: list[str] = []
    events: dict[str, tuple[Ranked, list[str]]] = {}
    own: Ranked = []
    alarms: list[str] = []
    uid = ""
    depth = 0  # 1 inside VEVENT, 2 inside its VALARM
    last = len(_RANK)
    for line in lines:
        if depth == 2:
            alarms.append(_trigger_line(line) if _name(line) == "TRIGGER" else line)
            if line == "END:VALARM":
                depth = 1
        elif line == "BEGIN:VEVENT":
            depth, own, alarms = 1, [], []
        elif line == "END:VEVENT":
            events[uid] = (own, alarms)
            depth = 0
        elif line == "BEGIN:VALARM":
            depth = 2
            alarms.append(line)
        elif depth == 1:
            name = _name(line)
            if name == "UID":
                uid = line.split(":", 1)[1]
            if name not in _OURS:
                own.append((_RANK.get(name, last), line))
        elif line not in ("BEGIN:VCALENDAR", "END:VCALENDAR"):
            head.append(line)
    return head, events


def correct(text: str, items: Sequence[CalendarItem], stamp: datetime) -> bytes:
    """Fix what ics gets wrong (see the module docstring) and fold into CRLF lines."""
    head, events = _events(unfold(text))
    out = ["BEGIN:VCALENDAR", *head, f"X-WR-CALNAME:{_(CALENDAR_NAME)}"]
    dtstamp = (_RANK["DTSTAMP"], f"DTSTAMP:{_utc_text(stamp)}")
    for item in items:
        own, alarms = events[item.uid]
        props = [
            *own,
            dtstamp,
            (_RANK["DTEND"], f"DTEND;VALUE=DATE:{(item.date + timedelta(days=1)):%Y%m%d}"),
            (_RANK["SEQUENCE"], f"SEQUENCE:{item.sequence}"),
            (_RANK["LAST-MODIFIED"], f"LAST-MODIFIED:{_utc_text(item.last_modified)}"),
        ]
        props.sort(key=lambda p: p[0])  # stable: the rest keep ics' order
        out.append("BEGIN:VEVENT")
        out += [line for _, line in props]
        out += alarms
        out.append("END:VEVENT")
    out.append("END:VCALENDAR")
    lines = "\r\n".join(out).encode("utf-8").split(CRLF)  # no CRLF inside a content line
    return CRLF.join(line if len(line) <= LINE_OCTETS else _fold_octets(line) for line in lines) + CRLF


def fold(line: str) -> bytes:
    """One content line as octets, folded so no physical line exceeds 75 octets (CRLF
    not counted) and no UTF-8 character is split; a continuation starts with a space."""
    return _fold_octets(line.encode("utf-8"))


def _fold_octets(data: bytes) -> bytes:
    if len(data) <= LINE_OCTETS:
        return data
    parts = []
    start, room = 0, LINE_OCTETS
    while len(data) - start > room:
        cut = start + room
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        start, room = cut, LINE_OCTETS - 1  # the leading space takes one octet
    parts.append(data[start:])
    return b"\r\n ".join(parts)


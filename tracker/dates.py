"""Reading the dates people type (English and Russian), and "today".

Strict on purpose: a 16-digit order number must never be read as a year, so there is no
fuzzy parsing. Accepted: 2026-11-26, 26.11.2026, 26.11.26, 26/11/2026, 26.11 (this
year), 26 ноября 2026, 5 дек, 4 Nov 2026, Nov 4, today/сегодня, yesterday/вчера,
tomorrow/завтра, +3d, -2d, +3д, 3 days ago, 3 дня назад, and countdowns as an order
page shows them: осталось 12 дней, через 12 дней, 12 дн., 12 days left, in 12 days, 12d,
12 д 05:33:10.

Digits are ASCII digits only, typed or in a file: `٢٠٢٦-١١-٠١` or full-width `２０２６` are
refused, not read, because a date in another script is more likely a paste gone wrong
than a date, and an import file is written by a program. Files (import) hold only the
exported forms: YYYY-MM-DD days and ISO 8601 moments (file_day, file_moment).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from tracker.errors import OrdersError
from tracker.i18n import N_, _

_RELATIVE = {
    "today": 0, "yesterday": -1, "tomorrow": 1,
    "сегодня": 0, "вчера": -1, "завтра": 1, "позавчера": -2, "послезавтра": 2,
}
# [0-9], not \d: \d matches every script's digits (see the module's docstring).
_OFFSET = re.compile(r"^([+-])([0-9]{1,4})\s*(?:d|days?|д|дн|дня|дней|день)?$")
# A countdown as the order page shows it: «осталось 12 дней», «через 12 дней», «12 дн.»,
# "12 days left", "in 12 days", "12d", «12 д 05:33:10» (the clock part is ignored): today + 12.
_COUNTDOWN = re.compile(
    r"^(?:осталось:?\s+|через\s+|in\s+)?([0-9]{1,4})\s*(?:d|days?|д|дн\.?|дня|дней|день)"
    r"(?:\s+left)?(?:\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$"
)
_AGO = re.compile(r"^([0-9]{1,4})\s+(?:days?|дн|дня|дней|день)\s+(?:ago|назад)$")
_DMY = re.compile(r"^([0-9]{1,2})[./]([0-9]{1,2})(?:[./]([0-9]{2}|[0-9]{4}))?$")
_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_DAY_MONTH = re.compile(r"^([0-9]{1,2})\s+([^\W\d_]+)\.?(?:\s+([0-9]{4}))?(?:\s*г\.?)?$")
_MONTH_DAY = re.compile(r"^([^\W\d_]+)\.?\s+([0-9]{1,2}),?(?:\s+([0-9]{4}))?$")
_FILE_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FILE_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9:.,+\-Z]{2,32})?")

# Month stems: the first letters of every English and Russian form (ноября, ноябрь, нояб, Nov...).
_MONTH_STEMS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}

HINT = N_("use YYYY-MM-DD, DD.MM.YYYY, '26 ноября 2026', today, yesterday or +Nd")


def _month(word: str) -> int | None:
    word = word.lower()
    if len(word) < 3:
        return None
    return _MONTH_STEMS.get(word[:3])


# Any day a buyer could mean, with room for every deadline computed from it (the
# engine adds and subtracts up to a few hundred days): no date arithmetic overflows.
EARLIEST = date(1970, 1, 1)
LATEST = date(2999, 12, 31)


def parse_date(text: str, today: date) -> date:
    """Read a date typed by a person; raise OrdersError with a one-line reason."""
    try:
        return check_range(_read(text, today), text)
    except OverflowError:  # an offset from `today` past year 9999
        raise OrdersError(_('date {text!r} is out of range: use a day from {EARLIEST} to {LATEST}').format(text=text, EARLIEST=EARLIEST, LATEST=LATEST)) from None


def check_range(day: date, text: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise OrdersError(_('date {text!r} is out of range: use a day from {EARLIEST} to {LATEST}').format(text=text, EARLIEST=EARLIEST, LATEST=LATEST))
    return day


def file_day(text: str) -> date | None:
    """A day as an export writes it (YYYY-MM-DD), in range; None when it is not that form.

    Raises OrdersError when it is that form but outside EARLIEST..LATEST.
    """
    if not _FILE_DAY.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        return None
    return check_range(day, text)


def file_moment(text: str) -> datetime | None:
    """A moment as an export writes it (ISO 8601), in UTC; None when it is not that form.

    Without an offset it is taken as UTC, as exported. Raises OrdersError when its day
    is outside EARLIEST..LATEST, as written or in UTC (so what is stored can be exported and
    imported again).
    """
    if not _FILE_MOMENT.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    check_range(moment.date(), text)  # first: keeps the conversion to UTC in bounds
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    check_range(moment.date(), text)  # what is stored, and exported again, is the UTC moment
    return moment


def _read(text: str, today: date) -> date:
    raw = " ".join(text.strip().lower().split())
    if raw in _RELATIVE:
        return today + timedelta(days=_RELATIVE[raw])
    if m := _OFFSET.match(raw):
        days = int(m.group(2))
        return today + timedelta(days=days if m.group(1) == "+" else -days)
    if m := _AGO.match(raw):
        return today - timedelta(days=int(m.group(1)))
    if m := _COUNTDOWN.match(raw):
        return today + timedelta(days=int(m.group(1)))
    year: int | None
    if m := _ISO.match(raw):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DMY.match(raw):
        day, month = int(m.group(1)), int(m.group(2))
        year_text = m.group(3)
        year = None if year_text is None else (2000 + int(year_text) if len(year_text) == 2 else int(year_text))
    elif (m := _DAY_MONTH.match(raw)) and _month(m.group(2)):
        day, month = int(m.group(1)), _month(m.group(2))
        year = int(m.group(3)) if m.group(3) else None
    elif (m := _MONTH_DAY.match(raw)) and _month(m.group(1)):
        day, month = int(m.group(2)), _month(m.group(1))
        year = int(m.group(3)) if m.group(3) else None
    elif any(c.isdecimal() and not c.isascii() for c in raw):
        raise OrdersError(_('cannot read date {text!r}: write its digits as 0-9').format(text=text))
    else:
        raise OrdersError(_('cannot read date {text!r}: {hint}').format(text=text, hint=_(HINT)))
    if year is None:
        year = today.year
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise OrdersError(_('cannot read date {text!r}: {exc}').format(text=text, exc=exc)) from None


def resolve_today(override: str | None) -> date:
    """The day everything is evaluated as of: --today / ORDERS_TODAY, else the local date."""
    if override:
        return parse_date(override, date.today())
    return date.today()

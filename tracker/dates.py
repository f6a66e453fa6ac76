"""Reading the dates people type, and "today".

Strict on purpose: a 16-digit order number must never be read as a year, so there is no
fuzzy parsing. Accepted: 2026-11-26, 26.11.2026, 26.11.26, 26/11/2026, 26.11 (this
year), today, yesterday, tomorrow, +3d, -2d, 3 days ago.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.errors import OrdersError

_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_OFFSET = re.compile(r"^([+-])(\d{1,4})\s*d(?:ays?)?$")
_AGO = re.compile(r"^(\d{1,4})\s+days?\s+ago$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


# Any day a buyer could mean, with room for every deadline computed from it (the
# engine adds and subtracts up to a few hundred days): no date arithmetic overflows.
EARLIEST = date(1970, 1, 1)
LATEST = date(2999, 12, 31)


def parse_date(text: str, today: date) -> date:
    """Read a date typed by a person; raise OrdersError with a one-line reason."""
    try:
        return check_range(_read(text, today), text)
    except OverflowError:  # an offset from `today` past year 9999
        raise OrdersError(f"date {text!r} is out of range: use a day from {EARLIEST} to {LATEST}") from None


def check_range(day: date, text: str) -> date:
    if not EARLIEST <= day <= LATEST:
        raise OrdersError(f"date {text!r} is out of range: use a day from {EARLIEST} to {LATEST}")
    return day


def _read(text: str, today: date) -> date:
    raw = text.strip().lower()
    if raw in _RELATIVE:
        return today + timedelta(days=_RELATIVE[raw])
    if m := _OFFSET.match(raw):
        days = int(m.group(2))
        return today + timedelta(days=days if m.group(1) == "+" else -days)
    if m := _AGO.match(raw):
        return today - timedelta(days=int(m.group(1)))
    if m := _ISO.match(raw):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DMY.match(raw):
        day, month = int(m.group(1)), int(m.group(2))
        year_text = m.group(3)
        if year_text is None:
            year = today.year
        elif len(year_text) == 2:
            year = 2000 + int(year_text)
        else:
            year = int(year_text)
    else:
        raise OrdersError(
            f"cannot read date {text!r}: use YYYY-MM-DD, DD.MM.YYYY, today, yesterday or +Nd"
        )
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise OrdersError(f"cannot read date {text!r}: {exc}") from None


def resolve_today(override: str | None) -> date:
    """The day everything is evaluated as of: --today / ORDERS_TODAY, else the local date."""
    if override:
        return parse_date(override, date.today())
    return date.today()


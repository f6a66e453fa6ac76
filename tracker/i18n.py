"""Language: gettext catalogues in tracker/locale, English by default.

`set_language` is called once per command (from --lang, config.toml or the locale);
everything that speaks to a person goes through `_` / `ngettext` here, and dates are
shown as 26.11.2026 in Russian and 2026-11-26 in English. Standard library only.
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "orders"
LANGUAGES = ("en", "ru")

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def set_language(code: str) -> None:
    global _translation, _language
    _language = code if code in LANGUAGES else "en"
    if _language == "en":
        _translation = _gettext.NullTranslations()
    else:
        _translation = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language], fallback=True)


def language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; translate it where it is shown."""
    return message


def fmt_date(day: date) -> str:
    """A date in a table or message: ISO in English, 26.11.2026 in Russian."""
    return day.strftime("%d.%m.%Y") if _language == "ru" else day.isoformat()


def fmt_day(day: date) -> str:
    """A date inside a sentence: '4 Nov 2026' in English, '04.11.2026' in Russian."""
    if _language == "ru":
        return day.strftime("%d.%m.%Y")
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def days(n: int) -> str:
    """'1 day', '2 days' / '1 день', '2 дня', '5 дней'."""
    return ngettext("{n} day", "{n} days", n).format(n=n)


def business_days(n: int) -> str:
    return ngettext("{n} business day", "{n} business days", n).format(n=n)

"""Fast plain-text output for `due` and `remind`: no Rich import on the hot path.

Colour only when stdout is a terminal, never with NO_COLOR set (https://no-color.org) or
TERM=dumb; the level word is always printed, so nothing depends on colour.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

from tracker.engine.after import status_on
from tracker.engine.levels import Level, level_of
from tracker.i18n import _, fmt_date, ngettext
from tracker.render.words import DEADLINE_WORDS, LEVEL_WORDS, STATUS_WORDS, action, days_in_words
from tracker.text import visible

_ANSI = {
    Level.OVERDUE: "\x1b[1;31m",
    Level.TODAY: "\x1b[1;31m",
    Level.URGENT: "\x1b[31m",
    Level.SOON: "\x1b[33m",
    Level.LATER: "\x1b[32m",
}
_RESET = "\x1b[0m"


def colour_wanted(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def due_lines(report: Any, colour: bool) -> list[str]:
    lines = []
    width = max(len(LEVEL_WORDS[level]) for level in Level)
    lefts = [days_in_words(item.days_left) for item in report.items]
    left_width = max(map(len, lefts), default=0)
    for item, left in zip(report.items, lefts):
        word = f"{LEVEL_WORDS[item.level]:<{width}}"
        if colour:
            word = f"{_ANSI[item.level]}{word}{_RESET}"
        title = f" {visible(item.title)}" if item.title else ""
        lines.append(
            f"{word}  {fmt_date(item.date)}  {left:<{left_width}}  {visible(item.order_no)}{title}: "
            f"{DEADLINE_WORDS[item.kind]} - {action(item.kind, item.basis, item.level is Level.OVERDUE, report.today)}"
        )
    for order_no, warnings in report.warnings.items():
        for warning in warnings:
            word = f"{_('warning'):<{width}}"
            mark = f"\x1b[1;33m{word}\x1b[0m" if colour else word
            lines.append(f"{mark}  {visible(order_no)}: {visible(warning.message)}")
    return lines


def print_due(report: Any, quiet: bool, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    if not report.items:
        if not quiet:
            if report.everything:
                message = _("Nothing due ahead.")
            else:
                message = ngettext("Nothing due in the next {n} day.", "Nothing due in the next {n} days.", report.within)
            stream.write(message.format(n=report.within) + "\n")
        return
    stream.write("\n".join(due_lines(report, colour_wanted(stream))) + "\n")


def print_reminders(report: Any, stream: TextIO | None = None) -> None:
    """Silent when there is nothing new: cron mails only when something must be done."""
    stream = stream or sys.stdout
    if report.items:
        stream.write("\n".join(due_lines(report, colour_wanted(stream))) + "\n")


TITLE_WIDTH = 40
LIST_WINDOW = 7


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def print_orders(views: list[Any], today: Any, stream: TextIO | None = None) -> None:
    """Open orders as aligned columns: plain text, fast for thousands of orders."""
    stream = stream or sys.stdout
    if not views:
        stream.write(_("No orders. Add one with: orders add ORDER_NO --shipped DATE") + "\n")
        return
    colour = colour_wanted(stream)
    rows = []
    for view in views:
        upcoming = next((d for d in view.deadlines if d.date >= today), None)
        if upcoming is None and view.deadlines:
            upcoming = view.deadlines[-1]
        if upcoming:
            level = level_of(upcoming.date, today, LIST_WINDOW)
            cells = (DEADLINE_WORDS[upcoming.kind], fmt_date(upcoming.date), level)
        else:
            cells = ("-", "-", None)
        title = _cut(visible(" ".join((view.order.title or "").split())), TITLE_WIDTH)
        status = STATUS_WORDS[status_on(view.status, view.deadlines, today)]
        rows.append((visible(view.order.order_no), title, status, *cells))
    header = (_("order"), _("title"), _("status"), _("next deadline"), _("date"), _("level"))
    widths = [max(len(header[i]), *(len(r[i]) for r in rows)) for i in range(5)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header[:5], widths)) + "  " + header[5]]
    for row in rows:
        level = row[5]
        word = LEVEL_WORDS[level] if level else "-"
        if colour and level:
            word = f"{_ANSI[level]}{word}{_RESET}"
        lines.append("  ".join(c.ljust(w) for c, w in zip(row[:5], widths)) + "  " + word)
    stream.write("\n".join(line.rstrip() for line in lines) + "\n")

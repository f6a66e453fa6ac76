"""Fast plain-text output for `due` and `remind`: no Rich import on the hot path.

Colour only when stdout is a terminal, never with NO_COLOR set (https://no-color.org) or
TERM=dumb; the level word is always printed, so nothing depends on colour.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

from tracker.engine import Level
from tracker.render.words import ACTIONS, DEADLINE_WORDS, days_in_words

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
    for item in report.items:
        word = f"{item.level.value:<7}"
        if colour:
            word = f"{_ANSI[item.level]}{word}{_RESET}"
        title = f" {item.title}" if item.title else ""
        lines.append(
            f"{word}  {item.date}  {days_in_words(item.days_left):<11}  {item.order_no}{title}: "
            f"{DEADLINE_WORDS[item.kind]} - {ACTIONS[item.kind]}"
        )
    for order_no, warnings in report.warnings.items():
        for warning in warnings:
            mark = "\x1b[1;33mwarning\x1b[0m" if colour else "warning"
            lines.append(f"{mark}  {order_no}: {warning.message}")
    return lines


def print_due(report: Any, quiet: bool, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    if not report.items:
        if not quiet:
            span = "ahead" if report.everything else f"in the next {report.within} days"
            stream.write(f"Nothing due {span}.\n")
        return
    stream.write("\n".join(due_lines(report, colour_wanted(stream))) + "\n")


def print_reminders(report: Any, stream: TextIO | None = None) -> None:
    """Silent when there is nothing new: cron mails only when something must be done."""
    stream = stream or sys.stdout
    if report.items:
        stream.write("\n".join(due_lines(report, colour_wanted(stream))) + "\n")

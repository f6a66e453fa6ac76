"""Terminal output with Rich: colour only on a terminal (Rich honours NO_COLOR and
non-tty output), and every colour paired with a word."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.engine import days_left, level_of
from tracker.render.words import (
    DEADLINE_WORDS,
    EVENT_WORDS,
    LEVEL_STYLES,
    STATUS_WORDS,
    days_in_words,
)

WINDOW_DAYS = 7


def _console(stderr: bool = False):  # -> rich.console.Console
    from rich.console import Console

    console = Console(highlight=False, stderr=stderr)
    if not console.is_terminal:
        console.width = 1000  # piped or redirected: one line per row, easy to grep
    return console


def _level_text(deadline_date: date, today: date) -> tuple[str, str]:
    level = level_of(deadline_date, today, WINDOW_DAYS)
    return level.value, LEVEL_STYLES[level]


def _event_line(event: Any) -> str:
    words = EVENT_WORDS[event.kind]
    if event.days:
        words += f" by {event.days} days"
    if event.value:
        words += f": {event.value}"
    return words


def next_deadline(view: Any, today: date) -> Any | None:
    """The first deadline today or later; else the last one (overdue)."""
    upcoming = [d for d in view.deadlines if d.date >= today]
    if upcoming:
        return upcoming[0]
    return view.deadlines[-1] if view.deadlines else None


def summary_line(view: Any, today: date) -> str:
    """One plain line after a change: status and what comes next."""
    order = view.order
    text = f"Order {order.order_no}: {STATUS_WORDS[view.status]}."
    upcoming = next_deadline(view, today)
    if upcoming:
        left = days_in_words(days_left(upcoming.date, today))
        mark = " (estimated)" if upcoming.estimated else ""
        text += f" Next: {DEADLINE_WORDS[upcoming.kind]} {upcoming.date} ({left}){mark}."
    return text


def print_order(view: Any, today: date) -> None:
    console = _console()
    order = view.order
    console.print(f"[bold]Order {order.order_no}[/bold]  {order.marketplace}  status: {STATUS_WORDS[view.status]}")
    facts = [
        ("title", order.title),
        ("store", order.store),
        ("price", f"{order.price} {order.currency or ''}".strip() if order.price else None),
        ("ordered", order.ordered),
        ("processing days", order.processing_days),
        ("protection days", order.protection_days),
        ("expected delivery", order.expected_delivery),
        ("tracking", order.tracking),
        ("note", order.note),
        ("link", view.order_url),
    ]
    for label, value in facts:
        if value is not None:
            console.print(f"  {label}: {value}", markup=False)

    console.print("\n[bold]Timeline[/bold]")
    for event in sorted(view.events, key=lambda e: (e.date, e.id or 0)):
        line = f"  {event.date}  {_event_line(event)}"
        if not event.active:
            line += f"  (undone {event.undone_at:%Y-%m-%d})"
            console.print(line, style="dim", markup=False)
        else:
            console.print(line, markup=False)

    for warning in view.warnings:
        console.print("\n[bold yellow]warning[/]: ", end="")
        console.print(warning.message, markup=False)
    if not view.deadlines:
        console.print("\nNo deadlines apply any more.")
        return
    console.print("\n[bold]Deadlines[/bold]")
    for d in view.deadlines:
        word, style = _level_text(d.date, today)
        left = days_in_words(days_left(d.date, today))
        console.print(f"  {d.date}  [{style}]{word:<7}[/]  {DEADLINE_WORDS[d.kind]} ({left})")
        why = d.explanation + (" (estimated)" if d.estimated else "")
        console.print(f"              {why}", style="dim", markup=False)

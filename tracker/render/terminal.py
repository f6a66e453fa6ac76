"""Terminal output with Rich: colour only on a terminal (Rich honours NO_COLOR and
non-tty output), and every colour paired with a word."""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.engine.after import status_on
from tracker.engine.levels import days_left, level_of
from tracker.engine.model import EventKind
from tracker.i18n import _, days, fmt_date
from tracker.render.words import (
    DEADLINE_WORDS,
    EVENT_WORDS,
    LEVEL_STYLES,
    LEVEL_WORDS,
    STATUS_WORDS,
    action,
    days_in_words,
)
from tracker.text import visible

WINDOW_DAYS = 7


def _console(stderr: bool = False):  # -> rich.console.Console
    from rich.console import Console

    console = Console(highlight=False, stderr=stderr)
    if not console.is_terminal:
        console.width = 1000  # piped or redirected: one line per row, easy to grep
    return console


def _level_text(deadline_date: date, today: date) -> tuple[str, str]:
    level = level_of(deadline_date, today, WINDOW_DAYS)
    return LEVEL_WORDS[level], LEVEL_STYLES[level]


def _event_line(event: Any, after_appeal: bool = False) -> str:
    words = _("appeal decided") if after_appeal else EVENT_WORDS[event.kind]
    if event.days:
        words += " " + _("by {days}").format(days=days(event.days))
    if event.value:
        words += f": {visible(_outcome_words(event))}"
    return words


def _outcome_words(event: Any) -> str:
    """A dispute's outcome in the reader's words; other values as the buyer typed them."""
    from tracker.engine.explain import OUTCOMES
    from tracker.engine.model import EventKind

    if event.kind is EventKind.DISPUTE_RESOLVED and event.value in OUTCOMES:
        return _(OUTCOMES[event.value])
    return event.value


def next_deadline(view: Any, today: date) -> Any | None:
    """The first deadline today or later; else the last one (overdue)."""
    upcoming = [d for d in view.deadlines if d.date >= today]
    if upcoming:
        return upcoming[0]
    return view.deadlines[-1] if view.deadlines else None


def summary_line(view: Any, today: date) -> str:
    """One plain line after a change: status and what comes next."""
    order = view.order
    status = STATUS_WORDS[status_on(view.status, view.deadlines, today)]
    text = _("Order {order_no}: {status}.").format(order_no=visible(order.order_no), status=status)
    upcoming = next_deadline(view, today)
    if upcoming:
        left = days_in_words(days_left(upcoming.date, today))
        mark = " " + _("(estimated)") if upcoming.estimated else ""
        text += " " + _("Next: {deadline} {date} ({left}){estimated}.").format(
            deadline=DEADLINE_WORDS[upcoming.kind], date=fmt_date(upcoming.date), left=left, estimated=mark
        )
    return text


def print_order(view: Any, today: date) -> None:
    console = _console()
    order = view.order
    header = _("Order {order_no}").format(order_no=visible(order.order_no))
    status = _("status: {status}").format(status=STATUS_WORDS[status_on(view.status, view.deadlines, today)])
    console.print(header, style="bold", end="", markup=False)
    console.print(f"  {visible(order.marketplace)}  {status}", markup=False)
    facts = [
        (_("title"), order.title),
        (_("store"), order.store),
        (_("price"), f"{order.price} {order.currency or ''}".strip() if order.price else None),
        (_("ordered"), fmt_date(order.ordered) if order.ordered else None),
        (_("processing days"), order.processing_days),
        (_("protection days"), order.protection_days),
        (_("expected delivery"), fmt_date(order.expected_delivery) if order.expected_delivery else None),
        (_("tracking"), order.tracking),
        (_("paid with"), order.payment),
        (_("note"), order.note),
        (_("link"), view.order_url),
    ]
    for label, value in facts:
        if value is not None:
            console.print(f"  {label}: {visible(str(value))}", markup=False)

    console.print("\n[bold]" + _("Timeline") + "[/bold]")
    appealed = False  # a resolution after an appeal is the appeal's decision
    for event in sorted(view.events, key=lambda e: (e.date, e.id or 0)):
        after_appeal = appealed and event.active and event.kind is EventKind.DISPUTE_RESOLVED
        line = f"  {fmt_date(event.date)}  {_event_line(event, after_appeal)}"
        if event.active and event.kind in (EventKind.APPEALED, EventKind.DISPUTE_RESOLVED):
            appealed = event.kind is EventKind.APPEALED
        if not event.active:
            line += "  " + _("(undone {date})").format(date=fmt_date(event.undone_at.date()))
            console.print(line, style="dim", markup=False)
        else:
            console.print(line, markup=False)

    for warning in view.warnings:
        console.print("\n[bold yellow]" + _("warning") + "[/]: ", end="")
        console.print(visible(warning.message), markup=False)
    if not view.deadlines:
        console.print("\n" + _("No deadlines apply any more."))
        return
    console.print("\n[bold]" + _("Deadlines") + "[/bold]")
    for d in view.deadlines:
        word, style = _level_text(d.date, today)
        left = days_in_words(days_left(d.date, today))
        console.print(f"  {fmt_date(d.date)}  [{style}]{word:<10}[/]  {DEADLINE_WORDS[d.kind]} ({left})")
        console.print(f"              {action(d.kind, d.basis, d.date < today, today)}", markup=False)
        why = visible(d.explanation) + (" " + _("(estimated)") if d.estimated else "")
        console.print(f"              {why}", style="dim", markup=False)

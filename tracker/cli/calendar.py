"""`orders export-ics`: the deadlines as a calendar file. Thin: the choice of events and
their memory are in tracker.calendar_export, the iCalendar text in tracker.render.calendar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.common import examples
from tracker.cli.root import settings

DEFAULT_OUTPUT = "orders.ics"

OrderNos = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ORDER_NO]...", help="Export only these orders [default: every open order].", show_default=False
    ),
]
Output = Annotated[
    str,
    typer.Option("--output", "-o", metavar="PATH", help="Calendar file to write; '-' writes to standard output."),
]
Alarm = Annotated[
    list[int] | None,
    typer.Option(
        "--alarm",
        metavar="DAYS",
        help="Remind this many days before, at 9:00 (0: the morning of the day); repeat it for more "
        "[default: 2, 1 and 0].",
        show_default=False,
    ),
]
Everything = Annotated[
    bool, typer.Option("--all", "-a", help="Also the deadlines of open orders whose every deadline has passed.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing when all went well (for cron).")]


def export_ics(
    ctx: typer.Context,
    order_nos: OrderNos = None,
    output: Output = DEFAULT_OUTPUT,
    alarm: Alarm = None,
    everything: Everything = False,
    quiet: Quiet = False,
) -> None:
    """Export the deadlines as an iCalendar file for a phone or desktop calendar.

    One all-day event per deadline of the open orders that still have something to do
    (their overdue deadlines too), with reminders. Events keep their identity (UID)
    between exports: calendars that match events by UID, such as khal, update them when
    the new file is imported again; calcurse adds them again (see the README). Deadlines
    that no longer apply (order confirmed, refunded, closed) are sent once more as
    cancelled. The file is replaced atomically.
    """
    import sys
    from datetime import UTC, datetime

    from tracker.calendar_export import ATTEMPTS, export, write_calendar
    from tracker.i18n import _, ngettext
    from tracker.outfile import check_output, shown
    from tracker.render.calendar import check_alarms, render

    s = settings(ctx)
    alarms = check_alarms(alarm if alarm else s.config["alarms"])
    db = s.database()
    target = None if output == "-" else check_output(Path(output).expanduser(), db)

    def publish(result) -> None:
        data = render(result.items, datetime.now(UTC), alarms)
        if target is None:
            out = getattr(sys.stdout, "buffer", None)
            if out is None:
                sys.stdout.write(data.decode("utf-8"))
            else:
                sys.stdout.flush()
                out.write(data)
                out.flush()
        else:
            write_calendar(target, data)

    attempts = 1 if target is None else ATTEMPTS  # standard output cannot be written twice
    result = export(db, s.today, order_nos or (), everything, publish, attempts)
    if not result.recorded:
        note = _("note: database {path} is read-only, so this export was not remembered: the next one publishes the same changes again")
        sys.stderr.write(note.format(path=shown(db)) + "\n")
    if not result.items and not quiet:
        sys.stderr.write(_("No open order has a deadline to publish: the calendar has no events.") + "\n")
    if target is not None and not quiet:
        count = len(result.items)
        cancelled = " " + _("({n} cancelled)").format(n=result.cancelled) if result.cancelled else ""
        wrote = ngettext("Wrote {n} event{cancelled} to {path}.", "Wrote {n} events{cancelled} to {path}.", count)
        print(wrote.format(n=count, cancelled=cancelled, path=output))


N = "8123456789012345"
COMMANDS = {
    "export-ics": (
        export_ics,
        examples(
            "orders export-ics                      # writes orders.ics here",
            "orders export-ics --output ~/Sync/orders.ics --alarm 3 --alarm 0",
            f"orders export-ics {N} --output -",
            "orders export-ics --all -o all-deadlines.ics",
            "orders export-ics --quiet --output ~/Sync/orders.ics   # from cron",
        ),
    ),
}

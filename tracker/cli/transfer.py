"""Commands that move the order book: export, import, backup (the work is in tracker.transfer)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.common import examples
from tracker.cli.root import settings
from tracker.i18n import _, ngettext


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"


def export(
    ctx: typer.Context,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="JSON (one object) or CSV (a row per event).")
    ] = Format.JSON,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (private, replaced whole) [default: stdout]."),
    ] = None,
) -> None:
    """Export every order with its whole history: `orders import` reads it back exactly."""
    from tracker import transfer

    db = settings(ctx).database()
    if output is not None:
        transfer.check_output(output, db)
    text, count = transfer.export_text(db, fmt.value)
    if count == 0:
        sys.stderr.write(_("The order book is empty: the export holds no orders.") + "\n")
    if output is None:
        sys.stdout.write(text)
        return
    transfer.write_file(text, output)
    print(_("Exported {orders} to {path}.").format(orders=_orders(count), path=transfer.shown(output)))


def import_orders(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A JSON or CSV file, such as `orders export` writes; - for stdin.")],
    fmt: Annotated[
        Format | None, typer.Option("--format", "-f", help="Read as this [default: from the name, else the content].")
    ] = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good orders even when some are rejected.")
    ] = False,
) -> None:
    """Import orders: all of them in one go, or none if any is rejected (see --skip-bad)."""
    from tracker import transfer
    from tracker.errors import ConflictError, OrdersError
    from tracker.cli.failures import one_line

    text, name = transfer.read_source(path)
    records = transfer.read_records(text, name, fmt.value if fmt else transfer.guess_format(path, text))
    report = transfer.import_records(settings(ctx).book(), records, skip_bad)
    for rejected in report.rejected:
        reason = one_line(rejected.reason)  # it may quote the file
        sys.stderr.write(_("line {line}: {reason}").format(line=rejected.line, reason=reason) + "\n")
    if not report.done:
        kind = ConflictError if all(r.conflict for r in report.rejected) else OrdersError
        good = report.total - len(report.rejected)
        message = _(
            "{name}: {rejected} of {total} orders rejected, nothing imported "
            "(fix them, or use --skip-bad to import the other {good})"
        )
        raise kind(message.format(name=name, rejected=len(report.rejected), total=report.total, good=good))
    notes = [_("{n} already there, unchanged").format(n=len(report.unchanged))] if report.unchanged else []
    if report.rejected:
        notes.append(_("{n} rejected and skipped").format(n=len(report.rejected)))
    imported = _("Imported {orders} from {name}").format(orders=_orders(len(report.added)), name=name)
    print(imported + "".join(f"; {n}" for n in notes) + ".")


def backup(
    ctx: typer.Context,
    path: Annotated[
        str | None,  # as typed: a trailing '/' says "a directory", which Path would drop
        typer.Argument(help="File or directory for the copy [default: orders-YYYYMMDD-HHMMSS.db beside the database]."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
) -> None:
    """Copy the database safely, even while another orders command writes to it."""
    from tracker import transfer

    db = settings(ctx).database()
    done = transfer.backup(db, path, force)
    if done is None:
        sys.stderr.write(_("Nothing to back up: there is no database at {path} yet.").format(path=transfer.shown(db)) + "\n")
        return
    target, count = done
    print(_("Backed up {orders} to {path}.").format(orders=_orders(count), path=transfer.shown(target)))


def _orders(n: int) -> str:
    return ngettext("{n} order", "{n} orders", n).format(n=n)


COMMANDS = {
    "export": (export, examples(
        "orders export > orders.json",
        "orders export --format csv --output orders.csv",
    )),
    "import": (import_orders, examples(
        "orders import orders.json",
        "orders import orders.csv --skip-bad",
        "orders --db new.db import orders.json",
    )),
    "backup": (backup, examples(
        "orders backup",
        "orders backup ~/backups/",
        "orders backup ~/backups/orders.db --force",
    )),
}

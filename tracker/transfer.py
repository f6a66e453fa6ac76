"""Moving an order book in and out: export to JSON or CSV, import it back, backups.

An export holds the facts of every order and its whole timeline, undone events and the
moments of recording included, and nothing that changes from run to run (no export
time): the same book always exports to the same bytes, and importing an export
reproduces the book exactly. Status, deadlines and warnings are not exported; the engine
derives them again on import.

Import checks every order as `orders add` and the life-event commands would (its facts,
no date after today, the whole timeline through lifecycle.replay) before anything is
written, then adds all of it or nothing. An order already stored with the same
content is left alone, so importing a file twice changes nothing; one stored with other
content is a conflict. Each rejected order is reported with the line it starts on (JSON)
or the line of the offending row (CSV).

The write itself never holds the database for long (see import_records): the new orders
are staged in a file of their own, then moved into the book in one short transaction.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tracker.dates import file_day, file_moment
from tracker.engine.model import Event, EventKind, Order, Outcome
from tracker.errors import ConflictError, DatabaseError, OrdersError
from tracker.i18n import _
from tracker.outfile import check_output, shown, write_atomically
from tracker.text import json_visible, visible

FORMAT_VERSION = 1  # of the export file; bumped only if a field changes meaning
FORMATS = ("json", "csv")
ORDER_FIELDS = [f.name for f in fields(Order)]
EVENT_FIELDS = ["kind", "date", "days", "value", "recorded_at", "undone_at"]
CSV_COLUMNS = [*ORDER_FIELDS, *EVENT_FIELDS]  # one row per event, the order's facts repeated
_TOP_FIELDS = {"schema_version", "orders", "exported_at"}  # exported_at: accepted, ignored
# What `orders list --json` adds to an order and its events: derived, so ignored here.
_DERIVED_ORDER_FIELDS = {"schema_version", "status", "url", "warnings", "deadlines"}
_DERIVED_EVENT_FIELDS = {"undone"}


# ---- export ------------------------------------------------------------------------


def export_text(db_path: Path, fmt: str) -> tuple[str, int]:
    """The whole order book as JSON or CSV text, and how many orders it holds."""
    histories = stored_histories(db_path)
    text = _json_text(histories) if fmt == "json" else _csv_text(histories)
    return text, len(histories)


def stored_histories(db_path: Path) -> list[tuple[Order, list[Event]]]:
    """Every order with its whole timeline, from one read snapshot (oldest order first)."""
    from tracker.agenda import open_current

    store = open_current(db_path)
    if store is None:
        return []
    try:
        return [(s.order, s.events) for s in store.orders(include_finished=True, finished=())]
    finally:
        store.close()


def _json_text(histories: list[tuple[Order, list[Event]]]) -> str:
    orders = [
        {**{name: _plain(getattr(order, name)) for name in ORDER_FIELDS}, "events": [_event_record(e) for e in events]}
        for order, events in histories
    ]
    # json_visible: no raw control character even in a book stored before they were refused
    return json_visible(json.dumps({"schema_version": FORMAT_VERSION, "orders": orders}, ensure_ascii=False, indent=2)) + "\n"


def _csv_text(histories: list[tuple[Order, list[Event]]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for order, events in histories:
        facts = [_cell(getattr(order, name)) for name in ORDER_FIELDS]
        for event in events:
            writer.writerow([*facts, *(_cell(v) for v in _event_record(event).values())])
    return buffer.getvalue()


def _event_record(event: Event) -> dict[str, Any]:
    return {
        "kind": event.kind.value,
        "date": event.date.isoformat(),
        "days": event.days,
        "value": event.value,
        "recorded_at": _moment_text(event.recorded_at),
        "undone_at": _moment_text(event.undone_at),
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# A spreadsheet runs a cell that starts with = + - @ (or tab or CR) as a formula (OWASP,
# "CSV injection"): such a cell is written with a ' before it. So is a cell that starts
# with ' itself, so that import strips exactly one leading ' from any cell that has one and
# gets back what was exported. The rule is the same for every column: dates, numbers and
# moments never start with these, so only text is ever changed, and a reader of the file
# needs no list of which columns are text. Tab and CR cannot start a cell: `visible`
# writes them as \x09 and \x0d.
_FORMULA_START = ("=", "+", "-", "@", "'")


def _cell(value: Any) -> str:
    # visible: text stored before control characters were refused is written escaped
    # (\x1b), as a terminal shows it; whatever the tool accepts has none and is unchanged.
    text = "" if value is None else visible(str(_plain(value)))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _uncell(cell: str) -> str | None:
    """What _cell wrote the cell from: one leading ' taken off; an empty cell is no value."""
    return (cell[1:] if cell.startswith("'") else cell) or None


def _moment_text(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def write_file(text: str, target: Path) -> None:
    """Write next to the target and rename: a reader never sees half a file. Private (0600).
    The target was checked with tracker.outfile.check_output before the export began."""
    write_atomically(target, text.encode("utf-8"), keep_mode=False)


# ---- reading files -----------------------------------------------------------------


@dataclass
class Rejected:
    """An order that cannot be imported: where it is in the file, and why."""

    line: int
    reason: str
    conflict: bool = False  # it contradicts the stored book or its own timeline (exit 5)


class _Bad(Exception):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass
class _Raw:
    """An order as read from a file, before any check: its facts and events by line."""

    line: int
    facts: dict[str, Any]
    events: list[tuple[int, Any]] = field(default_factory=list)
    problem: _Bad | None = None


# The largest file import reads: about 60,000 orders with three events each, as exported.
# A file is read whole (the JSON reader keeps each order's line); importing one of this
# size peaks at about 520 MB of memory (measured with /usr/bin/time -v: 118 MB at 8 MB,
# 174 MB at 16 MB, about 7.3 KB per order). A larger file is refused before it is parsed.
MAX_IMPORT_MB = 64
_MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024


def read_source(source: str) -> tuple[str, str]:
    """(text, name to show) of a file to import; `-` reads standard input."""
    name = "standard input" if source == "-" else shown(source)
    try:
        if source == "-":
            stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
            data = stream.read(_MAX_IMPORT_BYTES + 1)
            data = data.encode("utf-8") if isinstance(data, str) else data
        else:
            if Path(source).is_dir():
                raise OrdersError(_('{name} is a directory, not a file to import').format(name=name))
            with open(source, "rb") as file:
                if os.fstat(file.fileno()).st_size > _MAX_IMPORT_BYTES:  # refused unread
                    raise _too_large(name)
                data = file.read(_MAX_IMPORT_BYTES + 1)  # a pipe or device: as standard input
    except FileNotFoundError:
        raise OrdersError(_('cannot read {name}: no such file').format(name=name)) from None
    except OSError as e:
        raise OrdersError(_('cannot read {name}: {strerror}').format(name=name, strerror=e.strerror)) from None
    if len(data) > _MAX_IMPORT_BYTES:
        raise _too_large(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise OrdersError(_('{name} is not UTF-8 text (byte {value}); import JSON or CSV saved as UTF-8').format(name=name, value=e.start + 1)) from None
    if "\x00" in text:
        raise OrdersError(_('{name} is not a text file (it holds NUL bytes); import JSON or CSV').format(name=name))
    if not text.strip():
        raise OrdersError(_('{name} is empty').format(name=name))
    return text, name


def _too_large(name: str) -> OrdersError:
    message = _('{name} is larger than {size} MB, the most import reads at once: split it into smaller files')
    return OrdersError(message.format(name=name, size=MAX_IMPORT_MB))


def guess_format(source: str, text: str) -> str:
    suffix = Path(source).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    return "json" if text.lstrip()[:1] in ("{", "[") else "csv"


def read_records(text: str, name: str, fmt: str) -> list[_Raw]:
    return _json_records(text, name) if fmt == "json" else _csv_records(text, name)


def _csv_records(text: str, name: str) -> list[_Raw]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    groups: dict[str, _Raw] = {}
    end = 0
    try:
        for row in reader:
            line, end = end + 1, reader.line_num  # a quoted cell may span lines
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = _csv_header(row, line, name)
                continue
            _csv_row(groups, header, row, line)
    except csv.Error as e:
        raise OrdersError(_('{name}: line {line_num}: not valid CSV ({e})').format(name=name, line_num=reader.line_num, e=e)) from None
    if header is None:
        raise OrdersError(_('{name} is empty').format(name=name))
    return list(groups.values())


def _csv_header(row: list[str], line: int, name: str) -> list[str]:
    header = [cell.strip() for cell in row]
    for column in header:
        if column not in CSV_COLUMNS:
            raise OrdersError(
                _('{name}: line {line}: unknown column {column!r} (the columns are: {value})').format(name=name, line=line, column=column, value=', '.join(CSV_COLUMNS))
            )
    if len(set(header)) < len(header):
        raise OrdersError(_('{name}: line {line}: a column appears twice').format(name=name, line=line))
    missing = [c for c in ("order_no", "kind", "date") if c not in header]
    if missing:
        raise OrdersError(_('{name}: line {line}: no column {value!r}').format(name=name, line=line, value=missing[0]))
    return header


def _csv_row(groups: dict[str, _Raw], header: list[str], row: list[str], line: int) -> None:
    cells = {column: _uncell(cell) for column, cell in zip(header, row)}
    facts = {k: v for k, v in cells.items() if k in ORDER_FIELDS}
    event = {k: v for k, v in cells.items() if k in EVENT_FIELDS}
    key = (cells.get("order_no") or "").strip()
    raw = groups.get(key)
    if raw is None:
        raw = groups[key] = _Raw(line, facts)
    if raw.problem:
        return
    if len(row) != len(header):
        raw.problem = _Bad(line, _('{value} cells, but the header has {value2} columns').format(value=len(row), value2=len(header)))
    elif not key:
        raw.problem = _Bad(line, _('no order number'))
    elif facts != raw.facts:
        raw.problem = _Bad(line, _("the order's details differ from those on line {line} (same order number)").format(line=raw.line))
    else:
        raw.events.append((line, event))


class _Object(dict):  # type: ignore[type-arg]
    """A JSON object that knows the line it starts on."""

    line = 0


class _Array(list):  # type: ignore[type-arg]
    """A JSON array that knows the line of each item."""

    lines: list[int]


def _json_records(text: str, name: str) -> list[_Raw]:
    try:
        # The standard parser's messages for broken files; it keeps nothing (a 64 MB file
        # would otherwise be held twice).
        json.loads(text, parse_int=len, parse_float=len, object_pairs_hook=len)
        data = _located(text)
    except json.JSONDecodeError as e:
        raise OrdersError(_('{name}: line {lineno}: not valid JSON ({msg})').format(name=name, lineno=e.lineno, msg=e.msg)) from None
    except RecursionError:  # either parser, whichever gives up first
        raise OrdersError(_('{name}: nested too deeply to be an export').format(name=name)) from None
    except _Bad as e:
        raise OrdersError(_('{name}: line {line}: {reason}').format(name=name, line=e.line, reason=e.reason)) from None
    if isinstance(data, _Object):
        unknown = sorted(set(data) - _TOP_FIELDS)
        if unknown:
            raise OrdersError(_('{name}: line {line}: unknown field {value!r} (expected "orders")').format(name=name, line=data.line, value=unknown[0]))
        version = data.get("schema_version", FORMAT_VERSION)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise OrdersError(_('{name}: schema_version must be a whole number, got {version!r}').format(name=name, version=version))
        if version > FORMAT_VERSION:
            raise OrdersError(
                _('{name} was exported by a newer orders (format {version}, this version reads {FORMAT_VERSION}); upgrade orders').format(name=name, version=version, FORMAT_VERSION=FORMAT_VERSION)
            )
        orders = data.get("orders")
    else:
        orders = data  # a bare list, such as `orders list --all --json` prints
    if not isinstance(orders, _Array):
        raise OrdersError(_('{name}: expected {{"orders": [...]}} or a list of orders').format(name=name))
    return [_json_record(item, line) for item, line in zip(orders, orders.lines)]


def _json_record(item: Any, line: int) -> _Raw:
    if not isinstance(item, _Object):
        return _Raw(line, {}, problem=_Bad(line, _('an order must be a JSON object')))
    facts = {k: v for k, v in item.items() if k != "events"}
    events = item.get("events", [])
    if not isinstance(events, _Array):
        return _Raw(line, facts, problem=_Bad(line, _('events must be a list')))
    return _Raw(line, facts, list(zip(events.lines, events)))


_SPACE = re.compile(r"[ \t\n\r]*")
# No field of an export holds a number longer than this; Python refuses to convert
# one of more than 4,300 digits at all (int_max_str_digits), and a file can hold anything.
MAX_DIGITS = 100


class _LongNumber(Exception):
    pass


def _integer(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _LongNumber
    return int(digits)


def _located(text: str) -> Any:
    """Parse valid JSON text keeping the line each object and array item starts on."""
    decoder = json.JSONDecoder(parse_int=_integer)
    counted = [0, 1]  # newlines are counted up to this position, where this line starts
    keys: dict[str, str] = {}

    def line_at(pos: int) -> int:  # the parse only moves forward: each newline is counted once
        start, line = counted if pos >= counted[0] else (0, 1)
        counted[:] = [pos, line + text.count("\n", start, pos)]
        return counted[1]

    def skip(pos: int) -> int:
        return _SPACE.match(text, pos).end()  # type: ignore[union-attr]

    def value(pos: int) -> tuple[Any, int]:
        pos = skip(pos)
        if text[pos] == "{":
            obj = _Object()
            obj.line = line_at(pos)
            pos = skip(pos + 1)
            while text[pos] != "}":
                key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
                key = keys.setdefault(key, key)  # one copy of each field name, as json.loads keeps
                obj[key], pos = value(skip(pos) + 1)  # past the ':'
                pos = skip(pos)
                if text[pos] == ",":
                    pos = skip(pos + 1)
            return obj, pos + 1
        if text[pos] == "[":
            items = _Array()
            items.lines = []
            pos = skip(pos + 1)
            while text[pos] != "]":
                items.lines.append(line_at(skip(pos)))
                item, pos = value(pos)
                items.append(item)
                pos = skip(pos)
                if text[pos] == ",":
                    pos += 1
                pos = skip(pos)
            return items, pos + 1
        try:
            return decoder.raw_decode(text, pos)
        except _LongNumber:
            too_long = _('a number of more than {limit} digits: no field holds one that long')
            raise _Bad(line_at(pos), too_long.format(limit=MAX_DIGITS)) from None

    return value(0)[0]


# ---- from records to checked orders -------------------------------------------------


@dataclass
class _Candidate:
    line: int
    order: Order
    events: list[Event]


def _shown_value(value: Any) -> str:
    """The start of a value as JSON, to quote in a reason (a nested list included)."""
    try:
        return json.dumps(value)[:40]
    except (RecursionError, ValueError):
        return type(value).__name__


def _text(value: Any, what: str, line: int) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _Bad(line, _('{what} must be text, got {value}').format(what=what, value=_shown_value(value)))


def _whole(value: Any, what: str, line: int) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,9}\s*", value):  # ASCII digits, as dates
        return int(value)
    raise _Bad(line, _('{what} must be a whole number, got {value}').format(what=what, value=_shown_value(value)))


def _day(value: Any, what: str, line: int) -> date | None:
    if value is None:
        return None
    return _dated(value, what, line, file_day, _('{what} must be a date as YYYY-MM-DD, got {value}'))


def _moment(value: Any, what: str, line: int) -> datetime | None:
    if value is None:
        return None
    return _dated(value, what, line, file_moment, _('{what} must be a date and time as ISO 8601, got {value}'))


def _dated(value: Any, what: str, line: int, read: Any, expected: str) -> Any:
    """A day or moment read by tracker.dates (the one rule for dates), or _Bad naming the field."""
    if isinstance(value, str):
        try:
            read_value = read(value)
        except OrdersError as e:  # the right form, but out of range
            raise _Bad(line, _('{what}: {e}').format(what=what, e=e)) from None
        if read_value is not None:
            return read_value
    raise _Bad(line, expected.format(what=what, value=_shown_value(value)))


def _order(raw: _Raw) -> Order:
    facts, line = raw.facts, raw.line
    unknown = sorted(set(facts) - set(ORDER_FIELDS) - _DERIVED_ORDER_FIELDS)
    if unknown:
        raise _Bad(line, _('unknown field {value!r}').format(value=unknown[0]))
    order_no = _text(facts.get("order_no"), "order_no", line)
    if not order_no:
        raise _Bad(line, _('no order number'))
    price = facts.get("price")
    if isinstance(price, int | float) and not isinstance(price, bool):
        price = str(price)
    return Order(
        order_no=order_no,
        marketplace=(_text(facts.get("marketplace"), "marketplace", line) or "aliexpress").lower(),
        title=_text(facts.get("title"), "title", line),
        store=_text(facts.get("store"), "store", line),
        price=_text(price, "price", line),
        currency=_text(facts.get("currency"), "currency", line),
        ordered=_day(facts.get("ordered"), "ordered", line),
        processing_days=_whole(facts.get("processing_days"), "processing_days", line),
        protection_days=_whole(facts.get("protection_days"), "protection_days", line),
        expected_delivery=_day(facts.get("expected_delivery"), "expected_delivery", line),
        tracking=_text(facts.get("tracking"), "tracking", line),
        note=_text(facts.get("note"), "note", line),
        payment=(_text(facts.get("payment"), "payment", line) or "").lower() or None,
    )


def _event(raw: Any, line: int) -> Event:
    from tracker.services import check_days, check_text

    if not isinstance(raw, dict):
        raise _Bad(line, _('an event must be a JSON object'))
    unknown = sorted(set(raw) - set(EVENT_FIELDS) - _DERIVED_EVENT_FIELDS)
    if unknown:
        raise _Bad(line, _('unknown event field {value!r}').format(value=unknown[0]))
    kind_text = _text(raw.get("kind"), "kind", line)
    try:
        kind = EventKind(kind_text)
    except ValueError:
        known = ", ".join(k.value for k in EventKind)
        raise _Bad(line, _('unknown event kind {kind_text!r} (known: {known})').format(kind_text=kind_text, known=known)) from None
    day = _day(raw.get("date"), "date", line)
    if day is None:
        raise _Bad(line, _('the {value} event has no date').format(value=kind.value))
    days = _whole(raw.get("days"), "days", line)
    value = _text(raw.get("value"), "value", line) or None
    try:
        if kind is EventKind.EXTENDED:
            if days is None:
                raise _Bad(line, _('an extended event needs its days'))
            check_days(days, "an extension", low=1)
        elif days is not None:
            raise _Bad(line, _('days are only for extended events, not {value}').format(value=kind.value))
        if kind is EventKind.DISPUTE_RESOLVED:
            outcomes = ", ".join(o.value for o in Outcome)
            if value not in {o.value for o in Outcome}:
                raise _Bad(line, _('a dispute_resolved event needs its outcome as value ({outcomes})').format(outcomes=outcomes))
        elif kind is EventKind.PROTECTION_END_SEEN:
            seen = _day(value, "the protection end date (value)", line)
            if seen is None:
                raise _Bad(line, _('a protection_end_seen event needs the date seen as value'))
        else:
            value = check_text(value, "tracking number" if kind is EventKind.SHIPPED else "value",
                               64 if kind is EventKind.SHIPPED else 500)
    except OrdersError as e:
        raise _Bad(line, str(e)) from None
    undone_at = _moment(raw.get("undone_at"), "undone_at", line)
    if "undone" in raw and bool(raw["undone"]) != (undone_at is not None):
        raise _Bad(line, _('undone does not agree with undone_at (an undone event needs the moment it was undone)'))
    return Event(kind, day, days, value, _moment(raw.get("recorded_at"), "recorded_at", line), undone_at)


def _candidate(raw: _Raw, book: Any) -> _Candidate:
    """Read and check one order; raises _Bad or OrdersError."""
    if raw.problem:
        raise raw.problem
    order = _order(raw)
    events = [_event(event, line) for line, event in raw.events]
    if events and not any(e.kind is EventKind.PAID for e in events):
        # A file that lists only what happened later (a minimal CSV: order_no, kind, date)
        # gets its payment as `orders add` defaults it: the order date, else the first event's.
        paid = order.ordered or min(e.date for e in events)
        events.insert(0, Event(EventKind.PAID, paid))
    view = book.check_history(order, events)
    return _Candidate(raw.line, view.order, events)


# ---- import ------------------------------------------------------------------------


@dataclass
class ImportReport:
    total: int
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    done: bool = False  # False: refused because of the rejected orders, nothing written


IMPORT_BATCH = 500  # orders per transaction while staging


def import_records(book: Any, records: list[_Raw], skip_bad: bool) -> ImportReport:
    """Check every order, then add the new ones all together or not at all.

    Nothing is written when any order is rejected, unless skip_bad: then the others are.
    No step holds the write lock for long: orders are compared with the book in a read
    snapshot, the new ones are written in batches to a staging file nobody else sees
    (tracker.store.staging), then moved into the book in one short transaction. A crash
    at any point leaves either none of them in the book or all of them.
    """
    report = ImportReport(total=len(records))
    candidates: list[_Candidate] = []
    first_line: dict[str, int] = {}
    for raw in records:
        try:
            candidate = _candidate(raw, book)
        except _Bad as e:
            report.rejected.append(Rejected(e.line, e.reason))
            continue
        except OrdersError as e:
            report.rejected.append(Rejected(raw.line, str(e), conflict=isinstance(e, ConflictError)))
            continue
        number = candidate.order.order_no
        if number in first_line:
            again = _("order {number} appears again (first on line {line})").format(number=number, line=first_line[number])
            report.rejected.append(Rejected(raw.line, again))
            continue
        first_line[number] = raw.line
        candidates.append(candidate)
    refused = bool(report.rejected) and not skip_bad
    if not candidates or (refused and not book.db_path.exists()):
        report.done = not refused  # nothing to write, or to check against: no database opened
        return _sorted(report)
    book.refresh()  # the book exists, in this schema, with deadlines of these rules
    new = _new_orders(book, candidates, report)
    if report.rejected and not skip_bad:
        return _sorted(report)
    if new:
        _add_all(book, new)
    report.added += [c.order.order_no for c in new]
    report.done = True
    return _sorted(report)


def _new_orders(book: Any, candidates: list[_Candidate], report: ImportReport) -> list[_Candidate]:
    """The candidates not in the book yet, read in one read snapshot; the same ones are
    noted unchanged, other stored versions rejected as conflicts."""
    from tracker.store.db import Store

    new = []
    store = Store(book.db_path, write=False)
    try:
        with store.transaction() as session:
            for candidate in candidates:
                stored = book.stored_history(session, candidate.order.order_no)
                if stored is None:
                    new.append(candidate)
                elif _same(stored, candidate):
                    report.unchanged.append(candidate.order.order_no)
                else:
                    report.rejected.append(
                        Rejected(
                            candidate.line,
                            _('order {order_no} is already in the order book with other details or events (remove it first to replace it)').format(order_no=candidate.order.order_no),
                            conflict=True,
                        )
                    )
    finally:
        store.close()
    return new


def _add_all(book: Any, new: list[_Candidate]) -> None:
    """Stage the new orders in batches, then move them into the book in one transaction."""
    from tracker.store import staging
    from tracker.store.db import Store

    with staging.staging_file(book.db_path) as path:
        store = Store(path, write=True)
        try:
            for start in range(0, len(new), IMPORT_BATCH):
                with store.transaction() as session:
                    for candidate in new[start : start + IMPORT_BATCH]:
                        book.store_history(session, candidate.order, candidate.events)
        finally:
            store.close()
        there = staging.move_in(book.db_path, path)
    if there:  # added by another command while this import was being staged
        raise ConflictError(
            _('order {order_no} was added to the order book during the import; nothing was imported (run it again)').format(order_no=there[0])
        )


def _sorted(report: ImportReport) -> ImportReport:
    report.rejected.sort(key=lambda r: r.line)
    return report


def _same(stored: tuple[Order, list[Event]], candidate: _Candidate) -> bool:
    order, events = stored
    if order != candidate.order or len(events) != len(candidate.events):
        return False
    for mine, theirs in zip(events, candidate.events):
        if (mine.kind, mine.date, mine.days, mine.value or None, mine.undone_at) != (
            theirs.kind, theirs.date, theirs.days, theirs.value, theirs.undone_at
        ):
            return False
        if theirs.recorded_at is not None and theirs.recorded_at != mine.recorded_at:
            return False
    return True


# ---- backup ------------------------------------------------------------------------


def backup(db_path: Path, target: str | Path | None, force: bool) -> tuple[Path, int] | None:
    """Copy the live database (SQLite backup API) to target: (where it went, orders in it),
    or None when there is no database yet (nothing to back up, nothing written).

    Default: `orders-YYYYMMDD-HHMMSS.db` (local time) next to the database, or inside
    target when that is a directory. The live database is only read.
    """
    from tracker.store.backup import copy_database
    from tracker.store.fastread import FastStore

    store = FastStore.open(db_path)
    if store is None:
        return None
    try:
        store.count_orders()  # an orders database, readable
        name = f"orders-{datetime.now():%Y%m%d-%H%M%S}.db"
        if target is None:
            target = db_path.parent / name
        elif os.path.isdir(target):
            target = Path(target) / name
        elif str(target).endswith(("/", os.sep)):  # meant as a directory: never a file of that name
            message = _("directory {parent} does not exist (create it first)")
            raise DatabaseError(message.format(parent=shown(target)))
        target = Path(target)
        check_output(target, db_path, stream_ok=False)
        copy_database(store.con, target, overwrite=force)
    finally:
        store.close()
    copy = FastStore.open(target)
    assert copy is not None
    try:
        return target, copy.count_orders()  # what the copy holds, not what the book holds now
    finally:
        copy.close()

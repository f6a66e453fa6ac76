"""The quick path for the commands cron and shells run all the time: `due` and `remind`.

Typer builds and validates every parameter through pydantic, which costs more than all
of our own work. For these two commands, plain well-formed arguments are parsed here
with no Typer import at all; anything else (--help, an unknown or malformed option)
returns None and goes to Typer, which gives the usual help and errors. Both paths run
the same `run_due`/`run_remind`, and tests/cli/test_quick.py proves the option lists
match the Typer commands'.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from tracker.cli.settings import Settings

CHECK_FOUND = 3  # `due --check`: something is listed

# option -> (parameter, kind): "flag" takes no value, int/str take one.
GLOBAL_OPTIONS = {"--db": ("db", str), "--today": ("today", str), "--lang": ("lang", str)}
COMMAND_OPTIONS: dict[str, dict[str, tuple[str, Any]]] = {
    "due": {
        "--within": ("within", int),
        "-w": ("within", int),
        "--all": ("everything", "flag"),
        "-a": ("everything", "flag"),
        "--json": ("as_json", "flag"),
        "--check": ("check", "flag"),
        "--quiet": ("quiet", "flag"),
        "-q": ("quiet", "flag"),
    },
    "remind": {"--stages": ("stages", str), "--json": ("as_json", "flag")},
}
DEFAULTS: dict[str, dict[str, Any]] = {
    "due": {"within": None, "everything": False, "as_json": False, "check": False, "quiet": False},
    "remind": {"stages": "7,3,2,1,0", "as_json": False},
}


def _take(options: dict[str, tuple[str, Any]], args: list[str], i: int, into: dict[str, Any]) -> int | None:
    """Read option args[i] (and its value) into `into`; None when not understood."""
    name, _sep, inline = args[i].partition("=")
    if name not in options:
        return None
    key, kind = options[name]
    if kind == "flag":
        if inline:
            return None
        into[key] = True
        return i + 1
    if inline:
        value, nxt = inline, i + 1
    elif i + 1 < len(args):
        value, nxt = args[i + 1], i + 2
    else:
        return None
    if kind is int:
        if not (value.lstrip("-").isascii() and value.lstrip("-").isdigit()):  # 0-9 only, as in dates
            return None
        into[key] = int(value)
    else:
        into[key] = value
    return nxt


def parse(args: list[str]) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """(command, global options, command options), or None to leave it to Typer."""
    found: dict[str, Any] = {}
    i = 0
    while i < len(args) and args[i].startswith("-"):
        nxt = _take(GLOBAL_OPTIONS, args, i, found)
        if nxt is None:
            return None
        i = nxt
    if i >= len(args) or args[i] not in COMMAND_OPTIONS:
        return None
    command = args[i]
    options = dict(DEFAULTS[command])
    i += 1
    while i < len(args):
        nxt = _take(COMMAND_OPTIONS[command], args, i, options)
        if nxt is None:
            return None
        i = nxt
    return command, found, options


def run_due(settings: Settings, within: int | None, everything: bool, as_json: bool, check: bool, quiet: bool) -> int:
    from tracker import agenda

    if within is None:
        within = settings.config["within"]
    report = agenda.due(settings.database(), settings.today, within, everything)
    if as_json:
        from tracker.render.jsonout import dump_due

        dump_due(report)
    else:
        from tracker.render.plain import print_due

        print_due(report, quiet)
    return CHECK_FOUND if check and report.items else 0


def run_remind(settings: Settings, stages: str, as_json: bool) -> int:
    from tracker import agenda

    def deliver(report: agenda.DueReport) -> None:
        """Print and flush; the reminders are recorded only when this returns."""
        from tracker.errors import OutputError

        try:
            if as_json:
                from tracker.render.jsonout import dump_due

                dump_due(report)
            else:
                from tracker.render.plain import print_reminders

                print_reminders(report)
            sys.stdout.flush()
        except OutputError as e:
            raise OutputError(str(e)) from None  # a reader gone is a reminder lost: never quiet

    agenda.remind(settings.database(), settings.today, agenda.parse_stages(stages), deliver)
    return 0


def run(args: list[str]) -> int | None:
    """Run `due`/`remind` without Typer; None when the arguments need Typer."""
    parsed = parse(args)
    if parsed is None:
        return None
    command, found, options = parsed
    from tracker.errors import OrdersError, OutputError

    from tracker.cli.failures import fail, guarded_stdout, output_failed, unexpected

    try:
        with guarded_stdout():
            settings = Settings.from_environment(found.get("db"), found.get("today"), found.get("lang"))
            settings.apply_language()
            if command == "due":
                return run_due(settings, **options)
            return run_remind(settings, **options)
    except OutputError as e:
        output_failed(e)
    except OrdersError as e:
        fail(str(e), e.exit_code)
    except Exception as e:
        unexpected(e)


def complete_orders(args: list[str]) -> None:
    """Order numbers starting with a prefix, one per line: open orders first, newest first.

    For shell completion: standard-library sqlite3 only, never an error message (a shell
    would print it in the middle of the command line).
    """
    found: dict[str, str] = {}
    i = 0
    while i < len(args) and args[i] != "__complete-orders":
        nxt = _take(GLOBAL_OPTIONS, args, i, found)
        if nxt is None:
            return
        i = nxt
    prefix = args[i + 1] if i + 1 < len(args) else ""
    try:
        import sqlite3

        settings = Settings.from_environment(found.get("db"), None)
        if not settings.db_path.exists():
            return
        # As a URI (read-only), the path percent-encoded: a '?' or '%' in it is part of the name.
        con = sqlite3.connect(settings.db_path.absolute().as_uri() + "?mode=ro", uri=True, timeout=1)
        rows = con.execute(
            "SELECT order_no FROM orders WHERE substr(order_no, 1, ?) = ?"
            " ORDER BY status IN ('closed', 'refunded'), id DESC LIMIT 500",
            (len(prefix), prefix),
        ).fetchall()
        con.close()
    except Exception:
        return
    if rows:
        from tracker.text import visible  # a number stored by hand may hold anything

        text = "\n".join(visible(r[0]) for r in rows) + "\n"
        _write_quietly(text)


def _write_quietly(text: str) -> None:
    """Straight to the file descriptor, unbuffered: a full or closed stdout fails here and
    is ignored (a shell would show any message in the middle of the command line), not at
    exit as a traceback. A stdout that is not a file (a test's capture) is written to."""
    if sys.stdout is None:  # started with stdout closed
        return
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):
        sys.stdout.write(text)
        return
    data = memoryview(text.encode("utf-8", "backslashreplace"))
    try:
        while data:
            data = data[os.write(fd, data) :]
    except OSError:
        pass

"""Property-based fuzzing of every command's arguments: no traceback, ever.

Random argument lists are built from the real command names and options (read from the
Typer app, so new commands are fuzzed without touching this file) mixed with dates,
numbers, order numbers, file names and arbitrary unicode (lone surrogates included: that
is how Python hands over bytes that are not UTF-8). Whatever comes in, the CLI must exit
with a documented code and say at most one line on stderr, starting `orders: error:`
(`import` may list rejected orders first, as `line N: reason`).

A modest number of examples runs with the suite; for a long campaign:
    ORDERS_FUZZ_EXAMPLES=3000 .venv/bin/python -m pytest tests/cli/test_fuzz.py --hypothesis-seed=1
"""

from __future__ import annotations

import enum
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tracker.cli import app

TODAY = "2026-11-26"
DOCUMENTED_EXIT_CODES = {0, 1, 2, 3, 4, 5, 6, 7}  # the README's table
KNOWN_ORDERS = ["1001", "1002", "1003", "8123456789012345"]
# Files the file-taking commands may be pointed at; the fixture creates them in a
# scratch directory (the working directory of the test, so nothing lands elsewhere).
FILES = ["good.json", "good.csv", "bad.json", "bad.csv", "binary.db", "empty.txt", "a-directory", "missing.json", "-"]


def _commands() -> dict:
    """The registered commands (click objects): their parameters drive the generator."""
    import typer.main

    return dict(typer.main.get_command(app).commands)


COMMANDS = _commands()
OPTIONS = sorted(
    {opt for command in COMMANDS.values() for param in command.params for opt in param.opts if opt.startswith("-")}
    | {"--help", "--json", "--db", "--today", "--version"}
)
DATE_PARAMS = {"on", "paid", "shipped", "ordered", "expected_delivery", "protection_end"}
PATH_PARAMS = {"path", "output"}

# Each parameter kind has values that should work and values that should be refused.
good_dates = st.one_of(
    st.sampled_from(["today", "yesterday", "-2d", "3 days ago", "26.11", "04.11.26", "2026-11-04"]),
    st.dates(date(2026, 6, 1), date(2026, 11, 26)).map(lambda d: d.isoformat()),
)
bad_dates = st.one_of(
    st.sampled_from(
        ["tomorrow", "+3d", "31.02.2026", "29.02.2028", "0001-01-01", "9999-12-31", "1970-01-01", "+9999d",
         "-9999d", "9999 days ago", "2026-13-01", "26.11.99999", "0", "now"]
    ),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
)
good_numbers = st.integers(0, 400).map(str)
bad_numbers = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["-1", "1e3", "0x10", "1_000", " 7", "12,34", "NaN", "inf", "-0", "99999999999999999999999"]),
)
good_text = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), min_size=1, max_size=30)
# Real argv never holds NUL; anything else can arrive, lone surrogates included (bytes
# that are not UTF-8 reach Python that way).
bad_text = st.one_of(
    st.text(st.characters(exclude_categories=(), exclude_characters="\x00"), max_size=40),
    st.text(
        st.characters(categories=["Cs", "Cc", "Zl", "Zs", "Mn"], exclude_characters="\x00"), min_size=1, max_size=8
    ),
    st.sampled_from(
        ["", " ", "\n", "\r\n", "\t", "a\udcffb", "\udc80", "\u202eevil", "x" * 3000, "😀" * 300, "-", "--",
         "'; DROP TABLE orders; --", "=HYPERLINK(\"x\")", "%s%n", "\\x00", "\u2028", "ǅ" * 70]
    ),
)
GOOD = {
    "price": st.one_of(st.decimals(0, 10**6, places=2).map(str), st.just("12,34")),
    "currency": st.sampled_from(["USD", "rub", "EUR "]),
    "marketplace": st.sampled_from(["aliexpress", "AliExpress"]),
    "processing_days": st.integers(0, 365).map(str),
    "protection_days": st.integers(1, 365).map(str),
    "days": st.integers(1, 365).map(str),
    "within": st.integers(0, 3650).map(str),
    "stages": st.lists(st.integers(0, 365).map(str), min_size=1, max_size=5).map(",".join),
    "tracking": st.text(st.characters(codec="ascii", categories=["Lu", "Nd"]), min_size=1, max_size=20),
}
BAD = {
    "price": st.sampled_from(["-1", "1e3", "0.001", "NaN", "inf", "1" * 400, "١٢", "12.3.4", ""]),
    "currency": st.one_of(bad_text, st.sampled_from(["usdollar", "€", "US", "ÜSD"])),
    "stages": st.one_of(bad_text, st.lists(bad_numbers, max_size=5).map(",".join)),
}
words = st.sampled_from(["refunded", "partial", "rejected", "withdrawn", "json", "csv", "rub", "USD", "aliexpress"])
piece = st.one_of(
    st.sampled_from(OPTIONS),
    st.sampled_from(KNOWN_ORDERS),
    st.integers(2000, 10**16).map(str),  # most likely a new order
    st.sampled_from(FILES),
    good_dates,
    bad_dates,
    good_numbers,
    bad_numbers,
    words,
    bad_text,
)


def value_for(param, good: bool) -> st.SearchStrategy[str]:
    """A value of the kind the parameter takes that should work, or one that should not."""
    kind = param.type_descriptor.annotation
    if param.name in DATE_PARAMS:
        return good_dates if good else bad_dates
    if param.name in PATH_PARAMS:
        return st.sampled_from(FILES[:2] if good else FILES)
    if param.name == "order_no":
        new = st.integers(2000, 10**16).map(str)
        return st.one_of(st.sampled_from(KNOWN_ORDERS), new) if good else st.one_of(bad_text, new)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return st.sampled_from([m.value for m in kind]) if good else st.one_of(bad_text, words)
    if kind is int or kind == int | None:
        return GOOD.get(param.name, good_numbers) if good else bad_numbers
    return GOOD.get(param.name, good_text) if good else BAD.get(param.name, bad_text)


@st.composite
def command_lines(draw) -> list[str]:
    """A command with its arguments and some options: the values fit, except for one
    parameter that gets a value meant to be refused; sometimes noise in any place."""
    if draw(st.integers(0, 19)) == 0:
        return [draw(bad_text), *draw(st.lists(piece, max_size=4))]
    name = draw(st.sampled_from(sorted(COMMANDS)))
    params = COMMANDS[name].params
    chosen = [p for p in params if p.param_type_name == "argument" or p.required or draw(st.integers(0, 3)) == 0]
    valued = [p for p in chosen if not getattr(p, "is_flag", False)]
    payload = draw(st.sampled_from(valued)) if valued and draw(st.integers(0, 3)) else None
    args: list[str] = []
    for param in chosen:
        if param.param_type_name == "option":
            args.append(draw(st.sampled_from(param.opts)))
        if not getattr(param, "is_flag", False):
            args.append(draw(value_for(param, good=param is not payload)))
    if draw(st.integers(0, 5)) == 0:  # noise: a stray word or option anywhere
        args.insert(draw(st.integers(0, len(args))), draw(piece))
    before = draw(st.sampled_from([[]] * 18 + [["--today", draw(st.one_of(good_dates, bad_dates))], ["--version"]]))
    return [*before, name, *args]


def _safe(args: list[str]) -> bool:
    """Random paths stay inside the scratch directory."""
    return not any(a.startswith("~") or "/" in a or "\\" in a or a.strip() == ".." for a in args)


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """Run one command line on a fresh copy of a small order book, in a scratch directory
    with files to import (each example starts from the same state: reproducible)."""
    monkeypatch.delenv("ORDERS_DB", raising=False)
    monkeypatch.delenv("ORDERS_TODAY", raising=False)
    monkeypatch.delenv("ORDERS_DEBUG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    template = tmp_path / "template"
    template.mkdir()
    runner = CliRunner()

    def invoke(where: Path, args: list[str]):
        return runner.invoke(app, ["--db", str(where / "orders.db"), "--today", TODAY, *args])

    for args in (
        ["add", "1001", "--shipped", "2026-11-04", "--title", "USB hub"],
        ["add", "1002", "--paid", "2026-11-20"],
        ["add", "1003", "--shipped", "2026-10-01"],
        ["extend", "1003", "10"],
    ):
        assert invoke(template, args).exit_code == 0
    (template / "bad.json").write_text('{"orders": [{"order_no": "x", "events": [{"kind": "nope"}]}]}\n')
    (template / "bad.csv").write_text("order_no,kind,date\nx,paid,someday\n")
    (template / "binary.db").write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 4)
    (template / "empty.txt").write_text("")
    (template / "a-directory").mkdir()
    for name, fmt in (("good.json", "json"), ("good.csv", "csv")):
        exported = invoke(template, ["export", "--format", fmt])
        if exported.exit_code == 0:  # before `export` exists, these are just more bad files
            (template / name).write_text(exported.stdout)
    work = tmp_path / "work"

    def run(args: list[str]):
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(template, work)
        monkeypatch.chdir(work)
        return invoke(work, args)

    return run


def check(result, args: list[str]) -> None:
    output = result.stdout + result.stderr
    assert result.exit_code in DOCUMENTED_EXIT_CODES, (args, result.exit_code, output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
    assert "Traceback" not in output, (args, output)
    lines = result.stderr.splitlines()
    if "import" in args:  # import first reports each rejected order on a line of its own
        lines = [line for line in lines if not line.startswith("line ")]
    if result.exit_code == 0:
        assert lines == [], (args, result.stderr)
    elif result.exit_code != 3:  # `due --check` found something: not an error
        assert len(lines) == 1 and lines[0].startswith("orders: error: "), (args, result.stderr)


@settings(
    max_examples=int(os.environ.get("ORDERS_FUZZ_EXAMPLES", "100")),  # more for a long campaign
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=command_lines())
def test_no_arguments_ever_make_a_traceback(scratch, args):
    assume(_safe(args))
    check(scratch(args), args)


def test_the_fuzzer_knows_every_command():
    assert {"add", "show", "list", "due", "remind", "edit", "undo", "remove"} <= set(COMMANDS)

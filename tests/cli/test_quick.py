"""The quick path for `due`/`remind` accepts exactly the Typer commands' options and
behaves the same; anything it does not understand goes to Typer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer.main

from tracker.cli.quick import COMMAND_OPTIONS, DEFAULTS, GLOBAL_OPTIONS, parse
from tracker.cli.root import app


def typer_options(command) -> dict[str, tuple[str, bool]]:
    found = {}
    for param in command.params:
        for opt in param.opts:
            found[opt] = (param.name, param.is_flag)
    return found


@pytest.mark.parametrize("name", sorted(COMMAND_OPTIONS))
def test_quick_options_match_the_typer_command(name):
    command = typer.main.get_command(app).commands[name]
    expected = {opt: (key, kind == "flag") for opt, (key, kind) in COMMAND_OPTIONS[name].items()}
    assert typer_options(command) == expected
    defaults = {p.name: p.default for p in command.params if p.name != "help"}
    assert defaults == DEFAULTS[name]


def test_quick_global_options_match_the_typer_callback():
    root = typer.main.get_command(app)
    options = {opt for p in root.params for opt in p.opts}
    assert set(GLOBAL_OPTIONS) <= options


@pytest.mark.parametrize(
    "args",
    [
        ["due", "--help"],
        ["--help"],
        ["due", "--within", "soon"],
        ["due", "--within"],
        ["due", "--nope"],
        ["due", "--json=yes"],
        ["--version", "due"],
        ["add", "1"],
        ["remind", "extra"],
        [],
    ],
)
def test_anything_unusual_goes_to_typer(args):
    assert parse(args) is None


def test_plain_arguments_are_understood():
    assert parse(["--db", "x.db", "--today=2026-11-26", "due", "-w", "3", "--json", "-q"]) == (
        "due",
        {"db": "x.db", "today": "2026-11-26"},
        {"within": 3, "everything": False, "as_json": True, "check": False, "quiet": True},
    )
    assert parse(["remind", "--stages=3,0"])[2] == {"stages": "3,0", "as_json": False}


@pytest.mark.parametrize(
    "args",
    [
        ["due"],
        ["due", "--all", "--json"],
        ["due", "--within", "40", "--check"],
        ["due", "--within", "-3"],
        ["due", "--quiet"],
        ["remind", "--stages", "x"],
    ],
)
def test_quick_and_typer_paths_give_the_same_result(orders, db, args):
    orders("add", "1", "--shipped", "2026-10-01", "--title", "Кабель")
    orders("add", "2", "--paid", "2026-11-25")
    typer_run = orders(*args)
    quick_run = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "--today", "2026-11-26", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert (quick_run.returncode, quick_run.stdout, quick_run.stderr) == (
        typer_run.code,
        typer_run.stdout,
        typer_run.stderr,
    )


def test_a_window_in_another_scripts_digits_is_refused_on_both_paths(orders):
    """0-9 only, as in dates: the quick path leaves `--within ٣` to Typer, which refuses it."""
    from tracker.cli.quick import parse

    assert parse(["due", "--within", "٣"]) is None
    assert orders("due", "--within", "٣").code == 2

"""Shell completions: shipped files match the app, and real shells complete with them."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COMPLETIONS = Path(__file__).resolve().parents[2] / "completions"


def generator():
    spec = importlib.util.spec_from_file_location("generate", COMPLETIONS / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def test_shipped_completion_files_are_up_to_date():
    for name, text in generator().render().items():
        shipped = (COMPLETIONS / name).read_text(encoding="utf-8")
        assert shipped == text, f"{name} is out of date: run python completions/generate.py"


@pytest.fixture
def book(orders, db):
    for number in ("8123456789012345", "8123999", "555"):
        assert orders("add", number).code == 0
    orders("close", "555", "--yes")
    return db


def shell_env() -> dict[str, str]:
    """`orders` on PATH: the console script of the Python running the tests."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def bash_complete(line: str) -> list[str]:
    words = line.split(" ")
    script = (
        f"source {COMPLETIONS / 'orders.bash'}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        '_orders; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    run = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=shell_env(), check=True)
    return [w for w in run.stdout.splitlines() if w]


def test_bash_completes_commands_options_choices_and_order_numbers(book):
    if not (Path(sys.executable).parent / "orders").exists():
        pytest.skip("the orders console script is not installed next to this Python")
    assert set(bash_complete("orders sh")) == {"show", "ship"}
    assert bash_complete("orders ship 1 --tr") == ["--tracking"]
    assert bash_complete("orders resolve 1 --outcome p") == ["partial"]
    assert set(bash_complete("orders -m")) == set()  # a global value option: nothing to guess
    assert "ebay" in bash_complete("orders add 1 --marketplace e")
    numbers = bash_complete(f"orders --db {book} confirm 81")
    assert numbers == ["8123999", "8123456789012345"]  # newest first
    assert bash_complete(f"orders --db {book} show 5") == ["555"]
    assert bash_complete("orders --db /nonexistent/x.db show ") == []


def test_order_numbers_for_completion_come_from_sqlite_quietly(book):
    run = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(book), "__complete-orders", ""],
        capture_output=True, text=True, env=shell_env(),
    )
    assert run.stdout.split() == ["8123999", "8123456789012345", "555"]  # closed orders last
    bad = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", "/etc/passwd", "__complete-orders", "1"],
        capture_output=True, text=True,
    )
    assert bad.returncode == 0 and bad.stdout == "" and bad.stderr == ""


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed (apt-get install fish)")
def test_fish_completes(book):
    if not (Path(sys.executable).parent / "orders").exists():
        pytest.skip("the orders console script is not installed next to this Python")

    def complete(line: str) -> list[str]:
        run = subprocess.run(
            ["fish", "--no-config", "-c", f"source {COMPLETIONS / 'orders.fish'}; complete -C '{line}'"],
            capture_output=True, text=True, env=shell_env(), check=True,
        )
        return [row.split("\t")[0] for row in run.stdout.splitlines()]

    assert {"show", "ship"} <= set(complete("orders sh"))
    assert "--tracking" in complete("orders ship 1 --tr")
    assert complete(f"orders --db {book} confirm 8123") == ["8123999", "8123456789012345"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed (apt-get install zsh)")
def test_zsh_script_parses():
    run = subprocess.run(["zsh", "-n", str(COMPLETIONS / "_orders")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr

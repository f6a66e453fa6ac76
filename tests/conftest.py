from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from tracker.cli import app

TODAY = "2026-11-26"

# CI runs the same examples every time (a red build must be reproducible); on a
# developer's machine Hypothesis explores new ones on every run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def isolated_user(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads the developer's own config, rules or locale; subprocesses inherit this."""
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("ORDERS_CONFIG_DIR", str(config))
    for name in ("LANGUAGE", "LC_MESSAGES", "LANG", "ORDERS_LANG", "ORDERS_DB", "ORDERS_TODAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    return config


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "orders.db"


@pytest.fixture
def orders(db: Path, monkeypatch: pytest.MonkeyPatch):
    """Run the CLI in-process on a temporary database, as of TODAY unless told otherwise."""
    monkeypatch.delenv("ORDERS_DB", raising=False)
    monkeypatch.delenv("ORDERS_TODAY", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()

    def run(*args: str, today: str = TODAY, input: str | None = None) -> Run:
        result = runner.invoke(app, ["--db", str(db), "--today", today, *args], input=input)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run

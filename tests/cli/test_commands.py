"""Every command through Typer's runner: the happy path and every error path."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tracker.cli.root import app
from tracker.cli.config import COMMANDS as CONFIG_COMMANDS
from tracker.cli.due import COMMANDS as DUE_COMMANDS
from tracker.cli.calendar import COMMANDS as CALENDAR_COMMANDS
from tracker.cli.orders import COMMANDS as ORDER_COMMANDS
from tracker.cli.rules import COMMANDS as RULES_COMMANDS
from tracker.cli.transfer import COMMANDS as TRANSFER_COMMANDS
from tracker.cli.views import COMMANDS as VIEW_COMMANDS

N = "8123456789012345"
ALL_COMMANDS = sorted(
    {*ORDER_COMMANDS, *VIEW_COMMANDS, *DUE_COMMANDS, *RULES_COMMANDS, *CONFIG_COMMANDS, *CALENDAR_COMMANDS, *TRANSFER_COMMANDS}
)


def state(orders) -> list[dict]:
    result = orders("list", "--all", "--json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    for order in data:  # the clock of recording is not part of the order's state
        for event in order["events"]:
            event.pop("recorded_at")
    return data


def test_every_command_is_registered_and_has_help_with_an_example(orders):
    import typer.main

    registered = set(typer.main.get_command(app).commands)
    assert set(ALL_COMMANDS) <= registered
    for name in ALL_COMMANDS:
        result = orders(name, "--help")
        assert result.code == 0, name
        assert "Usage: orders " + name in result.stdout
        assert "Examples:" in result.stdout, name


def test_version_and_help(orders):
    from tracker import __version__

    assert orders("--version").stdout.strip() == f"orders {__version__}"
    result = orders("--help")
    assert result.code == 0 and "add" in result.stdout and "show" in result.stdout


def test_bare_orders_prints_the_help_and_exits_2_as_click_does():
    from typer.testing import CliRunner

    bare, asked = CliRunner().invoke(app, []), CliRunner().invoke(app, ["--help"])
    assert bare.exit_code == 2 and bare.stdout == ""
    assert bare.stderr == asked.stdout  # the help itself, line by line: not one "error" line
    assert "orders: error:" not in bare.stderr and bare.stderr.count("\n") > 10
    assert asked.exit_code == 0 and asked.stderr == ""


def test_add_then_show_json_has_the_stable_fields(orders):
    result = orders("add", N, "--shipped", "04.11.2026", "--title", "USB хаб", "--price", "12,34", "--currency", "rub")
    assert result.code == 0, result.stderr
    assert "Added order" in result.stdout and "2027-01-01" in result.stdout
    shown = json.loads(orders("show", N, "--json").stdout)
    assert shown["schema_version"] == 1
    assert shown["order_no"] == N and shown["marketplace"] == "aliexpress"
    assert shown["status"] == "in_transit"
    assert shown["price"] == "12.34" and shown["currency"] == "RUB" and shown["title"] == "USB хаб"
    assert [(e["kind"], e["date"]) for e in shown["events"]] == [("paid", "2026-11-04"), ("shipped", "2026-11-04")]
    assert [(d["kind"], d["date"], d["estimated"]) for d in shown["deadlines"]] == [
        ("last_safe_dispute_day", "2027-01-01", True),
        ("protection_end", "2027-01-03", True),
        ("grace_cutoff", "2027-01-18", True),
    ]
    assert all(d["explanation"] for d in shown["deadlines"])


def test_show_in_words(orders):
    orders("add", N, "--shipped", "04.11.2026", "--protection-days", "30")
    result = orders("show", N)
    assert result.code == 0
    assert "buyer protection ends" in result.stdout
    assert "shipped 4 Nov 2026 + 30 days protection" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour off a terminal


def test_paid_defaults_to_today_for_a_new_order(orders):
    orders("add", N)
    shown = json.loads(orders("show", N, "--json").stdout)
    assert shown["events"][0]["date"] == "2026-11-26"
    assert shown["deadlines"][0]["kind"] == "ship_by" and shown["deadlines"][0]["date"] == "2026-12-03"


def test_order_life_from_payment_to_close(orders):
    assert orders("add", N, "--paid", "2026-11-01", "--processing-days", "5").code == 0
    steps = [
        (("ship", N, "--tracking", "RB123456785CN", "--on", "2026-11-04"), "in_transit"),
        (("extend", N, "15", "--on", "2026-11-20"), "in_transit"),
        (("delivered", N, "--on", "2026-11-24"), "delivered"),
        (("dispute", N, "--reason", "not received", "--on", "2026-11-25"), "disputed"),
        (("resolve", N, "--outcome", "partial", "--on", "2026-11-26"), "resolved"),
        (("refunded", N), "refunded"),
    ]
    for args, status in steps:
        result = orders(*args)
        assert result.code == 0, (args, result.stderr)
        assert json.loads(orders("show", N, "--json").stdout)["status"] == status
    shown = json.loads(orders("show", N, "--json").stdout)
    assert shown["tracking"] == "RB123456785CN"
    assert shown["deadlines"] == []
    assert orders("list").stdout.count(N) == 0
    assert N in orders("list", "--all").stdout


def test_confirm_then_close(orders):
    orders("add", N, "--shipped", "2026-11-04")
    result = orders("confirm", N, "--on", "yesterday")
    assert result.code == 0 and "2026-12-10" in result.stdout
    # inside the 15 days after confirming, `close` would drop the last chance to dispute
    before = orders("show", N, "--json").stdout
    refused = orders("close", N)
    assert refused.code == 5 and refused.stdout == ""
    assert refused.stderr.startswith("orders: error: order 8123") and len(refused.stderr.splitlines()) == 1
    assert "last day to dispute after closing 2026-12-10" in refused.stderr
    assert "--yes" in refused.stderr
    assert "orders status" not in refused.stderr  # "Order closed" would change nothing here
    assert orders("show", N, "--json").stdout == before  # nothing written
    assert orders("close", N, "--yes").code == 0
    assert json.loads(orders("show", N, "--json").stdout)["status"] == "closed"


def test_cancel_gives_refund_due(orders):
    orders("add", N, "--paid", "2026-11-20")
    result = orders("cancel", N, "--on", "2026-11-21", "--json")
    refund = json.loads(result.stdout)["deadlines"][0]
    assert "refund" in refund.pop("action")  # what to do about it (additive field)
    assert refund == {
        "kind": "refund_due",
        "date": "2026-11-29",
        "estimated": True,
        "explanation": "cancelled 21 Nov 2026 + 8 days refund",
        "days_left": 3,
        "level": "soon",
    }


def test_protection_end_from_the_order_page_wins(orders):
    orders("add", N, "--shipped", "2026-11-04", "--protection-end", "2027-02-10")
    shown = json.loads(orders("show", N, "--json").stdout)
    end = [d for d in shown["deadlines"] if d["kind"] == "protection_end"][0]
    assert end["date"] == "2027-02-10" and end["estimated"] is False


def test_edit_changes_facts_and_corrects_the_shipping_date(orders):
    orders("add", N, "--shipped", "2026-11-04")
    result = orders("edit", N, "--title", "Чехол", "--protection-days", "30", "--shipped", "2026-11-06")
    assert result.code == 0, result.stderr
    shown = json.loads(orders("show", N, "--json").stdout)
    assert shown["title"] == "Чехол" and shown["protection_days"] == 30
    shipped = [(e["date"], e["undone"]) for e in shown["events"] if e["kind"] == "shipped"]
    assert shipped == [("2026-11-04", True), ("2026-11-06", False)]
    assert [d["date"] for d in shown["deadlines"] if d["kind"] == "protection_end"] == ["2026-12-06"]


def test_undo_keeps_the_story_and_restores_the_deadlines(orders):
    orders("add", N, "--shipped", "2026-11-04")
    orders("confirm", N)
    result = orders("undo", N)
    assert result.code == 0 and "receipt confirmed" in result.stdout
    shown = json.loads(orders("show", N, "--json").stdout)
    assert shown["status"] == "in_transit"
    assert [e["undone"] for e in shown["events"]] == [False, False, True]
    assert "undone" in orders("show", N).stdout
    assert orders("confirm", N).code == 0  # can be recorded again


def test_remove_asks_and_yes_skips(orders):
    orders("add", N)
    assert orders("remove", N, input="n\n").code != 0
    assert orders("show", N).code == 0
    assert orders("remove", N, "--yes").code == 0
    assert orders("show", N).code == 4


def test_list_shows_open_orders_with_next_deadline(orders):
    orders("add", N, "--shipped", "2026-11-04", "--title", "USB hub")
    orders("add", "555", "--title", "[red]markup[/red]")
    out = orders("list").stdout
    assert "USB hub" in out and "last safe day to open a dispute" in out and "2027-01-01" in out
    assert "[red]markup[/red]" in out  # user text is never read as markup
    listed = json.loads(orders("list", "--json").stdout)
    assert [o["order_no"] for o in listed] == [N, "555"]


def test_empty_book(orders):
    result = orders("list")
    assert result.code == 0 and "No orders" in result.stdout
    assert json.loads(orders("list", "--json").stdout) == []


ERRORS = [
    # (setup commands, failing command, exit code, words in the message)
    ([], ("show", "999"), 4, "no order '999'"),
    ([("add", N)], ("ship", "999"), 4, "no order '999'"),
    ([("add", N)], ("add", N), 5, "already exists"),
    ([], ("add", N, "--paid", "31.02.2026"), 1, "cannot read date '31.02.2026'"),
    ([], ("add", N, "--paid", "tomorrow"), 1, "after today"),
    ([], ("add", N, "--ordered", "2026-11-20", "--paid", "2026-11-10"), 1, "after the payment date"),
    ([], ("add", "bad number!"), 1, "invalid order number"),
    ([], ("add", N, "--price", "abc"), 1, "invalid price"),
    ([], ("add", N, "--price", "-3"), 1, "invalid price"),
    ([], ("add", N, "--price", "1e999"), 1, "invalid price"),
    ([], ("add", N, "--price", "12.345"), 1, "invalid price"),
    ([], ("add", N, "--currency", "rubles"), 1, "invalid currency"),
    ([], ("add", N, "--protection-days", "0"), 1, "protection time"),
    ([], ("add", N, "--marketplace", "nowhere"), 1, "unknown marketplace"),
    ([], ("add", N, "--shipped", "2026-11-04", "--paid", "2026-11-10"), 5, "before the payment"),
    ([("add", N, "--shipped", "2026-11-04"), ("confirm", N)], ("confirm", N), 5, "already confirmed"),
    ([("add", N), ("cancel", N)], ("ship", N), 5, "cancelled"),
    ([("add", N)], ("confirm", N), 5, "not been shipped"),
    ([("add", N, "--shipped", "2026-11-04")], ("extend", N, "0"), 1, "between 1 and 365"),
    ([("add", N, "--shipped", "2026-11-04")], ("ship", N, "--on", "tomorrow"), 1, "after today"),
    ([("add", N, "--shipped", "2026-11-04")], ("resolve", N, "--outcome", "refunded"), 5, "no dispute is open"),
    ([("add", N, "--shipped", "2026-11-04")], ("resolve", N, "--outcome", "won"), 2, "'won' is not one of"),
    ([("add", N)], ("undo", N), 5, "nothing to undo"),
    ([("add", N)], ("remove", N), 1, "--yes"),
    ([], ("add",), 2, "Missing argument"),
    ([], ("bogus",), 2, "No such command"),
    ([], ("add", N, "--nope"), 2, "No such option"),
    # found by tests/cli/test_fuzz.py: each was an internal error (exit 70) or several lines
    ([], ("add", N, "--title", "a\udcffb"), 1, "title is not valid text"),
    ([], ("add", N, "--protection-end", "9999-12-31"), 1, "out of range"),
    ([], ("add", N, "--ordered", "0001-01-01"), 1, "out of range"),
    ([], ("add", N, "--paid", "+9999d"), 1, "after today"),
    ([("add", N, "--shipped", "2026-11-04")], ("resolve", N), 2, "Missing option '--outcome'. Choose from: refunded,"),
    ([("add", N)], ("ship", N, "--tracking", "x" * 65), 1, "tracking number is too long"),
    ([("add", N)], ("dispute", N, "--reason", "\udcff"), 1, "reason is not valid text"),
]


@pytest.mark.parametrize(("setup", "args", "code", "words"), ERRORS, ids=[" ".join(e[1]) for e in ERRORS])
def test_errors_are_one_line_with_an_exit_code_and_change_nothing(orders, setup, args, code, words):
    for step in setup:
        assert orders(*step).code == 0, step
    before = state(orders)
    result = orders(*args)
    assert result.code == code, result.stderr
    assert words in result.stderr
    assert result.stderr.startswith("orders: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert state(orders) == before


def test_bad_today_is_a_one_line_error(orders):
    result = orders("list", today="someday")
    assert result.code == 1 and result.stderr.startswith("orders: error: cannot read date 'someday': use YYYY-MM-DD")
    assert result.stderr.count("\n") == 1
    result = orders("add", N, today="9999-12-31")  # was an internal error: deadlines past year 9999
    assert result.code == 1 and result.stderr.startswith("orders: error: date '9999-12-31' is out of range")


def test_environment_variables_set_database_and_today(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    monkeypatch.setenv("ORDERS_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("ORDERS_TODAY", "2026-01-10")
    runner = CliRunner()
    assert runner.invoke(app, ["add", N]).exit_code == 0
    shown = json.loads(runner.invoke(app, ["show", N, "--json"]).stdout)
    assert shown["events"][0]["date"] == "2026-01-10"
    assert (tmp_path / "env.db").exists()


def test_importing_the_cli_stays_light():
    code = "import sys, tracker.cli; print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'ics', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_console_script_and_module_entry_points(tmp_path):
    env = {**os.environ, "ORDERS_DB": str(tmp_path / "x.db"), "ORDERS_TODAY": "2026-11-26"}
    run = subprocess.run([sys.executable, "-m", "tracker", "add", N], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    run = subprocess.run([sys.executable, "-m", "tracker", "show", "nope"], capture_output=True, text=True, env=env)
    assert run.returncode == 4 and run.stderr == "orders: error: no order 'nope' (see `orders list --all`)\n"

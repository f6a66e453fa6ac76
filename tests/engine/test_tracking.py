"""Tracking checks: a first scan within 15 days, movement every 14, S10 check digits."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.engine import Event, EventKind, Order, compute_deadlines, find_warnings
from tracker.engine.warnings import s10_check_digit, tracking_number_fails_check
from tracker.rules import load_rules

RULES = load_rules().get("aliexpress")
D = date.fromisoformat
PAID = Event(EventKind.PAID, D("2026-11-01"))
SHIPPED = Event(EventKind.SHIPPED, D("2026-11-04"), value="RB123456785CN")


def kinds(order, events):
    return {d.kind.value: d.date.isoformat() for d in compute_deadlines(order, events, RULES)}


def test_first_scan_is_due_15_days_after_shipping_with_a_tracking_number():
    assert kinds(Order("1", tracking="RB123456785CN"), [PAID, SHIPPED])["first_scan_due"] == "2026-11-19"
    assert "first_scan_due" not in kinds(Order("1"), [PAID, Event(EventKind.SHIPPED, D("2026-11-04"))])


def test_movement_is_due_14_days_after_the_latest_update():
    events = [
        PAID,
        SHIPPED,
        Event(EventKind.TRACKING_UPDATE, D("2026-11-08"), value="accepted"),
        Event(EventKind.TRACKING_UPDATE, D("2026-11-15"), value="departed"),
    ]
    found = kinds(Order("1", tracking="RB123456785CN"), events)
    assert found["movement_due"] == "2026-11-29" and "first_scan_due" not in found


def test_tracking_checks_stop_at_delivery():
    events = [PAID, SHIPPED, Event(EventKind.DELIVERED, D("2026-11-20"))]
    found = kinds(Order("1", tracking="RB123456785CN"), events)
    assert "first_scan_due" not in found and "movement_due" not in found


@pytest.mark.parametrize(
    ("number", "bad"),
    [
        ("RB123456785CN", False),
        ("rb 1234 5678 5cn", False),
        ("RB123456784CN", True),
        ("EE123456780CN", True),  # correct digit is 5
        ("LP00123456789012", False),  # not S10: no check possible
        ("YT2212345678901", False),
    ],
)
def test_s10_check_digit(number, bad):
    assert tracking_number_fails_check(number) is bad


def test_s10_digit_special_cases():
    assert s10_check_digit("12345678") == 5
    # a remainder that makes 11 - r equal 10 or 11 maps to 0 or 5
    assert {s10_check_digit(f"{n:08d}") for n in range(0, 2000)} <= set(range(10))


def test_a_bad_tracking_number_is_a_warning():
    warnings = find_warnings(Order("1", tracking="RB123456784CN"), [PAID, SHIPPED], RULES)
    assert [w.code for w in warnings] == ["tracking_check_digit"]
    assert find_warnings(Order("1", tracking="RB123456785CN"), [PAID, SHIPPED], RULES) == []

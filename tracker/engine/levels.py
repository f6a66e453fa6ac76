"""How pressing a deadline is: the only part of the engine that depends on today."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

URGENT_DAYS = 2  # 1 to 2 days left is urgent


class Level(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    URGENT = "urgent"
    SOON = "soon"
    LATER = "later"


def days_left(deadline_date: date, today: date) -> int:
    return (deadline_date - today).days


def level_of(deadline_date: date, today: date, within: int) -> Level:
    """overdue < today < urgent (1-2 days) < soon (inside the window) < later."""
    left = days_left(deadline_date, today)
    if left < 0:
        return Level.OVERDUE
    if left == 0:
        return Level.TODAY
    if left <= URGENT_DAYS:
        return Level.URGENT
    if left <= within:
        return Level.SOON
    return Level.LATER

"""The deadline engine: pure functions of an order, its events and the rules.

No I/O, no Rich, no SQL: standard library only, so it is trivially testable.
"""

from tracker.engine.deadlines import compute_deadlines
from tracker.engine.levels import Level, days_left, level_of
from tracker.engine.lifecycle import OrderState, replay
from tracker.engine.warnings import Warning, find_warnings
from tracker.engine.model import Deadline, DeadlineKind, Event, EventKind, Order, Outcome, Status

__all__ = [
    "Deadline",
    "DeadlineKind",
    "Event",
    "EventKind",
    "Level",
    "Order",
    "OrderState",
    "Outcome",
    "Status",
    "Warning",
    "compute_deadlines",
    "days_left",
    "find_warnings",
    "level_of",
    "replay",
]

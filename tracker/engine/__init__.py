"""The deadline engine: pure functions of an order, its events and the rules.

No I/O, no Rich, no SQL: standard library only, so it is trivially testable. Names are
loaded on first use (PEP 562), so the hot `due` path pays only for what it touches.
"""

from importlib import import_module
from typing import Any

_WHERE = {
    "Deadline": "model",
    "DeadlineKind": "model",
    "Event": "model",
    "EventKind": "model",
    "Order": "model",
    "Outcome": "model",
    "Status": "model",
    "Level": "levels",
    "days_left": "levels",
    "level_of": "levels",
    "OrderState": "lifecycle",
    "replay": "lifecycle",
    "compute_deadlines": "deadlines",
    "Warning": "model",
    "find_warnings": "warnings",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'tracker.engine' has no attribute {name!r}")
    return getattr(import_module(f"tracker.engine.{_WHERE[name]}"), name)

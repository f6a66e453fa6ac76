"""JSON for scripts: stable field names (add fields, never rename), a schema version."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from tracker.engine import days_left, level_of
from tracker.text import json_visible
from tracker.engine.after import status_on

SCHEMA_VERSION = 1
WINDOW_DAYS = 7


def order_dict(view: Any, today: date) -> dict[str, Any]:
    from tracker.render.words import action

    order = view.order
    return {
        "schema_version": SCHEMA_VERSION,
        "order_no": order.order_no,
        "marketplace": order.marketplace,
        "status": status_on(view.status, view.deadlines, today).value,
        "title": order.title,
        "store": order.store,
        "price": order.price,
        "currency": order.currency,
        "ordered": _iso(order.ordered),
        "processing_days": order.processing_days,
        "protection_days": order.protection_days,
        "expected_delivery": _iso(order.expected_delivery),
        "tracking": order.tracking,
        "note": order.note,
        "payment": order.payment,
        "url": view.order_url,
        "warnings": [{"code": w.code, "message": w.message} for w in view.warnings],
        "events": [
            {
                "kind": e.kind.value,
                "date": e.date.isoformat(),
                "days": e.days,
                "value": e.value,
                "recorded_at": _iso(e.recorded_at),
                "undone": not e.active,
                "undone_at": _iso(e.undone_at),  # so that `orders import` reads this back exactly
            }
            for e in view.events
        ],
        "deadlines": [
            {
                "kind": d.kind.value,
                "date": d.date.isoformat(),
                "estimated": d.estimated,
                "explanation": d.explanation,
                "days_left": days_left(d.date, today),
                "level": level_of(d.date, today, WINDOW_DAYS).value,
                "action": action(d.kind, d.basis, d.date < today, today),
            }
            for d in view.deadlines
        ],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def dumps(data: Any) -> str:
    """Readable UTF-8 JSON in which no control character from the data stands raw."""
    return json_visible(json.dumps(data, ensure_ascii=False, indent=2))


def due_dict(report: Any) -> dict[str, Any]:
    from tracker.engine.levels import Level
    from tracker.render.words import action

    return {
        "schema_version": SCHEMA_VERSION,
        "today": report.today.isoformat(),
        "within": report.within,
        "all": report.everything,
        "items": [
            {
                "order_no": item.order_no,
                "title": item.title,
                "marketplace": item.marketplace,
                "kind": item.kind.value,
                "date": item.date.isoformat(),
                "days_left": item.days_left,
                "level": item.level.value,
                "action": action(item.kind, item.basis, item.level is Level.OVERDUE, report.today),
                "estimated": item.estimated,
                "explanation": item.explanation,
            }
            for item in report.items
        ],
        "warnings": [
            {"order_no": order_no, "code": w.code, "message": w.message}
            for order_no, found in report.warnings.items()
            for w in found
        ],
    }


def dump_due(report: Any) -> None:
    import sys

    sys.stdout.write(dumps(due_dict(report)) + "\n")

"""Queries and row <-> engine conversions, all inside a caller's transaction."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, select

from tracker.engine import Deadline, Event, EventKind, Order, Warning
from tracker.engine.after import act_until as listed_until
from tracker.store.schema import CalendarExportRow, DeadlineRow, EventRow, MetaRow, OrderRow

ORDER_FIELDS = [f.name for f in fields(Order)]


def to_order(row: OrderRow) -> Order:
    return Order(**{name: getattr(row, name) for name in ORDER_FIELDS})


def to_event(row: EventRow) -> Event:
    return Event(
        kind=EventKind(row.kind),
        date=row.date,
        days=row.days,
        value=row.value,
        recorded_at=row.recorded_at,
        undone_at=row.undone_at,
        id=row.id,
    )


def find_order(session: Session, order_no: str) -> OrderRow | None:
    return session.exec(select(OrderRow).where(OrderRow.order_no == order_no)).first()


def insert_order(session: Session, order: Order, status: str, now: datetime) -> OrderRow:
    row = OrderRow(**asdict(order), status=status, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    return row


def update_order(row: OrderRow, order: Order, status: str, warnings: list[Warning], now: datetime) -> None:
    for name in ORDER_FIELDS:
        setattr(row, name, getattr(order, name))
    row.status = status
    row.warnings = _warnings_text(warnings)
    row.updated_at = now


def _warnings_text(warnings: list[Warning]) -> str:
    return json.dumps([{"code": w.code, "params": w.params} for w in warnings], ensure_ascii=False)


def events_of(session: Session, order_id: int) -> list[EventRow]:
    query = select(EventRow).where(EventRow.order_id == order_id).order_by(col(EventRow.id))
    return list(session.exec(query))


def add_event(session: Session, order_id: int, event: Event, now: datetime) -> EventRow:
    row = EventRow(
        order_id=order_id,
        kind=event.kind.value,
        date=event.date,
        days=event.days,
        value=event.value,
        recorded_at=event.recorded_at or now,  # an imported event keeps its moments
        undone_at=event.undone_at,
    )
    session.add(row)
    session.flush()
    return row


def replace_deadlines(session: Session, order_id: int, deadlines: list[Deadline]) -> None:
    # Not matched against the objects in the session: that scan of the whole identity map
    # made a recompute of many orders in one session quadratic (none of this order's rows
    # is loaded as an object anyway).
    statement = delete(DeadlineRow).where(col(DeadlineRow.order_id) == order_id)
    session.exec(statement.execution_options(synchronize_session=False))
    session.add_all(DeadlineRow(**row) for row in _deadline_rows(order_id, deadlines))


def _deadline_rows(order_id: int, deadlines: list[Deadline]) -> list[dict[str, Any]]:
    """Each row with the day it stays listed until (engine.after.act_until)."""
    return [
        dict(order_id=order_id, kind=d.kind.value, date=d.date, estimated=d.estimated,
             basis=json.dumps(d.basis, ensure_ascii=False), act_until=act_until)
        for d, act_until in zip(deadlines, listed_until(deadlines))
    ]


def save_recomputed(session: Session, results: list[tuple[int, str, list[Warning], list[Deadline]]], now: datetime) -> None:
    """Store what the engine derived again for many orders (id, status, warnings,
    deadlines), in a few bulk statements: a recompute after a rules change."""
    from sqlalchemy import insert, update

    if not results:
        return
    session.execute(
        update(OrderRow),
        [dict(id=i, status=status, warnings=_warnings_text(warnings), updated_at=now) for i, status, warnings, _ in results],
    )
    for chunk in _chunks([r[0] for r in results]):
        statement = delete(DeadlineRow).where(col(DeadlineRow.order_id).in_(chunk))
        session.exec(statement.execution_options(synchronize_session=False))
    rows = [row for i, _status, _warnings, deadlines in results for row in _deadline_rows(i, deadlines)]
    if rows:
        session.execute(insert(DeadlineRow), rows)


def open_orders_after(session: Session, after_id: int, limit: int, finished: tuple[str, ...]) -> list[OrderRow]:
    """The next `limit` orders not finished, by id, after `after_id`."""
    query = (
        select(OrderRow)
        .where(col(OrderRow.id) > after_id, col(OrderRow.status).not_in(finished))
        .order_by(col(OrderRow.id))
        .limit(limit)
    )
    return list(session.exec(query))


def events_by_order(session: Session, order_ids: list[int]) -> dict[int, list[EventRow]]:
    grouped: dict[int, list[EventRow]] = {i: [] for i in order_ids}
    for chunk in _chunks(order_ids):
        query = select(EventRow).where(col(EventRow.order_id).in_(chunk)).order_by(col(EventRow.id))
        for row in session.exec(query):
            grouped[row.order_id].append(row)
    return grouped


def _chunks(ids: list, size: int = 900) -> list[list]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(MetaRow, key)
    return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(MetaRow, key)
    if row is None:
        session.add(MetaRow(key=key, value=value))
    else:
        row.value = value


def delete_meta(session: Session, key: str) -> None:
    session.exec(delete(MetaRow).where(col(MetaRow.key) == key))


def undo_event(session: Session, event_id: int, now: datetime) -> None:
    row = session.get(EventRow, event_id)
    row.undone_at = now


def calendar_exports(session: Session, order_nos: list[str] | None = None) -> list[Any]:
    """What the last calendar export published (rows with CalendarExportRow's fields, read
    as plain rows: there can be tens of thousands): every event, or those of some orders."""
    query = select(*CalendarExportRow.__table__.columns)
    if order_nos is None:
        return list(session.exec(query))
    found: list[Any] = []
    for chunk in _chunks(order_nos):
        found += session.exec(query.where(col(CalendarExportRow.order_no).in_(chunk)))
    return found


def save_calendar_exports(session: Session, changed: list[dict], forgotten: list[str]) -> None:
    """Insert or replace the changed events (column dicts) and forget others, in bulk."""
    from sqlalchemy.dialects.sqlite import insert

    if changed:
        statement = insert(CalendarExportRow)
        columns = {name: statement.excluded[name] for name in changed[0] if name != "uid"}
        session.exec(statement.on_conflict_do_update(index_elements=["uid"], set_=columns), params=changed)
    for chunk in _chunks(forgotten):
        session.exec(delete(CalendarExportRow).where(col(CalendarExportRow.uid).in_(chunk)))

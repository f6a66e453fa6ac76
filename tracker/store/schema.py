"""The database schema, defined once (SQLModel). The fast read path in `fastread` uses
the same table and column names through the standard library's sqlite3; a test proves
the two agree.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

SCHEMA_VERSION = 1


class OrderRow(SQLModel, table=True):
    __tablename__ = "orders"

    id: int | None = Field(default=None, primary_key=True)
    order_no: str = Field(unique=True)
    marketplace: str
    title: str | None = None
    store: str | None = None
    price: str | None = None
    currency: str | None = None
    ordered: date | None = None
    processing_days: int | None = None
    protection_days: int | None = None
    expected_delivery: date | None = None
    tracking: str | None = None
    note: str | None = None
    status: str  # derived from the events on every write, kept for filtering
    created_at: datetime
    updated_at: datetime


class EventRow(SQLModel, table=True):
    __tablename__ = "events"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", ondelete="CASCADE", index=True)
    kind: str
    date: date
    days: int | None = None
    value: str | None = None
    recorded_at: datetime
    undone_at: datetime | None = None


class DeadlineRow(SQLModel, table=True):
    """Deadlines are computed on every write, so `due` is one indexed read."""

    __tablename__ = "deadlines"
    __table_args__ = (
        UniqueConstraint("order_id", "kind"),
        Index("ix_deadlines_date", "date"),
        # Overdue rows are listed only while their order has a deadline today or later:
        # `act_until` is that order's last deadline, so the overdue query is a range scan.
        Index("ix_deadlines_act_until", "act_until", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", ondelete="CASCADE")
    kind: str
    date: date
    estimated: bool
    explanation: str
    act_until: date


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str

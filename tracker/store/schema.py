"""The database schema, defined once (SQLModel). The fast read path in `fastread` uses
the same table and column names through the standard library's sqlite3; a test proves
the two agree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel



class OrderRow(SQLModel, table=True):
    __tablename__ = "orders"

    id: int | None = Field(default=None, primary_key=True)
    order_no: str = Field(unique=True)
    marketplace: str
    title: str | None = None
    store: str | None = None
    price: str | None = None
    currency: str | None = None
    ordered: dt.date | None = None
    processing_days: int | None = None
    protection_days: int | None = None
    expected_delivery: dt.date | None = None
    tracking: str | None = None
    note: str | None = None
    payment: str | None = None
    status: str  # derived from the events on every write, kept for filtering
    warnings: str = "[]"  # JSON list of {code, message}, derived on every write like status
    created_at: dt.datetime
    updated_at: dt.datetime


class EventRow(SQLModel, table=True):
    __tablename__ = "events"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", ondelete="CASCADE", index=True)
    kind: str
    date: dt.date
    days: int | None = None
    value: str | None = None
    recorded_at: dt.datetime
    undone_at: dt.datetime | None = None


class DeadlineRow(SQLModel, table=True):
    """Deadlines are computed on every write, so `due` is one indexed read."""

    __tablename__ = "deadlines"
    __table_args__ = (
        UniqueConstraint("order_id", "kind"),
        Index("ix_deadlines_date", "date"),
        # Overdue rows are listed only until `act_until` (engine/after.py: the order's last
        # deadline, a week more for that last one, for ever for money still owed), so the
        # overdue query is a range scan.
        Index("ix_deadlines_act_until", "act_until", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", ondelete="CASCADE")
    kind: str
    date: dt.date
    estimated: bool
    basis: str  # JSON: the language-neutral terms of the explanation (engine/explain.py)
    act_until: dt.date


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str


class ReminderRow(SQLModel, table=True):
    """What `orders remind` already reported: the last stage of each deadline date."""

    __tablename__ = "reminders"

    order_id: int = Field(foreign_key="orders.id", ondelete="CASCADE", primary_key=True)
    kind: str = Field(primary_key=True)
    date: dt.date = Field(primary_key=True)
    stage: int  # days left at the stage reported; -1 means overdue
    reported_at: dt.datetime


class CalendarExportRow(SQLModel, table=True):
    """What the last `orders export-ics` published, so the next one updates it in place.

    One row per event UID. `sequence` and `last_modified` move only when the published
    event changes; a deadline that no longer applies is published once more as cancelled
    (`cancelled` set) and its row is deleted by the export after that.
    """

    __tablename__ = "calendar_exports"

    uid: str = Field(primary_key=True)
    order_no: str = Field(index=True)
    kind: str
    date: dt.date
    title: str | None = None
    digest: str  # what the event said when last published (date, words, link)
    sequence: int
    last_modified: dt.datetime  # UTC, when the published event last changed
    cancelled: bool = False

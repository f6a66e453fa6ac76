"""Opening the database safely: location checks, pragmas, schema version, transactions.

Writes run in short `BEGIN IMMEDIATE` transactions (the write lock is taken up front, so
two writers queue on the busy timeout instead of failing half-way). WAL lets readers run
beside a writer. Every SQLite failure a user can meet becomes a one-line DatabaseError.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Engine
from sqlmodel import Session

from tracker.errors import DatabaseError
from tracker.i18n import _
from tracker.store import schema  # registers the tables on SQLModel.metadata
from tracker.store.files import (
    BUSY_TIMEOUT_MS,
    SCHEMA_VERSION,
    check_location,
    create_private_file,
    describe,
)

_OUR_TABLES = {"orders", "events", "deadlines", "meta", "reminders", "calendar_exports"}


class Store:
    """One database file. `transaction()` yields a Session inside one BEGIN ... COMMIT."""

    def __init__(self, path: Path, *, write: bool):
        self.path = path
        self.write = write
        check_location(path)
        if write:
            create_private_file(path)
        elif not path.exists():
            raise DatabaseError(_('no database at {path} yet (add an order first)').format(path=path))
        self.engine = self._make_engine()
        try:
            self._check_schema()
        except exc.DBAPIError as e:
            raise describe(e, path) from None
        except sqlite3.Error as e:
            raise describe(e, path) from None

    def _make_engine(self) -> Engine:
        engine = create_engine(
            f"sqlite:///{self.path}",
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        )
        begin = "BEGIN IMMEDIATE" if self.write else "BEGIN"

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection):  # type: ignore[no-untyped-def]
            connection.exec_driver_sql(begin)

        return engine

    def _check_schema(self) -> None:
        with self.engine.connect() as connection:
            raw = connection.connection.driver_connection
            version = raw.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                _('database {path} was written by a newer orders (schema {version}, this version knows {SCHEMA_VERSION}); upgrade orders').format(path=self.path, version=version, SCHEMA_VERSION=SCHEMA_VERSION)
            )
        if version == 0 and tables - {"sqlite_sequence"}:
            if not tables >= _OUR_TABLES:
                raise DatabaseError(_('{path} is an SQLite database but not an orders database').format(path=self.path))
        if version < SCHEMA_VERSION:
            if not self.write:
                raise DatabaseError(_('database {path} needs an upgrade; run any orders command that writes').format(path=self.path))
            self._create_or_upgrade(version)

    def _create_or_upgrade(self, version: int) -> None:
        with self.engine.begin() as connection:
            raw = connection.connection.driver_connection
            if version == 0:
                schema.SQLModel.metadata.create_all(connection)
            # Future upgrades go here: one step per version, in this same transaction.
            raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        with self.engine.connect() as connection:
            connection.connection.driver_connection.execute("PRAGMA journal_mode = WAL")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short transaction; rolled back whole on any error."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                with session.begin():
                    yield session
        except exc.DBAPIError as e:
            raise describe(e, self.path) from None

    def close(self) -> None:
        self.engine.dispose()

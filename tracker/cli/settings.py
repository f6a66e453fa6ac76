"""Global settings every command sees: the database and the day. No Typer here, so the
quick path for `due`/`remind` shares it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DB_ENV = "ORDERS_DB"
TODAY_ENV = "ORDERS_TODAY"


@dataclass
class Settings:
    db_path: Path
    db_is_default: bool
    today_text: str | None

    @classmethod
    def from_options(cls, db: str | Path | None, today: str | None) -> Settings:
        """Options win over the environment (Typer passes both already merged)."""
        if db is None:
            from platformdirs import user_data_path

            return cls(user_data_path("orders") / "orders.db", True, today)
        return cls(Path(db).expanduser(), False, today)

    @classmethod
    def from_environment(cls, db: str | None, today: str | None) -> Settings:
        return cls.from_options(db or os.environ.get(DB_ENV) or None, today or os.environ.get(TODAY_ENV) or None)

    @property
    def today(self) -> date:
        from tracker.dates import resolve_today

        return resolve_today(self.today_text)

    def book(self, write: bool = True):  # -> tracker.services.Book
        from tracker.services import Book

        if write:
            self.prepare_default_directory()
        return Book(self.db_path, self.today)

    def prepare_default_directory(self) -> None:
        """The default directory is created, private; an explicit one must exist."""
        if self.db_is_default:
            self.db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)

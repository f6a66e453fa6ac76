"""Global settings every command sees: the database and the day. No Typer here, so the
quick path for `due`/`remind` shares it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.config import Config, load_config

DB_ENV = "ORDERS_DB"
TODAY_ENV = "ORDERS_TODAY"
LANG_ENV = "ORDERS_LANG"


@dataclass
class Settings:
    db_path: Path
    db_is_default: bool
    today_text: str | None
    config: Config
    db_source: str = "default"
    lang_option: str | None = None

    @classmethod
    def from_options(cls, db: str | Path | None, today: str | None, lang: str | None = None) -> Settings:
        """--db (or ORDERS_DB, merged by Typer) wins over config.toml's database."""
        config = load_config()
        if db is not None:
            source = f"environment {DB_ENV}" if os.environ.get(DB_ENV) == str(db) else "option --db"
            return cls(Path(db).expanduser(), False, today, config, source, lang)
        if config["database"]:
            return cls(Path(config["database"]), False, today, config, config.sources["database"], lang)
        from platformdirs import user_data_path

        return cls(user_data_path("orders") / "orders.db", True, today, config, "default", lang)

    @classmethod
    def from_environment(cls, db: str | None, today: str | None, lang: str | None = None) -> Settings:
        return cls.from_options(
            db or os.environ.get(DB_ENV) or None,
            today or os.environ.get(TODAY_ENV) or None,
            lang or os.environ.get(LANG_ENV) or None,
        )

    def apply_language(self) -> None:
        from tracker.i18n import set_language

        set_language(self.language[0])

    @property
    def language(self) -> tuple[str, str]:
        """(language, where it came from): --lang, then config.toml, then the locale."""
        from tracker.config import LANGUAGES, locale_language
        from tracker.errors import OrdersError
        from tracker.i18n import _

        if self.lang_option:
            code = self.lang_option.lower()
            if code not in LANGUAGES:
                raise OrdersError(_('unknown language {lang_option!r} (use {value})').format(lang_option=self.lang_option, value=' or '.join(LANGUAGES)))
            source = f"environment {LANG_ENV}" if os.environ.get(LANG_ENV) == self.lang_option else "option --lang"
            return code, source
        if self.config["language"]:
            return self.config["language"], self.config.sources["language"]
        return locale_language() or ("en", "default")

    @property
    def today(self) -> date:
        from tracker.dates import resolve_today

        return resolve_today(self.today_text)

    def book(self, write: bool = True):  # -> tracker.services.Book
        from tracker.services import Book

        return Book(self.database(), self.today)

    def database(self) -> Path:
        """The database file, for every command that opens it (or would create it): on a
        fresh machine the default directory is created first, private, so whatever runs
        first works (reads then find an empty book); an explicit --db/ORDERS_DB or
        config.toml directory must exist."""
        from tracker.store.files import check_location, make_private_directory

        if self.db_is_default:
            make_private_directory(self.db_path.parent)
        check_location(self.db_path)  # a name too long, a loop...: one line, whatever the command
        return self.db_path

"""Where the user's files are, and the fingerprint of the rules in force.

Standard library (and platformdirs) only: the hot `due` path needs these without
parsing or validating any rules.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from tracker.errors import RulesError
from tracker.i18n import _

CONFIG_DIR_ENV = "ORDERS_CONFIG_DIR"
USER_RULES_FILE = "rules.toml"
SHIPPED_RULES = Path(__file__).parent / "rules" / "marketplaces.toml"


def fingerprint_of(data: bytes) -> str:
    """Detects any change to the rules text (not a security hash: crc32 imports in no time)."""
    return f"{zlib.crc32(data):08x}-{len(data)}"


def config_dir() -> Path:
    """The user's config directory: ORDERS_CONFIG_DIR, else the platform's."""
    if os.environ.get(CONFIG_DIR_ENV):
        return Path(os.environ[CONFIG_DIR_ENV]).expanduser()
    from platformdirs import user_config_path

    return user_config_path("orders")


def user_rules_path() -> Path:
    return config_dir() / USER_RULES_FILE


def shipped_rules_text() -> bytes:
    return SHIPPED_RULES.read_bytes()


def user_rules_text() -> bytes | None:
    path = user_rules_path()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise RulesError(_('cannot read {path}: {strerror}').format(path=path, strerror=e.strerror)) from None


def rules_fingerprint(deadline_settings: dict[str, object]) -> str:
    """The fingerprint of the rules in force, without parsing them (the hot path needs only
    this): the shipped and the user's rules texts, and those settings of config.toml that
    change deadlines (Config.deadline_settings), so that an edit of anything else (the
    language, the window, the alarms) leaves the stored deadlines alone."""
    user = user_rules_text()
    data = shipped_rules_text() + (b"\0" + user if user is not None else b"")
    chosen = sorted((k, v) for k, v in deadline_settings.items() if v is not None)
    return fingerprint_of(data + b"\0" + (repr(chosen).encode() if chosen else b""))

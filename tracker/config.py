"""The user's defaults: config.toml in the platform's config directory.

Every value has one effective setting and a source (option, environment, config file,
default) so `orders config` can say where each comes from. Reading it costs nothing when
the file does not exist.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError, RulesError
from tracker.i18n import _

CONFIG_FILE = "config.toml"
LANGUAGES = ("en", "ru")

DEFAULTS: dict[str, Any] = {
    "database": None,  # None: the platform's user data directory
    "language": None,  # None: from the locale (LC_ALL, LC_MESSAGES, LANG), else English
    "marketplace": "aliexpress",
    "safety_margin_days": None,  # None: each marketplace's own (2 days)
    "within": 7,
    "alarms": [2, 1, 0],
}
# The settings the engine reads: a change to one of them changes stored deadlines.
DEADLINE_KEYS = ("safety_margin_days",)


def config_path() -> Path:
    from tracker.paths import config_dir

    return config_dir() / CONFIG_FILE


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=lambda: dict(DEFAULTS))
    sources: dict[str, str] = field(default_factory=lambda: {k: "default" for k in DEFAULTS})
    path: Path | None = None
    exists: bool = False

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def deadline_settings(self) -> dict[str, Any]:
        """What the rules fingerprint covers of this file (paths.rules_fingerprint)."""
        return {key: self.values[key] for key in DEADLINE_KEYS}


def _check(key: str, value: Any, where: str) -> Any:
    def bad(expected: str) -> ConfigError:
        return ConfigError(_('{where}: {key} must be {expected}, got {value!r}').format(where=where, key=key, expected=expected, value=value))

    if key == "database":
        if not isinstance(value, str) or not value.strip() or "\x00" in value:
            raise bad(_('a file path'))
        try:
            return str(Path(value).expanduser())
        except RuntimeError:  # ~name of no user, or no home directory
            raise bad(_('a file path whose ~ names a user with a home directory')) from None
    if key == "language":
        if value not in LANGUAGES:
            raise bad(" or ".join(LANGUAGES))
        return value
    if key == "marketplace":
        if not isinstance(value, str):
            raise bad(_('a marketplace name (see `orders rules`)'))
        return value.lower()
    if key in ("safety_margin_days", "within"):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 365:
            raise bad(_('a whole number of days (0-365)'))
        return value
    if key == "alarms":
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 60 for v in value):
            raise bad(_('a list of days before the deadline (0-60), e.g. [2, 1, 0]'))
        return value
    raise ConfigError(_('{where}: unknown key {key!r} (known: {value})').format(where=where, key=key, value=', '.join(DEFAULTS)))


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    config = Config(path=path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as e:
        raise ConfigError(_('cannot read {path}: {strerror}').format(path=path, strerror=e.strerror)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(_('{path}: not valid TOML ({e})').format(path=path, e=e)) from None
    table = parse_toml(text, str(path), ConfigError)
    config.exists = True
    for key, value in table.items():
        config.values[key] = _check(key, value, str(path))
        config.sources[key] = f"config file {path}"
    return config


def parse_toml(text: str, origin: str, error: type[RulesError]) -> dict[str, Any]:
    """A TOML file's table, or `error` naming the file (config.toml and rules.toml alike)."""
    import tomllib  # not on the hot path when there is no file to read

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise error(_('{origin}: not valid TOML ({exc})').format(origin=origin, exc=e)) from None
    except RecursionError:  # tomllib recurses once per level of nesting
        raise error(_('{origin}: not valid TOML ({exc})').format(origin=origin, exc=_("nested too deeply"))) from None


def locale_language(environ: os._Environ[str] | dict[str, str] | None = None) -> tuple[str, str] | None:
    """The language the locale asks for, as gettext reads it: LANGUAGE, LC_ALL, LC_MESSAGES, LANG."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return (code if code in LANGUAGES else "en"), f"environment {name}={value}"
    return None

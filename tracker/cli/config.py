"""`orders config`: the effective settings and where each comes from."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.common import examples
from tracker.cli.root import settings


def show_config(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
) -> None:
    """Show the effective settings and where each comes from (option, environment, config file, default)."""
    from tracker.i18n import _
    from tracker.paths import user_rules_path

    s = settings(ctx)
    language, language_source = s.language
    rows = [
        ("database", str(s.db_path), s.db_source),
        ("language", language, language_source),
    ]
    for key in ("marketplace", "safety_margin_days", "within", "alarms"):
        value = s.config[key]
        shown = _("each marketplace's own") if value is None else value
        rows.append((key, shown, s.config.sources[key]))
    files = {
        "config_file": (str(s.config.path), _("found") if s.config.exists else _("not found")),
        "rules_file": (str(user_rules_path()), _("found") if user_rules_path().exists() else _("not found")),
    }
    if as_json:
        from tracker.render.jsonout import dumps

        print(
            dumps(
                {
                    "schema_version": 1,
                    "settings": {key: {"value": value, "source": source} for key, value, source in rows},
                    "files": {key: {"path": path, "state": state} for key, (path, state) in files.items()},
                }
            )
        )
        return
    width = max(len(key) for key, _, _ in rows)
    lines = [f"{key:<{width}}  {value}  ({source})" for key, value, source in rows]
    titles = {"config_file": _("config file"), "rules_file": _("rules file")}
    lines += [f"{titles[key]}: {path} ({state})" for key, (path, state) in files.items()]
    print("\n".join(lines))


COMMANDS = {
    "config": (show_config, examples("orders config", "orders --lang ru config --json")),
}

"""Maintain the translations: gettext catalogues under tracker/locale.

    python -m tracker.locale.build update   # collect messages from the code into ru/.../orders.po
    python -m tracker.locale.build compile  # write orders.mo from orders.po
    python -m tracker.locale.build check    # exit 1: a message without Russian, or a stale .mo

Needs Babel (in the [test] extra); the program itself reads the .mo with the standard
library's gettext. tests/render/test_translations.py runs the check.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE = PACKAGE / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
LANGUAGES = ("ru",)


def extract():
    """Every message marked in the package's code, as a Babel catalogue."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="orders", domain="orders")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if "locale/build.py" in filename:
            continue
        catalog.add(message, locations=[(f"tracker/{filename}", lineno)])
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "orders.po"


def read(language: str):
    from babel.messages.pofile import read_po

    with po_path(language).open("rb") as f:
        return read_po(f, locale=language, domain="orders")


def mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def stale_translations(catalog, mo: bytes) -> list[str]:
    """Where the compiled catalogue, read as the program reads it (the standard library's
    gettext), does not say what the .po says. Content, not bytes: the bytes (and the
    Generated-By header) change with every Babel release."""
    import gettext

    try:
        compiled = gettext.GNUTranslations(io.BytesIO(mo))
    except OSError as e:
        return [f"unreadable ({e})"]
    found = []
    if compiled.info().get("plural-forms") != catalog.plural_forms:
        found.append(f"plural forms {compiled.info().get('plural-forms')!r}, the .po has {catalog.plural_forms!r}")
    plural_index = gettext.c2py(catalog.plural_expr)
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            for n in range(0, 112):
                expected = message.string[plural_index(n)]
                if compiled.ngettext(message.id[0], message.id[1], n) != expected:
                    found.append(f"{message.id[0]!r} for n={n}")
                    break
        elif compiled.gettext(message.id) != message.string:
            found.append(repr(message.id))
    return found


def update() -> None:
    from babel.messages.pofile import write_po

    template = extract()
    for language in LANGUAGES:
        catalog = read(language) if po_path(language).exists() else None
        if catalog is None:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=language, domain="orders", project="orders")
        created = catalog.creation_date
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = created  # a header that changes on every run only makes merge conflicts
        catalog.fuzzy = False  # the header carries the plural forms: never drop it
        po_path(language).parent.mkdir(parents=True, exist_ok=True)
        with po_path(language).open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)


def compile_all() -> None:
    for language in LANGUAGES:
        po_path(language).with_suffix(".mo").write_bytes(mo_bytes(read(language)))


def problems() -> list[str]:
    """Messages in the code without a translation, and .mo files that say other than their .po."""
    found = []
    template = extract()
    for language in LANGUAGES:
        catalog = read(language)
        for message in template:
            if not message.id:
                continue
            translated = catalog.get(message.id)
            strings = translated.string if translated else None
            empty = not strings or (isinstance(strings, tuple) and not all(strings))
            if translated is None or empty or translated.fuzzy:
                where = ", ".join(f"{f}:{n}" for f, n in message.locations)
                found.append(f"{language}: no translation for {message.id!r} ({where})")
        mo = po_path(language).with_suffix(".mo")
        stale = stale_translations(catalog, mo.read_bytes()) if mo.exists() else ["missing"]
        if stale:
            found.append(
                f"{language}: {mo.name} is out of date (run: python -m tracker.locale.build compile): {stale[0]}"
            )
    return found


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        print("\n".join(found) or "all messages translated")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Characters that act on a terminal instead of showing: refused at input, shown escaped.

"Hidden" here is every character that a terminal, a line-based reader or a bidi-aware
display acts on instead of printing: C0 controls (ESC starts the sequences that retitle
or clear a terminal), DEL, C1 controls (U+009B is a one-character CSI), U+2028/U+2029 (line
breaks to some readers), the bidi embeddings, overrides and isolates (U+202A-U+202E,
U+2066-U+2069) that make text read in another order than it is stored, and lone
surrogates (bytes that were not UTF-8; they cannot even be written to a UTF-8 stream).

- services.check_text refuses them (`first_hidden`, after folding whitespace, so tabs
  and newlines become spaces first);
- every renderer and error message passes data text through `visible` (a database
  written before that check, or edited by hand, may hold anything); JSON output passes
  through `json_visible`; calendars leave them out (`without_hidden`).

Shown as Python-style escapes (`\\x1b`, `\\u202e`), not as the U+2400 "control
pictures": they are ASCII, so any terminal and font shows them; they name every
character here (there are pictures for C0 and DEL only, none for C1, bidi controls or
surrogates); they can be pasted into `$'...'` or Python to get the character back; and
they read as `repr` already shows odd text in the CLI's error messages. Neither form can
tell an escape from the same characters typed (`\\x1b` can be typed, so can ␛): what
matters is that the character itself never reaches the terminal.
"""

from __future__ import annotations

import re
from functools import cache

# Beyond C0: what json.dumps leaves raw (it escapes C0 inside strings, and any C0 outside
# them is its own indentation).
_BEYOND_C0 = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"


@cache
def _pattern(beyond_c0_only: bool = False) -> re.Pattern[str]:
    """Compiled on first need: a class beyond U+00FF costs a millisecond to compile, and
    `due` and `remind` start for every cron run. Every hidden character is one that
    str.isprintable() refuses, so clean text never needs it."""
    return re.compile(f"[{_BEYOND_C0}]" if beyond_c0_only else f"[\x00-\x1f{_BEYOND_C0}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def first_hidden(text: str) -> str | None:
    """The first hidden character in `text`, or None."""
    found = None if text.isprintable() else _pattern().search(text)
    return found.group() if found else None


def visible(text: str) -> str:
    """`text` with every hidden character written as its escape, e.g. ESC as `\\x1b`."""
    return text if text.isprintable() else _pattern().sub(_escape, text)


def without_hidden(text: str) -> str:
    """`text` with every hidden character left out."""
    return text if text.isprintable() else _pattern().sub("", text)


def json_visible(text: str) -> str:
    """JSON text (json.dumps with ensure_ascii=False) with hidden characters as \\u escapes.

    json.dumps escapes C0 only; DEL, C1, bidi controls and lone surrogates stay raw. Such
    characters can only stand inside strings, where a \\u escape means the same
    character, so the JSON reads back exactly as before.
    """
    if text.replace("\n", " ").isprintable():  # its indentation is the only C0 outside strings
        return text
    return _pattern(beyond_c0_only=True).sub(_json_escape, text)

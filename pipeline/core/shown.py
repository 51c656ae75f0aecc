r"""Text from the inputs made safe for one line of the CLI or a log (CONTRACT §6, messages for people).

A file, sheet or column name may hold a line break, a tab or another control character
(``Data Waru\n.xlsx``); printed as it is, it splits the line or moves the cursor. Every
such character is shown escaped, as Python writes it in a string: ``\n``, ``\t``,
``\x1b``, ``\u2028``; a backslash stays a backslash. Bidirectional controls, which can make
a name read differently from its bytes, are escaped too.
"""

from __future__ import annotations

import re

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 and C1 controls and DEL; the characters str.splitlines breaks on beyond those; and the
# bidirectional embedding, override and isolate controls.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: object) -> str:
    r"""``text`` with every control character escaped: ``"Data Waru\n.xlsx"`` -> ``Data Waru\n.xlsx``."""
    return _UNPRINTABLE.sub(_escape, str(text))

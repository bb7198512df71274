"""Text from inputs made safe for line-oriented output: one line, no terminal control, no reordering.

A file name, resource name or template value may hold a newline (which forges a line of its own
in ``text``, ``concise`` or an annotation), an escape sequence (which a terminal obeys) or a
bidirectional override (which shows a reader something else than what is there). Each is written
as the escape a reader can see: ``\\n``, ``\\x1b``, ``\\u202e``.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escape_controls(text: str) -> str:
    """``text`` with every control, line-separator and bidirectional-override character escaped."""
    return text if text.isprintable() else _CONTROLS.sub(_escape, text)

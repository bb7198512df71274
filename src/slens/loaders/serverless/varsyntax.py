"""The text of Serverless Framework variables: where each ``${...}`` is, its alternatives, and the
string a resolved variable makes with the text around it."""

from __future__ import annotations

from typing import Any

from slens.model import Composite, Unknown
from slens.model.values import join_parts


def split_top(text: str, separator: str = ",") -> list[str]:
    """``text`` split on ``separator`` outside ``${...}``, parentheses and quotes."""
    parts: list[str] = []
    depth, quote, start = 0, "", 0
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "{(":
            depth += 1
        elif char in "})":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def variable_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every top-level ``${...}`` in ``text`` (end exclusive)."""
    spans: list[tuple[int, int]] = []
    index = 0
    while True:
        start = text.find("${", index)
        if start < 0:
            return spans
        depth, cursor = 0, start
        while cursor < len(text):
            if text.startswith("${", cursor):
                depth += 1
                cursor += 2
                continue
            if text[cursor] == "}":
                depth -= 1
                if depth == 0:
                    break
            cursor += 1
        if depth != 0:
            return spans
        spans.append((start, cursor + 1))
        index = cursor + 1


def join(parts: list[Any]) -> Any:
    """One value for a string with variables: the value itself when it is the whole string."""
    if len(parts) == 1:
        return parts[0]
    pieces: list[str | Unknown | Composite] = []
    for part in parts:
        if isinstance(part, Composite | Unknown):
            pieces.append(part)
        elif isinstance(part, bool):
            pieces.append("true" if part else "false")
        elif isinstance(part, int | float | str):
            pieces.append(str(part))
        else:
            pieces.append(Unknown("an object interpolated into a string"))
    return join_parts(pieces)


__all__ = ["join", "split_top", "variable_spans"]

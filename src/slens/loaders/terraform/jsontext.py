"""JSON text to and from values that hold references: ``jsonencode``, heredoc policies, ``jsondecode``."""

from __future__ import annotations

import json
import re

from slens.model import Composite, Ref, Unknown, Value
from slens.model.values import join_parts

_TOKEN = re.compile(r"__slens_(\d+)__")


def _scalar_text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def to_text(value: Value) -> str | Composite:
    """The value as it reads inside a string: objects and lists as JSON (what ``jsonencode`` gives)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return _scalar_text(value)
    if isinstance(value, Composite):
        return value
    if isinstance(value, Ref | Unknown):
        return Composite((value,))
    return encode(value)


def interpolate(parts: list[Value]) -> Value:
    """A template's parts joined: one value alone keeps its type, text and references make a composite."""
    if len(parts) == 1 and not isinstance(parts[0], str):
        return parts[0]
    return join_parts([to_text(part) for part in parts])


def encode(value: Value) -> str | Composite:
    """JSON text of ``value``; references and unknowns become parts of a composite."""
    holes: list[Ref | Unknown] = []

    def plain(item: Value) -> object:
        if isinstance(item, dict):
            return {k: plain(v) for k, v in item.items()}
        if isinstance(item, list):
            return [plain(v) for v in item]
        if isinstance(item, Ref | Unknown):
            holes.append(item)
            return f"__slens_{len(holes) - 1}__"
        if isinstance(item, Composite):
            out = []
            for part in item.parts:
                if isinstance(part, str):
                    out.append(part)
                else:
                    holes.append(part)
                    out.append(f"__slens_{len(holes) - 1}__")
            return "".join(out)
        return item

    text = json.dumps(plain(value), separators=(",", ":"))
    if not holes:
        return text
    parts: list[str | Ref | Unknown] = []
    last = 0
    for match in _TOKEN.finditer(text):
        parts.append(text[last:match.start()])
        parts.append(holes[int(match.group(1))])
        last = match.end()
    parts.append(text[last:])
    return Composite(tuple(p for p in parts if p != ""))


def _restore(item: object, holes: list[Ref | Unknown]) -> Value:
    if isinstance(item, dict):
        return {str(k): _restore(v, holes) for k, v in item.items()}
    if isinstance(item, list):
        return [_restore(v, holes) for v in item]
    if isinstance(item, str) and "__slens_" in item:
        parts: list[str | Ref | Unknown] = []
        last = 0
        for match in _TOKEN.finditer(item):
            parts.append(item[last:match.start()])
            index = int(match.group(1))
            parts.append(holes[index] if index < len(holes) else match.group(0))
            last = match.end()
        parts.append(item[last:])
        kept = tuple(p for p in parts if p != "")
        if len(kept) == 1 and not isinstance(kept[0], str):
            return kept[0]
        return Composite(kept) if kept else ""
    if isinstance(item, bool | int | float | str) or item is None:
        return item
    return None


def _inside_string(text: str) -> bool:
    """True when the end of ``text`` (JSON) lies inside a string literal."""
    inside, index = False, 0
    while index < len(text):
        char = text[index]
        if inside and char == "\\":
            index += 2
            continue
        if char == '"':
            inside = not inside
        index += 1
    return inside


def decode(value: Value) -> Value:
    """The document a JSON string (or a string built with references) holds; None when it is not JSON."""
    if isinstance(value, dict | list):
        return value
    if isinstance(value, str):
        try:
            return _restore(json.loads(value), [])
        except (ValueError, RecursionError):
            return None
    if not isinstance(value, Composite):
        return None
    holes: list[Ref | Unknown] = []
    text = ""
    for part in value.parts:
        if isinstance(part, str):
            text += part
        else:
            holes.append(part)
            token = f"__slens_{len(holes) - 1}__"
            text += token if _inside_string(text) else f'"{token}"'
    try:
        return _restore(json.loads(text), holes)
    except (ValueError, RecursionError):
        return None

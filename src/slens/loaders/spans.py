"""Source spans of every key and list item of a parsed document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.yamlparse import YList, YMap
from slens.model import PropertyPath, SourceSpan


def collect_spans(node: Any, file: str, prefix: PropertyPath = ()) -> dict[PropertyPath, SourceSpan]:
    """Path -> span for everything below ``node`` (paths relative to ``prefix``)."""
    spans: dict[PropertyPath, SourceSpan] = {}
    stack: list[tuple[Any, PropertyPath]] = [(node, prefix)]
    while stack:
        current, path = stack.pop()
        if isinstance(current, YMap):
            for key, value in current.items():
                line, column = current.key_pos.get(key, (current.line, current.column))
                spans[(*path, key)] = SourceSpan(file, line, column)
                if isinstance(value, dict | list):
                    stack.append((value, (*path, key)))
        elif isinstance(current, YList):
            for index, value in enumerate(current):
                if index < len(current.item_pos):
                    line, column = current.item_pos[index]
                    spans[(*path, index)] = SourceSpan(file, line, column)
                if isinstance(value, dict | list):
                    stack.append((value, (*path, index)))
        elif isinstance(current, Mapping):
            for key, value in current.items():
                if isinstance(value, dict | list):
                    stack.append((value, (*path, key)))
    return spans


def key_span(mapping: Any, key: str, file: str) -> SourceSpan:
    """Where ``key`` was written in ``mapping``, or the file alone when positions are unknown."""
    if isinstance(mapping, YMap) and key in mapping.key_pos:
        line, column = mapping.key_pos[key]
        return SourceSpan(file, line, column)
    return SourceSpan(file, getattr(mapping, "line", None), getattr(mapping, "column", None))


def rebase(spans: Mapping[PropertyPath, SourceSpan], prefix: PropertyPath,
           aliases: Mapping[str, str] | None = None) -> dict[PropertyPath, SourceSpan]:
    """The spans under ``prefix``, re-rooted at the empty path, with top-level keys renamed."""
    out: dict[PropertyPath, SourceSpan] = {}
    size = len(prefix)
    for path, span in spans.items():
        if len(path) > size and path[:size] == prefix:
            rest = path[size:]
            if aliases and isinstance(rest[0], str) and rest[0] in aliases:
                rest = (aliases[rest[0]], *rest[1:])
            out[rest] = span
    return out


def plain(node: Any) -> Any:
    """A copy in plain dicts and lists, as third-party code expects."""
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node

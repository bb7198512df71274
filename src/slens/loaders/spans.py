"""Source spans of every key and list item of a parsed document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.yamlparse import YList, YMap
from slens.model import PropertyPath, SourceSpan


class FileMap(YMap):
    """A mapping written in another file than the one being loaded (a piece a serverless.yml
    includes with ``${file()}``): spans below it name that file."""

    __slots__ = ("file",)

    def __init__(self, line: int, column: int, file: str) -> None:
        super().__init__(line, column)
        self.file = file


class FileList(YList):
    __slots__ = ("file",)

    def __init__(self, line: int, column: int, file: str) -> None:
        super().__init__(line, column)
        self.file = file


def in_file(node: Any, file: str) -> Any:
    """A parsed document (positions kept) whose mappings and lists say they come from ``file``."""
    if isinstance(node, YMap):
        out = FileMap(node.line, node.column, file)
        out.update((key, in_file(value, file)) for key, value in node.items())
        out.key_pos.update(node.key_pos)
        return out
    if isinstance(node, YList):
        items = FileList(node.line, node.column, file)
        items.extend(in_file(value, file) for value in node)
        items.item_pos.extend(node.item_pos)
        return items
    return node


def like(node: Any) -> Any:
    """An empty container where ``node`` was written (and in its file), or a plain one."""
    if isinstance(node, FileMap | FileList):
        return type(node)(node.line, node.column, node.file)
    if isinstance(node, YMap | YList):
        return type(node)(node.line, node.column)
    return {} if isinstance(node, dict) else []


def file_of(node: Any, default: str) -> str:
    return node.file if isinstance(node, FileMap | FileList) else default


def collect_spans(node: Any, file: str, prefix: PropertyPath = ()) -> dict[PropertyPath, SourceSpan]:
    """Path -> span for everything below ``node`` (paths relative to ``prefix``); ``file`` is where
    ``node`` was written unless it says otherwise (:class:`FileMap`)."""
    spans: dict[PropertyPath, SourceSpan] = {}
    stack: list[tuple[Any, PropertyPath, str]] = [(node, prefix, file)]
    while stack:
        current, path, here = stack.pop()
        if isinstance(current, YMap):
            if type(current) is FileMap:
                here = current.file
            for key, value in current.items():
                line, column = current.key_pos.get(key, (current.line, current.column))
                spans[(*path, key)] = SourceSpan(here, line, column)
                if isinstance(value, dict | list):
                    stack.append((value, (*path, key), here))
        elif isinstance(current, YList):
            if type(current) is FileList:
                here = current.file
            for index, value in enumerate(current):
                if index < len(current.item_pos):
                    line, column = current.item_pos[index]
                    spans[(*path, index)] = SourceSpan(here, line, column)
                if isinstance(value, dict | list):
                    stack.append((value, (*path, index), here))
        elif isinstance(current, Mapping):
            for key, value in current.items():
                if isinstance(value, dict | list):
                    stack.append((value, (*path, key), here))
    return spans


def key_span(mapping: Any, key: str, file: str) -> SourceSpan:
    """Where ``key`` was written in ``mapping``, or the file alone when positions are unknown."""
    file = file_of(mapping, file)
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

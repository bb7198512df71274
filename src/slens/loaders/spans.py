"""Source spans of every key and list item of a parsed document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from slens.loaders.yamlparse import JsonBlock, YList, YMap
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
            # a piece included from another file says so; the rest is in ``file`` (a value a piece
            # takes from the service file with ${self:...} is where the service file has it)
            here = current.file if type(current) is FileMap else file
            for key, value in current.items():
                line, column = current.key_pos.get(key, (current.line, current.column))
                spans[(*path, key)] = SourceSpan(here, line, column)
                if isinstance(value, dict | list):
                    stack.append((value, (*path, key), here))
                elif type(value) is JsonBlock:
                    # a Fn::Sub'd document stands for the property itself: its keys sit under the property
                    root = path if key == "Fn::Sub" else (*path, key)
                    spans.update((p, s) for p, s in json_spans(value, here, root) if p not in spans)
        elif isinstance(current, YList):
            here = current.file if type(current) is FileList else file
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


#: how deep a document inside a string is followed for positions
_MAX_JSON_DEPTH = 64


def closing_brace(text: str, opened: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``opened`` (braces nest, quoted text is skipped:
    a Terraform template's ``${lookup(m, "}")}``), or -1 when it never closes."""
    depth, index, quote, size = 0, opened, False, len(text)
    while index < size:
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == '"' or char == "\n":
                quote = False
        elif char == '"':
            quote = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def _placeholder_end(text: str, start: int) -> int:
    """The index of the ``}`` that closes the ``${`` at ``start``, or the end of ``text`` when it never closes."""
    end = closing_brace(text, start + 1)
    return len(text) if end < 0 else end


def json_spans(block: JsonBlock, file: str, root: PropertyPath) -> Iterator[tuple[PropertyPath, SourceSpan]]:
    """The span of every key of the JSON document in ``block`` (placeholders like ``${Queue.Arn}``
    allowed between values and inside strings), as paths under ``root``. Stops quietly where the
    text is no JSON."""
    frames: list[list[Any]] = []  # [path, key or index, is_object, expects_key]
    line, line_start, index, size = 0, 0, 0, len(block)
    while index < size:
        char = block[index]
        if char == "\n":
            line, line_start = line + 1, index + 1
        elif char == '"':
            end = index + 1
            while end < size and block[end] != '"' and block[end] != "\n":
                if block.startswith("${", end):
                    end = _placeholder_end(block, end)
                end += 2 if block[end:end + 1] == "\\" else 1
            if frames and frames[-1][2] and frames[-1][3]:
                key = block[index + 1:end]
                frames[-1][1], frames[-1][3] = key, False
                yield (*frames[-1][0], key), SourceSpan(file, block.line + line, block.indent + index - line_start + 1)
            breaks = block.count("\n", index, end)  # a placeholder may span lines
            if breaks:
                line, line_start = line + breaks, block.rfind("\n", index, end) + 1
            index = end
        elif char == "$" and block.startswith("${", index):
            end = _placeholder_end(block, index)
            breaks = block.count("\n", index, end)
            if breaks:
                line, line_start = line + breaks, block.rfind("\n", index, end) + 1
            index = end
        elif char in "{[":
            if len(frames) >= _MAX_JSON_DEPTH:
                return
            parent = root if not frames else (*frames[-1][0], frames[-1][1])
            frames.append([parent, 0, char == "{", char == "{"])
        elif char in "}]":
            if not frames:
                return
            frames.pop()
        elif char == "," and frames:
            if frames[-1][2]:
                frames[-1][3] = True
            else:
                frames[-1][1] += 1
        index += 1


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

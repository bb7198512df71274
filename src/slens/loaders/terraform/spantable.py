"""Where what a load built was written: the keys and items of objects and tuples, and the source
of text that may hold a JSON document (a heredoc, a file read with ``file()`` or ``templatefile()``)."""

from __future__ import annotations

from slens.loaders.bounds import Meter
from slens.loaders.spans import json_spans
from slens.loaders.yamlparse import JsonBlock
from slens.model import Composite, PropertyPath, SourceSpan, Value

#: a JSON text's keys, relative to the document
_Keys = list[tuple[PropertyPath, SourceSpan]]


class SpanTable:
    """Where the keys and items of the dicts and lists built from HCL objects and tuples were written,
    and where text values were written (their keys get lines once a property decodes them);
    ``meter`` measures what the load built (one table per load, shared by its evaluators)."""

    def __init__(self) -> None:
        self._spans: dict[int, tuple[object, dict[str | int, SourceSpan]]] = {}
        #: id of a text value -> (the value, its source as written, the file)
        self._texts: dict[int, tuple[object, JsonBlock, str]] = {}
        self._keys: dict[int, _Keys] = {}
        self.meter = Meter()

    def record(self, container: object, key: str | int, span: SourceSpan) -> None:
        entry = self._spans.setdefault(id(container), (container, {}))
        entry[1][key] = span

    def written(self, value: Value, source: str, file: str, line: int) -> Value:
        """Remember that the text ``value`` was written as ``source`` (``${...}`` not yet replaced),
        from column 1 of ``line`` of ``file``; returns ``value``."""
        if isinstance(value, str | Composite) and "{" in source:
            block = JsonBlock(source)
            block.line, block.indent = line, 0
            self._texts[id(value)] = (value, block, file)
        return value

    def same_source(self, value: Value, source: Value) -> Value:
        """``value`` (rendered from the text ``source``) is where ``source`` was written."""
        entry = self._texts.get(id(source))
        if entry is not None and entry[0] is source and isinstance(value, str | Composite):
            self._texts[id(value)] = (value, entry[1], entry[2])
        return value

    def below(self, value: Value, prefix: PropertyPath) -> dict[PropertyPath, SourceSpan]:
        out: dict[PropertyPath, SourceSpan] = {}
        stack: list[tuple[Value, PropertyPath]] = [(value, prefix)]
        seen: set[int] = set()
        while stack:
            current, path = stack.pop()
            if not isinstance(current, dict | list) or id(current) in seen or len(path) > 40:
                continue
            seen.add(id(current))
            entry = self._spans.get(id(current))
            keys = entry[1] if entry is not None and entry[0] is current else {}
            items = current.items() if isinstance(current, dict) else enumerate(current)
            for key, item in items:
                if key in keys:
                    out[(*path, key)] = keys[key]
                stack.append((item, (*path, key)))
        return out

    def document(self, written: Value, value: Value, prefix: PropertyPath) -> dict[PropertyPath, SourceSpan]:
        """The spans below ``value``, which a property converted from ``written`` (a document decoded
        from JSON text keeps the lines of the heredoc or file the text was written in)."""
        out = self.below(value, prefix)
        if value is written or not isinstance(value, dict | list):
            return out
        entry = self._texts.get(id(written))
        if entry is None or entry[0] is not written:
            return out
        keys = self._keys.get(id(written))
        if keys is None:  # a text many resources share is read once
            keys = self._keys[id(written)] = list(json_spans(entry[1], entry[2], ()))
        for path, span in keys:
            if (*prefix, *path) not in out and _holds(value, path):
                out[(*prefix, *path)] = span
        return out


def _holds(value: Value, path: PropertyPath) -> bool:
    """True when ``path`` leads somewhere in ``value`` (what a template's text shows may not be all
    it renders to)."""
    for step in path:
        if isinstance(value, dict) and isinstance(step, str):
            if step not in value:
                return False
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        else:
            return False
    return True

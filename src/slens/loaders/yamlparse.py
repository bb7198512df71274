"""YAML (and JSON) to plain data with the position of every key, CloudFormation tags included.

Built on the libyaml event stream rather than its composer: the composer recurses in C and
crashes the interpreter on deeply nested input, while an event loop can stop at a depth
limit, cap alias expansion (billion laughs) and see duplicate keys that PyYAML drops.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 256
#: nodes that aliases may add to a document
MAX_NODES = 2_000_000
MAX_WARNINGS = 100


class YMap(dict[str, Any]):
    """A mapping that remembers where it and each of its keys were written (1-based)."""

    __slots__ = ("column", "key_pos", "line")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.key_pos: dict[str, tuple[int, int]] = {}


class YList(list[Any]):
    __slots__ = ("column", "item_pos", "line")

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line = line
        self.column = column
        self.item_pos: list[tuple[int, int]] = []


class JsonBlock(str):
    """A literal block scalar (``|``) holding a JSON document (a state machine definition, a policy
    written as a string): where its first content line is and how far it is indented, so that the
    keys inside can be given lines too."""

    line: int
    indent: int


class YamlError(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")
_BOOLS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
_NULLS = {"", "~", "null", "Null", "NULL"}
_SHORT_TAGS = {"Ref": "Ref", "Condition": "Condition"}
CFN_TAGS = frozenset({"Ref", "Condition", "Sub", "GetAtt", "Join", "Select", "Split", "If", "Equals", "And",
                      "Or", "Not", "FindInMap", "Base64", "Cidr", "ImportValue", "GetAZs", "Transform",
                      "Length", "ToJsonString", "ForEach"})


def _plain(text: str) -> Any:
    if text in _NULLS:
        return None
    lowered = text.lower()
    if lowered in _BOOLS and text in (lowered, lowered.capitalize(), lowered.upper()):
        return _BOOLS[lowered]
    first = text[0]
    if first.isdigit() or first in "-+.":
        if _INT.match(text):
            digits = text.replace("_", "")
            # past Python's limit on the digits of an int (4300) the number stays as written
            return int(digits) if len(digits) <= 4000 else text
        if _FLOAT.match(text):
            return float(text.replace("_", ""))
    return text  # timestamps stay strings on purpose: CloudFormation wants them as written


class _Frame:
    __slots__ = ("anchor", "container", "is_map", "key", "key_pos", "merged", "size", "tag")

    def __init__(self, container: YMap | YList, tag: str | None, anchor: str | None) -> None:
        self.container = container
        self.is_map = isinstance(container, YMap)
        self.tag = tag
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.key_pos = (0, 0)
        #: the size of the subtree (aliases expanded), what an alias to it adds
        self.size = 1
        #: keys that came from a merge key (``<<``): keys written in the mapping itself override them
        self.merged: set[str] = set()


_NO_KEY = object()


class _Builder:
    def __init__(self, max_depth: int, max_nodes: int) -> None:
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        #: nodes that aliases added: what is written is bounded by the file's size, what aliases
        #: repeat is not (billion laughs)
        self.expanded = 0
        self.root: Any = _NO_KEY
        self.warnings: list[tuple[int, str]] = []
        self.unshown = 0

    def warn(self, line: int, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append((line, message))
        else:  # a file of a million duplicate keys is not a million-line report
            self.unshown += 1

    def expand(self, size: int, line: int) -> None:
        self.expanded += size
        if self.expanded > self.max_nodes:
            raise YamlError(f"aliases expand the document by more than {self.max_nodes} nodes "
                            "(alias expansion limit)", line)

    def tagged(self, tag: str | None, value: Any, line: int, column: int) -> Any:
        if not tag or not tag.startswith("!") or tag.startswith("!!"):
            return value
        name = tag[1:]
        if name not in CFN_TAGS:
            self.warn(line, f"unknown tag {tag}")
            return value
        if name == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        wrapped = YMap(line, column)
        key = _SHORT_TAGS.get(name, "Fn::" + name)
        wrapped[key] = value
        wrapped.key_pos[key] = (line, column)
        return wrapped

    def emit(self, value: Any, line: int, column: int, size: int, raw_key: str | None = None) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.size += size
        if not frame.is_map:
            items: YList = frame.container  # type: ignore[assignment]
            items.append(value)
            items.item_pos.append((line, column))
            return
        if frame.key is _NO_KEY:
            frame.key = raw_key if raw_key is not None else (value if isinstance(value, str) else repr(value))
            frame.key_pos = (line, column)
            return
        mapping: YMap = frame.container  # type: ignore[assignment]
        key = frame.key
        frame.key = _NO_KEY
        if key == "<<" and isinstance(value, dict | list):
            # YAML 1.1 merge: the first source that has a key wins, and keys written in the
            # mapping itself win over all of them, before or after the ``<<``
            for source in value if isinstance(value, list) else [value]:
                for k, v in (source.items() if isinstance(source, dict) else ()):
                    if k not in mapping:
                        mapping[k] = v
                        mapping.key_pos[k] = frame.key_pos
                        frame.merged.add(k)
            return
        if key in frame.merged:
            frame.merged.discard(key)
        elif key in mapping:
            first = mapping.key_pos[key][0]
            self.warn(frame.key_pos[0], f"duplicate key {key!r} (first at line {first}); the last value is used")
        mapping[key] = value
        mapping.key_pos[key] = frame.key_pos

    def open(self, container: YMap | YList, tag: str | None, anchor: str | None) -> None:
        if len(self.stack) >= self.max_depth:
            raise YamlError(f"nesting deeper than {self.max_depth} levels", container.line)
        self.stack.append(_Frame(container, tag, anchor))

    def close(self) -> None:
        frame = self.stack.pop()
        container = frame.container
        if frame.is_map and frame.key is not _NO_KEY:
            self.emit(None, container.line, container.column, 1)
        value = self.tagged(frame.tag, container, container.line, container.column)
        if frame.anchor:
            self.anchors[frame.anchor] = (value, frame.size)
        self.emit(value, container.line, container.column, frame.size)


def _json_block(value: str, first: int, text: str) -> JsonBlock:
    """``value`` as a :class:`JsonBlock` whose content starts on the 0-based line ``first``."""
    block = JsonBlock(value)
    lines = text.split("\n", first + 1)
    content = lines[first] if len(lines) > first else ""
    block.line, block.indent = first + 1, len(content) - len(content.lstrip(" "))
    return block


def parse_yaml(text: str, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES,
               ) -> tuple[Any, list[tuple[int, str]]]:
    """The first document as plain data (YMap/YList), and warnings as (line, message)."""
    builder = _Builder(max_depth, max_nodes)
    parser = _Loader(text)
    # one dispatch on the event's exact type (libyaml makes no subclasses); every key and value
    # of every template passes through this loop
    scalar, mapping, sequence, alias = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, \
        yaml.AliasEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    stream_end, document_end = yaml.StreamEndEvent, yaml.DocumentEndEvent
    stack, emit, tagged = builder.stack, builder.emit, builder.tagged
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is scalar:
                mark = event.start_mark
                line, column = mark.line + 1, mark.column + 1
                text_value = event.value
                value = _plain(text_value) if event.implicit[0] and not event.style else text_value
                if event.style == "|" and text_value.lstrip()[:1] == "{":
                    value = _json_block(text_value, mark.line + 1, text)
                in_key = bool(stack) and stack[-1].is_map and stack[-1].key is _NO_KEY
                if event.tag:
                    value = tagged(event.tag, value, line, column)
                if event.anchor:
                    builder.anchors[event.anchor] = (value, 1)
                emit(value, line, column, 1, text_value if in_key else None)
            elif kind in ends:
                builder.close()
            elif kind is mapping:
                mark = event.start_mark
                builder.open(YMap(mark.line + 1, mark.column + 1), event.tag, event.anchor)
            elif kind is sequence:
                mark = event.start_mark
                builder.open(YList(mark.line + 1, mark.column + 1), event.tag, event.anchor)
            elif kind is alias:
                line = event.start_mark.line + 1
                if event.anchor not in builder.anchors:
                    raise YamlError(f"unknown alias *{event.anchor}", line)
                value, size = builder.anchors[event.anchor]
                builder.expand(size, line)
                emit(value, line, event.start_mark.column + 1, size)
            elif event is None or kind is stream_end or (kind is document_end and builder.root is not _NO_KEY):
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        if "nesting depth" in (exc.problem or ""):
            # libyaml from PyYAML 6.0.4 stops flow nesting at its own limit, ahead of the builder's
            # check: the user gets one message whichever of the two stops first
            problem = f"nesting deeper than {max_depth} levels"
        raise YamlError(problem or "invalid YAML", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc)) from None
    finally:
        parser.dispose()
    if builder.unshown:
        builder.warnings.append((builder.warnings[-1][0], f"... and {builder.unshown} more warnings like these"))
    return (None if builder.root is _NO_KEY else builder.root), builder.warnings

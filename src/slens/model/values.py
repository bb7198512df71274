"""Property values as rules see them: plain data plus resolved references.

Loaders translate their dialect's references (``Fn::GetAtt``, ``${aws_sqs_queue.x.arn}``,
...) into :class:`Ref`; anything that cannot be known before deployment becomes
:class:`Unknown`, which rules treat as "cannot judge", never as a violation or a pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True)
class Ref:
    """A reference to another resource of the graph (``attribute`` None means its id/Ref value)."""

    target: str
    attribute: str | None = None


@dataclass(frozen=True)
class Unknown:
    """A value only known at deploy time; ``refs`` are the resources it mentions."""

    reason: str
    refs: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class Imported(Unknown):
    """An ``Fn::ImportValue`` of the export ``name``: unknown within its own template, resolved to
    the exporting stack's value when the stacks of one scan are reviewed as one application."""

    name: str = ""


@dataclass(frozen=True)
class FromParameterStore(Unknown):
    """A parameter of type ``AWS::SSM::Parameter::Value<...>``: its default is the name of the SSM
    parameter CloudFormation reads at deploy time, not the value; resolved to what another stack
    of the scan writes under that name when they are reviewed as one application."""

    name: str = ""


@dataclass(frozen=True)
class Composite:
    """A string joined from literal text, references and unknowns (``Fn::Sub``, ``Fn::Join``)."""

    parts: tuple[str | Ref | Unknown, ...]

    @property
    def literal(self) -> str:
        """The text with every non-literal part shown as ``${...}``."""
        return "".join(p if isinstance(p, str) else "${...}" for p in self.parts)


def join_parts(parts: Iterable[str | Ref | Unknown | Composite]) -> str | Composite:
    """The parts of one string joined, as every dialect's interpolation builds it (``Fn::Sub``,
    ``${var}``, ``"${aws_x.y.arn}/*"``): composites flattened, adjacent text merged, empty text
    dropped; plain text when no part is a reference or an unknown."""
    merged: list[str | Ref | Unknown] = []
    for part in parts:
        for piece in part.parts if isinstance(part, Composite) else (part,):
            if isinstance(piece, str):
                if not piece:
                    continue
                if merged and isinstance(merged[-1], str):
                    merged[-1] += piece
                    continue
            merged.append(piece)
    if not merged:
        return ""
    if len(merged) == 1 and isinstance(merged[0], str):
        return merged[0]
    return Composite(tuple(merged))


Value: TypeAlias = bool | int | float | str | Ref | Unknown | Composite | list["Value"] | dict[str, "Value"] | None
PropertyPath = tuple[str | int, ...]


def refs_in(value: object) -> Iterator[Ref]:
    """Every resource reference anywhere inside ``value``."""
    stack = [value]
    while stack:
        item = stack.pop()
        # most items are scalars, dicts and lists: test those first (a hot path of every rule)
        if isinstance(item, str | int | float | None):
            continue
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, Ref):
            yield item
        elif isinstance(item, Unknown):
            yield from item.refs
        elif isinstance(item, Composite):
            stack.extend(item.parts)
        elif isinstance(item, Mapping):
            stack.extend(item.values())


def is_unknown(value: object) -> bool:
    """True when the value, or a part of it, cannot be known statically."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, Composite):
        return any(isinstance(p, Unknown) for p in value.parts)
    return False


def as_str(value: object) -> str | None:
    """The literal string (numbers included, as CloudFormation does), or None."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return None


def as_int(value: object) -> int | None:
    """The literal integer (numeric strings included), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def as_bool(value: object) -> bool | None:
    """The literal boolean (``"true"``/``"false"`` strings included), or None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def as_list(value: object) -> Sequence[Value]:
    """The value as a list: a single item becomes a one-item list, non-lists of lists stay out."""
    if isinstance(value, list):
        return value
    if value is None:
        return []
    return [value]  # type: ignore[list-item]


def as_mapping(value: object) -> Mapping[str, Value]:
    return value if isinstance(value, dict) else {}


def lookup(value: object, path: PropertyPath) -> Value:
    """The value at ``path`` (keys and list indexes), or None where the path does not exist.

    An :class:`Unknown` met on the way is returned as it is: what lies below it cannot be known,
    which is not the same as "not set".
    """
    current: object = value
    for step in path:
        if isinstance(current, Unknown):
            return current
        if isinstance(step, int):
            if not isinstance(current, list) or step >= len(current):
                return None
            current = current[step]
        else:
            if not isinstance(current, dict) or step not in current:
                return None
            current = current[step]
    return current  # type: ignore[return-value]


def text_of(value: object) -> str | None:
    """A string for literal strings and for composites (with placeholders), else None."""
    if isinstance(value, Composite):
        return value.literal
    return as_str(value)


def shape(value: object) -> str | None:
    """A value's text with references and unknowns as ``${name}``: equal shapes name the same thing."""
    if isinstance(value, Ref):
        return f"${{{value.target}.{value.attribute}}}" if value.attribute else f"${{{value.target}}}"
    if isinstance(value, Unknown):
        return f"${{{value.reason}}}"
    if isinstance(value, Composite):
        return "".join(shape(p) or "" for p in value.parts)
    return as_str(value)


#: how :func:`tokenise` names a composite's non-literal parts inside the text
TOKEN = "__slens_part_"
_TOKEN_PLACEHOLDER = re.compile(r"\$\{(" + TOKEN + r"\d+)\}")


def tokenise(value: Composite, substitutions: dict[str, Value]) -> str:
    """The composite's text with each non-literal part as a ``${token}`` (quoted outside strings), the
    parts stored in ``substitutions``: JSON text written as ``Fn::Sub``/``Fn::Join`` becomes parseable."""
    text: list[str] = []
    in_string = escaped = False
    for index, part in enumerate(value.parts):
        if isinstance(part, str):
            for char in part:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = in_string
                elif char == '"':
                    in_string = not in_string
            text.append(part)
            continue
        name = f"{TOKEN}{index}"
        substitutions[name] = part
        text.append(f"${{{name}}}" if in_string else f'"${{{name}}}"')
    return "".join(text)


def _restore(value: object, substitutions: Mapping[str, Value]) -> Value:
    """Parsed JSON with every ``${token}`` put back: a whole-string token becomes its part, text
    around tokens a :class:`Composite`."""
    if isinstance(value, dict):
        return {str(k): _restore(v, substitutions) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore(v, substitutions) for v in value]
    if isinstance(value, str) and TOKEN in value:
        pieces = _TOKEN_PLACEHOLDER.split(value)
        parts: list[str | Ref | Unknown | Composite] = []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                parts.append(piece)
                continue
            part = substitutions.get(piece)
            parts.append(part if isinstance(part, Ref | Unknown | Composite) else as_str(part) or "")
        if len(parts) == 3 and parts[0] == parts[2] == "" and not isinstance(parts[1], str):
            return parts[1]
        return join_parts(parts)
    return value  # type: ignore[return-value]


def json_document(value: Value) -> Value:
    """A JSON document property (a policy, a redrive policy) as data, whichever way it was written:
    data as it is, JSON text parsed, and a ``Fn::Sub``/``Fn::Join`` composite of JSON text parsed with
    its references put back in place. An :class:`Unknown` stays; text that is not JSON is None."""
    if isinstance(value, Composite):
        substitutions: dict[str, Value] = {}
        text = tokenise(value, substitutions)
        try:
            return _restore(json.loads(text), substitutions)
        except ValueError:
            return None
    if isinstance(value, str):
        try:
            parsed: object = json.loads(value)
        except ValueError:
            return None
        return parsed  # type: ignore[return-value]
    return value

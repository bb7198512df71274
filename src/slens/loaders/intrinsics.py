"""CloudFormation intrinsic functions turned into model values (:class:`Ref`, :class:`Unknown`, ...)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from slens.model import Composite, Ref, Unknown, Value, refs_in
from slens.model.values import FromParameterStore, Imported, join_parts

_SUB_VAR = re.compile(r"\$\{([^}]*)\}")
#: pseudo parameters with one value wherever the template is deployed in the commercial partition
_PSEUDO_KNOWN = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
NO_VALUE = object()


@dataclass
class Context:
    """What intrinsics resolve against: the template's resources, parameters and mappings."""

    resources: set[str]
    parameters: Mapping[str, Any]
    mappings: Mapping[str, Any]
    problems: list[tuple[int | None, str]] = field(default_factory=list)

    def problem(self, node: Any, message: str) -> None:
        self.problems.append((getattr(node, "line", None), message))


def _line(node: Any) -> int | None:
    return getattr(node, "line", None)


def _ref(name: Any, ctx: Context, node: Any) -> Value | object:
    if not isinstance(name, str):
        ctx.problem(node, f"Ref expects a name, got {type(name).__name__}")
        return Unknown("invalid Ref")
    if name in ctx.resources:
        return Ref(name)
    if "." in name and name.split(".", 1)[0] in ctx.resources:  # SAM's Function.Alias, Api.Stage
        return Ref(*name.split(".", 1))
    if name in ctx.parameters:
        default = ctx.parameters[name]
        kind = default.get("Type") if isinstance(default, Mapping) else None
        if isinstance(kind, str) and kind.startswith("AWS::SSM::Parameter::") and isinstance(default, Mapping):
            # the default of an SSM-typed parameter is the parameter's name, not its value
            ssm = default.get("Default")
            return FromParameterStore(f"parameter {name}", name=ssm if isinstance(ssm, str) else "")
        if isinstance(default, Mapping) and "Default" in default:
            return convert(default["Default"], ctx)
        return Unknown(f"parameter {name}")
    if name == "AWS::NoValue":
        return NO_VALUE
    if name in _PSEUDO_KNOWN:
        return _PSEUDO_KNOWN[name]
    if name.startswith("AWS::"):
        return Unknown(name)
    ctx.problem(node, f"Ref to {name!r}, which is neither a resource nor a parameter of this template")
    return Unknown(f"unresolved reference {name}")


def _get_att(args: Any, ctx: Context, node: Any) -> Value:
    if isinstance(args, str):
        args = args.split(".", 1)
    if not isinstance(args, list) or len(args) != 2 or not isinstance(args[0], str):
        ctx.problem(node, "Fn::GetAtt expects [resource, attribute]")
        return Unknown("invalid Fn::GetAtt")
    target, attribute = args
    if target not in ctx.resources:
        ctx.problem(node, f"Fn::GetAtt refers to {target!r}, which is not a resource of this template")
        return Unknown(f"unresolved reference {target}")
    return Ref(target, attribute if isinstance(attribute, str) else None)


def _composite(parts: list[Any]) -> Value:
    pieces: list[str | Ref | Unknown | Composite] = []
    for part in parts:
        if isinstance(part, Composite | Ref | Unknown):
            pieces.append(part)
        elif isinstance(part, str | int | float) and not isinstance(part, bool):
            pieces.append(str(part))
        else:
            pieces.append(Unknown("non-string part", tuple(refs_in(part))))
    return join_parts(pieces)


def _sub(args: Any, ctx: Context, node: Any) -> Value:
    variables: Mapping[str, Any] = {}
    if isinstance(args, list):
        if len(args) != 2 or not isinstance(args[0], str) or not isinstance(args[1], Mapping):
            ctx.problem(node, "Fn::Sub expects a string or [string, {variables}]")
            return Unknown("invalid Fn::Sub")
        args, variables = args
    if not isinstance(args, str):
        ctx.problem(node, "Fn::Sub expects a string")
        return Unknown("invalid Fn::Sub")
    parts: list[Any] = []
    position = 0
    for match in _SUB_VAR.finditer(args):
        parts.append(args[position:match.start()])
        position = match.end()
        name = match.group(1).strip()
        if name.startswith("!"):
            parts.append("${" + name[1:] + "}")
        elif name in variables:
            parts.append(convert(variables[name], ctx))
        elif "." in name and name.split(".", 1)[0] in ctx.resources:
            target, attribute = name.split(".", 1)
            parts.append(Ref(target, attribute))
        else:
            value = _ref(name, ctx, node)
            parts.append(Unknown(name) if value is NO_VALUE else value)
    parts.append(args[position:])
    return _composite(parts)


def _join(args: Any, ctx: Context, node: Any) -> Value:
    if not isinstance(args, list) or len(args) != 2 or not isinstance(args[0], str):
        ctx.problem(node, "Fn::Join expects [delimiter, [values]]")
        return Unknown("invalid Fn::Join")
    delimiter, items = args[0], convert(args[1], ctx)
    if not isinstance(items, list):
        return Unknown("Fn::Join of a computed list", tuple(refs_in(items)))
    parts: list[Any] = []
    for index, item in enumerate(items):
        if index:
            parts.append(delimiter)
        parts.append(item)
    return _composite(parts)


def _find_in_map(args: Any, ctx: Context, node: Any) -> Value:
    if not isinstance(args, list) or len(args) not in (3, 4):
        ctx.problem(node, "Fn::FindInMap expects [map, top-level key, second-level key]")
        return Unknown("invalid Fn::FindInMap")
    keys = [convert(a, ctx) for a in args[:3]]
    current: Any = ctx.mappings
    for key in keys:
        if not isinstance(key, str) or not isinstance(current, Mapping) or key not in current:
            return Unknown("Fn::FindInMap", tuple(r for k in keys for r in refs_in(k)))
        current = current[key]
    return convert(current, ctx)


def _select(args: Any, ctx: Context, node: Any) -> Value:
    if not isinstance(args, list) or len(args) != 2:
        ctx.problem(node, "Fn::Select expects [index, [values]]")
        return Unknown("invalid Fn::Select")
    index, items = convert(args[0], ctx), convert(args[1], ctx)
    if isinstance(index, str) and index.isdigit():
        index = int(index)
    if isinstance(index, int) and isinstance(items, list) and 0 <= index < len(items):
        return items[index]
    return Unknown("Fn::Select", tuple(refs_in(items)))


def _import_value(args: Any, ctx: Context, node: Any) -> Value:
    name = convert(args, ctx)
    if isinstance(name, str):  # a literal export name: the application view can follow it
        return Imported("Fn::ImportValue", name=name)
    return Unknown("Fn::ImportValue", tuple(refs_in(name)))


def _opaque(name: str) -> Any:
    def handler(args: Any, ctx: Context, node: Any) -> Value:
        return Unknown(name, tuple(refs_in(convert(args, ctx))))
    return handler


_FUNCTIONS: dict[str, Any] = {
    "Fn::GetAtt": _get_att, "Fn::Sub": _sub, "Fn::Join": _join, "Fn::FindInMap": _find_in_map,
    "Fn::Select": _select, "Fn::ImportValue": _import_value,
}
for _name in ("Fn::If", "Fn::Split", "Fn::GetAZs", "Fn::Base64", "Fn::Cidr",
              "Fn::Transform", "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition", "Fn::Length",
              "Fn::ToJsonString", "Fn::ForEach"):
    _FUNCTIONS[_name] = _opaque(_name)


def convert(node: Any, ctx: Context) -> Value:
    """A raw template value with intrinsics, as a model value."""
    # scalars first, and ``dict`` before the ``Mapping`` ABC: this runs for every value of every template
    if node is None or isinstance(node, str | bool | int | float):
        return node
    if isinstance(node, dict | Mapping):
        if len(node) == 1:
            (key, args), = node.items()
            if key == "Ref":
                value = _ref(args, ctx, node)
                return Unknown("AWS::NoValue") if value is NO_VALUE else value  # type: ignore[return-value]
            handler = _FUNCTIONS.get(key)
            if handler is not None:
                result: Value = handler(args, ctx, node)
                return result
        out: dict[str, Value] = {}
        for key, item in node.items():
            if isinstance(item, dict | Mapping) and item.get("Ref") == "AWS::NoValue" and len(item) == 1:
                continue
            out[str(key)] = convert(item, ctx)
        return out
    if isinstance(node, list):
        return [convert(item, ctx) for item in node
                if not (isinstance(item, dict | Mapping) and len(item) == 1 and item.get("Ref") == "AWS::NoValue")]
    return str(node)


__all__ = ["Context", "convert"]

"""``terraform show -json`` documents (plans and states) into the resource graph.

Planned values are plain data; references between resources come from the ``configuration``
section, whose expressions list what they refer to (``aws_iam_role.fn.arn``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from slens.kinds import ErrorKind
from slens.loaders.result import Loaded, Problem
from slens.loaders.terraform.assemble import Assembler, Stats
from slens.loaders.terraform.objects import Obj, reference
from slens.loaders.terraform.spantable import SpanTable
from slens.model import SourceSpan, Unknown, Value

_INDEX = re.compile(r"\[[^\]]*\]")


def _line(node: Any) -> int | None:
    line = getattr(node, "line", None)
    return line if isinstance(line, int) else None


def _list(value: Any) -> list[Any]:
    """A list the plan should hold: anything else (a hostile ``"resources": 5``) counts as none."""
    return value if isinstance(value, list) else []


def _modules(module: Any) -> Iterator[Mapping[str, Any]]:
    if not isinstance(module, Mapping):
        return
    yield module
    for child in _list(module.get("child_modules")):
        yield from _modules(child)


def _configs(module: Any, prefix: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    if not isinstance(module, Mapping):
        return
    for resource in _list(module.get("resources")):
        if isinstance(resource, Mapping) and isinstance(resource.get("address"), str):
            yield prefix + str(resource["address"]), resource
    calls = module.get("module_calls")
    for name, call in calls.items() if isinstance(calls, Mapping) else ():
        if isinstance(call, Mapping):
            yield from _configs(call.get("module"), f"{prefix}module.{name}.")


def _ref(references: Any, prefix: str) -> Value:
    """The first resource an expression refers to (``references`` lists ``type.name.attr`` and ``type.name``)."""
    for text in references if isinstance(references, list) else []:
        if not isinstance(text, str):
            continue
        parts = _INDEX.sub("", text).split(".")
        if parts[0] in ("var", "local", "data", "path", "count", "each", "self", "terraform", "module"):
            continue
        if len(parts) >= 2:
            return reference(f"{prefix}{parts[0]}.{parts[1]}", parts[2] if len(parts) > 2 else None)
    return None


def _with_refs(values: Any, expressions: Any, unknowns: Any, prefix: str) -> Value:
    """Planned values with references put back where the configuration wrote them."""
    if isinstance(expressions, Mapping) and ("references" in expressions or "constant_value" in expressions):
        ref = _ref(expressions.get("references"), prefix)
        if ref is not None and (values is None or isinstance(values, str) or unknowns is True):
            return ref
    if unknowns is True and values is None:
        return Unknown("known after apply")
    if isinstance(values, Mapping):
        exprs = expressions if isinstance(expressions, Mapping) else {}
        unk = unknowns if isinstance(unknowns, Mapping) else {}
        out = {str(k): _with_refs(v, exprs.get(k), unk.get(k), prefix) for k, v in values.items()}
        for key, flag in unk.items():
            if flag is True and out.get(str(key)) is None:
                ref = _ref(exprs.get(key, {}).get("references") if isinstance(exprs.get(key), Mapping) else None,
                           prefix)
                out[str(key)] = ref if ref is not None else Unknown(f"{key} is known after apply")
        return out
    if isinstance(values, list):
        exprs_list = expressions if isinstance(expressions, list) else []
        unk_list = unknowns if isinstance(unknowns, list) else []
        return [_with_refs(v, exprs_list[i] if i < len(exprs_list) else None,
                           unk_list[i] if i < len(unk_list) else None, prefix) for i, v in enumerate(values)]
    if isinstance(values, bool | int | float | str) or values is None:
        return values
    return None


def build_plan(document: Mapping[str, Any], name: str) -> tuple[Loaded, Stats]:
    planned = document.get("planned_values") or document.get("values")
    root = planned.get("root_module") if isinstance(planned, Mapping) else None
    if not isinstance(root, Mapping):
        return (Loaded(name, None, [Problem(ErrorKind.PARSE, "plan has no root_module", _line(planned))], "terraform"),
                Stats())
    configuration = document.get("configuration")
    configs = dict(_configs(configuration.get("root_module"))) if isinstance(configuration, Mapping) else {}
    unknowns: dict[str, Any] = {}
    for change in _list(document.get("resource_changes")):
        if isinstance(change, Mapping) and isinstance(change.get("change"), Mapping):
            unknowns[str(change.get("address"))] = change["change"].get("after_unknown")
    assembler = Assembler(SpanTable())
    seen: set[str] = set()
    problems: list[Problem] = []
    for module in _modules(root):
        if not isinstance(module.get("resources"), list | None):
            problems.append(Problem(ErrorKind.PARSE, "plan: the resources of a module are not a list", _line(module)))
        for resource in _list(module.get("resources")):
            if not isinstance(resource, Mapping) or resource.get("mode", "managed") != "managed":
                continue
            full = str(resource.get("address", ""))
            address = _INDEX.sub("", full)
            type_ = str(resource.get("type", address.rsplit(".", 2)[-2] if "." in address else ""))
            if address in seen or not type_:
                continue
            seen.add(address)
            prefix = address[:len(address) - len(f"{type_}.{resource.get('name', '')}")]
            config = configs.get(address, {})
            values = _with_refs(resource.get("values") or {}, config.get("expressions"), unknowns.get(full), prefix)
            span = SourceSpan(name, _line(resource))
            attrs = values if isinstance(values, dict) else {}
            raw = resource.get("values")
            key_pos = getattr(raw, "key_pos", {})
            lines = {k: SourceSpan(name, pos[0]) for k, pos in key_pos.items()} if isinstance(key_pos, dict) else {}
            metadata: dict[str, Value] = {"Terraform": {"index": "mapped as one resource"}} if full != address else {}
            assembler.add(address, type_, Obj(attrs, span, lines), metadata)
    graph = assembler.finish()
    return Loaded(name, graph, problems, "terraform"), assembler.stats

"""Stacks of one application: what a template gives other stacks and what it takes from them.

A stack exports values (``Outputs.*.Export.Name``) that others import (``Fn::ImportValue``), writes
SSM parameters (``AWS::SSM::Parameter`` with a literal ``Name``) that others read (``{{resolve:ssm:
...}}``, or an ``AWS::SSM::Parameter::Value<...>`` parameter's default), and nests local templates
(``AWS::CloudFormation::Stack`` with a local ``TemplateURL``, which SAM makes of an
``AWS::Serverless::Application``'s local ``Location``). :func:`links` reads those names from one
graph, :func:`applications` groups the stacks of a scan that they link, and :func:`merge` makes one
graph of a group, in which what a stack takes from another is the value the other gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from slens.model.graph import Graph
from slens.model.resources import Resource
from slens.model.values import (
    Composite,
    FromParameterStore,
    Imported,
    Ref,
    Unknown,
    Value,
    as_mapping,
    join_parts,
    refs_in,
)

SSM_PARAMETER = "AWS::SSM::Parameter"
NESTED_STACK = "AWS::CloudFormation::Stack"
#: a parameter whose value CloudFormation reads from the SSM parameter its default names
_SSM_TYPED = "AWS::SSM::Parameter::Value<"
_RESOLVE = "{{resolve:ssm:"
_DYNAMIC = re.compile(r"\{\{resolve:ssm:([^:{}]{1,2048})(?::\d{1,10})?\}\}")
#: what the loader writes as the reason of a parameter without a default (``slens.loaders.intrinsics``)
_PARAMETER = "parameter "


@dataclass(frozen=True)
class StackLinks:
    """The names one stack shares with others (a stack without any is reviewed on its own)."""

    exports: tuple[str, ...] = ()
    imports: tuple[str, ...] = ()
    #: SSM parameter names the stack writes, and the ones it reads
    writes: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    #: the local templates it nests, as written (relative to its own folder)
    nested: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.exports or self.imports or self.writes or self.reads or self.nested)

    def encode(self) -> list[list[str]]:
        return [list(self.exports), list(self.imports), list(self.writes), list(self.reads), list(self.nested)]

    @classmethod
    def decode(cls, data: Any) -> StackLinks:
        exports, imports, writes, reads, nested = ([str(n) for n in names] for names in data)
        return cls(tuple(exports), tuple(imports), tuple(writes), tuple(reads), tuple(nested))


def _leaves(value: object) -> Iterator[object]:
    """Every scalar, reference and unknown inside ``value``, composites' parts included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, Composite):
            stack.extend(item.parts)
        else:
            yield item


def ssm_parameter_defaults(graph: Graph) -> list[str]:
    """The SSM parameter names that the template's SSM-typed parameters default to."""
    found: list[str] = []
    for body in graph.parameters.values():
        if isinstance(body, dict) and str(body.get("Type", "")).startswith(_SSM_TYPED):
            default = body.get("Default")
            if isinstance(default, str) and default:
                found.append(default)
    return found


def _written(resource: Resource) -> str | None:
    name = resource.str_prop("Name")
    return name if name and resource.has("Value") else None


def nested_templates(graph: Graph) -> dict[str, str]:
    """Nested stack logical id -> its local ``TemplateURL`` as written (remote ones are not here)."""
    found: dict[str, str] = {}
    for stack in graph.of_type(NESTED_STACK):
        url = stack.str_prop("TemplateURL")
        if url and "://" not in url and not url.startswith("s3:"):
            found[stack.logical_id] = url
    return found


def links(graph: Graph, exports: Mapping[str, Value]) -> StackLinks:
    imports: dict[str, None] = {}
    reads: dict[str, None] = dict.fromkeys(ssm_parameter_defaults(graph))
    for resource in graph.resources.values():
        leaves = list(_leaves(resource.properties))
        imports.update(dict.fromkeys(leaf.name for leaf in leaves if isinstance(leaf, Imported)))
        for text in (leaf for leaf in leaves if isinstance(leaf, str)):
            if _RESOLVE in text:
                reads.update(dict.fromkeys(m.group(1) for m in _DYNAMIC.finditer(text)))
    writes = [name for r in graph.of_type(SSM_PARAMETER) if (name := _written(r))]
    return StackLinks(tuple(exports), tuple(imports), tuple(dict.fromkeys(writes)), tuple(reads),
                      tuple(dict.fromkeys(nested_templates(graph).values())))


@dataclass(frozen=True)
class Member:
    """One stack of the scan as the grouping sees it: ``children`` are the paths (as ``path`` is
    written) of the scanned templates it nests."""

    path: str
    links: StackLinks
    children: tuple[str, ...] = ()


def applications(members: Sequence[Member]) -> list[list[int]]:
    """The groups (indexes into ``members``, two or more each) that exports, SSM parameters and
    nesting link, in the order of their first member."""
    parent = list(range(len(members)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    exporters: dict[str, int] = {}
    writers: dict[str, int] = {}
    paths: dict[str, int] = {}
    for index, member in enumerate(members):
        paths.setdefault(member.path, index)
        for name in member.links.exports:
            exporters.setdefault(name, index)
        for name in member.links.writes:
            writers.setdefault(name, index)
    for index, member in enumerate(members):
        for other in [*(exporters.get(n) for n in member.links.imports), *(writers.get(n) for n in member.links.reads),
                      *(paths.get(p) for p in member.children)]:
            if other is not None:
                join(index, other)
    groups: dict[int, list[int]] = {}
    for index in range(len(members)):
        groups.setdefault(root(index), []).append(index)
    return [group for group in groups.values() if len(group) > 1]


@dataclass(frozen=True)
class Stack:
    """One stack of a group to merge: ``children`` maps its nested stacks' logical ids to the index
    of the stack each nests; ``label`` prefixes its logical ids that another stack uses too."""

    label: str
    graph: Graph
    exports: Mapping[str, Value] = field(default_factory=dict)
    children: Mapping[str, int] = field(default_factory=dict)


@dataclass
class _Resolver:
    """Values of one stack in the merged graph: ids renamed, and what it takes from the others."""

    names: Mapping[str, str]
    exports: Mapping[str, Value] = field(default_factory=dict)
    written: Mapping[str, Value] = field(default_factory=dict)
    #: resources a parent stack passes this one as parameters
    passed: Mapping[str, Value] = field(default_factory=dict)

    def __call__(self, value: Value) -> Value:
        if isinstance(value, dict):
            return {key: self(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self(item) for item in value]
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, Ref):
            return Ref(self.names.get(value.target, value.target), value.attribute)
        if isinstance(value, Imported):
            return self.exports.get(value.name, value)
        if isinstance(value, FromParameterStore):
            return self.written.get(value.name, value)
        if isinstance(value, Unknown):
            refs = tuple(Ref(self.names.get(r.target, r.target), r.attribute) for r in value.refs)
            if value.reason.startswith(_PARAMETER):
                parameter = value.reason[len(_PARAMETER):]
                if parameter in self.passed:
                    return self.passed[parameter]
                return replace(value, reason=_PARAMETER + self.names.get(parameter, parameter), refs=refs)
            return replace(value, refs=refs)
        if isinstance(value, Composite):
            parts = [self(part) for part in value.parts]
            return join_parts(p if isinstance(p, str | Ref | Unknown | Composite)
                              else Unknown("non-string part", tuple(refs_in(p))) for p in parts)
        return value

    def _text(self, text: str) -> Value:
        if _RESOLVE in text and (match := _DYNAMIC.fullmatch(text)) and match.group(1) in self.written:
            return self.written[match.group(1)]
        return text


def _names(stacks: Sequence[Stack]) -> list[dict[str, str]]:
    """Each stack's logical ids and parameter names in the merged graph: prefixed with its label
    where another stack uses the name too."""
    used: dict[str, int] = {}
    for stack in stacks:
        for name in {*stack.graph.resources, *stack.graph.parameters}:
            used[name] = used.get(name, 0) + 1
    return [{name: f"{stack.label}.{name}" if used[name] > 1 else name
             for name in {**stack.graph.parameters, **stack.graph.resources}} for stack in stacks]


def written_ids(stacks: Sequence[Stack]) -> dict[str, str]:
    """Merged logical id or parameter name -> the one its template wrote, for those :func:`merge`
    prefixed."""
    return {merged: written for names in _names(stacks) for written, merged in names.items() if merged != written}


def merge(stacks: Sequence[Stack]) -> Graph:
    """One graph of linked stacks. Each resource keeps its spans (and so its file); a logical id or
    parameter name that several stacks use is prefixed with its stack's label in each."""
    names = _names(stacks)
    exports: dict[str, Value] = {}
    written: dict[str, Value] = {}
    passed: dict[int, dict[str, Value]] = {}
    for index, stack in enumerate(stacks):
        rename = _Resolver(names[index])
        for export, value in stack.exports.items():
            exports.setdefault(export, rename(value))
        for parameter in stack.graph.of_type(SSM_PARAMETER):
            if (name := _written(parameter)) is not None:
                written.setdefault(name, rename(parameter.prop("Value")))
        for logical_id, child in stack.children.items():
            # a resource handed down is wired across the stacks; any other value stays the child's
            # own parameter, judged as the child declares it (NoEcho, say)
            arguments = as_mapping(stack.graph.resources[logical_id].prop("Parameters"))
            passed.setdefault(child, {key: rename(value) for key, value in arguments.items()
                                      if next(refs_in(value), None) is not None})
    resources: dict[str, Resource] = {}
    parameters: dict[str, Value] = {}
    for index, stack in enumerate(stacks):
        resolve = _Resolver(names[index], exports, written, passed.get(index, {}))
        for logical_id, resource in stack.graph.resources.items():
            origin = resource.origin
            if origin.logical_id in names[index]:
                origin = replace(origin, logical_id=names[index][origin.logical_id])
            resources[names[index][logical_id]] = replace(
                resource, logical_id=names[index][logical_id], origin=origin,
                properties=as_mapping(resolve(dict(resource.properties))))
        for name, value in stack.graph.parameters.items():
            parameters[names[index][name]] = value
    return Graph(resources, parameters)


__all__ = ["Member", "Stack", "StackLinks", "applications", "links", "merge", "nested_templates",
           "ssm_parameter_defaults", "written_ids"]

"""Application Auto Scaling: which scalable targets scale a table, a function or its alias."""

from __future__ import annotations

import re
from collections.abc import Iterator

from slens.model.graph import Graph
from slens.model.relations import FUNCTION, QUALIFIERS
from slens.model.resources import Resource
from slens.model.values import as_str, refs_in


def qualifiers_of(graph: Graph, function: Resource) -> list[Resource]:
    """The function's ``AWS::Lambda::Version`` and ``AWS::Lambda::Alias`` resources."""
    return [q for q in graph.of_type(*QUALIFIERS) if graph.function_of(q.prop("FunctionName")) is function]


def _scaled_ids(graph: Graph, target: Resource) -> Iterator[str]:
    """Logical ids of the resources a scalable target's ``ResourceId`` names (by ref or by name)."""
    resource_id = target.prop("ResourceId")
    for ref in refs_in(resource_id):
        yield ref.target
        res = graph.resources.get(ref.target)
        if res is not None and res.type in QUALIFIERS:  # an alias's target stands for its function too
            fn = graph.function_of(res.prop("FunctionName"))
            if fn is not None:
                yield fn.logical_id
    text = as_str(resource_id)
    if text:  # table/Orders, function:orders:live
        names = set(re.split(r"[/:]", text))
        for res in graph.of_type("AWS::DynamoDB::Table", FUNCTION):
            name = as_str(res.prop("TableName" if res.type != FUNCTION else "FunctionName"))
            if name and name in names:
                yield res.logical_id


def _targets_by_scaled_id(graph: Graph) -> dict[str, list[Resource]]:
    index: dict[str, list[Resource]] = {}
    for target in graph.of_type("AWS::ApplicationAutoScaling::ScalableTarget"):
        for logical_id in set(_scaled_ids(graph, target)):
            index.setdefault(logical_id, []).append(target)
    return index


def scalable_targets(graph: Graph, resource: Resource, namespace: str) -> list[Resource]:
    """``AWS::ApplicationAutoScaling::ScalableTarget`` resources of ``namespace`` that scale ``resource``.

    A Lambda target naming an alias counts for the alias and for its function.
    """
    index = graph.memo(_targets_by_scaled_id)
    return [t for t in index.get(resource.logical_id, [])
            if (as_str(t.prop("ServiceNamespace")) or namespace) == namespace]


def has_unknown_scalable_target(graph: Graph, namespace: str) -> bool:
    """True when some scalable target of ``namespace`` names its resource only at deploy time."""
    for target in graph.of_type("AWS::ApplicationAutoScaling::ScalableTarget"):
        if (as_str(target.prop("ServiceNamespace")) or namespace) != namespace:
            continue
        value = target.prop("ResourceId")
        if as_str(value) is None and not any(r.target in graph.resources for r in refs_in(value)):
            return True
    return False

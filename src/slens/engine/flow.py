"""The application's event flow per reviewed file, as plain values a report can draw.

Reporters never see resources: the engine turns the graph's flow edges into names, types and
lines once, in the process that loaded the file, and the values travel through the worker pool
and the result cache like findings do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slens.model import Graph
from slens.model.flows import INVOKES, WRITES_TO, event_edges
from slens.model.relations import Relation

#: a hostile or generated template may hold thousands of connected resources; a picture of more
#: than this many is unreadable anyway, and its size would be the attacker's choice
MAX_NODES = 150
FAILURE = Relation.SENDS_FAILURES_TO.value
RELATIONS = (Relation.TRIGGERS.value, Relation.DELIVERS_TO.value, FAILURE, INVOKES, WRITES_TO)


@dataclass(frozen=True)
class FlowNode:
    #: the resource's logical id: unique within its file
    id: str
    #: as the user named it: the logical id, or a CDK construct path or Terraform address
    name: str
    type: str
    line: int | None


@dataclass(frozen=True)
class FlowEdge:
    source: str
    #: one of :data:`RELATIONS`
    relation: str
    target: str

    @property
    def failure(self) -> bool:
        return self.relation == FAILURE


@dataclass(frozen=True)
class EventFlow:
    file: str
    nodes: tuple[FlowNode, ...]
    edges: tuple[FlowEdge, ...]
    #: connected resources left out of the picture beyond :data:`MAX_NODES`
    omitted: int = 0

    def encode(self) -> list[Any]:
        return [self.file, [[n.id, n.name, n.type, n.line] for n in self.nodes],
                [[e.source, e.relation, e.target] for e in self.edges], self.omitted]

    @classmethod
    def decode(cls, value: Any) -> EventFlow:
        file, nodes, edges, omitted = value
        return cls(str(file), tuple(FlowNode(str(i), str(n), str(t), None if line is None else int(line))
                                    for i, n, t, line in nodes),
                   tuple(FlowEdge(str(s), str(r), str(t)) for s, r, t in edges), int(omitted))


def event_flow(graph: Graph, file: str) -> EventFlow | None:
    """The file's flow, or None when no two of its resources are connected."""
    nodes: dict[str, FlowNode] = {}
    edges: dict[tuple[str, str, str], FlowEdge] = {}
    omitted: set[str] = set()
    for source, relation, target in event_edges(graph):
        if source.logical_id == target.logical_id:
            continue
        new = {r.logical_id for r in (source, target)} - nodes.keys()
        if len(nodes) + len(new) > MAX_NODES:
            omitted.update(new)
            continue
        for resource in (source, target):
            nodes.setdefault(resource.logical_id, FlowNode(resource.logical_id, resource.origin.label or
                                                           resource.logical_id, resource.type,
                                                           resource.span.line or resource.origin.span.line))
        key = (source.logical_id, relation, target.logical_id)
        edges.setdefault(key, FlowEdge(*key))
    if not edges:
        return None
    return EventFlow(file, tuple(nodes.values()), tuple(edges.values()), len(omitted - nodes.keys()))

"""The application graph: resources, typed relations and the queries rules ask of them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import TypeVar, cast

from slens.model.iam import Statement, policy_statements, principals
from slens.model.relations import FUNCTION, QUALIFIERS, Edge, Relation, build_edges, unique
from slens.model.resources import Resource
from slens.model.values import Ref, Value, refs_in

_T = TypeVar("_T")


class Invocation(Enum):
    SYNC = "synchronous"
    ASYNC = "asynchronous"
    QUEUE = "queue"
    STREAM = "stream"
    POLL = "poll"


@dataclass(frozen=True)
class Trigger:
    """Something that invokes a function; ``source`` is None when it lies outside the graph."""

    source: Resource | None
    via: Resource | None
    invocation: Invocation
    #: the AWS service that invokes (``s3``, ``sns``, ``events`` ...)
    service: str


_SOURCE_SERVICE: dict[str, tuple[str, Invocation]] = {
    "AWS::S3::Bucket": ("s3", Invocation.ASYNC),
    "AWS::SNS::Topic": ("sns", Invocation.ASYNC),
    "AWS::Events::Rule": ("events", Invocation.ASYNC),
    "AWS::Scheduler::Schedule": ("scheduler", Invocation.ASYNC),
    "AWS::IoT::TopicRule": ("iot", Invocation.ASYNC),
    "AWS::Logs::LogGroup": ("logs", Invocation.ASYNC),
    "AWS::SQS::Queue": ("sqs", Invocation.QUEUE),
    "AWS::Kinesis::Stream": ("kinesis", Invocation.STREAM),
    "AWS::DynamoDB::Table": ("dynamodb", Invocation.STREAM),
    "AWS::ApiGateway::RestApi": ("apigateway", Invocation.SYNC),
    "AWS::ApiGatewayV2::Api": ("apigateway", Invocation.SYNC),
    "AWS::Lambda::Url": ("lambda-url", Invocation.SYNC),
    "AWS::StepFunctions::StateMachine": ("states", Invocation.SYNC),
    "AWS::AppSync::DataSource": ("appsync", Invocation.SYNC),
    "AWS::ElasticLoadBalancingV2::TargetGroup": ("elasticloadbalancing", Invocation.SYNC),
    "AWS::Cognito::UserPool": ("cognito-idp", Invocation.SYNC),
}
# Services that invoke a function asynchronously (the Lambda docs' list of async invokers).
ASYNC_SERVICES = frozenset({"s3", "sns", "events", "scheduler", "iot", "logs", "ses", "codecommit", "config",
                            "cloudformation", "codepipeline", "delivery.logs"})


class Graph:
    """One template's (or one stack's) resources and the edges between them."""

    def __init__(self, resources: Mapping[str, Resource], parameters: Mapping[str, Value] | None = None,
                 ) -> None:
        self.resources: Mapping[str, Resource] = dict(resources)
        self.parameters: Mapping[str, Value] = dict(parameters or {})
        self.edges: list[Edge] = build_edges(self.resources)
        self._trigger_cache: dict[str, list[Trigger]] = {}
        self._memo: dict[Callable[[Graph], object], object] = {}
        self._out: dict[tuple[str, Relation], list[Edge]] = defaultdict(list)
        self._in: dict[tuple[str, Relation], list[Edge]] = defaultdict(list)
        for edge in self.edges:
            self._out[(edge.source.logical_id, edge.relation)].append(edge)
            self._in[(edge.target.logical_id, edge.relation)].append(edge)

    # -- generic queries ---------------------------------------------------------------

    def memo(self, build: Callable[[Graph], _T]) -> _T:
        """``build(self)``, built once: shared queries index with this instead of scanning every resource
        on every call (the graph never changes after it is built). The builder is its own key, so two
        queries cannot collide on a name; it must be a module-level function, as a lambda is a new key
        on every call."""
        try:
            return cast(_T, self._memo[build])
        except KeyError:
            value = self._memo[build] = build(self)
            return value

    def of_type(self, *types: str) -> list[Resource]:
        """Resources of these types, in graph order."""
        if len(types) == 1:
            return list(self._by_type.get(types[0], ()))
        return [r for r in self.resources.values() if r.type in types]

    def has_type(self, type_: str) -> bool:
        return type_ in self._by_type

    @cached_property
    def _by_type(self) -> dict[str, list[Resource]]:
        index: dict[str, list[Resource]] = defaultdict(list)
        for resource in self.resources.values():
            index[resource.type].append(resource)
        return index

    def resolve(self, value: Value) -> Resource | None:
        """The first graph resource that ``value`` refers to."""
        for ref in refs_in(value):
            if ref.target in self.resources:
                return self.resources[ref.target]
        return None

    def function_of(self, value: Value) -> Resource | None:
        """The function that ``value`` refers to, directly or through one of its aliases or versions."""
        target = self.resolve(value)
        if target is not None and target.type in QUALIFIERS:
            target = self.resolve(target.prop("FunctionName"))
        return target if target is not None and target.type == FUNCTION else None

    def outgoing(self, resource: Resource, relation: Relation) -> list[Edge]:
        return self._out.get((resource.logical_id, relation), [])

    def incoming(self, resource: Resource, relation: Relation) -> list[Edge]:
        return self._in.get((resource.logical_id, relation), [])

    def children(self, parent: Resource, *types: str) -> list[Resource]:
        return [e.source for e in self.incoming(parent, Relation.PART_OF) if not types or e.source.type in types]

    # -- functions ------------------------------------------------------------------------

    @property
    def functions(self) -> list[Resource]:
        return self.of_type(FUNCTION)

    def role_of(self, resource: Resource) -> Resource | None:
        edges = self.outgoing(resource, Relation.ASSUMES_ROLE)
        return edges[0].target if edges else None

    def assumers_of(self, role: Resource) -> list[Resource]:
        """Every resource (function, state machine, ...) that runs with ``role``."""
        return [e.source for e in unique(self.incoming(role, Relation.ASSUMES_ROLE))]

    def triggers(self, function: Resource) -> list[Trigger]:
        """Every invoker of ``function``: event sources, subscriptions, APIs, permissions."""
        cached = self._trigger_cache.get(function.logical_id)
        if cached is None:
            cached = self._trigger_cache[function.logical_id] = self._find_triggers(function)
        return list(cached)

    def _find_triggers(self, function: Resource) -> list[Trigger]:
        found: list[Trigger] = []
        seen_sources: set[str] = set()
        for edge in self.incoming(function, Relation.TRIGGERS):
            source = edge.source
            service, invocation = _SOURCE_SERVICE.get(source.type, ("", Invocation.SYNC))
            if edge.via is not None and edge.via.type == "AWS::Lambda::EventSourceMapping":
                invocation = invocation if invocation in (Invocation.QUEUE, Invocation.STREAM) else \
                    Invocation.POLL
            if source.logical_id in seen_sources:
                continue
            seen_sources.add(source.logical_id)
            found.append(Trigger(source, edge.via, invocation, service))
        for perm in self.permissions_of(function):
            if self.resolve(perm.prop("SourceArn")) is not None and any(
                    t.via is perm or (t.source and t.source.logical_id in seen_sources) for t in found):
                continue
            for principal in principals({"Service": perm.prop("Principal")}):
                service = principal.split(".amazonaws.com")[0]
                if service in ASYNC_SERVICES and not any(t.service == service for t in found):
                    found.append(Trigger(None, perm, Invocation.ASYNC, service))
        return found

    def consumers(self, source: Resource) -> list[Resource]:
        """Functions that ``source`` (a queue, stream, topic, bucket, rule ...) triggers."""
        return [e.target for e in unique(self.outgoing(source, Relation.TRIGGERS))]

    def failure_targets(self, resource: Resource) -> list[Edge]:
        """Where failed events of ``resource`` go (DLQ, on-failure destination, redrive target), as the
        declarative edges say; :mod:`slens.model.failures` also reads state machines' ``Catch`` paths and
        names each path's kind: rules ask it."""
        return self.outgoing(resource, Relation.SENDS_FAILURES_TO)

    def is_failure_target(self, resource: Resource) -> bool:
        """True for a queue or topic that a declarative edge sends failures to (a DLQ); rules ask
        :func:`slens.model.failures.is_dead_letter_target`, which knows every path."""
        return bool(self.incoming(resource, Relation.SENDS_FAILURES_TO))

    def log_groups_of(self, resource: Resource) -> list[Resource]:
        return [e.target for e in unique(self.outgoing(resource, Relation.LOGS_TO))]

    @cached_property
    def _permissions(self) -> dict[str, list[Resource]]:
        by_function: dict[str, list[Resource]] = defaultdict(list)
        for perm in self.of_type("AWS::Lambda::Permission"):
            target = self.function_of(perm.prop("FunctionName"))
            if target is not None:
                by_function[target.logical_id].append(perm)
        return by_function

    def permissions_of(self, function: Resource) -> list[Resource]:
        return self._permissions.get(function.logical_id, [])

    @cached_property
    def _invoke_configs(self) -> dict[str, list[Resource]]:
        by_function: dict[str, list[Resource]] = defaultdict(list)
        for config in self.of_type("AWS::Lambda::EventInvokeConfig"):
            target = self.function_of(config.prop("FunctionName"))
            if target is not None:
                by_function[target.logical_id].append(config)
        return by_function

    def invoke_configs(self, function: Resource) -> list[Resource]:
        """``AWS::Lambda::EventInvokeConfig`` resources of the function, its aliases and versions."""
        return self._invoke_configs.get(function.logical_id, [])

    def urls_of(self, function: Resource) -> list[Resource]:
        return [t.source for t in self.triggers(function)
                if t.source is not None and t.source.type == "AWS::Lambda::Url"]

    # -- IAM ------------------------------------------------------------------------------

    def attached_policies(self, role: Resource) -> list[Resource]:
        return [e.source for e in unique(self.incoming(role, Relation.ATTACHED_TO))]

    def statements(self, role: Resource) -> list[Statement]:
        """Every statement granted to ``role``: inline, and template policies attached to it."""
        found = list(policy_statements(role))
        for policy in self.attached_policies(role):
            found.extend(policy_statements(policy))
        return found

    @cached_property
    def _referrers(self) -> dict[str, list[Resource]]:
        index: dict[str, list[Resource]] = defaultdict(list)
        for candidate in self.resources.values():
            for target in dict.fromkeys(ref.target for ref in refs_in(candidate.properties)):
                index[target].append(candidate)
        return index

    def referrers(self, resource: Resource, types: Iterable[str] = ()) -> list[Resource]:
        """Resources whose properties refer to ``resource``, in graph order."""
        wanted = set(types)
        return [r for r in self._referrers.get(resource.logical_id, []) if not wanted or r.type in wanted]


__all__ = ["Edge", "Graph", "Invocation", "Ref", "Relation", "Statement", "Trigger"]

"""Event-flow queries: what feeds a function, what it writes to, and where the flows loop or pile up."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from slens.model.access import MESSAGE_TARGETS, data_writes
from slens.model.asl import lambda_tasks
from slens.model.failures import FailureKind, failure_paths
from slens.model.graph import Graph, Invocation
from slens.model.iam import Statement
from slens.model.notifications import Filters, bucket_part, key_inside, notification_filters, upstream_buckets
from slens.model.relations import Relation
from slens.model.resources import Resource
from slens.model.values import (
    Value,
    as_str,
    is_unknown,
    refs_in,
    text_of,
)

_ESM_KINDS = {
    "AWS::SQS::Queue": "sqs",
    "AWS::Kinesis::Stream": "kinesis",
    "AWS::Kinesis::StreamConsumer": "kinesis",
    "AWS::DynamoDB::Table": "dynamodb",
    "AWS::DynamoDB::GlobalTable": "dynamodb",
    "AWS::MSK::Cluster": "kafka",
    "AWS::AmazonMQ::Broker": "mq",
}
STREAM_KINDS = frozenset({"kinesis", "dynamodb"})
RDS_TYPES = ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::RDS::DBProxy")
DYNAMODB_WRITES = ("dynamodb:putitem", "dynamodb:updateitem", "dynamodb:deleteitem", "dynamodb:batchwriteitem",
                   "dynamodb:partiqlinsert", "dynamodb:partiqlupdate", "dynamodb:partiqldelete")
#: the action that sends an event back into each kind of trigger
TRIGGER_WRITES = {"AWS::S3::Bucket": "s3:putobject", "AWS::SQS::Queue": "sqs:sendmessage",
                  "AWS::SNS::Topic": "sns:publish"}


def esm_source_kind(esm: Resource, graph: Graph) -> str | None:
    """``sqs``, ``kinesis``, ``dynamodb``, ``kafka`` or ``mq`` for the mapping's source; None if unknown."""
    source = graph.resolve(esm.prop("EventSourceArn"))
    if source is not None:
        return _ESM_KINDS.get(source.type)
    arn = text_of(esm.prop("EventSourceArn")) or ""
    if not arn.startswith("arn:"):
        return "kafka" if esm.has("SelfManagedEventSource") else None
    service = arn.split(":")[2] if arn.count(":") >= 2 else ""
    if service == "dynamodb":
        return "dynamodb" if "/stream/" in arn else None
    return {"sqs": "sqs", "kinesis": "kinesis", "kafka": "kafka", "mq": "mq"}.get(service)


def grants(statement: Statement, action: str) -> bool:
    """True when an Allow statement grants ``action`` (wildcards in the statement honoured)."""
    if not statement.allows:
        return False
    matched = any(fnmatchcase(action, pattern) for pattern in statement.actions)
    return not matched if statement.not_action else matched


def writers(graph: Graph, fn: Resource, target: Resource, actions: tuple[str, ...]) -> list[Statement]:
    """Statements of the function's role granting one of ``actions`` on ``target`` by reference."""
    role = graph.role_of(fn)
    if role is None:
        return []
    return [s for s in graph.statements(role) if any(grants(s, a) for a in actions)
            and any(ref.target == target.logical_id for ref in s.resource_refs)]


# -- protecting non-scalable resources ------------------------------------------------------


@dataclass(frozen=True)
class Backend:
    """A resource that cannot scale with Lambda, and why the function is said to use it."""

    resource: Resource
    why: str


def is_provisioned_table(table: Resource) -> bool | None:
    """True for a provisioned-capacity table, None when the billing mode cannot be known."""
    mode = table.prop("BillingMode")
    if is_unknown(mode) or is_unknown(table.prop("ProvisionedThroughput")):
        return None
    if mode is None:
        return table.has("ProvisionedThroughput")
    return as_str(mode) == "PROVISIONED"


def non_scalable_backends(graph: Graph, fn: Resource) -> list[Backend]:
    """Provisioned DynamoDB tables the function may write to, and RDS databases/proxies it uses."""
    found: dict[str, Backend] = {}
    role = graph.role_of(fn)
    statements = graph.statements(role) if role is not None else []
    for statement in statements:
        # the tables first: most statements name none, and matching actions is the dearer test
        tables = [table for table in (graph.resources.get(ref.target) for ref in statement.resource_refs)
                  if table is not None and table.type == "AWS::DynamoDB::Table" and is_provisioned_table(table)]
        if not tables or not any(grants(statement, a) for a in DYNAMODB_WRITES):
            continue
        for table in tables:
            found.setdefault(table.logical_id, Backend(table, "provisioned-capacity DynamoDB table, "
                                                              "written by its role"))
    for ref in refs_in(fn.prop("Environment", "Variables")):
        res = graph.resources.get(ref.target)
        if res is not None and res.type in RDS_TYPES:
            found.setdefault(res.logical_id, Backend(res, f"{res.type.rsplit('::', 1)[-1]} named in its "
                                                          "environment"))
    for statement in statements:
        for ref in statement.resource_refs:
            res = graph.resources.get(ref.target)
            if statement.allows and res is not None and res.type in RDS_TYPES:
                found.setdefault(res.logical_id, Backend(res, f"{res.type.rsplit('::', 1)[-1]} named in its "
                                                              "role"))
    return list(found.values())


def concurrency_capped(graph: Graph, fn: Resource) -> bool | None:
    """Whether something bounds the function's concurrency; None when it cannot be known.

    Reserved concurrency caps it; so do event sources that scale by a fixed amount only: SQS
    mappings with ``ScalingConfig.MaximumConcurrency``, and Kinesis/DynamoDB streams (one batch
    per shard and parallelisation factor).
    """
    reserved = fn.prop("ReservedConcurrentExecutions")
    if reserved is not None:
        return None if is_unknown(reserved) else True
    triggers = graph.triggers(fn)
    if not triggers:
        return False
    for trigger in triggers:
        if trigger.invocation is Invocation.STREAM:
            continue
        if trigger.invocation is Invocation.QUEUE and trigger.via is not None:
            cap = trigger.via.prop("ScalingConfig", "MaximumConcurrency")
            if is_unknown(cap):
                return None
            if cap is not None:
                continue
        return False
    return True


# -- recursion ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loop:
    """A trigger of the function that the function's role can write back to."""

    source: Resource
    action: str
    statement: Statement
    #: the topics, queues and rules an S3 notification passes through before it reaches the function
    via: tuple[Resource, ...] = ()


def _bucket_keys(statement: Statement, bucket: Resource) -> list[str]:
    """The object-key patterns the statement names in ``bucket`` (by reference or by bucket name)."""
    return [part for part in (bucket_part(r, bucket) for r in statement.resources) if part]


def _writes_keys(statements: list[Statement], bucket: Resource, filters: Filters) -> Statement | None:
    """The first statement granting ``s3:PutObject`` on keys of ``bucket`` that all match a filter."""
    for statement in statements:
        if grants(statement, "s3:putobject") and any(
                key_inside(k, p, x) for k in _bucket_keys(statement, bucket) for p, x in filters):
            return statement
    return None


def recursive_loops(graph: Graph, fn: Resource) -> list[Loop]:
    """Buckets, queues and topics that trigger ``fn`` and that its role lets it write to, the buckets
    among them also when their notifications reach ``fn`` through topics, queues or EventBridge rules."""
    role = graph.role_of(fn)
    if role is None:
        return []
    statements = graph.statements(role)
    loops: list[Loop] = []
    seen: set[str] = set()
    for trigger in graph.triggers(fn):
        source = trigger.source
        if source is None or source.logical_id in seen:
            continue
        action = TRIGGER_WRITES.get(source.type)
        if source.type == "AWS::S3::Bucket":
            filters = notification_filters(source, fn, graph)
            statement = _writes_keys(statements, source, filters) if filters is not None else None
            if statement is not None:
                seen.add(source.logical_id)
                loops.append(Loop(source, "s3:putobject", statement))
            continue
        if action is not None:
            for statement in statements:
                if grants(statement, action) and any(ref.target == source.logical_id
                                                     for ref in statement.resource_refs):
                    seen.add(source.logical_id)
                    loops.append(Loop(source, action, statement))
                    break
        for bucket, fan_filters, via in upstream_buckets(source, graph):
            if bucket.logical_id in seen or fan_filters is None:
                continue
            statement = _writes_keys(statements, bucket, fan_filters)
            if statement is not None:
                seen.add(bucket.logical_id)
                loops.append(Loop(bucket, "s3:putobject", statement, via))
    return loops


def queue_retention(queue: Resource) -> int | None:
    """The queue's ``MessageRetentionPeriod`` in seconds (4 days when not set); None if unknown."""
    value: Value = queue.prop("MessageRetentionPeriod")
    if value is None:
        return 345600
    text = as_str(value)
    return int(text) if text is not None and text.strip().isdigit() else None


#: what the event-flow picture draws, beyond the graph's own relations
WRITES_TO = "writes-to"
INVOKES = "invokes"
_STORES = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::S3::Bucket")
_FLOW_RELATIONS = (Relation.TRIGGERS, Relation.DELIVERS_TO, Relation.SENDS_FAILURES_TO)


def event_edges(graph: Graph) -> list[tuple[Resource, str, Resource]]:
    """The application's event flow as (source, relation, target): what triggers or feeds what, where
    failures go, the functions a state machine invokes and the tables and buckets functions write.

    An event source mapping's or subscription's failures are drawn from what the user sees as the
    source of the flow (the function it feeds, the topic it subscribes to), not from the connector.
    """
    found: list[tuple[Resource, str, Resource]] = []
    for edge in graph.edges:
        if edge.relation not in _FLOW_RELATIONS:
            continue
        source: Resource | None = edge.source
        if edge.relation is Relation.SENDS_FAILURES_TO and source is not None:
            if source.type == "AWS::Lambda::EventSourceMapping":
                source = graph.function_of(source.prop("FunctionName"))
            elif source.type == "AWS::SNS::Subscription":
                source = graph.resolve(source.prop("TopicArn"))
        if source is not None:
            found.append((source, edge.relation.value, edge.target))
    drawn = {(s.logical_id, t.logical_id) for s, _relation, t in found}
    for path in failure_paths(graph):  # what a state machine's Catch path sends to a queue
        if path.kind is FailureKind.STEPFUNCTIONS_CATCH and (path.source.logical_id,
                                                             path.destination.logical_id) not in drawn:
            drawn.add((path.source.logical_id, path.destination.logical_id))
            found.append((path.source, Relation.SENDS_FAILURES_TO.value, path.destination))
    for machine in graph.of_type("AWS::StepFunctions::StateMachine"):
        for _state, fn, _definition in lambda_tasks(machine, graph):
            if fn is not None and (machine.logical_id, fn.logical_id) not in drawn:
                found.append((machine, INVOKES, fn))
    targets = (*_STORES, *MESSAGE_TARGETS)
    for fn in graph.functions:
        role = graph.role_of(fn)
        for write in data_writes(role, graph, targets) if role is not None else ():
            # the grant that lets a function reach its own dead-letter queue is not a second flow
            if (fn.logical_id, write.target.logical_id) not in drawn:
                found.append((fn, WRITES_TO, write.target))
    return found

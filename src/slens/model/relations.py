"""Typed edges between resources, derived from their CloudFormation-vocabulary properties.

Any loader that fills the graph with CloudFormation types and :class:`Ref` values gets
these relations for free; that is what lets one rule serve every dialect.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from slens.model.openapi import body_integrations
from slens.model.resources import Resource
from slens.model.values import Composite, Ref, Value, as_list, as_mapping, as_str, json_document, lookup, refs_in


class Relation(Enum):
    """Named from the source's point of view: ``source TRIGGERS function``."""

    ASSUMES_ROLE = "assumes-role"
    TRIGGERS = "triggers"
    DELIVERS_TO = "delivers-to"
    SENDS_FAILURES_TO = "sends-failures-to"
    LOGS_TO = "logs-to"
    ATTACHED_TO = "attached-to"
    PART_OF = "part-of"


@dataclass(frozen=True)
class Edge:
    source: Resource
    relation: Relation
    target: Resource
    #: the resource that makes the connection (an event source mapping, a subscription, ...)
    via: Resource | None = None


FUNCTION = "AWS::Lambda::Function"
QUALIFIERS = ("AWS::Lambda::Alias", "AWS::Lambda::Version")
_ROLE_KEYS = ("Role", "RoleArn", "ExecutionRoleArn", "ServiceRoleArn")
_API_CHILD_TYPES = {
    "AWS::ApiGateway::Stage": "RestApiId",
    "AWS::ApiGateway::Deployment": "RestApiId",
    "AWS::ApiGateway::Method": "RestApiId",
    "AWS::ApiGateway::Resource": "RestApiId",
    "AWS::ApiGateway::Authorizer": "RestApiId",
    "AWS::ApiGateway::RequestValidator": "RestApiId",
    "AWS::ApiGatewayV2::Stage": "ApiId",
    "AWS::ApiGatewayV2::Route": "ApiId",
    "AWS::ApiGatewayV2::Integration": "ApiId",
    "AWS::ApiGatewayV2::Authorizer": "ApiId",
    "AWS::AppSync::DataSource": "ApiId",
    "AWS::AppSync::Resolver": "ApiId",
    "AWS::AppSync::ApiKey": "ApiId",
}


class _Builder:
    def __init__(self, resources: Mapping[str, Resource]) -> None:
        self.resources = resources
        self.edges: list[Edge] = []
        self._by_name = self._physical_names()

    def _physical_names(self) -> dict[tuple[str, str], Resource]:
        names: dict[tuple[str, str], Resource] = {}
        keys = {FUNCTION: "FunctionName", "AWS::Logs::LogGroup": "LogGroupName",
                "AWS::SQS::Queue": "QueueName", "AWS::SNS::Topic": "TopicName"}
        for res in self.resources.values():
            key = keys.get(res.type)
            name = as_str(res.prop(key)) if key else None
            if name:
                names[(res.type, name)] = res
        return names

    def find(self, value: Value, *types: str) -> Resource | None:
        """The first resource of ``types`` that ``value`` refers to (by reference or literal name).

        A function's alias or version stands for the function: SAM's ``AutoPublishAlias`` wires
        events, permissions and URLs to the alias.
        """
        for ref in refs_in(value):
            res = self.resources.get(ref.target)
            if res is not None and res.type in QUALIFIERS and FUNCTION in types:
                res = self.find(res.prop("FunctionName"), FUNCTION)
            if res is not None and (not types or res.type in types):
                return res
        literal = as_str(value)
        if literal:
            for type_ in types:
                # ARNs and URLs end in the physical name
                name = literal.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
                res = self._by_name.get((type_, name)) or self._by_name.get((type_, literal))
                if res is not None:
                    return res
        return None

    def add(self, source: Resource | None, relation: Relation, target: Resource | None,
            via: Resource | None = None) -> None:
        if source is not None and target is not None:
            self.edges.append(Edge(source, relation, target, via))

    def build(self) -> list[Edge]:
        for res in self.resources.values():
            handler = _HANDLERS.get(res.type)
            if handler is not None:
                handler(self, res)
            for key in _ROLE_KEYS:
                if key in res.properties:
                    self.add(res, Relation.ASSUMES_ROLE, self.find(res.properties[key], "AWS::IAM::Role"))
            parent_key = _API_CHILD_TYPES.get(res.type)
            if parent_key:
                self.add(res, Relation.PART_OF, self.find(res.prop(parent_key)))
        return self.edges

    # -- handlers, one per resource type that connects others --------------------------

    def function(self, fn: Resource) -> None:
        self.add(fn, Relation.SENDS_FAILURES_TO, self.find(fn.prop("DeadLetterConfig", "TargetArn")))
        log_group = fn.prop("LoggingConfig", "LogGroup")
        if log_group is not None:
            self.add(fn, Relation.LOGS_TO, self.find(log_group, "AWS::Logs::LogGroup"))
            return
        fn_name = as_str(fn.prop("FunctionName"))
        keys = [("ref", fn.logical_id)] + ([("name", fn_name)] if fn_name else [])
        for key in keys:
            for group in self._function_log_groups.get(key, ()):
                self.add(fn, Relation.LOGS_TO, group)

    @cached_property
    def _function_log_groups(self) -> dict[tuple[str, str], list[Resource]]:
        """Log groups named ``/aws/lambda/<function>``, by ("ref", logical id) or ("name", name)."""
        index: dict[tuple[str, str], list[Resource]] = {}
        for group in self.resources.values():
            if group.type != "AWS::Logs::LogGroup":
                continue
            name = group.prop("LogGroupName")
            key: tuple[str, str] | None = None
            if isinstance(name, str) and name.startswith("/aws/lambda/"):
                key = ("name", name[len("/aws/lambda/"):])
            elif isinstance(name, Composite) and len(name.parts) == 2 and name.parts[0] == "/aws/lambda/":
                last = name.parts[1]
                if isinstance(last, Ref) and last.attribute is None:
                    key = ("ref", last.target)
                elif isinstance(last, str):
                    key = ("name", last)
            if key is not None:
                index.setdefault(key, []).append(group)
        return index

    def invoke_config(self, cfg: Resource) -> None:
        fn = self.find(cfg.prop("FunctionName"), FUNCTION)
        self.add(fn, Relation.SENDS_FAILURES_TO, self.find(cfg.prop("DestinationConfig", "OnFailure",
                                                                    "Destination")), via=cfg)

    def event_source_mapping(self, esm: Resource) -> None:
        fn = self.find(esm.prop("FunctionName"), FUNCTION)
        self.add(self.find(esm.prop("EventSourceArn")), Relation.TRIGGERS, fn, via=esm)
        self.add(esm, Relation.SENDS_FAILURES_TO,
                 self.find(esm.prop("DestinationConfig", "OnFailure", "Destination")))

    def _subscribe(self, topic: Resource | None, protocol: Value, endpoint: Value,
                   via: Resource | None) -> None:
        if as_str(protocol) == "lambda":
            self.add(topic, Relation.TRIGGERS, self.find(endpoint, FUNCTION), via=via)
        else:
            self.add(topic, Relation.DELIVERS_TO, self.find(endpoint), via=via)

    def subscription(self, sub: Resource) -> None:
        topic = self.find(sub.prop("TopicArn"), "AWS::SNS::Topic")
        self._subscribe(topic, sub.prop("Protocol"), sub.prop("Endpoint"), sub)
        self.add(sub, Relation.SENDS_FAILURES_TO,
                 self.find(lookup(json_document(sub.prop("RedrivePolicy")), ("deadLetterTargetArn",))))

    def topic(self, topic: Resource) -> None:
        for sub in as_list(topic.prop("Subscription")):
            self._subscribe(topic, lookup(sub, ("Protocol",)), lookup(sub, ("Endpoint",)), None)

    def bucket(self, bucket: Resource) -> None:
        config = as_mapping(bucket.prop("NotificationConfiguration"))
        for item in as_list(config.get("LambdaConfigurations")):
            self.add(bucket, Relation.TRIGGERS, self.find(lookup(item, ("Function",)), FUNCTION))
        for key, field in (("QueueConfigurations", "Queue"), ("TopicConfigurations", "Topic")):
            for item in as_list(config.get(key)):
                self.add(bucket, Relation.DELIVERS_TO, self.find(lookup(item, (field,))))

    def _targets(self, source: Resource, targets: Iterable[Value]) -> None:
        for target in targets:
            dest = self.find(lookup(target, ("Arn",)))
            relation = Relation.TRIGGERS if dest is not None and dest.type == FUNCTION else Relation.DELIVERS_TO
            self.add(source, relation, dest)
            self.add(source, Relation.SENDS_FAILURES_TO, self.find(lookup(target, ("DeadLetterConfig", "Arn"))))

    def event_rule(self, rule: Resource) -> None:
        self._targets(rule, as_list(rule.prop("Targets")))

    def schedule(self, schedule: Resource) -> None:
        self._targets(schedule, [schedule.prop("Target")])

    def topic_rule(self, rule: Resource) -> None:
        for action in as_list(rule.prop("TopicRulePayload", "Actions")):
            self.add(rule, Relation.TRIGGERS, self.find(lookup(action, ("Lambda", "FunctionArn")), FUNCTION))

    def log_subscription(self, sub: Resource) -> None:
        self.add(self.find(sub.prop("LogGroupName"), "AWS::Logs::LogGroup"), Relation.TRIGGERS,
                 self.find(sub.prop("DestinationArn"), FUNCTION), via=sub)

    def permission(self, perm: Resource) -> None:
        fn = self.find(perm.prop("FunctionName"), FUNCTION)
        source = self.find(perm.prop("SourceArn"))
        if fn is None or source is None or source.type == FUNCTION:
            return
        if source.type in _API_CHILD_TYPES:  # a stage or route ARN stands for its API
            parent = self.find(source.prop(_API_CHILD_TYPES[source.type]))
            source = parent or source
        self.add(source, Relation.TRIGGERS, fn, via=perm)

    def rest_method(self, method: Resource) -> None:
        api = self.find(method.prop("RestApiId"))
        self.add(api, Relation.TRIGGERS, self.find(method.prop("Integration", "Uri"), FUNCTION), via=method)

    def v2_integration(self, integration: Resource) -> None:
        api = self.find(integration.prop("ApiId"))
        self.add(api, Relation.TRIGGERS, self.find(integration.prop("IntegrationUri"), FUNCTION),
                 via=integration)

    def api_body(self, api: Resource) -> None:
        self.add(api, Relation.TRIGGERS, self.find(api.prop("Target"), FUNCTION))
        for _, integration in body_integrations(api):
            self.add(api, Relation.TRIGGERS, self.find(integration.get("Uri"), FUNCTION))

    def url(self, url: Resource) -> None:
        self.add(url, Relation.TRIGGERS, self.find(url.prop("TargetFunctionArn"), FUNCTION))

    def state_machine(self, machine: Resource) -> None:
        seen: set[str] = set()
        for key in ("Definition", "DefinitionString", "DefinitionSubstitutions"):
            for ref in refs_in(machine.prop(key)):
                target = self.resources.get(ref.target)
                if target is not None and target.type == FUNCTION and target.logical_id not in seen:
                    seen.add(target.logical_id)
                    self.add(machine, Relation.TRIGGERS, target)
        for dest in as_list(machine.prop("LoggingConfiguration", "Destinations")):
            group = lookup(dest, ("CloudWatchLogsLogGroup", "LogGroupArn"))
            self.add(machine, Relation.LOGS_TO, self.find(group, "AWS::Logs::LogGroup"))

    def queue(self, queue: Resource) -> None:
        # a mapping, JSON text or a Fn::Sub of JSON text (values.json_document reads every form)
        target = lookup(json_document(queue.prop("RedrivePolicy")), ("deadLetterTargetArn",))
        self.add(queue, Relation.SENDS_FAILURES_TO, self.find(target, "AWS::SQS::Queue"))

    def pipe(self, pipe: Resource) -> None:
        for parameters in as_mapping(pipe.prop("SourceParameters")).values():
            self.add(pipe, Relation.SENDS_FAILURES_TO, self.find(lookup(parameters, ("DeadLetterConfig", "Arn"))))

    def stage(self, stage: Resource) -> None:
        for key in ("AccessLogSetting", "AccessLogSettings"):
            self.add(stage, Relation.LOGS_TO, self.find(stage.prop(key, "DestinationArn"), "AWS::Logs::LogGroup"))

    def deployment(self, deployment: Resource) -> None:
        self.add(deployment, Relation.LOGS_TO, self.find(
            deployment.prop("StageDescription", "AccessLogSetting", "DestinationArn"), "AWS::Logs::LogGroup"))

    def policy(self, policy: Resource) -> None:
        for role in as_list(policy.prop("Roles")):
            self.add(policy, Relation.ATTACHED_TO, self.find(role, "AWS::IAM::Role"))

    def role(self, role: Resource) -> None:
        for arn in as_list(role.prop("ManagedPolicyArns")):
            self.add(self.find(arn, "AWS::IAM::ManagedPolicy"), Relation.ATTACHED_TO, role)


_HANDLERS = {
    FUNCTION: _Builder.function,
    "AWS::Lambda::EventInvokeConfig": _Builder.invoke_config,
    "AWS::Lambda::EventSourceMapping": _Builder.event_source_mapping,
    "AWS::Lambda::Permission": _Builder.permission,
    "AWS::Lambda::Url": _Builder.url,
    "AWS::SNS::Subscription": _Builder.subscription,
    "AWS::SNS::Topic": _Builder.topic,
    "AWS::S3::Bucket": _Builder.bucket,
    "AWS::Events::Rule": _Builder.event_rule,
    "AWS::Scheduler::Schedule": _Builder.schedule,
    "AWS::IoT::TopicRule": _Builder.topic_rule,
    "AWS::Logs::SubscriptionFilter": _Builder.log_subscription,
    "AWS::ApiGateway::Method": _Builder.rest_method,
    "AWS::ApiGateway::RestApi": _Builder.api_body,
    "AWS::ApiGatewayV2::Api": _Builder.api_body,
    "AWS::ApiGatewayV2::Integration": _Builder.v2_integration,
    "AWS::StepFunctions::StateMachine": _Builder.state_machine,
    "AWS::SQS::Queue": _Builder.queue,
    "AWS::Pipes::Pipe": _Builder.pipe,
    "AWS::ApiGateway::Stage": _Builder.stage,
    "AWS::ApiGatewayV2::Stage": _Builder.stage,
    "AWS::ApiGateway::Deployment": _Builder.deployment,
    "AWS::IAM::Policy": _Builder.policy,
    "AWS::IAM::ManagedPolicy": _Builder.policy,
    "AWS::IAM::Role": _Builder.role,
}


def build_edges(resources: Mapping[str, Resource]) -> list[Edge]:
    return _Builder(resources).build()


def unique(edges: Iterator[Edge] | list[Edge]) -> list[Edge]:
    """Edges without repeats of the same (source, relation, target) connection."""
    seen: set[tuple[str, str, str]] = set()
    out: list[Edge] = []
    for edge in edges:
        key = (edge.source.logical_id, edge.relation.value, edge.target.logical_id)
        if key not in seen:
            seen.add(key)
            out.append(edge)
    return out

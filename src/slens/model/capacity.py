"""Capacity and cost vocabulary shared by the PERF1/COST1 rules: runtimes, scaling, forwarding.

Pure functions over the graph in CloudFormation terms (no I/O). Runtime facts come from the
AWS Lambda runtimes page (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html)
and the SnapStart page; refresh them with each release.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

from slens.model.graph import Graph, Invocation
from slens.model.iam import managed_policy_arns
from slens.model.relations import FUNCTION, QUALIFIERS
from slens.model.resources import Resource
from slens.model.values import Composite, Ref, Value, as_list, as_mapping, as_str, lookup, refs_in

# -- runtimes -------------------------------------------------------------------------------

#: runtimes that only ever ran on x86_64
_X86_ONLY = frozenset({
    "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "python2.7",
    "python3.6", "python3.7", "java8", "go1.x", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
    "dotnetcore3.1", "dotnet5.0", "ruby2.5", "provided",
})
_FAMILY = re.compile(r"^(nodejs|python|java|dotnet|ruby|provided)")
_JAVA = re.compile(r"^java(\d+)$")


def runtime_family(runtime: str) -> str | None:
    """``python3.12`` -> ``python``; None for strings that are no Lambda runtime."""
    match = _FAMILY.match(runtime.strip().lower())
    return match.group(1) if match else None


def supports_arm64(runtime: str) -> bool | None:
    """Whether Lambda runs ``runtime`` on arm64 (Graviton); None for runtimes it does not know."""
    name = runtime.strip().lower()
    if name in _X86_ONLY:
        return False
    return True if runtime_family(name) else None


def supports_snapstart_java(runtime: str) -> bool:
    """Java managed runtimes that SnapStart supports (Java 11 and later)."""
    match = _JAVA.match(runtime.strip().lower())
    return match is not None and int(match.group(1)) >= 11


def qualifiers_of(graph: Graph, function: Resource) -> list[Resource]:
    """The function's ``AWS::Lambda::Version`` and ``AWS::Lambda::Alias`` resources."""
    return [q for q in graph.of_type(*QUALIFIERS) if graph.function_of(q.prop("FunctionName")) is function]


# -- Application Auto Scaling -----------------------------------------------------------------

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


# -- who calls whom -------------------------------------------------------------------------

def sync_only_callers(graph: Graph, function: Resource) -> list[str] | None:
    """The services that invoke ``function`` (``apigateway``, ``lambda-url``) when every trigger
    is a synchronous API or URL one; None when it has no trigger or any other kind."""
    triggers = graph.triggers(function)
    services = sorted({t.service for t in triggers})
    if not triggers or any(t.invocation is not Invocation.SYNC for t in triggers) or \
            set(services) - {"apigateway", "lambda-url"}:
        return None
    return services


# IAM actions a "forwarder" function would be the only one to hold, by service
FORWARD_ACTIONS: Mapping[str, frozenset[str]] = {
    "sqs": frozenset({"sqs:sendmessage", "sqs:sendmessage*", "sqs:sendmessagebatch"}),
    "sns": frozenset({"sns:publish"}),
    "events": frozenset({"events:putevents"}),
    "kinesis": frozenset({"kinesis:putrecord", "kinesis:putrecords"}),
    "firehose": frozenset({"firehose:putrecord", "firehose:putrecordbatch"}),
    "states": frozenset({"states:startexecution", "states:startsyncexecution"}),
    "dynamodb": frozenset({"dynamodb:putitem", "dynamodb:updateitem", "dynamodb:batchwriteitem"}),
}
#: actions every function holds for its own plumbing (logs, traces, VPC ENIs)
_PLUMBING = ("logs:", "xray:", "ec2:createnetworkinterface", "ec2:describenetworkinterfaces",
             "ec2:deletenetworkinterface", "ec2:assignprivateipaddresses", "ec2:unassignprivateipaddresses")
_PLUMBING_POLICIES = frozenset({"AWSLambdaBasicExecutionRole", "AWSXRayDaemonWriteAccess",
                                "AWSLambdaVPCAccessExecutionRole", "AWSXrayWriteOnlyAccess"})


def forward_target(graph: Graph, function: Resource) -> tuple[str, Resource] | None:
    """``(service, resource)`` when the function's role only lets it write to one template resource
    of one service (``sqs:SendMessage`` on one queue): what a direct integration could do.

    None when the role is outside the template, holds managed policies beyond logging/tracing,
    or grants anything else (other actions, wildcards, resources outside the template).
    """
    role = graph.role_of(function)
    if role is None:
        return None
    arns = as_list(role.prop("ManagedPolicyArns"))
    # every attached ARN must be an AWS managed plumbing policy: a customer policy may grant anything
    names = [name for _, name in managed_policy_arns(role)]
    if len(names) != len(arns) or set(names) - _PLUMBING_POLICIES:
        return None
    services: set[str] = set()
    targets: set[str] = set()
    for statement in graph.statements(role):
        if not statement.allows or statement.not_action or statement.not_resource:
            return None
        actions = [a for a in statement.actions if not a.startswith(_PLUMBING)]
        if not actions:
            continue
        kinds = {s for s, allowed in FORWARD_ACTIONS.items() if any(a in allowed for a in actions)}
        if len(kinds) != 1 or any(a not in FORWARD_ACTIONS[next(iter(kinds))] for a in actions):
            return None
        if not statement.resources or not all(_names_resource(r) for r in statement.resources):
            return None
        services |= kinds
        targets |= {ref.target for ref in statement.resource_refs}
    if len(services) != 1 or len(targets) != 1 or next(iter(targets)) not in graph.resources:
        return None
    return services.pop(), graph.resources[targets.pop()]


def _names_resource(value: Value) -> bool:
    """A statement resource naming one template resource: a ref, or an ARN built from one (a
    wildcard may only follow the reference, as in ``${Table.Arn}/index/*``)."""
    if isinstance(value, Ref):
        return True
    if isinstance(value, Composite):
        last = max((i for i, p in enumerate(value.parts) if isinstance(p, Ref)), default=-1)
        head = value.parts[:last]
        return last >= 0 and not any(isinstance(p, str) and "*" in p for p in head)
    return False


# -- Step Functions -------------------------------------------------------------------------

def state_machine_definition(machine: Resource) -> Mapping[str, Value] | None:
    """The definition as data when it is written in the template (inline or a literal JSON string)."""
    definition = machine.prop("Definition")
    if isinstance(definition, dict):
        return definition
    text = machine.prop("DefinitionString")
    if isinstance(text, Composite):  # a JSON document with ${...} substitutions: read it with placeholders
        text = "".join(p if isinstance(p, str) else "__ref__" for p in text.parts)
    if isinstance(text, str):
        try:
            parsed = json.loads(text)
        except ValueError:
            return None
        return as_mapping(parsed) or None
    return None


def states_of(definition: Mapping[str, Value]) -> Iterator[tuple[str, Mapping[str, Value]]]:
    """Every state, nested ones (Parallel branches, Map iterators) included, as ``(name, state)``."""
    stack = [definition]
    while stack:
        states = as_mapping(stack.pop().get("States"))
        for name, raw in states.items():
            state = as_mapping(raw)
            yield name, state
            stack.extend(as_mapping(b) for b in as_list(state.get("Branches")))
            for key in ("Iterator", "ItemProcessor"):
                if key in state:
                    stack.append(as_mapping(state.get(key)))


# -- API Gateway: what only a REST API can do ----------------------------------------------

_REST_ONLY_TYPES = {
    "AWS::ApiGateway::UsagePlan": "usage plans", "AWS::ApiGateway::ApiKey": "API keys",
    "AWS::ApiGateway::RequestValidator": "request validation",
    "AWS::ApiGateway::GatewayResponse": "custom gateway responses",
    "AWS::WAFv2::WebACLAssociation": "WAF", "AWS::WAFRegional::WebACLAssociation": "WAF",
    "AWS::ApiGateway::DocumentationPart": "API documentation",
}
_PROXY_TYPES = frozenset({"aws_proxy", "http_proxy"})


def rest_only_features(graph: Graph, api: Resource) -> list[str]:
    """Features of a REST API (``AWS::ApiGateway::RestApi``) that an HTTP API does not offer.

    Conservative: a usage plan, API key, validator, gateway response or WAF association anywhere
    in the template counts, and so does anything only known at deploy time.
    """
    found: list[str] = [label for type_, label in _REST_ONLY_TYPES.items() if graph.of_type(type_)]
    types = [as_str(t) for t in as_list(api.prop("EndpointConfiguration", "Types"))]
    if "PRIVATE" in types or "EDGE" in types:
        found.append(f"{'a private' if 'PRIVATE' in types else 'an edge-optimized'} endpoint")
    for key, label in (("Policy", "a resource policy"), ("MinimumCompressionSize", "compression"),
                       ("ApiKeySourceType", "API keys")):
        if api.has(key):
            found.append(label)
    body = as_mapping(api.prop("Body"))
    if "x-amazon-apigateway-request-validators" in body or "x-amazon-apigateway-gateway-responses" in body \
            or "x-amazon-apigateway-policy" in body:
        found.append("OpenAPI extensions only REST APIs read")
    for route in graph.routes(api):
        if route.api_key_required:
            found.append("API keys")
        if route.is_preflight:
            continue
        if route.holder.type == "AWS::ApiGateway::Method":
            integration = route.holder.prop("Integration")
            if route.holder.has("RequestValidatorId"):
                found.append("request validation")
        else:
            integration = lookup(api.properties, (*route.holder_path, "x-amazon-apigateway-integration"))
            if lookup(api.properties, (*route.holder_path, "x-amazon-apigateway-request-validator")):
                found.append("request validation")
        kind = lookup(integration, ("type",)) or lookup(integration, ("Type",))
        if integration is not None and (as_str(kind) or "").lower() not in _PROXY_TYPES:
            found.append("a non-proxy (mapping template) integration")
    for stage in graph.stages(api):
        root: tuple[str, ...] = () if stage.type == "AWS::ApiGateway::Stage" else ("StageDescription",)
        for key, label in (("CacheClusterEnabled", "caching"), ("TracingEnabled", "X-Ray tracing"),
                           ("ClientCertificateId", "client certificates"), ("CanarySetting", "canary releases")):
            value = stage.prop(*root, key)
            if value is not None and value is not False and as_str(value) != "false":
                found.append(label)
        for setting in as_list(stage.prop(*root, "MethodSettings")):
            if lookup(setting, ("CachingEnabled",)) not in (None, False, "false"):
                found.append("caching")
    return sorted(set(found))

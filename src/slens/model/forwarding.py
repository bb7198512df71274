"""Who calls a function, and whether it only forwards to one service (what a direct integration could do)."""

from __future__ import annotations

from collections.abc import Mapping

from slens.model.graph import Graph, Invocation
from slens.model.iam import managed_policy_arns
from slens.model.resources import Resource
from slens.model.values import Composite, Ref, Value, as_list


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

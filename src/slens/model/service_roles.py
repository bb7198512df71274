"""Roles handed to a service: which property gives a template role to which AWS service, and whether
the role's trust policy lets that service assume it.

A service runs with a role it is handed (a state machine's ``RoleArn``, an API integration's
``Credentials``, an event target's ``RoleArn``...) only when the role trusts the service's principal;
otherwise the call fails when the service first assumes it, at deployment or at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from slens.model.graph import Graph
from slens.model.iam import trust_statements
from slens.model.openapi import body_integrations
from slens.model.resources import Resource
from slens.model.values import Composite, PropertyPath, Value, as_list, as_mapping, is_unknown, lookup

ROLE = "AWS::IAM::Role"
#: "*" in a path walks every item of a list
_EACH = "*"

#: resource type -> (where a role is handed over, the service that assumes it); the service is the
#: first label of its principal (``states`` for ``states.amazonaws.com``)
HANDOFFS: dict[str, tuple[tuple[PropertyPath, str], ...]] = {
    "AWS::ApiGateway::Method": ((("Integration", "Credentials"), "apigateway"),),
    "AWS::ApiGateway::Account": ((("CloudWatchRoleArn",), "apigateway"),),
    "AWS::ApiGatewayV2::Integration": ((("CredentialsArn",), "apigateway"),),
    "AWS::StepFunctions::StateMachine": ((("RoleArn",), "states"),),
    "AWS::Events::Rule": ((("Targets", _EACH, "RoleArn"), "events"),),
    "AWS::Scheduler::Schedule": ((("Target", "RoleArn"), "scheduler"),),
    "AWS::Pipes::Pipe": ((("RoleArn",), "pipes"),),
    "AWS::AppSync::DataSource": ((("ServiceRoleArn",), "appsync"),),
    "AWS::AppSync::GraphQLApi": ((("LogConfig", "CloudWatchLogsRoleArn"), "appsync"),),
    "AWS::Lambda::Function": ((("Role",), "lambda"),),
}

#: APIs whose OpenAPI body may hand a role to API Gateway (``x-amazon-apigateway-integration.credentials``)
_BODY_APIS = ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api")
_INTEGRATION = "x-amazon-apigateway-integration"
#: the placeholder :attr:`Composite.literal` shows for a non-literal part (``states.${AWS::Region}...``)
_ANY = re.escape("${...}")


@dataclass(frozen=True)
class Handoff:
    """``holder`` hands the template role ``role`` to ``service`` at property ``path``."""

    holder: Resource
    path: PropertyPath
    role: Resource
    service: str

    @property
    def principal(self) -> str:
        return f"{self.service}.amazonaws.com"


def _paths(resource: Resource, path: PropertyPath) -> Iterator[tuple[PropertyPath, Value]]:
    """Every concrete path matching ``path`` (``*`` expanded over list items) with its value."""
    if _EACH not in path:
        yield path, resource.prop(*path)
        return
    index = path.index(_EACH)
    head, tail = path[:index], path[index + 1:]
    for position, item in enumerate(as_list(resource.prop(*head))):
        yield (*head, position, *tail), lookup(item, tail)


def _build(graph: Graph) -> dict[str, list[Handoff]]:
    by_role: dict[str, list[Handoff]] = {}

    def add(holder: Resource, path: PropertyPath, value: Value, service: str) -> None:
        role = graph.resolve(value) if value is not None else None
        if role is not None and role.type == ROLE:
            by_role.setdefault(role.logical_id, []).append(Handoff(holder, path, role, service))

    for type_, places in HANDOFFS.items():
        for holder in graph.of_type(type_):
            for pattern, service in places:
                for path, value in _paths(holder, pattern):
                    add(holder, path, value, service)
    for api in graph.of_type(*_BODY_APIS):  # OpenAPI integrations' credentials
        for path, integration in body_integrations(api):
            add(api, (*path, _INTEGRATION, "credentials"), integration.get("Credentials"), "apigateway")
    return by_role


def handoffs_of(graph: Graph, role: Resource) -> list[Handoff]:
    """Every place the template hands ``role`` to a service, in graph order."""
    return list(graph.memo(_build).get(role.logical_id, ()))


def _names(service: str) -> re.Pattern[str]:
    """The principal's spellings: global, regional (``states.eu-west-1.amazonaws.com``, or written
    with ``${AWS::Region}``) and the China partition's ``.amazonaws.com.cn``."""
    return re.compile(rf"{re.escape(service)}(\.([a-z0-9-]+|{_ANY}))?\.amazonaws\.com(\.cn)?")


def _assumes(actions: tuple[str, ...]) -> bool:
    return any(a in ("sts:assumerole", "sts:*", "*") for a in actions)


def trusts_service(role: Resource, service: str) -> bool | None:
    """Whether the role's trust policy lets ``service`` call ``sts:AssumeRole``; None when it cannot be
    known (the document, an effect, an action or a service principal only known at deploy time)."""
    document = role.prop("AssumeRolePolicyDocument")
    statements = lookup(document, ("Statement",))
    if document is None or is_unknown(document) or is_unknown(statements) or any(
            not isinstance(item, dict) for item in as_list(statements)):
        return None  # a statement only known at deploy time (a parameter, an Fn::If) may trust the service
    pattern = _names(service)
    unsure = False
    for statement in trust_statements(role):
        if statement.effect == "Unknown":
            unsure = True
            continue
        if not statement.allows:
            continue
        principal = as_mapping(statement.principal)
        if is_unknown(statement.principal) or (statement.principal is not None and not principal):
            unsure = True  # a principal only known at deploy time, or "*" (another rule's concern)
            continue
        named = False
        for kind, value in principal.items():
            if kind != "Service":
                continue
            for item in as_list(value):
                text = item.literal if isinstance(item, Composite) else item if isinstance(item, str) else None
                if text is not None and pattern.fullmatch(text):
                    named = True
                elif text is None or isinstance(item, Composite):
                    unsure = True  # a service named at deploy time (a parameter, a condition)
        if not named:
            continue
        if statement.not_action or not statement.actions:
            unsure = True  # NotAction, or an action only known at deploy time
            continue
        if _assumes(statement.actions):
            return True
    return None if unsure else False


__all__ = ["HANDOFFS", "Handoff", "handoffs_of", "trusts_service"]

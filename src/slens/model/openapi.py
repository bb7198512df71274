"""What an API's inline OpenAPI body (``Body``, SAM's ``DefinitionBody``) says: routes, integrations,
authorizers, request validation and CORS, in the graph's vocabulary.

The only place that reads an OpenAPI document: rules ask these functions, never the body.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from slens.model.resources import Resource
from slens.model.values import PropertyPath, Value, as_int, as_list, as_mapping, as_str, is_unknown, lookup

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options",
                          "x-amazon-apigateway-any-method"})
_SCHEME_ROOTS: tuple[PropertyPath, ...] = (("securityDefinitions",), ("components", "securitySchemes"))
_VALIDATOR = "x-amazon-apigateway-request-validator"
_INTEGRATION = "x-amazon-apigateway-integration"


def body_of(api: Resource) -> Mapping[str, Value]:
    """The inline body as a mapping (empty when there is none or it is not known)."""
    return as_mapping(api.prop("Body"))


def body_unknown(api: Resource) -> bool:
    """Whether the API's definition is outside the template: an S3 location, or a body known only at
    deploy time (``Fn::Transform`` include, a parameter)."""
    return api.has("BodyS3Location") or is_unknown(api.prop("Body"))


def has_body(api: Resource) -> bool:
    return api.prop("Body") is not None


def operations(api: Resource) -> Iterator[tuple[str, str, Mapping[str, Value]]]:
    """``(path, method key, operation)`` for every operation of the body's ``paths``."""
    for path, item in as_mapping(body_of(api).get("paths")).items():
        for method, operation in as_mapping(item).items():
            if method.lower() in HTTP_METHODS:
                yield path, method, as_mapping(operation)


def security_schemes(api: Resource) -> Mapping[str, Value]:
    body = body_of(api)
    return as_mapping(body.get("securityDefinitions")) or as_mapping(lookup(body, ("components", "securitySchemes")))


@dataclass(frozen=True)
class BodyAuthorizer:
    """A Lambda authorizer declared in the body (``x-amazon-apigateway-authorizer``)."""

    name: str
    #: ``token`` or ``request`` for Lambda authorizers, else what the body says
    kind: str | None
    ttl: int | None
    #: where ``authorizerResultTtlInSeconds`` is (or would be) written
    ttl_path: PropertyPath


def body_authorizers(api: Resource) -> Iterator[BodyAuthorizer]:
    for root in _SCHEME_ROOTS:
        for name, scheme in as_mapping(api.prop("Body", *root)).items():
            authorizer = as_mapping(lookup(scheme, ("x-amazon-apigateway-authorizer",)))
            if authorizer:
                yield BodyAuthorizer(name, as_str(authorizer.get("type")),
                                     as_int(authorizer.get("authorizerResultTtlInSeconds")),
                                     ("Body", *root, name, "x-amazon-apigateway-authorizer",
                                      "authorizerResultTtlInSeconds"))


def body_validates_requests(api: Resource) -> bool:
    """A request validator chosen for the whole body or for any of its operations."""
    if _VALIDATOR in body_of(api):
        return True
    return any(_VALIDATOR in operation for _, _, operation in _all_operations(api))


def _all_operations(api: Resource) -> Iterator[tuple[str, str, Mapping[str, Value]]]:
    # validators may sit on any key of a path item, as the body writer put them
    for path, item in as_mapping(body_of(api).get("paths")).items():
        for method, operation in as_mapping(item).items():
            yield path, method, as_mapping(operation)


def body_integrations(api: Resource) -> Iterator[tuple[PropertyPath, Mapping[str, Value]]]:
    """Each operation's ``x-amazon-apigateway-integration`` in CloudFormation spelling
    (``timeoutInMillis`` -> ``TimeoutInMillis``), with the operation's path in the body."""
    for path, method, operation in _all_operations(api):
        integration = as_mapping(lookup(operation, (_INTEGRATION,)))
        if integration:
            yield ("Body", "paths", path, method), {k[0].upper() + k[1:]: v for k, v in integration.items()}


def operation_integration(api: Resource, at: PropertyPath) -> Value:
    """The integration written on the operation at ``at`` (a route's ``holder_path``)."""
    return lookup(api.properties, (*at, _INTEGRATION))


def operation_validator(api: Resource, at: PropertyPath) -> Value:
    return lookup(api.properties, (*at, _VALIDATOR))


def rest_only_extensions(api: Resource) -> bool:
    """Body extensions that only REST APIs read (validators, gateway responses, a resource policy)."""
    body = body_of(api)
    return any(k in body for k in ("x-amazon-apigateway-request-validators",
                                   "x-amazon-apigateway-gateway-responses", "x-amazon-apigateway-policy"))


def cors_origins(api: Resource) -> Value:
    """The origins an HTTP API body allows (``x-amazon-apigateway-cors.allowOrigins``)."""
    return api.prop("Body", "x-amazon-apigateway-cors", "allowOrigins")


def preflight_origins(api: Resource, header: str) -> Iterator[tuple[str, Value]]:
    """``(path, value)`` of ``header`` in each ``options`` operation's mock integration responses."""
    for path, item in as_mapping(body_of(api).get("paths")).items():
        responses = lookup(item, ("options", _INTEGRATION, "responses"))
        for response in as_mapping(responses).values():
            yield path, lookup(response, ("responseParameters", header))


def security_of(api: Resource, operation: Mapping[str, Value]) -> Value:
    """The operation's security requirements, else the body's default."""
    security = lookup(operation, ("security",))
    return body_of(api).get("security") if security is None else security


def body_authorization(security: Value, schemes: Mapping[str, Value]) -> tuple[str, bool]:
    """The authorization kind an operation's security requirements name, and whether an API key is required."""
    kinds: list[str] = []
    api_key = False
    for requirement in as_list(security):
        for name in as_mapping(requirement):
            scheme = as_mapping(schemes.get(name))
            if "x-amazon-apigateway-authorizer" in scheme and not scheme.get("x-amazon-apigateway-authtype"):
                kinds.append("CUSTOM")  # a Lambda authorizer, written as an apiKey scheme by SAM's HTTP APIs
                continue
            if as_str(scheme.get("type")) == "apiKey" and as_str(scheme.get("in")) == "header" and not (
                    scheme.get("x-amazon-apigateway-authtype")):
                api_key = True
                continue
            authtype = as_str(scheme.get("x-amazon-apigateway-authtype")) or as_str(scheme.get("type"))
            kinds.append((authtype or name).upper())
    if not kinds:
        return "NONE", api_key
    return kinds[0], api_key


__all__ = [
    "HTTP_METHODS",
    "BodyAuthorizer",
    "body_authorizers",
    "body_integrations",
    "body_of",
    "body_unknown",
    "body_validates_requests",
    "cors_origins",
    "has_body",
    "operation_integration",
    "operation_validator",
    "operations",
    "preflight_origins",
    "rest_only_extensions",
    "security_of",
    "security_schemes",
]

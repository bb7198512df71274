"""Routes of REST and HTTP APIs, from method/route resources or an inline OpenAPI body."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from slens.model.openapi import operations, security_of, security_schemes
from slens.model.resources import Resource
from slens.model.values import PropertyPath, Value, as_bool, as_list, as_mapping, as_str, refs_in


@dataclass(frozen=True)
class Route:
    """One method on one path; ``authorization`` is None when it cannot be known."""

    api: Resource
    method: str
    path: str
    authorization: str | None
    api_key_required: bool
    #: the resource the route is written on, and the path of its definition there
    holder: Resource
    holder_path: PropertyPath

    @property
    def is_preflight(self) -> bool:
        return self.method.upper() == "OPTIONS"


def _body_authorization(security: Value, schemes: Mapping[str, Value]) -> tuple[str, bool]:
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


def body_routes(api: Resource) -> Iterator[Route]:
    schemes = security_schemes(api)
    for path, method, operation in operations(api):
        auth, key = _body_authorization(security_of(api, operation), schemes)
        label = "ANY" if method.lower() == "x-amazon-apigateway-any-method" else method.upper()
        yield Route(api, label, path, auth, key, api, ("Body", "paths", path, method))


def method_route(api: Resource, method: Resource, resources: Mapping[str, Resource]) -> Route:
    path = ""
    for ref in refs_in(method.prop("ResourceId")):
        parent = resources.get(ref.target)
        if parent is not None and parent.type == "AWS::ApiGateway::Resource":
            path = "/" + (as_str(parent.prop("PathPart")) or "{...}")
    auth = as_str(method.prop("AuthorizationType")) if method.has("AuthorizationType") else "NONE"
    return Route(api, (as_str(method.prop("HttpMethod")) or "ANY").upper(), path or "/",
                 auth.upper() if auth else None, as_bool(method.prop("ApiKeyRequired")) or False,
                 method, ("AuthorizationType",))


def v2_route(api: Resource, route: Resource) -> Route:
    key = as_str(route.prop("RouteKey")) or "$default"
    method, _, path = key.partition(" ")
    auth = as_str(route.prop("AuthorizationType")) if route.has("AuthorizationType") else "NONE"
    return Route(api, method.upper() if path else "ANY", path or key, auth.upper() if auth else None,
                 as_bool(route.prop("ApiKeyRequired")) or False, route, ("AuthorizationType",))

"""Routes and stages of REST and HTTP APIs: written as method and route resources, or in an inline
OpenAPI body (read by ``slens.model.openapi``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from slens.model.graph import Graph
from slens.model.openapi import body_authorization, operations, security_of, security_schemes
from slens.model.resources import Resource
from slens.model.values import PropertyPath, as_bool, as_str, refs_in


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


def body_routes(api: Resource) -> Iterator[Route]:
    schemes = security_schemes(api)
    for path, method, operation in operations(api):
        auth, key = body_authorization(security_of(api, operation), schemes)
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


def api_routes(graph: Graph, api: Resource) -> list[Route]:
    """Every route of ``api``: its body's operations, then its method and route resources."""
    found = list(body_routes(api))
    for child in graph.children(api, "AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Route"):
        if child.type == "AWS::ApiGateway::Method":
            found.append(method_route(api, child, graph.resources))
        else:
            found.append(v2_route(api, child))
    return found


def api_stages(graph: Graph, api: Resource) -> list[Resource]:
    """Stages of ``api``: stage resources, else deployments that create their stage."""
    found = graph.children(api, "AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage")
    if found:
        return found
    return [d for d in graph.children(api, "AWS::ApiGateway::Deployment") if d.has("StageName")]

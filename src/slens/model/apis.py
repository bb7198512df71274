"""Routes of REST and HTTP APIs; those written as method or route resources (``slens.model.openapi``
reads the ones of an inline OpenAPI body)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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

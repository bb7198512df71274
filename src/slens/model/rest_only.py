"""What only a REST API (``AWS::ApiGateway::RestApi``) can do, and an HTTP API cannot."""

from __future__ import annotations

from slens.model.apis import api_routes, api_stages
from slens.model.graph import Graph
from slens.model.openapi import operation_integration, operation_validator, rest_only_extensions
from slens.model.resources import Resource
from slens.model.values import as_list, as_str, lookup

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
    if rest_only_extensions(api):
        found.append("OpenAPI extensions only REST APIs read")
    for route in api_routes(graph, api):
        if route.api_key_required:
            found.append("API keys")
        if route.is_preflight:
            continue
        if route.holder.type == "AWS::ApiGateway::Method":
            integration = route.holder.prop("Integration")
            if route.holder.has("RequestValidatorId"):
                found.append("request validation")
        else:
            integration = operation_integration(api, route.holder_path)
            if operation_validator(api, route.holder_path):
                found.append("request validation")
        kind = lookup(integration, ("type",)) or lookup(integration, ("Type",))
        if integration is not None and (as_str(kind) or "").lower() not in _PROXY_TYPES:
            found.append("a non-proxy (mapping template) integration")
    for stage in api_stages(graph, api):
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

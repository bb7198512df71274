"""API Gateway's readers: REST APIs (v1) and HTTP/WebSocket APIs (v2)."""

from __future__ import annotations

from typing import Any

from slens.loaders.aws.context import Partition


def read_apigateway(p: Partition) -> dict[str, Any]:
    def one(api: dict[str, Any]) -> dict[str, Any]:
        api_id = api["id"]
        stages = p.call("apigateway", "GetStages", resource=api_id, restApiId=api_id)
        resources = p.pages("apigateway", "GetResources", "items", resource=api_id, restApiId=api_id)
        for item in resources:
            # GetResources names each method; GetMethod is what has its authorizer, key and integration
            methods: dict[str, Any] = {}
            for verb, listed in (item.get("resourceMethods") or {}).items():
                method = p.call("apigateway", "GetMethod", resource=f"{api_id}{item.get('path', '')} {verb}",
                                restApiId=api_id, resourceId=item["id"], httpMethod=verb)
                methods[verb] = method if method is not None else listed
            if methods:
                item["resourceMethods"] = methods
        return {**api, "Stages": (stages or {}).get("item") or [], "Resources": resources,
                "Authorizers": p.pages("apigateway", "GetAuthorizers", "items", resource=api_id, restApiId=api_id)}

    return {"rest_apis": p.each(one, p.pages("apigateway", "GetRestApis", "items")),
            "usage_plans": p.pages("apigateway", "GetUsagePlans", "items")}


def read_apigatewayv2(p: Partition) -> dict[str, Any]:
    def one(api: dict[str, Any]) -> dict[str, Any]:
        api_id = api["ApiId"]
        return {**api,
                "Stages": p.pages("apigatewayv2", "GetStages", "Items", resource=api_id, ApiId=api_id),
                "Routes": p.pages("apigatewayv2", "GetRoutes", "Items", resource=api_id, ApiId=api_id),
                "Integrations": p.pages("apigatewayv2", "GetIntegrations", "Items", resource=api_id, ApiId=api_id),
                "Authorizers": p.pages("apigatewayv2", "GetAuthorizers", "Items", resource=api_id, ApiId=api_id)}

    return {"apis": p.each(one, p.pages("apigatewayv2", "GetApis", "Items"))}

"""API Gateway (REST, HTTP and WebSocket) and AppSync in the live inventory, as the CloudFormation
resources a template declares: each API with its stages, resources, methods, routes, integrations
and authorizers, which name their API by id as a template's ``!Ref Api`` does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.aws.mapping_base import (
    Context,
    Draft,
    Item,
    compact,
    items,
    label_of,
    need_str,
    obj,
    parse_json,
    pick,
    tags,
    text,
)

#: what GetStages reports for a route with no throttling of its own: the account's limits, not the stage's
_ACCOUNT_BURST = 5000
_ACCOUNT_RATE = 10000.0
_METHOD_SETTINGS = {"metricsEnabled": "MetricsEnabled", "loggingLevel": "LoggingLevel",
                    "dataTraceEnabled": "DataTraceEnabled", "throttlingBurstLimit": "ThrottlingBurstLimit",
                    "throttlingRateLimit": "ThrottlingRateLimit", "cachingEnabled": "CachingEnabled",
                    "cacheTtlInSeconds": "CacheTtlInSeconds", "cacheDataEncrypted": "CacheDataEncrypted"}


def pascal(value: Any) -> Any:
    """An API response in camelCase with every key capitalised (``authorizerUri`` -> ``AuthorizerUri``):
    only for blocks whose keys are all field names, never user data such as tags or templates."""
    if isinstance(value, Mapping):
        return {str(k)[:1].upper() + str(k)[1:]: pascal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [pascal(v) for v in value]
    return value


def _policy(value: Any) -> Any:
    """API Gateway returns the resource policy as JSON text with its quotes escaped once more."""
    parsed = parse_json(value)
    if isinstance(parsed, str):
        parsed = parse_json(parsed.replace('\\"', '"'))
    return parsed if isinstance(parsed, Mapping) else None


def _method_settings(settings: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for key, values in (settings.items() if isinstance(settings, Mapping) else ()):
        path, _, method = str(key).rpartition("/")
        entry = pick(values, _METHOD_SETTINGS)
        if entry.get("ThrottlingBurstLimit") == _ACCOUNT_BURST and entry.get("ThrottlingRateLimit") == _ACCOUNT_RATE:
            del entry["ThrottlingBurstLimit"], entry["ThrottlingRateLimit"]
        # "*/*" is every route; "~1orders/GET" is /orders, with "/" written as "~1"
        resource_path = "/*" if path == "*" else "/" + path.replace("~1", "/").lstrip("/")
        out.append({"ResourcePath": resource_path, "HttpMethod": method or "*", **entry})
    return out


def _waf(ctx: Context, name: str, resource_arn: str, acl: Any, service: str) -> None:
    if isinstance(acl, str) and acl:
        ctx.add(Draft("AWS::WAFv2::WebACLAssociation", f"{name}-web-acl", None,
                      {"ResourceArn": resource_arn, "WebACLArn": acl}, service=service))


def rest_api(ctx: Context, item: Item) -> None:
    api_id = need_str(item, "id")
    name = text(item, "name") or api_id
    arn = ctx.arn("apigateway", f"/restapis/{api_id}", account=False)
    types = (item.get("endpointConfiguration") or {}).get("types")
    # API Gateway reports its defaults (an edge-optimized endpoint, keys read from a header) as if chosen;
    # a template that chose nothing leaves them out, and the rules read only what was chosen
    props = compact({"Name": name, "Description": item.get("description"),
                     "EndpointConfiguration": {"Types": types} if types and types != ["EDGE"] else None,
                     "ApiKeySourceType": item.get("apiKeySource") if item.get("apiKeySource") != "HEADER" else None,
                     "BinaryMediaTypes": item.get("binaryMediaTypes"),
                     "MinimumCompressionSize": item.get("minimumCompressionSize"),
                     "DisableExecuteApiEndpoint": item.get("disableExecuteApiEndpoint") or None,
                     "Policy": _policy(item.get("policy")), "Tags": tags(item.get("tags"))})
    names: dict[str, str | None] = {api_id: None}
    if isinstance(item.get("rootResourceId"), str):
        names[item["rootResourceId"]] = "RootResourceId"
    ctx.add(Draft("AWS::ApiGateway::RestApi", name, arn, props,
                  {arn: None, ctx.arn("execute-api", api_id): None}, names, api_id, "apigateway"))
    for stage in items(item, "Stages"):
        if isinstance(stage, Mapping) and isinstance(stage.get("stageName"), str):
            _rest_stage(ctx, name, api_id, stage)
    paths = {r.get("id"): r.get("path") for r in items(item, "Resources") if isinstance(r, Mapping)}
    for resource in items(item, "Resources"):
        if isinstance(resource, Mapping) and isinstance(resource.get("id"), str):
            _rest_resource(ctx, name, api_id, resource, str(paths.get(resource["id"]) or "/"))
    for authorizer in items(item, "Authorizers"):
        if isinstance(authorizer, Mapping) and isinstance(authorizer.get("id"), str):
            props = compact({"RestApiId": api_id, **pascal(pick(authorizer, {
                k: k for k in ("name", "type", "authType", "authorizerUri", "authorizerCredentials", "identitySource",
                               "identityValidationExpression", "authorizerResultTtlInSeconds")})),
                "ProviderARNs": authorizer.get("providerARNs")})
            ctx.add(Draft("AWS::ApiGateway::Authorizer", f"{name}-{authorizer.get('name') or authorizer['id']}"
                          "-authorizer", None, props, {}, {authorizer["id"]: None}, authorizer["id"], "apigateway"))


def _rest_stage(ctx: Context, api_name: str, api_id: str, stage: Mapping[str, Any]) -> None:
    stage_name = stage["stageName"]
    logs = stage.get("accessLogSettings") or {}
    props = compact({"RestApiId": api_id, "StageName": stage_name, "DeploymentId": stage.get("deploymentId"),
                     "Description": stage.get("description"), "CacheClusterEnabled": stage.get("cacheClusterEnabled"),
                     "CacheClusterSize": stage.get("cacheClusterSize") if stage.get("cacheClusterEnabled") else None,
                     "TracingEnabled": stage.get("tracingEnabled"),
                     "ClientCertificateId": stage.get("clientCertificateId"), "Variables": stage.get("variables"),
                     "MethodSettings": _method_settings(stage.get("methodSettings")),
                     "AccessLogSetting": compact({"DestinationArn": logs.get("destinationArn"),
                                                  "Format": logs.get("format")}),
                     "CanarySetting": pascal(stage.get("canarySettings")), "Tags": tags(stage.get("tags"))})
    arn = ctx.arn("apigateway", f"/restapis/{api_id}/stages/{stage_name}", account=False)
    ctx.add(Draft("AWS::ApiGateway::Stage", f"{api_name}-{stage_name}-stage", arn, props, {arn: None},
                  physical=stage_name, service="apigateway"))
    _waf(ctx, f"{api_name}-{stage_name}", arn, stage.get("webAclArn"), "apigateway")


def _rest_resource(ctx: Context, api_name: str, api_id: str, resource: Mapping[str, Any], path: str) -> None:
    resource_id = resource["id"]
    if resource.get("parentId"):  # the root resource is the API's RootResourceId, not a resource of its own
        props = compact({"RestApiId": api_id, "ParentId": resource.get("parentId"),
                         "PathPart": resource.get("pathPart")})
        ctx.add(Draft("AWS::ApiGateway::Resource", f"{api_name}-{path}-resource", None, props, {},
                      {resource_id: None}, resource_id, "apigateway"))
    methods = resource.get("resourceMethods")
    for verb, method in (methods.items() if isinstance(methods, Mapping) else ()):
        if not isinstance(method, Mapping):
            continue
        integration = method.get("methodIntegration") or {}
        responses = integration.get("integrationResponses") or {}
        props = compact({
            "RestApiId": api_id, "ResourceId": resource_id, "HttpMethod": method.get("httpMethod") or verb,
            "AuthorizationType": method.get("authorizationType"), "AuthorizerId": method.get("authorizerId"),
            "ApiKeyRequired": method.get("apiKeyRequired") or None,
            "RequestValidatorId": method.get("requestValidatorId"), "OperationName": method.get("operationName"),
            "RequestParameters": method.get("requestParameters"),
            "AuthorizationScopes": method.get("authorizationScopes"),
            "Integration": compact({
                "Type": integration.get("type"), "Uri": integration.get("uri"),
                "IntegrationHttpMethod": integration.get("httpMethod"), "Credentials": integration.get("credentials"),
                "TimeoutInMillis": integration.get("timeoutInMillis"),
                "ConnectionType": integration.get("connectionType"),
                "PassthroughBehavior": integration.get("passthroughBehavior"),
                "RequestTemplates": integration.get("requestTemplates"),
                "RequestParameters": integration.get("requestParameters"),
                "IntegrationResponses": [compact({
                    "StatusCode": r.get("statusCode") or code, "SelectionPattern": r.get("selectionPattern"),
                    "ResponseTemplates": r.get("responseTemplates"), "ResponseParameters": r.get("responseParameters")})
                    for code, r in (responses.items() if isinstance(responses, Mapping) else ())
                    if isinstance(r, Mapping)]})})
        ctx.add(Draft("AWS::ApiGateway::Method", f"{api_name}-{path}-{verb}-method", None, props,
                      service="apigateway"))


def usage_plan(ctx: Context, item: Item) -> None:
    plan_id = need_str(item, "id")
    stages = [compact({"ApiId": s.get("apiId"), "Stage": s.get("stage"), "Throttle": pascal(s.get("throttle"))})
              for s in items(item, "apiStages") if isinstance(s, Mapping)]
    props = compact({"UsagePlanName": item.get("name"), "Description": item.get("description"), "ApiStages": stages,
                     "Throttle": pascal(item.get("throttle")), "Quota": pascal(item.get("quota")),
                     "Tags": tags(item.get("tags"))})
    ctx.add(Draft("AWS::ApiGateway::UsagePlan", str(item.get("name") or plan_id), None, props, {}, {plan_id: None},
                  plan_id, "apigateway"))


_V2_STAGE = ("StageName", "AutoDeploy", "DeploymentId", "Description", "DefaultRouteSettings", "RouteSettings",
             "StageVariables", "ClientCertificateId", "Tags")
_V2_ROUTE = ("RouteKey", "AuthorizationType", "AuthorizerId", "ApiKeyRequired", "Target", "OperationName",
             "AuthorizationScopes", "RouteResponseSelectionExpression", "RequestParameters", "ModelSelectionExpression")
_V2_INTEGRATION = ("IntegrationType", "IntegrationUri", "IntegrationMethod", "PayloadFormatVersion", "CredentialsArn",
                   "TimeoutInMillis", "IntegrationSubtype", "RequestParameters", "ConnectionType", "ConnectionId",
                   "PassthroughBehavior", "RequestTemplates", "TemplateSelectionExpression")
_V2_AUTHORIZER = ("Name", "AuthorizerType", "AuthorizerUri", "IdentitySource", "JwtConfiguration",
                  "AuthorizerResultTtlInSeconds", "AuthorizerPayloadFormatVersion", "EnableSimpleResponses",
                  "AuthorizerCredentialsArn", "IdentityValidationExpression")


def v2_api(ctx: Context, item: Item) -> None:
    api_id = need_str(item, "ApiId")
    name = text(item, "Name") or api_id
    arn = ctx.arn("apigateway", f"/apis/{api_id}", account=False)
    props = pick(item, {k: k for k in ("Name", "ProtocolType", "RouteSelectionExpression", "ApiKeySelectionExpression",
                                       "CorsConfiguration", "Description", "Tags")})
    if item.get("DisableExecuteApiEndpoint"):
        props["DisableExecuteApiEndpoint"] = True
    ctx.add(Draft("AWS::ApiGatewayV2::Api", name, arn, props, {arn: None, ctx.arn("execute-api", api_id): None},
                  {api_id: None}, api_id, "apigatewayv2"))
    for stage in items(item, "Stages"):
        if isinstance(stage, Mapping) and isinstance(stage.get("StageName"), str):
            stage_props = {"ApiId": api_id, **pick(stage, {k: k for k in _V2_STAGE})}
            logs = pick(stage.get("AccessLogSettings"), {"DestinationArn": "DestinationArn", "Format": "Format"})
            if logs:
                stage_props["AccessLogSettings"] = logs
            stage_arn = ctx.arn("apigateway", f"/apis/{api_id}/stages/{stage['StageName']}", account=False)
            ctx.add(Draft("AWS::ApiGatewayV2::Stage", f"{name}-{stage['StageName']}-stage", stage_arn, stage_props,
                          {stage_arn: None}, physical=stage["StageName"], service="apigatewayv2"))
    for route in items(item, "Routes"):
        if isinstance(route, Mapping) and isinstance(route.get("RouteId"), str):
            ctx.add(Draft("AWS::ApiGatewayV2::Route", f"{name}-{route.get('RouteKey') or route['RouteId']}-route", None,
                          {"ApiId": api_id, **pick(route, {k: k for k in _V2_ROUTE})}, {}, {route["RouteId"]: None},
                          route["RouteId"], "apigatewayv2"))
    for integration in items(item, "Integrations"):
        if isinstance(integration, Mapping) and isinstance(integration.get("IntegrationId"), str):
            integration_id = integration["IntegrationId"]
            # a route's Target names it as "integrations/<id>", as ``!Sub integrations/${Integration}`` does
            ctx.add(Draft("AWS::ApiGatewayV2::Integration", f"{name}-{integration_id}-integration", None,
                          {"ApiId": api_id, **pick(integration, {k: k for k in _V2_INTEGRATION})},
                          {f"integrations/{integration_id}": None}, {integration_id: None}, integration_id,
                          "apigatewayv2"))
    for authorizer in items(item, "Authorizers"):
        if isinstance(authorizer, Mapping) and isinstance(authorizer.get("AuthorizerId"), str):
            ctx.add(Draft("AWS::ApiGatewayV2::Authorizer",
                          f"{name}-{authorizer.get('Name') or authorizer['AuthorizerId']}-authorizer", None,
                          {"ApiId": api_id, **pick(authorizer, {k: k for k in _V2_AUTHORIZER})}, {},
                          {authorizer["AuthorizerId"]: None}, authorizer["AuthorizerId"], "apigatewayv2"))


def graphql_api(ctx: Context, item: Item) -> None:
    api_id = need_str(item, "apiId")
    name = text(item, "name") or api_id
    arn = text(item, "arn") or ctx.arn("appsync", f"apis/{api_id}")
    props = compact({
        "Name": name, "AuthenticationType": item.get("authenticationType"), "XrayEnabled": item.get("xrayEnabled"),
        "LogConfig": pascal(item.get("logConfig")), "UserPoolConfig": pascal(item.get("userPoolConfig")),
        "OpenIDConnectConfig": pascal(item.get("openIDConnectConfig")),
        "LambdaAuthorizerConfig": pascal(item.get("lambdaAuthorizerConfig")),
        "AdditionalAuthenticationProviders": pascal(item.get("additionalAuthenticationProviders")),
        "Visibility": item.get("visibility"), "ApiType": item.get("apiType"), "Tags": tags(item.get("tags"))})
    ctx.add(Draft("AWS::AppSync::GraphQLApi", name, arn, props, {arn: "Arn"}, {api_id: "ApiId"}, arn, "appsync"))
    _waf(ctx, name, arn, item.get("wafWebAclArn"), "appsync")


def map_apis(ctx: Context, services: Mapping[str, Any]) -> None:
    rest = obj(services, "apigateway")
    ctx.each("apigateway", "REST API", items(rest, "rest_apis"), rest_api, label_of("name", "id"))
    ctx.each("apigateway", "usage plan", items(rest, "usage_plans"), usage_plan, label_of("name", "id"))
    v2 = obj(services, "apigatewayv2")
    ctx.each("apigatewayv2", "API", items(v2, "apis"), v2_api, label_of("Name", "ApiId"))
    appsync = obj(services, "appsync")
    ctx.each("appsync", "GraphQL API", items(appsync, "apis"), graphql_api, label_of("arn", "name"))

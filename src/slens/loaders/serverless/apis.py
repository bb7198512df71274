"""``http``, ``httpApi`` and ``websocket`` events into REST, HTTP and WebSocket API resources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.serverless.common import (
    PROVIDER_ORIGIN,
    Draft,
    FunctionInfo,
    Service,
    get_att,
    normalize_path,
    normalized,
    text,
    upper_first,
)
from slens.loaders.serverless.events import Event
from slens.loaders.serverless.functions import is_intrinsic
from slens.loaders.serverless.rest import preflight_integration, request_schemas, usage_plans
from slens.model import Composite, Origin, PropertyPath, Ref, SourceSpan, Unknown

REST_API = "ApiGatewayRestApi"
HTTP_API = "HttpApi"
WEBSOCKETS_API = "WebsocketsApi"
_REST_LOG_FORMAT = ("requestId: $context.requestId, ip: $context.identity.sourceIp, caller: $context.identity.caller, "
                    "user: $context.identity.user, requestTime: $context.requestTime, httpMethod: $context.httpMethod, "
                    "resourcePath: $context.resourcePath, status: $context.status, protocol: $context.protocol, "
                    "responseLength: $context.responseLength")
_HTTP_LOG_FORMAT = ('{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":'
                    '"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey",'
                    '"status":"$context.status","protocol":"$context.protocol","responseLength":'
                    '"$context.responseLength"}')


def _invoke_uri(fn: FunctionInfo) -> Composite:
    return Composite(("arn:aws:apigateway:", Unknown("AWS::Region"), ":lambda:path/2015-03-31/functions/",
                      Ref(fn.logical_id, "Arn"), "/invocations"))


def _execute_arn(api_id: str, suffix: str) -> Composite:
    return Composite(("arn:aws:execute-api:", Unknown("AWS::Region"), ":", Unknown("AWS::AccountId"), ":",
                      Ref(api_id), suffix))


class Apis:
    """Collects API events of every function, then adds the shared API resources once."""

    def __init__(self, svc: Service) -> None:
        self.svc = svc
        self.rest: list[Event] = []
        self.http: list[Event] = []
        self.websocket: list[Event] = []
        api_gateway = svc.provider.get("apiGateway")
        self.api_gateway: Mapping[str, Any] = api_gateway if isinstance(api_gateway, Mapping) else {}
        http_api = svc.provider.get("httpApi")
        self.http_api: Mapping[str, Any] = http_api if isinstance(http_api, Mapping) else {}
        logs = svc.provider.get("logs")
        self.logs: Mapping[str, Any] = logs if isinstance(logs, Mapping) else {}

    def origin(self, logical_id: str, key: str, label: str, events: list[Event]) -> Origin:
        if key in self.svc.provider:
            return self.svc.provider_origin(logical_id, key, label)
        span = events[0].span if events else self.svc.span(self.svc.doc, "provider")
        return Origin(logical_id, PROVIDER_ORIGIN, span, label)

    def _log_settings(self, key: str, group_id: str, group_name: Any, origin: Origin,
                      ) -> tuple[Mapping[str, Any] | None, dict[PropertyPath, SourceSpan]]:
        """The ``provider.logs.<key>`` settings (None when off), and adds the log group they need."""
        value = self.logs.get(key)
        if value is None or value is False:
            return None, {}
        settings: Mapping[str, Any] = value if isinstance(value, Mapping) else {}
        span = self.svc.span(self.logs, key)
        props: dict[str, Any] = {"LogGroupName": group_name}
        if self.svc.provider.get("logRetentionInDays") is not None:
            props["RetentionInDays"] = self.svc.provider.get("logRetentionInDays")
        if settings.get("accessLogging") is not False:
            self.svc.add(Draft(group_id, "AWS::Logs::LogGroup", props, span, origin,
                               {("RetentionInDays",): self.svc.span(self.svc.provider, "logRetentionInDays")}
                               if "RetentionInDays" in props else {}))
        return settings, {("AccessLogSetting",): span, ("AccessLogSettings",): span, ("MethodSettings",): span,
                          ("DefaultRouteSettings",): span}

    # -- REST APIs ------------------------------------------------------------------------

    def rest_event(self, event: Event) -> None:
        self.rest.append(event)
        config = event.mapping
        if isinstance(event.config, str):
            method, _, path = event.config.strip().partition(" ")
        else:
            method, path = text(config.get("method")) or "ANY", text(config.get("path")) or ""
        path = path.strip().strip("/")
        method = method.upper() if method != "*" else "ANY"
        external = self.api_gateway.get("restApiId")
        api_ref: Any = external if external is not None else Ref(REST_API)
        parent: Any = self.api_gateway.get("restApiRootResourceId") if external is not None else \
            get_att(REST_API, "RootResourceId")
        prefix = ""
        for part in path.split("/") if path else []:
            prefix = f"{prefix}/{part}" if prefix else part
            resource_id = f"ApiGatewayResource{normalize_path(prefix)}"
            event.add(resource_id, "AWS::ApiGateway::Resource",
                      {"ParentId": parent, "PathPart": part, "RestApiId": api_ref})
            parent = Ref(resource_id)
        auth, authorizer_id, auth_span = self._rest_authorizer(event, config)
        props: dict[str, Any] = {
            "HttpMethod": method, "RequestParameters": {}, "ResourceId": parent, "RestApiId": api_ref,
            "ApiKeyRequired": config.get("private") is True, "AuthorizationType": auth,
            "Integration": {"IntegrationHttpMethod": "POST", "Type": "AWS_PROXY", "Uri": _invoke_uri(event.fn)},
            "MethodResponses": [],
        }
        if authorizer_id is not None:
            props["AuthorizerId"] = authorizer_id
        private_span = event.svc.span(config, "private") if "private" in config else event.span
        spans: dict[PropertyPath, SourceSpan] = {("AuthorizationType",): auth_span or event.span,
                                                 ("ApiKeyRequired",): private_span}
        base = f"ApiGatewayMethod{normalize_path(path) if path else ''}"
        method_id = f"{base}{upper_first(method.lower())}"
        request_schemas(event.svc, config, method_id, api_ref, props, spans, event.fn.origin)
        event.add(method_id, "AWS::ApiGateway::Method", props, spans)
        if config.get("cors") not in (None, False):
            event.add(f"{base}Options", "AWS::ApiGateway::Method", {
                "HttpMethod": "OPTIONS", "AuthorizationType": "NONE", "ResourceId": parent, "RestApiId": api_ref,
                "Integration": preflight_integration(config.get("cors"))},
                {("Integration",): event.svc.span(config, "cors")})
        source = _execute_arn(REST_API, "/*/*") if external is None else Unknown("execute-api ARN")
        event.permission(f"{event.fn.norm}LambdaPermissionApiGateway", "apigateway.amazonaws.com", source)

    def _rest_authorizer(self, event: Event, config: Mapping[str, Any]) -> tuple[str, Any, SourceSpan | None]:
        authorizer = config.get("authorizer")
        if authorizer is None:
            return "NONE", None, None
        span = event.svc.span(config, "authorizer")
        settings: Mapping[str, Any] = authorizer if isinstance(authorizer, Mapping) else {}
        kind = (text(settings.get("type")) or text(authorizer) or "").lower()
        if kind == "aws_iam":
            return "AWS_IAM", None, span
        if settings.get("authorizerId") is not None:
            auth = "COGNITO_USER_POOLS" if kind == "cognito_user_pools" else "CUSTOM"
            return auth, settings.get("authorizerId"), span
        arn = settings.get("arn") if settings else (authorizer if isinstance(authorizer, str) and
                                                     authorizer.startswith("arn:") else None)
        name = text(settings.get("name")) if settings else None
        if name is None:
            name = (text(arn) or "").split(":")[-1].split("/")[-1] if arn is not None else text(authorizer)
        if not name:
            return "CUSTOM", Unknown("authorizer"), span
        cognito = kind == "cognito_user_pools" or ":cognito-idp:" in (text(arn) or "")
        authorizer_id = f"{normalized(name)}ApiGatewayAuthorizer"
        props: dict[str, Any] = {"Name": name, "RestApiId": Ref(REST_API),
                                 "Type": "COGNITO_USER_POOLS" if cognito else ("REQUEST" if kind == "request"
                                                                               else "TOKEN"),
                                 "IdentitySource": settings.get("identitySource")
                                 or "method.request.header.Authorization"}
        if cognito:
            props["ProviderARNs"] = [arn]
        else:  # the framework caches Lambda authorizer results for 300 s unless told otherwise
            ttl = settings.get("resultTtlInSeconds")
            props["AuthorizerResultTtlInSeconds"] = 300 if ttl is None else ttl
            target = self.svc.functions.get(name)
            props["AuthorizerUri"] = _invoke_uri(target) if target and arn is None else Unknown("authorizer ARN")
        ttl_spans: dict[PropertyPath, SourceSpan] = {}
        if "resultTtlInSeconds" in settings:
            ttl_spans[("AuthorizerResultTtlInSeconds",)] = event.svc.span(settings, "resultTtlInSeconds")
        event.add(authorizer_id, "AWS::ApiGateway::Authorizer", props, ttl_spans)
        return ("COGNITO_USER_POOLS" if cognito else "CUSTOM"), Ref(authorizer_id), span

    def _rest_api(self) -> None:
        if not self.rest or self.api_gateway.get("restApiId") is not None:
            return
        svc = self.svc
        origin = self.origin(REST_API, "apiGateway", "provider.apiGateway", self.rest)
        name = svc.provider.get("apiName")
        if name is None:
            name = svc.stack_name() if self.api_gateway.get("shouldStartNameWithService") is True else \
                svc.joined(svc.stage, "-", svc.service)
        endpoint = text(svc.provider.get("endpointType")) or "EDGE"
        props: dict[str, Any] = {"Name": name, "EndpointConfiguration": {"Types": [endpoint.upper()]}}
        if self.api_gateway.get("resourcePolicy") is not None:
            props["Policy"] = {"Version": "2012-10-17", "Statement": self.api_gateway.get("resourcePolicy")}
        svc.add(Draft(REST_API, "AWS::ApiGateway::RestApi", props, origin.span, origin))
        usage_plans(svc, self.api_gateway, origin)
        tracing = svc.provider.get("tracing")
        traced = tracing.get("apiGateway") if isinstance(tracing, Mapping) else None
        tracing_span = svc.span(tracing, "apiGateway") if isinstance(tracing, Mapping) and traced is not None \
            else None
        group_name = svc.joined("/aws/api-gateway/", svc.stack_name())
        settings, log_spans = self._log_settings("restApi", "ApiGatewayLogGroup", group_name, origin)
        deployment: dict[str, Any] = {"RestApiId": Ref(REST_API)}
        if traced is None and settings is None:
            deployment["StageName"] = svc.stage
            svc.add(Draft("ApiGatewayDeployment", "AWS::ApiGateway::Deployment", deployment, origin.span, origin))
            return
        svc.add(Draft("ApiGatewayDeployment", "AWS::ApiGateway::Deployment", deployment, origin.span, origin))
        stage: dict[str, Any] = {"RestApiId": Ref(REST_API), "DeploymentId": Ref("ApiGatewayDeployment"),
                                 "StageName": svc.stage, "TracingEnabled": traced is True or traced}
        spans: dict[PropertyPath, SourceSpan] = dict(log_spans)
        if tracing_span is not None:
            spans[("TracingEnabled",)] = tracing_span
        if settings is not None:
            if settings.get("executionLogging") is not False:
                stage["MethodSettings"] = [{"ResourcePath": "/*", "HttpMethod": "*",
                                            "LoggingLevel": settings.get("level") or "INFO",
                                            "DataTraceEnabled": settings.get("fullExecutionData") is not False}]
            if settings.get("accessLogging") is not False:
                stage["AccessLogSetting"] = {"DestinationArn": get_att("ApiGatewayLogGroup"),
                                             "Format": settings.get("format") or _REST_LOG_FORMAT}
        svc.add(Draft("ApiGatewayStage", "AWS::ApiGateway::Stage", stage, origin.span, origin, spans))

    # -- HTTP APIs ------------------------------------------------------------------------

    def http_event(self, event: Event) -> None:
        self.http.append(event)
        config = event.mapping
        if isinstance(event.config, str):
            route = event.config.strip()
            route_key = "*" if route == "*" else route
        else:
            method = text(config.get("method")) or "*"
            route_key = f"{'ANY' if method == '*' else method.upper()} {text(config.get('path')) or '/'}"
        api_ref: Any = self.http_api.get("id") if self.http_api.get("id") is not None else Ref(HTTP_API)
        integration_id = f"HttpApiIntegration{event.fn.norm}"
        integration = {"ApiId": api_ref, "IntegrationType": "AWS_PROXY", "IntegrationUri": get_att(event.fn.logical_id),
                       "PayloadFormatVersion": text(self.http_api.get("payload")) or "2.0"}
        event.add(integration_id, "AWS::ApiGatewayV2::Integration", integration)
        route_id = "HttpApiRouteDefault" if route_key == "*" else f"HttpApiRoute{normalize_path(route_key)}"
        props: dict[str, Any] = {"ApiId": api_ref, "RouteKey": "$default" if route_key == "*" else route_key,
                                 "Target": Composite(("integrations/", Ref(integration_id)))}
        spans: dict[PropertyPath, SourceSpan] = {}
        authorizer = config.get("authorizer")
        if authorizer is not None:
            spans[("AuthorizationType",)] = event.svc.span(config, "authorizer")
            settings: Mapping[str, Any] = authorizer if isinstance(authorizer, Mapping) else {"name": authorizer}
            name = text(settings.get("name"))
            declared = self.http_api.get("authorizers")
            kind = text(settings.get("type")) or (text(declared.get(name, {}).get("type")) if isinstance(
                declared, Mapping) and name and isinstance(declared.get(name), Mapping) else None) or "jwt"
            props["AuthorizationType"] = {"request": "CUSTOM", "aws_iam": "AWS_IAM"}.get(kind.lower(), "JWT")
            if kind.lower() != "aws_iam":
                props["AuthorizerId"] = settings.get("id") if settings.get("id") is not None else Ref(
                    f"HttpApiAuthorizer{normalized(name or 'Unknown')}")
        event.add(route_id, "AWS::ApiGatewayV2::Route", props, spans)
        source = _execute_arn(HTTP_API, "/*") if self.http_api.get("id") is None else Unknown("execute-api ARN")
        event.permission(f"{event.fn.norm}LambdaPermissionHttpApi", "apigateway.amazonaws.com", source)

    def _http_api(self) -> None:
        if not self.http or self.http_api.get("id") is not None:
            return
        svc = self.svc
        origin = self.origin(HTTP_API, "httpApi", "provider.httpApi", self.http)
        name = self.http_api.get("name") or svc.prefixed("http")
        props: dict[str, Any] = {"Name": name, "ProtocolType": "HTTP"}
        if self.http_api.get("cors") not in (None, False):
            props["CorsConfiguration"] = Unknown("CORS settings") if not isinstance(
                self.http_api.get("cors"), bool) else {"AllowOrigins": ["*"]}
        svc.add(Draft(HTTP_API, "AWS::ApiGatewayV2::Api", props, origin.span, origin))
        declared = self.http_api.get("authorizers")
        for auth_name, auth in declared.items() if isinstance(declared, Mapping) else ():
            settings = auth if isinstance(auth, Mapping) else {}
            kind = "REQUEST" if text(settings.get("type")) == "request" else "JWT"
            authorizer: dict[str, Any] = {"ApiId": Ref(HTTP_API), "AuthorizerType": kind, "Name": auth_name}
            auth_spans: dict[PropertyPath, SourceSpan] = {}
            if kind == "REQUEST" and settings.get("resultTtlInSeconds") is not None:
                authorizer["AuthorizerResultTtlInSeconds"] = settings.get("resultTtlInSeconds")
                auth_spans[("AuthorizerResultTtlInSeconds",)] = svc.span(settings, "resultTtlInSeconds")
            svc.add(Draft(f"HttpApiAuthorizer{normalized(auth_name)}", "AWS::ApiGatewayV2::Authorizer",
                          authorizer, svc.span(declared, auth_name), origin, auth_spans))
        group = svc.joined("/aws/http-api/", svc.stack_name())
        settings_logs, spans = self._log_settings("httpApi", "HttpApiLogGroup", group, origin)
        stage: dict[str, Any] = {"ApiId": Ref(HTTP_API), "StageName": "$default", "AutoDeploy": True}
        if self.http_api.get("metrics") is True:
            stage["DefaultRouteSettings"] = {"DetailedMetricsEnabled": True}
            spans[("DefaultRouteSettings",)] = svc.span(self.http_api, "metrics")
        if settings_logs is not None and settings_logs.get("accessLogging") is not False:
            stage["AccessLogSettings"] = {"DestinationArn": get_att("HttpApiLogGroup"),
                                          "Format": settings_logs.get("format") or _HTTP_LOG_FORMAT}
        svc.add(Draft("HttpApiStage", "AWS::ApiGatewayV2::Stage", stage, origin.span, origin, spans))

    # -- WebSocket APIs -------------------------------------------------------------------

    def websocket_event(self, event: Event) -> None:
        self.websocket.append(event)
        config = event.mapping
        route = text(config.get("route")) if config else text(event.config)
        route = route or "$default"
        integration_id = f"{event.fn.norm}WebsocketsIntegration"
        event.add(integration_id, "AWS::ApiGatewayV2::Integration", {
            "ApiId": Ref(WEBSOCKETS_API), "IntegrationType": "AWS_PROXY", "IntegrationUri": _invoke_uri(event.fn)})
        props: dict[str, Any] = {"ApiId": Ref(WEBSOCKETS_API), "RouteKey": route, "AuthorizationType": "NONE",
                                 "Target": Composite(("integrations/", Ref(integration_id)))}
        spans: dict[PropertyPath, SourceSpan] = {}
        authorizer = config.get("authorizer")
        if authorizer is not None and not is_intrinsic(authorizer):
            settings: Mapping[str, Any] = authorizer if isinstance(authorizer, Mapping) else {"name": authorizer}
            name = text(settings.get("name")) or (text(settings.get("arn")) or "").split(":")[-1]
            props["AuthorizationType"] = "CUSTOM"
            props["AuthorizerId"] = Ref(f"{normalized(name or 'Unknown')}WebsocketsAuthorizer")
            spans[("AuthorizationType",)] = event.svc.span(config, "authorizer")
        route_id = route.replace("$", "S").replace("/", "Slash").replace("-", "Dash").replace(
            "_", "Underscore").replace(".", "Period")
        event.add(f"{route_id}WebsocketsRoute", "AWS::ApiGatewayV2::Route", props, spans)
        event.permission(f"{event.fn.norm}LambdaPermissionWebsockets", "apigateway.amazonaws.com")

    def _websockets_api(self) -> None:
        if not self.websocket:
            return
        svc = self.svc
        origin = self.origin(WEBSOCKETS_API, "websocketsApiName", "websocket events", self.websocket)
        name = svc.provider.get("websocketsApiName") or svc.prefixed("websockets")
        svc.add(Draft(WEBSOCKETS_API, "AWS::ApiGatewayV2::Api", {
            "Name": name, "ProtocolType": "WEBSOCKET",
            "RouteSelectionExpression": svc.provider.get("websocketsApiRouteSelectionExpression")
            or "$request.body.action"}, origin.span, origin))
        group = svc.joined("/aws/websocket/", svc.stack_name())
        settings, spans = self._log_settings("websocket", "WebsocketsLogGroup", group, origin)
        svc.add(Draft("WebsocketsDeployment", "AWS::ApiGatewayV2::Deployment", {"ApiId": Ref(WEBSOCKETS_API)},
                      origin.span, origin))
        stage: dict[str, Any] = {"ApiId": Ref(WEBSOCKETS_API), "StageName": svc.stage,
                                 "DeploymentId": Ref("WebsocketsDeployment")}
        if settings is not None:
            stage["DefaultRouteSettings"] = {"DataTraceEnabled": settings.get("fullExecutionData") is not False,
                                             "LoggingLevel": settings.get("level") or "INFO"}
            if settings.get("accessLogging") is not False:
                stage["AccessLogSettings"] = {"DestinationArn": get_att("WebsocketsLogGroup"),
                                              "Format": settings.get("format") or _HTTP_LOG_FORMAT}
        svc.add(Draft("WebsocketsDeploymentStage", "AWS::ApiGatewayV2::Stage", stage, origin.span, origin, spans))

    def finish(self) -> None:
        self._rest_api()
        self._http_api()
        self._websockets_api()


__all__ = ["Apis"]

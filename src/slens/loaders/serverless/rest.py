"""What ``http`` events and ``provider.apiGateway`` add around the REST API: CORS preflight responses,
request schemas with their validator, API keys and usage plans."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from slens.loaders.serverless.common import Draft, Service, alnum, text, upper_first
from slens.model import Origin, PropertyPath, Ref, SourceSpan, Unknown

_ORIGIN_HEADER = "method.response.header.Access-Control-Allow-Origin"


def cors_origin(cors: Any) -> Any:
    """The ``Access-Control-Allow-Origin`` value the OPTIONS method answers with for an event's ``cors``."""
    if not isinstance(cors, Mapping):
        return "'*'"
    origins = cors.get("origins") if cors.get("origins") is not None else cors.get("origin")
    listed = origins if isinstance(origins, list) else [origins if origins is not None else "*"]
    if not all(isinstance(o, str) for o in listed):
        return Unknown("CORS origins")
    return "'*'" if "*" in listed else f"'{','.join(listed)}'"


def preflight_integration(cors: Any) -> dict[str, Any]:
    """The MOCK integration of the OPTIONS method the framework adds for ``cors``."""
    return {"Type": "MOCK", "RequestTemplates": {"application/json": "{statusCode:200}"},
            "IntegrationResponses": [{"StatusCode": "200", "ResponseParameters": {
                _ORIGIN_HEADER: cors_origin(cors)}}]}


def _content_type_id(content_type: str) -> str:
    """lodash ``startCase(contentType).replace(' ', '')``: ``application/json`` -> ``ApplicationJson``."""
    words = re.findall(r"[A-Za-z][a-z]*|[0-9]+", content_type)
    return "".join(upper_first(w) for w in words)


def request_schemas(svc: Service, config: Mapping[str, Any], method_id: str, api_ref: Any, props: dict[str, Any],
                    spans: dict[PropertyPath, SourceSpan], origin: Origin) -> None:
    """``request.schemas`` of an http event: a model per content type and the service's request validator."""
    request = config.get("request")
    schemas = request.get("schemas") if isinstance(request, Mapping) else None
    if not isinstance(schemas, Mapping) or not schemas:
        return
    span = svc.span(request, "schemas")
    models: dict[str, Any] = {}
    api_gateway = svc.provider.get("apiGateway")
    shared = api_gateway.get("requestSchemas") if isinstance(api_gateway, Mapping) else None
    for content_type, schema in schemas.items():
        if isinstance(schema, str) and isinstance(shared, Mapping) and schema in shared:
            models[str(content_type)] = Ref(f"ApiGateway{alnum(schema)}Model")
            continue
        model_id = f"{method_id}{_content_type_id(str(content_type))}Model"
        body = schema.get("schema") if isinstance(schema, Mapping) and "schema" in schema else schema
        svc.add(Draft(model_id, "AWS::ApiGateway::Model", {
            "RestApiId": api_ref, "ContentType": content_type,
            "Schema": body if isinstance(body, Mapping) else Unknown("request schema")}, span, origin))
        models[str(content_type)] = Ref(model_id)
    validator_id = f"ApiGateway{alnum(text(svc.service) or 'Service')}RequestValidator"
    svc.add(Draft(validator_id, "AWS::ApiGateway::RequestValidator", {
        "RestApiId": api_ref, "ValidateRequestBody": True, "ValidateRequestParameters": True,
        "Name": svc.joined(svc.service, "-", svc.stage, " | Validate request body and querystring parameters")},
        span, origin))
    props["RequestModels"] = models
    props["RequestValidatorId"] = Ref(validator_id)
    spans[("RequestValidatorId",)] = spans[("RequestModels",)] = span


def _plan(svc: Service, logical_id: str, settings: Mapping[str, Any], name: Any, span: SourceSpan,
          origin: Origin) -> None:
    props: dict[str, Any] = {"Name": name, "ApiStages": [{"ApiId": Ref("ApiGatewayRestApi"), "Stage": svc.stage}]}
    spans: dict[PropertyPath, SourceSpan] = {}
    for key, cfn, fields in (("quota", "Quota", {"limit": "Limit", "offset": "Offset", "period": "Period"}),
                             ("throttle", "Throttle", {"burstLimit": "BurstLimit", "rateLimit": "RateLimit"})):
        value = settings.get(key)
        if isinstance(value, Mapping):
            props[cfn] = {dest: value.get(src) for src, dest in fields.items() if value.get(src) is not None}
            spans[(cfn,)] = svc.span(settings, key)
        elif value is not None:
            props[cfn] = Unknown(f"usage plan {key}")
    svc.add(Draft(logical_id, "AWS::ApiGateway::UsagePlan", props, span, origin, spans))


def usage_plans(svc: Service, api_gateway: Mapping[str, Any], origin: Origin) -> None:
    """``provider.apiGateway.apiKeys`` and ``usagePlan``: the keys, the plans and their links."""
    keys = api_gateway.get("apiKeys")
    plan = api_gateway.get("usagePlan")
    if not keys and plan is None:
        return
    plan_ids: list[str] = []
    if isinstance(plan, list):  # several named plans: [{free: {...}}, {paid: {...}}]
        for item in plan:
            for plan_name, settings in item.items() if isinstance(item, Mapping) else ():
                logical_id = f"ApiGatewayUsagePlan{alnum(str(plan_name))}"
                _plan(svc, logical_id, settings if isinstance(settings, Mapping) else {},
                      svc.joined(svc.stack_name(), "-", str(plan_name)), svc.span(item, plan_name), origin)
                plan_ids.append(logical_id)
    else:
        span = svc.span(api_gateway, "usagePlan") if plan is not None else svc.span(api_gateway, "apiKeys")
        _plan(svc, "ApiGatewayUsagePlan", plan if isinstance(plan, Mapping) else {}, svc.stack_name(), span, origin)
        plan_ids.append("ApiGatewayUsagePlan")
    for index, key in enumerate(keys if isinstance(keys, list) else [], start=1):
        key_id = f"ApiGatewayApiKey{index}"
        span = svc.span(keys, index - 1)
        name = key.get("name") if isinstance(key, Mapping) else key
        svc.add(Draft(key_id, "AWS::ApiGateway::ApiKey", {
            "Enabled": True, "Name": name if isinstance(name, str) else Unknown("API key name"),
            "StageKeys": [{"RestApiId": Ref("ApiGatewayRestApi"), "StageName": svc.stage}]}, span, origin))
        svc.add(Draft(f"ApiGatewayUsagePlanKey{index}", "AWS::ApiGateway::UsagePlanKey", {
            "KeyId": Ref(key_id), "KeyType": "API_KEY", "UsagePlanId": Ref(plan_ids[0])}, span, origin))


__all__ = ["cors_origin", "preflight_integration", "request_schemas", "usage_plans"]

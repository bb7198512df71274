from collections.abc import Iterator, Mapping

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, Value, as_int, as_mapping, as_str, is_unknown, text_of
from slens.model.openapi import body_integrations

_DEFAULT_MS = {"AWS::ApiGateway::RestApi": 29000, "AWS::ApiGatewayV2::Api": 30000}


def _integrations(api: Resource, via: Resource | None, fn: Resource, graph: Graph) -> list[Mapping[str, Value]]:
    """The API's integrations with ``fn`` in CloudFormation spelling (``TimeoutInMillis`` ...)."""
    if via is not None and via.type == "AWS::ApiGateway::Method":
        return [as_mapping(via.prop("Integration"))]
    if via is not None and via.type == "AWS::ApiGatewayV2::Integration":
        return [via.properties]
    found: list[Mapping[str, Value]] = []
    for _, integration in body_integrations(api):
        if graph.function_of(integration.get("Uri")) is fn:
            found.append(integration)
    if not found and graph.function_of(api.prop("Target")) is fn:
        found.append({})
    return found  # an integration not in the template (an included body, an authorizer) cannot be judged


def _waits(integration: Mapping[str, Value]) -> bool | None:
    """Whether the API waits for the function's response; None when it cannot be known."""
    params = integration.get("RequestParameters")
    if is_unknown(params) or is_unknown(integration.get("ResponseTransferMode")):
        return None
    mode = as_str(as_mapping(params).get("integration.request.header.X-Amz-Invocation-Type")) or ""
    streaming = as_str(integration.get("ResponseTransferMode")) == "STREAM" or \
        "response-streaming-invocations" in (text_of(integration.get("Uri")) or "")
    return "Event" not in mode and not streaming


class FunctionTimeoutExceedsApiTimeout(Rule):
    """Lambda function timeout longer than the API Gateway integration that calls it

    ## What it does
    Flags functions behind a REST, HTTP or WebSocket API whose `Timeout` (3 s when not set)
    is longer than the integration timeout: the integration's `TimeoutInMillis` (SAM
    `TimeoutInMillis` on `HttpApi` events), else 29 s for REST and WebSocket APIs and 30 s
    for HTTP APIs. Integrations that do not wait for the function are skipped: asynchronous
    ones (`X-Amz-Invocation-Type: 'Event'`) and response streaming (`ResponseTransferMode:
    STREAM`).

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2), and timeouts must be set along the whole call chain. When the API gives up
    first, the client receives a 504 while the function keeps running and completes its
    side effects: the client retries, and the work is done twice. The function pays for
    time nobody waits for.

    ## How to fix
    Set the function's `Timeout` below the integration timeout, leaving room for the
    integration overhead, or move long work behind an asynchronous pattern (a queue or a
    state machine, with the client polling or notified).

    ## When to ignore
    Functions that also serve slower callers (a queue, a state machine) where the longer
    timeout is needed can ignore this rule with a reason.
    """

    id = "LAM308"
    name = "function-timeout-exceeds-api-timeout"
    severity = Severity.MEDIUM
    practice = Practices.REL2_FAILURES
    services = (Service.LAMBDA, Service.APIGATEWAY)
    resource_types = ("AWS::Lambda::Function",)
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n"
               "    Timeout: 25  # under the REST API's 29 s integration timeout\n    Events:\n      Get:\n"
               "        Type: HttpApi\n        Properties:\n"
               "          TimeoutInMillis: 30000  # an HTTP API route: above the function's Timeout\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n    Timeout: 25\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        timeout = 3 if resource.prop("Timeout") is None else as_int(resource.prop("Timeout"))
        if timeout is None:
            return
        worst: tuple[int, str] | None = None
        for trigger in graph.triggers(resource):
            api = trigger.source
            if api is None or api.type not in _DEFAULT_MS:
                continue
            default = 29000 if as_mapping(api.properties).get("ProtocolType") == "WEBSOCKET" else _DEFAULT_MS[api.type]
            for integration in _integrations(api, trigger.via, resource, graph):
                value = integration.get("TimeoutInMillis")
                if is_unknown(value) or not _waits(integration):
                    continue
                limit = default if value is None else as_int(value)
                if limit is not None and timeout * 1000 > limit and (worst is None or limit < worst[0]):
                    worst = (limit, api.logical_id)
        if worst is not None:
            yield self.violation(resource, f"function {resource.logical_id} may run {timeout} s but API "
                                           f"{worst[1]} gives up after {worst[0] / 1000:g} s: clients get a 504 "
                                           "while the function keeps running, and their retries repeat its work",
                                 "Timeout")

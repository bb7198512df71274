from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, is_unknown
from slens.model.apis import api_routes
from slens.model.openapi import body_unknown, has_body
from slens.model.rest_only import rest_only_features


class RestApiWithoutRestOnlyFeatures(Rule):
    """REST API that uses no REST-only feature (an HTTP API would be cheaper and faster)

    ## What it does
    Flags `AWS::ApiGateway::RestApi` resources (SAM `AWS::Serverless::Api` and the implicit
    API of `Type: Api` events) that use none of the features only REST APIs have: API keys
    and usage plans, request validation, WAF, caching, X-Ray tracing, private or explicitly
    edge-optimized endpoints, resource policies, mapping-template (non-proxy) integrations,
    custom gateway responses, client certificates, canary releases, compression. APIs whose
    definition lives outside the template are not judged.

    ## Why it matters
    The Serverless Lens asks you to *measure, evaluate, and select optimum capacity units*
    (PERF 1), and cost-aware choices (COST 1). HTTP APIs cost up to 71% less per request
    than REST APIs and add less latency; when no REST-only feature is used, the REST API
    is paying for capabilities nobody uses.

    ## How to fix
    Use an HTTP API: SAM `AWS::Serverless::HttpApi` / `Type: HttpApi` events, or
    `AWS::ApiGatewayV2::Api` with `ProtocolType: HTTP`. JWT authorizers replace Cognito
    user-pool authorizers; Lambda and IAM authorizers work on both.

    ## When to ignore
    A REST-only feature is planned soon, clients depend on REST-specific behaviour (the
    `execute-api` URL format with a stage, API Gateway execution logs), or the migration is
    not worth it for a low-traffic API.
    """

    id = "API401"
    name = "rest-api-without-rest-only-features"
    severity = Severity.INFO
    practice = Practices.PERF1_CAPACITY
    services = (Service.APIGATEWAY,)
    resource_types = ("AWS::ApiGateway::RestApi",)
    fix = {
        "SAM": "OrdersFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Events:\n"
               "      GetOrder:\n        Type: HttpApi\n        Properties:\n          Path: /orders/{id}\n"
               "          Method: get\n",
        "CloudFormation": "OrdersApi:\n  Type: AWS::ApiGatewayV2::Api\n  Properties:\n    Name: orders\n"
                          "    ProtocolType: HTTP\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if body_unknown(resource) or (not has_body(resource) and not api_routes(graph, resource)):
            return  # the definition is elsewhere, or there is nothing to compare yet
        if any(is_unknown(v) for v in resource.properties.values()) or rest_only_features(graph, resource):
            return
        routes = len([r for r in api_routes(graph, resource) if not r.is_preflight])
        plural = "" if routes == 1 else "s"
        yield self.violation(resource, f"REST API {resource.logical_id} ({routes} route{plural}) uses no "
                                       "REST-only feature: an HTTP API costs up to 71% less per request and "
                                       "adds less latency")

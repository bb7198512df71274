from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, PropertyPath, Resource, as_list, as_str, lookup
from slens.model.apis import api_routes
from slens.model.openapi import cors_origins, preflight_origins

_ORIGIN = "method.response.header.Access-Control-Allow-Origin"


class CorsAllowsAnyOrigin(Rule):
    """Authenticated API or function URL whose CORS allows any origin

    ## What it does
    Flags CORS configurations that allow every origin (`*`) on endpoints that authenticate
    callers: REST APIs whose CORS preflight answers `Access-Control-Allow-Origin: '*'` (SAM
    `Cors`, or `OPTIONS` methods with a mock integration), HTTP APIs whose
    `CorsConfiguration.AllowOrigins` has `*`, and `AWS_IAM` function URLs whose
    `Cors.AllowOrigins` has `*`. Fully public endpoints (no authorizer on any route, URL
    `AuthType: NONE`) are not flagged: any site may call them anyway.

    ## Why it matters
    The Serverless Lens asks you to *use appropriate endpoint type and mechanisms to secure
    access to your API* (SEC 1). CORS decides which web applications may call the API from a
    user's browser; `*` lets any site's script do it with whatever the browser can attach,
    so a stolen or injected token can be used from anywhere, and browser-based controls you
    may rely on later (cookies, network position) give no protection.

    ## How to fix
    List the origins of your front ends: SAM `Cors: {AllowOrigin: "'https://app.example.com'"}`,
    HTTP API `CorsConfiguration.AllowOrigins: [https://app.example.com]`, function URL
    `Cors.AllowOrigins: [https://app.example.com]`, one per stage through a parameter.

    ## When to ignore
    APIs meant to be called from any website (a public widget that signs requests with a
    per-site key) can ignore this rule with a reason.
    """

    id = "API202"
    name = "cors-allows-any-origin"
    severity = Severity.LOW
    practice = Practices.SEC1_ENDPOINT
    services = (Service.APIGATEWAY, Service.LAMBDA)
    resource_types = ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api", "AWS::Lambda::Url")
    equivalents = ("checkov:CKV2_AWS_75",)
    fix = {
        "SAM": "MyApi:\n  Type: AWS::Serverless::HttpApi\n  Properties:\n    CorsConfiguration:\n"
               "      AllowOrigins: [https://app.example.com]\nMyRestApi:\n  Type: AWS::Serverless::Api\n"
               "  Properties:\n    Cors:\n      AllowOrigin: \"'https://app.example.com'\"\n",
        "CloudFormation": "MyApi:\n  Type: AWS::ApiGatewayV2::Api\n  Properties:\n    CorsConfiguration:\n"
                          "      AllowOrigins: [https://app.example.com]\nMyFunctionUrl:\n"
                          "  Type: AWS::Lambda::Url\n  Properties:\n    Cors:\n"
                          "      AllowOrigins: [https://app.example.com]\n"
                          "MyPreflight:  # a REST API's OPTIONS method\n  Type: AWS::ApiGateway::Method\n"
                          "  Properties:\n    Integration:\n      IntegrationResponses:\n"
                          "        - StatusCode: '200'\n          ResponseParameters:\n"
                          "            method.response.header.Access-Control-Allow-Origin: \"'https://app.example.com'\"\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.type == "AWS::Lambda::Url":
            if resource.str_prop("AuthType") == "AWS_IAM" and _star(resource.prop("Cors", "AllowOrigins")):
                yield self.violation(resource, f"function URL {resource.logical_id} requires IAM auth but its CORS "
                                               "allows any origin (*)", "Cors", "AllowOrigins")
            return
        if not any(r.authorization not in ("NONE", None) for r in api_routes(graph, resource) if not r.is_preflight):
            return
        found = _any_origin(resource, graph)
        if found is not None:
            yield self.violation(found[0], f"API {resource.logical_id} authenticates callers but its CORS allows "
                                           "any origin (*)", *found[1])


def _star(origins: object) -> bool:
    return any(as_str(o) in ("*", "'*'") for o in as_list(origins))


def _any_origin(api: Resource, graph: Graph) -> tuple[Resource, PropertyPath] | None:
    """Where an API allows any origin: the resource and property path a finding anchors on."""
    if _star(api.prop("CorsConfiguration", "AllowOrigins")) or _star(cors_origins(api)):
        return api, ("CorsConfiguration", "AllowOrigins")
    for path, origins in preflight_origins(api, _ORIGIN):
        if _star(origins):
            return api, ("Cors",) if ("Cors",) in api.spans else ("Body", "paths", path, "options")
    for method in graph.children(api, "AWS::ApiGateway::Method"):
        for index, response in enumerate(as_list(method.prop("Integration", "IntegrationResponses"))):
            if _star(lookup(response, ("ResponseParameters", _ORIGIN))):
                return method, ("Integration", "IntegrationResponses", index, "ResponseParameters", _ORIGIN)
    return None

import re
from collections.abc import Iterator

from slens.engine import Rule, Severity, Violation
from slens.lens import Practices
from slens.model import (
    FUNCTION,
    Graph,
    PropertyPath,
    Resource,
    Route,
    as_list,
    as_mapping,
    as_str,
    lookup,
    refs_in,
    text_of,
)


def _lambda_authorizer(route: Route) -> bool:
    """True for an OpenAPI route secured by an ``apiKey`` scheme that is a Lambda authorizer (SAM's
    HTTP API Lambda authorizers), which ``slens.model.apis`` reads as an API key."""
    if not route.api_key_required or route.holder_path[:1] != ("Body",):
        return False
    body = as_mapping(route.holder.prop("Body"))
    schemes = as_mapping(body.get("securityDefinitions")) or as_mapping(
        lookup(body, ("components", "securitySchemes")))
    security = lookup(body, (*route.holder_path[1:], "security"))
    return any("x-amazon-apigateway-authorizer" in as_mapping(schemes.get(name))
               for requirement in as_list(body.get("security") if security is None else security)
               for name in as_mapping(requirement))


def _anchor(route: Route, graph: Graph) -> tuple[Resource, PropertyPath]:
    """Where the user wrote the route: the method/route/Body, the SAM DefinitionBody, or the event."""
    holder, path = route.holder, route.holder_path
    if path[:1] != ("Body",) or len(holder.written_path(path)) == len(path):
        return holder, path
    definition = ("DefinitionBody", *path[1:])
    if len(holder.written_path(definition)) == len(definition):
        return holder, definition
    function = graph.resolve(lookup(holder.properties, (*path, "x-amazon-apigateway-integration", "uri")))
    if function is None or function.type != FUNCTION:
        return holder, path
    if route.path.startswith("/"):  # SAM's permission per event ends in /<method>/<path with * params>
        method = "*" if route.method == "ANY" else route.method
        suffix = f"/{method}{re.sub(r'{[^}]*}', '*', route.path)}"
        for permission in graph.permissions_of(function):
            arn = permission.prop("SourceArn")
            if any(r.target == route.api.logical_id for r in refs_in(arn)) and (
                    text_of(arn) or "").endswith(suffix):
                return permission, ()
    return (function, ("Events",)) if function.written_path(("Events",)) else (holder, path)


class ApiRouteWithoutAuthorization(Rule):
    """API route or method without authorization

    ## What it does
    Flags each route of a REST, HTTP or WebSocket API (`AWS::ApiGateway::Method`,
    `AWS::ApiGatewayV2::Route`, or the OpenAPI body SAM and users write) whose authorization
    is `NONE`: no IAM, Cognito, JWT or Lambda authorizer. CORS preflight `OPTIONS` routes are
    skipped; on WebSocket APIs only `$connect` can be authorized and is judged. An API key
    alone does not count: keys identify clients for usage plans, they do not authenticate.

    ## Why it matters
    The Serverless Lens asks you to *use authentication and authorization mechanisms* (SEC 1)
    in front of every API. An open route lets anyone on the internet invoke the function
    behind it, read the data it returns and run up its cost.

    ## How to fix
    Give the API a default authorizer (SAM `Auth.DefaultAuthorizer` with a Cognito, JWT or
    Lambda authorizer, or `AWS_IAM`), or set `AuthorizationType` on each method or route.

    ## When to ignore
    Routes that are public on purpose (a health check, a sign-up form, a webhook that checks
    a signature in the function, a private API reachable only through a VPC endpoint with a
    resource policy) can ignore this rule for that route with a reason.
    """

    id = "API005"
    name = "api-route-without-authorization"
    severity = Severity.HIGH
    practice = Practices.SEC1_AUTH
    services = ("apigateway",)
    resource_types = ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api")
    equivalents = ("cdk-nag:AwsSolutions-APIG4", "checkov:CKV_AWS_59", "cfn-nag:W59",
                   "kics:API Gateway With Open Access")
    fix = {
        "SAM": "MyApi:\n  Type: AWS::Serverless::Api\n  Properties:\n    StageName: prod\n    Auth:\n"
               "      DefaultAuthorizer: UsersAuthorizer\n      Authorizers:\n        UsersAuthorizer:\n"
               "          UserPoolArn: !GetAtt UserPool.Arn\n",
        "CloudFormation": "GetRecipes:\n  Type: AWS::ApiGateway::Method\n  Properties:\n"
                          "    AuthorizationType: COGNITO_USER_POOLS\n    AuthorizerId: !Ref UsersAuthorizer\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        api = resource.logical_id
        websocket = resource.str_prop("ProtocolType") == "WEBSOCKET"
        for route in graph.routes(resource):
            if route.authorization != "NONE" or route.is_preflight or _lambda_authorizer(route):
                continue
            if websocket and route.path != "$connect":
                continue
            label = route.path if websocket else f"{route.method} {route.path}"
            key = " (an API key is not an authorizer)" if route.api_key_required else ""
            holder, path = _anchor(route, graph)
            yield self.violation(holder, f"{label} has no authorizer{key} (API {api})", *path)
        if resource.has("Target") and not websocket:  # quick create: one route, never authorized
            route_key = as_str(resource.prop("RouteKey")) or "$default"
            yield self.violation(resource, f"{route_key} has no authorizer (API {api}, quick create with "
                                           "Target)", "Target")

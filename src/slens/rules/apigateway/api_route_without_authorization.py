from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str
from slens.model.apis import api_routes


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
    services = (Service.APIGATEWAY,)
    resource_types = ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api")
    equivalents = ("cdk-nag:AwsSolutions-APIG4", "checkov:CKV_AWS_59", "cfn-nag:W59",
                   "kics:API Gateway With Open Access")
    fix = {
        "SAM": "Globals:\n  Api:  # the implicit REST API and every AWS::Serverless::Api\n    Auth:\n"
               "      DefaultAuthorizer: UsersAuthorizer\n      Authorizers:\n        UsersAuthorizer:\n"
               "          UserPoolArn: !GetAtt UserPool.Arn\n"
               "  HttpApi:  # the implicit HTTP API and every AWS::Serverless::HttpApi\n    Auth:\n"
               "      DefaultAuthorizer: UsersAuthorizer\n      Authorizers:\n        UsersAuthorizer:\n"
               "          JwtConfiguration:\n"
               "            issuer: !Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}\n"
               "            audience: [!Ref UserPoolClient]\n"
               "          IdentitySource: $request.header.Authorization\n"
               "# and no event that turns it off with Auth: {Authorizer: NONE}\n",
        "CloudFormation": "GetRecipes:\n  Type: AWS::ApiGateway::Method\n  Properties:\n"
                          "    AuthorizationType: COGNITO_USER_POOLS\n    AuthorizerId: !Ref UsersAuthorizer\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        api = resource.logical_id
        websocket = resource.str_prop("ProtocolType") == "WEBSOCKET"
        for route in api_routes(graph, resource):
            if route.authorization != "NONE" or route.is_preflight:
                continue
            if websocket and route.path != "$connect":
                continue
            label = route.path if websocket else f"{route.method} {route.path}"
            key = " (an API key is not an authorizer)" if route.api_key_required else ""
            yield self.violation(route.holder, f"{label} has no authorizer{key} (API {api})", *route.holder_path)
        if resource.has("Target") and not websocket:  # quick create: one route, never authorized
            route_key = as_str(resource.prop("RouteKey")) or "$default"
            yield self.violation(resource, f"{route_key} has no authorizer (API {api}, quick create with "
                                           "Target)", "Target")

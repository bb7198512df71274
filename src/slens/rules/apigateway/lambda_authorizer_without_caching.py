from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_int, as_list, as_mapping, as_str
from slens.model.openapi import body_authorizers


class LambdaAuthorizerWithoutCaching(Rule):
    """Lambda authorizer with result caching turned off

    ## What it does
    Flags Lambda (custom) authorizers whose result TTL is 0: `AuthorizerResultTtlInSeconds: 0`
    on `AWS::ApiGateway::Authorizer` and HTTP API `AWS::ApiGatewayV2::Authorizer`,
    `authorizerResultTtlInSeconds: 0` in an OpenAPI body (SAM `Identity.ReauthorizeEvery: 0`),
    and AppSync `AWS_LAMBDA` authorization whose `LambdaAuthorizerConfig` has no TTL or 0
    (AppSync's default is no caching). REST authorizers without a TTL cache for 300 s and
    pass; HTTP API authorizers without one are not judged.

    ## Why it matters
    The Serverless Lens asks you to *use authentication and authorization mechanisms*
    (SEC 1) and recommends caching Lambda authorizer results: without a cache the
    authorizer runs on every request, adding its latency and cost to each call and turning
    a burst of requests into a burst of authorizer invocations (and of calls to the
    identity provider behind it).

    ## How to fix
    Set a TTL (300 s is the REST default, up to 3600 s) and key the cache on the identity
    sources that identify the caller (the `Authorization` header): SAM
    `Identity: {ReauthorizeEvery: 300}`, CloudFormation `AuthorizerResultTtlInSeconds: 300`,
    AppSync `LambdaAuthorizerConfig.AuthorizerResultTtlInSeconds: 300`.

    ## When to ignore
    Authorizers whose decision depends on more than the cached identity sources (the path,
    the body, a revocation list checked on every call) can ignore this rule with a reason.
    """

    id = "API201"
    name = "lambda-authorizer-without-caching"
    severity = Severity.LOW
    practice = Practices.SEC1_AUTH
    services = (Service.APIGATEWAY, Service.APPSYNC)
    resource_types = ("AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::Authorizer", "AWS::ApiGateway::RestApi",
                      "AWS::ApiGatewayV2::Api", "AWS::AppSync::GraphQLApi")
    fix = {
        "SAM": "Auth:\n  Authorizers:\n    TokenAuthorizer:\n      FunctionArn: !GetAtt AuthFunction.Arn\n"
               "      Identity:\n        Header: Authorization\n        ReauthorizeEvery: 300\n",
        "CloudFormation": "TokenAuthorizer:\n  Type: AWS::ApiGateway::Authorizer\n  Properties:\n"
                          "    Type: TOKEN\n    IdentitySource: method.request.header.Authorization\n"
                          "    AuthorizerResultTtlInSeconds: 300\n"
                          "GraphApi:  # an AppSync API's Lambda authorizer\n  Type: AWS::AppSync::GraphQLApi\n"
                          "  Properties:\n    LambdaAuthorizerConfig:\n      AuthorizerResultTtlInSeconds: 300\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.type in ("AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::Authorizer"):
            kind = (as_str(resource.prop("Type")) or as_str(resource.prop("AuthorizerType")) or "").upper()
            if kind in ("TOKEN", "REQUEST") and resource.int_prop("AuthorizerResultTtlInSeconds") == 0:
                yield self.violation(resource, f"Lambda authorizer {resource.logical_id} has "
                                               "AuthorizerResultTtlInSeconds 0: it runs on every request",
                                     "AuthorizerResultTtlInSeconds")
        elif resource.type == "AWS::AppSync::GraphQLApi":
            yield from self._appsync(resource)
        else:
            for authorizer in body_authorizers(resource):
                if authorizer.kind in ("token", "request") and authorizer.ttl == 0:
                    yield self.violation(resource, f"Lambda authorizer {authorizer.name} of API "
                                                   f"{resource.logical_id} caches no result (TTL 0): it runs on "
                                                   "every request", *authorizer.ttl_path)

    def _appsync(self, api: Resource) -> Iterator[Violation]:
        providers = [((), api.properties)] + [
            (("AdditionalAuthenticationProviders", i), as_mapping(p))
            for i, p in enumerate(as_list(api.prop("AdditionalAuthenticationProviders")))
        ]
        for path, provider in providers:
            if as_str(provider.get("AuthenticationType")) != "AWS_LAMBDA":
                continue
            config = as_mapping(provider.get("LambdaAuthorizerConfig"))
            ttl = config.get("AuthorizerResultTtlInSeconds")
            if ttl is None or as_int(ttl) == 0:
                yield self.violation(api, f"AppSync API {api.logical_id} has a Lambda authorizer that caches no "
                                          "result (AuthorizerResultTtlInSeconds is 0 or not set)",
                                     *path, "LambdaAuthorizerConfig")

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.apis import api_routes
from slens.model.openapi import body_unknown, body_validates_requests
from slens.rules.wording import short_list

_BODY_METHODS = ("POST", "PUT", "PATCH", "ANY")


class RestApiWithoutRequestValidation(Rule):
    """REST API that accepts request bodies and validates none

    ## What it does
    Flags REST APIs with routes that take a body (`POST`, `PUT`, `PATCH`, `ANY`) when
    nothing in the API validates requests: no `AWS::ApiGateway::RequestValidator`, no
    method with `RequestValidatorId`, no `x-amazon-apigateway-request-validator` in the
    OpenAPI body (SAM writes one for `RequestModel` with `ValidateBody: true` and required
    `RequestParameters`). APIs defined in an S3 file or an included body are not judged.

    ## Why it matters
    The Serverless Lens asks you to *validate inbound events* (SEC 3). API Gateway can
    reject a malformed body or a missing parameter before your function runs, for free:
    fewer code paths see untrusted input, and junk requests cost neither invocations nor
    downstream writes.

    ## How to fix
    Define models and validate bodies: in SAM, `Models` on the API and
    `RequestModel: {Model: Recipe, Required: true, ValidateBody: true}` on the event; in
    CloudFormation, an `AWS::ApiGateway::RequestValidator` and `RequestValidatorId` plus
    `RequestModels` on the methods.

    ## When to ignore
    APIs that proxy opaque payloads (webhooks validated by signature, file uploads) can
    ignore this rule with a reason; the function must then validate.
    """

    id = "API203"
    name = "rest-api-without-request-validation"
    severity = Severity.LOW
    practice = Practices.SEC3_VALIDATE_EVENTS
    services = (Service.APIGATEWAY,)
    resource_types = ("AWS::ApiGateway::RestApi",)
    equivalents = ("cdk-nag:AwsSolutions-APIG2", "checkov:CKV2_AWS_53")
    fix = {
        "SAM": "MyApi:\n  Type: AWS::Serverless::Api\n  Properties:\n    StageName: prod\n    Models:\n"
               "      Order: {type: object, required: [item], properties: {item: {type: string}}}\nMyFunction:\n"
               "  Type: AWS::Serverless::Function\n  Properties:\n    Events:\n"
               "      Create:  # the event that takes a body\n        Type: Api\n        Properties:\n"
               "          RestApiId: !Ref MyApi\n"
               "          RequestModel: {Model: Order, Required: true, ValidateBody: true}\n",
        "CloudFormation": "BodyValidator:\n  Type: AWS::ApiGateway::RequestValidator\n  Properties:\n"
                          "    RestApiId: !Ref MyApi\n    ValidateRequestBody: true\n"
                          "    ValidateRequestParameters: true\nCreateOrder:  # each method that takes a body\n"
                          "  Type: AWS::ApiGateway::Method\n  Properties:\n"
                          "    RequestValidatorId: !Ref BodyValidator\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if body_unknown(resource):
            return
        if _validated(resource, graph):
            return
        body_routes = sorted((r for r in api_routes(graph, resource) if r.method in _BODY_METHODS),
                             key=lambda r: (r.path, r.method))
        if not body_routes:
            return
        routes = [f"{r.method} {r.path}" for r in body_routes]
        shown = short_list(routes)
        first = body_routes[0]
        path = first.holder_path if first.holder is resource else ("HttpMethod",)
        yield self.violation(first.holder, f"REST API {resource.logical_id} takes request bodies ({shown}) "
                                           "but validates no request: no request validator is set", *path)


def _validated(api: Resource, graph: Graph) -> bool:
    if graph.children(api, "AWS::ApiGateway::RequestValidator"):
        return True
    if any(m.has("RequestValidatorId") for m in graph.children(api, "AWS::ApiGateway::Method")):
        return True
    return body_validates_requests(api)

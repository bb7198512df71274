from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_bool, is_unknown
from slens.model.stages import DEPLOYMENT, REST_STAGE, settings_root
from slens.rules.wording import stage_label


class RestApiWithoutTracing(Rule):
    """REST API stage without AWS X-Ray tracing

    ## What it does
    Flags REST API stages (and deployments that create their stage) without
    `TracingEnabled: true`. HTTP APIs do not support X-Ray and are not judged.

    ## Why it matters
    The Serverless Lens asks you to *use distributed tracing and instrument code with
    additional context* (OPS 1). With tracing on the stage, a trace starts at API Gateway and
    shows the time spent in the authorizer, the integration and each downstream call; without
    it, traces begin at the function and miss everything before.

    ## How to fix
    Set `TracingEnabled: true` on the SAM `Api` (or under `Globals.Api` for implicit APIs) or on
    the `AWS::ApiGateway::Stage`.

    ## When to ignore
    APIs traced by another tool that propagates its own context can ignore this rule.
    """

    id = "API003"
    name = "rest-api-without-tracing"
    severity = Severity.LOW
    practice = Practices.OPS1_TRACING
    services = (Service.APIGATEWAY,)
    resource_types = (REST_STAGE, DEPLOYMENT)
    equivalents = ("serverless-rules:WS2002", "cdk-nag:Serverless-APIGWXrayEnabled", "checkov:CKV_AWS_73")
    fix = {
        "SAM": "Globals:\n  Api:\n    TracingEnabled: true\n",
        "CloudFormation": "ProdStage:\n  Type: AWS::ApiGateway::Stage\n  Properties:\n    TracingEnabled: true\n"
                          "MyDeployment:  # a stage made by a deployment: under StageDescription\n"
                          "  Type: AWS::ApiGateway::Deployment\n  Properties:\n    StageDescription:\n"
                          "      TracingEnabled: true\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        root = settings_root(resource, graph)
        if root is None:
            return
        value = resource.prop(*root, "TracingEnabled")
        if is_unknown(value) or as_bool(value):
            return
        state = "not set" if value is None else str(value).lower()
        yield self.violation(resource, f"{stage_label(resource, graph)} has no X-Ray tracing "
                                       f"(TracingEnabled is {state})", *root, "TracingEnabled")

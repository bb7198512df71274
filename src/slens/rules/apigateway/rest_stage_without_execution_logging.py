from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_list, as_str, is_unknown, lookup
from slens.model.stages import DEPLOYMENT, REST_STAGE, settings_root
from slens.rules.wording import stage_label

_LEVELS = ("ERROR", "INFO")


class RestStageWithoutExecutionLogging(Rule):
    """API Gateway REST stage without execution logging

    ## What it does
    Flags REST API stages (and deployments that create their own stage) with no
    `MethodSettings` entry for every method (`ResourcePath: /*`, `HttpMethod: '*'`) whose
    `LoggingLevel` is `ERROR` or `INFO` (on a deployment, `StageDescription.LoggingLevel`
    counts too). HTTP APIs have no execution logs and are not judged.

    ## Why it matters
    The Serverless Lens asks you to *use structured and centralized logging* (OPS 1). Access
    logs (API001) say that a request failed; execution logs say why: the authorizer's answer,
    the mapping template output, the integration's response or timeout. Without them a 5XX from
    a misconfigured integration leaves no trace.

    ## How to fix
    Add `MethodSettings: [{ResourcePath: '/*', HttpMethod: '*', LoggingLevel: ERROR}]` (SAM
    `Api` or `AWS::ApiGateway::Stage`). API Gateway needs the account-level CloudWatch role
    (`AWS::ApiGateway::Account`), set once per account and region. Keep `DataTraceEnabled`
    off in production: it logs request and response bodies.

    ## When to ignore
    Stages whose access logs already carry `$context.integration.error` and
    `$context.authorizer.error` can ignore this rule with a reason.
    """

    id = "API102"
    name = "rest-stage-without-execution-logging"
    severity = Severity.INFO
    opt_in = True
    practice = Practices.OPS1_STRUCTURED_LOGGING
    services = (Service.APIGATEWAY,)
    resource_types = (REST_STAGE, DEPLOYMENT)
    equivalents = ("cdk-nag:AwsSolutions-APIG6", "checkov:CKV2_AWS_4")
    fix = {
        "SAM": "MyApi:\n  Type: AWS::Serverless::Api\n  Properties:\n    MethodSettings:\n"
               "      - {ResourcePath: '/*', HttpMethod: '*', LoggingLevel: ERROR}\n",
        "CloudFormation": "ProdStage:\n  Type: AWS::ApiGateway::Stage\n  Properties:\n    MethodSettings:\n"
                          "      - {ResourcePath: '/*', HttpMethod: '*', LoggingLevel: ERROR}\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        root = settings_root(resource, graph)
        if root is None:
            return
        if root and as_str(resource.prop(*root, "LoggingLevel")) in _LEVELS:
            return
        if is_unknown(resource.prop(*root, "LoggingLevel")):
            return
        settings = resource.prop(*root, "MethodSettings")
        levels: list[str | None] = []
        for item in as_list(settings):
            path, method = as_str(lookup(item, ("ResourcePath",))), as_str(lookup(item, ("HttpMethod",)))
            level = lookup(item, ("LoggingLevel",))
            if is_unknown(item) or is_unknown(level) or is_unknown(settings):
                return
            if path == "/*" and method == "*":
                levels.append(as_str(level))
        if any(level in _LEVELS for level in levels):
            return
        shown = f"LoggingLevel {levels[-1]}" if levels and levels[-1] else "no LoggingLevel"
        yield self.violation(resource, f"{stage_label(resource, graph)} has execution logging off ({shown} "
                                       "for /* in MethodSettings)", *root, "MethodSettings")

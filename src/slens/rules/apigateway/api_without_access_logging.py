from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.stages import HTTP_STAGE, STAGE_TYPES, settings_root
from slens.rules.wording import stage_label


class ApiWithoutAccessLogging(Rule):
    """API Gateway stage without access logging

    ## What it does
    Flags REST API stages without `AccessLogSetting.DestinationArn` (on a deployment that
    creates its own stage: `StageDescription.AccessLogSetting`) and HTTP or WebSocket API
    stages without `AccessLogSettings.DestinationArn`. SAM `Api`/`HttpApi` resources and the
    implicit APIs SAM creates from function events are judged through the stages they produce.

    ## Why it matters
    The Serverless Lens asks you to *use structured and centralized logging* (OPS 1). Access
    logs are the only record of who called which route, with which status and latency, and
    whether API Gateway rejected the request before any function ran (throttling, authorizer
    denials, integration timeouts).

    ## How to fix
    Create a log group and point the stage at it: `AccessLogSetting` (SAM `Api`, REST stages)
    or `AccessLogSettings` (SAM `HttpApi`, HTTP stages) with `DestinationArn` and a JSON
    `Format`. For implicit SAM APIs, set it under `Globals.Api` / `Globals.HttpApi`.

    ## When to ignore
    Internal test stages that are deleted after a run can ignore this rule.
    """

    id = "API001"
    name = "api-without-access-logging"
    severity = Severity.MEDIUM
    practice = Practices.OPS1_STRUCTURED_LOGGING
    services = (Service.APIGATEWAY,)
    resource_types = STAGE_TYPES
    equivalents = ("serverless-rules:ES2000", "cdk-nag:Serverless-APIGWAccessLogging", "checkov:CKV_AWS_76",
                   "checkov:CKV_AWS_95", "cfn-nag:W69", "cfn-nag:W45", "cfn-nag:W46")
    fix = {
        "SAM": "Globals:\n  Api:\n    AccessLogSetting:\n      DestinationArn: !GetAtt ApiLogs.Arn\n"
               "      Format: '{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}'\n"
               "  HttpApi:\n    AccessLogSettings:\n      DestinationArn: !GetAtt ApiLogs.Arn\n"
               "      Format: '{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}'\n",
        "CloudFormation": "ProdStage:\n  Type: AWS::ApiGateway::Stage\n  Properties:\n    AccessLogSetting:\n"
                          "      DestinationArn: !GetAtt ApiLogs.Arn\n"
                          "      Format: '{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}'\n"
                          "RestDeployment:  # a stage made by a deployment: under StageDescription\n"
                          "  Type: AWS::ApiGateway::Deployment\n  Properties:\n    StageDescription:\n"
                          "      AccessLogSetting:\n        DestinationArn: !GetAtt ApiLogs.Arn\n"
                          "        Format: '{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}'\n"
                          "HttpStage:  # an HTTP API's stage: AccessLogSettings\n"
                          "  Type: AWS::ApiGatewayV2::Stage\n  Properties:\n    AccessLogSettings:\n"
                          "      DestinationArn: !GetAtt ApiLogs.Arn\n"
                          "      Format: '{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}'\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        root = settings_root(resource, graph)
        if root is None:
            return
        key = ("AccessLogSettings",) if resource.type == HTTP_STAGE else (*root, "AccessLogSetting")
        if resource.prop(*key, "DestinationArn") is None:
            written = ".".join(map(str, key))
            yield self.violation(resource, f"{stage_label(resource, graph)} has no access logging "
                                           f"({written}.DestinationArn is not set)", *key, "DestinationArn")

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, text_of
from slens.model.stages import HTTP_STAGE, STAGE_TYPES, settings_root
from slens.rules.wording import stage_label


class ApiAccessLogNotJson(Rule):
    """API Gateway access log format is not JSON

    ## What it does
    Flags stages whose access log `Format` is not a JSON object (it does not start with `{`):
    the Common Log Format, XML or CSV layouts the console offers.

    ## Why it matters
    The Serverless Lens asks you to *use structured and centralized logging* (OPS 1). JSON
    access logs can be queried field by field with CloudWatch Logs Insights (status, latency,
    route, caller) and joined with the functions' structured logs on the request id; text
    layouts have to be parsed with regular expressions first.

    ## How to fix
    Write the format as a JSON object of `$context` variables, e.g.
    `{"requestId":"$context.requestId","routeKey":"$context.routeKey","status":"$context.status"}`.

    ## When to ignore
    When the logs are shipped to a tool that expects the Common Log Format.
    """

    id = "API002"
    name = "api-access-log-not-json"
    severity = Severity.LOW
    practice = Practices.OPS1_STRUCTURED_LOGGING
    services = (Service.APIGATEWAY,)
    resource_types = STAGE_TYPES
    equivalents = ("serverless-rules:WS2001", "cdk-nag:Serverless-APIGWStructuredLogging")
    fix = {
        "SAM": "Globals:\n  Api:  # the implicit REST API and every AWS::Serverless::Api\n    AccessLogSetting:\n"
               "      DestinationArn: !GetAtt ApiLogs.Arn\n"
               "      Format: '{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}'\n"
               "Resources:\n  MyHttpApi:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n"
               "      AccessLogSettings:\n        DestinationArn: !GetAtt ApiLogs.Arn\n"
               "        Format: '{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}'\n",
        "CloudFormation": "ProdStage:\n  Type: AWS::ApiGateway::Stage\n  Properties:\n    AccessLogSetting:\n"
                          "      DestinationArn: !GetAtt ApiLogs.Arn\n"
                          "      Format: '{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\"}'\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        root = settings_root(resource, graph)
        if root is None:
            return
        key = ("AccessLogSettings",) if resource.type == HTTP_STAGE else (*root, "AccessLogSetting")
        text = text_of(resource.prop(*key, "Format"))
        if text is None or text.lstrip().startswith("${"):
            return  # no format (API001's concern), or one that starts with a value known at deploy time
        if not text.lstrip().startswith("{"):
            shown = text.strip()[:40] + ("..." if len(text.strip()) > 40 else "")
            yield self.violation(resource, f"{stage_label(resource, graph)} writes access logs that are not "
                                           f"JSON (Format {shown!r})", *key, "Format")

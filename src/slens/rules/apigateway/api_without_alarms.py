from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str
from slens.model.alarms import missing_metrics

_SNIPPET = ("MyApi5XX:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n    Namespace: AWS/ApiGateway\n"
            "    MetricName: 5XXError  # an HTTP API: 5xx\n"
            "    Dimensions: [{Name: ApiName, Value: my-api}]  # an HTTP API: ApiId\n    Statistic: Sum\n"
            "    Period: 60\n    EvaluationPeriods: 1\n    Threshold: 1\n"
            "    ComparisonOperator: GreaterThanOrEqualToThreshold\n    AlarmActions: [!Ref AlarmTopic]\n"
            "MyHttpApi5xx:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n    Namespace: AWS/ApiGateway\n"
            "    MetricName: 5xx\n    Dimensions: [{Name: ApiId, Value: !Ref MyHttpApi}]\n    Statistic: Sum\n"
            "    Period: 60\n    EvaluationPeriods: 1\n    Threshold: 1\n"
            "    ComparisonOperator: GreaterThanOrEqualToThreshold\n    AlarmActions: [!Ref AlarmTopic]\n"
            "MyHttpApiLatency:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n    Namespace: AWS/ApiGateway\n"
            "    MetricName: Latency\n    Dimensions: [{Name: ApiId, Value: !Ref MyHttpApi}]\n"
            "    ExtendedStatistic: p99\n    Period: 60\n    EvaluationPeriods: 5\n    Threshold: 1000\n"
            "    ComparisonOperator: GreaterThanThreshold\n    AlarmActions: [!Ref AlarmTopic]\n")
_REST = [("5XXError",), ("Latency",)]
_HTTP = [("5xx",), ("Latency",)]


class ApiWithoutAlarms(Rule):
    """API Gateway API without alarms on server errors and latency

    ## What it does
    Flags REST APIs that no alarm of the template watches on `5XXError` and `Latency`
    (dimension `ApiName`, the API's `Name`), and HTTP APIs with no alarm on `5xx` and
    `Latency` (dimension `ApiId`). One finding per API names the missing metrics. Metric-math
    alarms count, and so does a dimension value that cannot be known (an implicit SAM API is
    named after the stack). WebSocket APIs are not judged.

    ## Why it matters
    The Serverless Lens asks you to *understand, analyze, and alert on metrics provided out of
    the box* (OPS 1) and lists API Gateway `5xxError` and `Latency` among the metrics to alert
    on (REL 2). Server errors (failing or timing-out integrations, throttled functions) and
    slow responses are what callers experience; without an alarm they are found by users.

    ## How to fix
    Alarm on `5XXError` (Sum or Average) and on `Latency` (p90/p99) with `ApiName` (REST) or
    `ApiId` (HTTP) and an `AlarmActions` target.

    ## When to ignore
    APIs monitored from another stack or by synthetic canaries can ignore this rule with a
    reason.
    """

    id = "API101"
    name = "api-without-alarms"
    severity = Severity.LOW
    practice = Practices.OPS1_METRICS_ALARMS
    services = (Service.APIGATEWAY, Service.CLOUDWATCH)
    resource_types = ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api")
    fix = {"SAM": _SNIPPET, "CloudFormation": _SNIPPET}

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.type == "AWS::ApiGatewayV2::Api" and as_str(resource.prop("ProtocolType")) == "WEBSOCKET":
            return
        rest = resource.type == "AWS::ApiGateway::RestApi"
        missing = missing_metrics(graph, resource, _REST if rest else _HTTP)
        if missing:
            yield self.violation(resource, f"API {resource.logical_id} has no alarm on {', '.join(missing)}")

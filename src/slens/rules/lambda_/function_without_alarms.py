from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Invocation, Resource
from slens.model.alarms import alarms_for_metric, missing_metrics


def _alarm(metric: str, statistic: str, threshold: int) -> str:
    return (f"MyFunction{metric}:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n"
            f"    Namespace: AWS/Lambda\n    MetricName: {metric}\n"
            "    Dimensions: [{Name: FunctionName, Value: !Ref MyFunction}]\n"
            f"    Statistic: {statistic}\n    Period: 60\n    EvaluationPeriods: 1\n    Threshold: {threshold}\n"
            "    ComparisonOperator: GreaterThanOrEqualToThreshold\n    AlarmActions: [!Ref AlarmTopic]\n")


#: one alarm per metric the rule asks for by default, and the iterator age of a stream consumer
_ALARMS = (_alarm("Errors", "Sum", 1) + _alarm("Throttles", "Sum", 1)
           + "# a Kinesis or DynamoDB stream consumer also (milliseconds):\n" + _alarm("IteratorAge", "Maximum", 60000))
_CUSTOM_RESOURCE = ("AWS::CloudFormation::CustomResource",)


class FunctionWithoutAlarms(Rule):
    """Lambda function without alarms on its errors, throttles or iterator age

    ## What it does
    Flags functions that no CloudWatch alarm of the template watches on `Errors` and
    `Throttles` (option `metrics`), and, for functions triggered by a Kinesis or DynamoDB
    stream, on `IteratorAge` (the stream's `GetRecords.IteratorAgeMilliseconds` counts too).
    One finding per function names every missing metric. An alarm counts when its
    `FunctionName`/`Resource` dimension names the function or one of its aliases, in a plain or
    a metric-math alarm; an account-wide alarm (no dimensions) covers every function; a
    dimension value that cannot be known counts. Custom-resource handlers are skipped.

    ## Why it matters
    The Serverless Lens asks you to *understand, analyze, and alert on metrics provided out of
    the box* (OPS 1, required), and lists Lambda `Errors` and throttling among the metrics to
    alert on (REL 2). Without an alarm, failing or throttled invocations are only noticed when
    a user complains; a growing `IteratorAge` means the consumer falls behind its stream and
    records are about to expire unprocessed.

    ## How to fix
    Add an `AWS::CloudWatch::Alarm` per metric with the `FunctionName` dimension and an
    `AlarmActions` target (an SNS topic), or use a construct or macro that generates them.

    ## When to ignore
    Functions monitored from another stack or an observability tool (alarms not in this
    template) can ignore this rule with a reason, or set `metrics` to the ones you require.
    """

    id = "LAM101"
    name = "function-without-alarms"
    severity = Severity.LOW
    practice = Practices.OPS1_METRICS_ALARMS
    services = (Service.LAMBDA, Service.CLOUDWATCH)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ()
    options = {"metrics": ["Errors", "Throttles"]}
    fix = {"SAM": _ALARMS, "CloudFormation": _ALARMS}

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        metrics = self.option("metrics")
        wanted = [(str(m),) for m in metrics] if isinstance(metrics, list) else []
        missing = missing_metrics(graph, resource, wanted)
        streams = [t.source for t in graph.triggers(resource)
                   if t.invocation is Invocation.STREAM and t.source is not None]
        if streams and not alarms_for_metric(graph, resource, "IteratorAge") and not any(
                alarms_for_metric(graph, s, "GetRecords.IteratorAgeMilliseconds") for s in streams):
            missing.append("IteratorAge")
        if not missing:
            return
        referrers = graph.referrers(resource)
        if any(r.type.startswith("Custom::") or r.type in _CUSTOM_RESOURCE for r in referrers):
            return
        yield self.violation(resource, f"function {resource.logical_id} has no alarm on "
                                       f"{', '.join(missing)}")

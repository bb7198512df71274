from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.alarms import alarms_for_metric
from slens.model.failures import is_dead_letter_target

_SNIPPET = ("MyQueueAge:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n    Namespace: AWS/SQS\n"
            "    MetricName: ApproximateAgeOfOldestMessage\n"
            "    Dimensions: [{Name: QueueName, Value: !GetAtt MyQueue.QueueName}]\n"
            "    Statistic: Maximum\n    Period: 60\n    EvaluationPeriods: 5\n    Threshold: 300\n"
            "    ComparisonOperator: GreaterThanThreshold\n    AlarmActions: [!Ref AlarmTopic]\n")
_AGE = "ApproximateAgeOfOldestMessage"


class QueueWithoutAgeAlarm(Rule):
    """SQS queue without an alarm on the age of its oldest message

    ## What it does
    Flags `AWS::SQS::Queue` resources that are not a dead-letter queue (the same queues
    SQS001 recognises as one; SQS102 asks those for a depth alarm) and that no alarm of the
    template watches on `ApproximateAgeOfOldestMessage` (dimension `QueueName`, in a plain or
    a metric-math alarm; a value that cannot be known counts).

    ## Why it matters
    The Serverless Lens asks you to *understand, analyze, and alert on metrics provided out of
    the box* (OPS 1) and names `ApproximateAgeOfOldestMessage` as the SQS metric to alert on
    (REL 2). A rising age is the first sign that consumers fail, are throttled or cannot keep
    up with a burst; messages older than the retention period are deleted unprocessed.

    ## How to fix
    Alarm on `ApproximateAgeOfOldestMessage` (Maximum) above a threshold well below the
    queue's `MessageRetentionPeriod`, with an `AlarmActions` target.

    ## When to ignore
    Queues monitored from another stack, and buffers whose backlog is expected to grow (a
    queue drained by a scheduled batch job), can ignore this rule with a reason.
    """

    id = "SQS101"
    name = "queue-without-age-alarm"
    severity = Severity.LOW
    practice = Practices.OPS1_METRICS_ALARMS
    services = (Service.SQS, Service.CLOUDWATCH)
    resource_types = ("AWS::SQS::Queue",)
    fix = {"SAM": _SNIPPET, "CloudFormation": _SNIPPET}

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if is_dead_letter_target(graph, resource) or alarms_for_metric(graph, resource, _AGE):
            return
        consumers = ", ".join(fn.logical_id for fn in graph.consumers(resource))
        detail = f" (consumed by {consumers})" if consumers else ""
        yield self.violation(resource, f"queue {resource.logical_id}{detail} has no alarm on "
                                       "ApproximateAgeOfOldestMessage: a growing backlog goes unnoticed")

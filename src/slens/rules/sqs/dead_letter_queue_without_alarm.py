from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Relation, Resource
from slens.model.alarms import alarms_for_metric

_SNIPPET = ("MyDLQDepth:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n    Namespace: AWS/SQS\n"
            "    MetricName: ApproximateNumberOfMessagesVisible\n"
            "    Dimensions: [{Name: QueueName, Value: !GetAtt MyDLQ.QueueName}]\n"
            "    Statistic: Maximum\n    Period: 60\n    EvaluationPeriods: 1\n    Threshold: 0\n"
            "    ComparisonOperator: GreaterThanThreshold\n    AlarmActions: [!Ref AlarmTopic]\n")
_DEPTH = ("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage")


class DeadLetterQueueWithoutAlarm(Rule):
    """Dead-letter queue without an alarm on its depth

    ## What it does
    Flags SQS queues that receive another resource's failures (a queue's redrive target, a
    function's `DeadLetterConfig`, an on-failure destination, an SNS subscription's or an
    EventBridge target's DLQ) when no alarm of the template watches their
    `ApproximateNumberOfMessagesVisible` or `ApproximateAgeOfOldestMessage`. When no other
    queue redrives into it, an alarm on `NumberOfMessagesSent` counts too (messages moved by an
    SQS redrive are not counted in `NumberOfMessagesSent`, so it does not for those).

    ## Why it matters
    The Serverless Lens asks you to *understand, analyze, and alert on metrics provided out of
    the box* (OPS 1) and to *manage transaction, partial, and intermittent failures* (REL 2). A
    DLQ nobody watches only postpones the loss: failed events pile up unseen and are deleted
    when the retention period (at most 14 days) ends.

    ## How to fix
    Alarm on `ApproximateNumberOfMessagesVisible` (Maximum) `> 0` with an `AlarmActions`
    target, and redrive or inspect the messages when it fires.

    ## When to ignore
    DLQs drained automatically by a redrive function or monitored from another stack can ignore
    this rule with a reason.
    """

    id = "SQS102"
    name = "dead-letter-queue-without-alarm"
    severity = Severity.MEDIUM
    practice = Practices.OPS1_METRICS_ALARMS
    services = (Service.SQS, Service.CLOUDWATCH)
    resource_types = ("AWS::SQS::Queue",)
    fix = {"SAM": _SNIPPET, "CloudFormation": _SNIPPET}

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if not graph.is_failure_target(resource):
            return
        sources = [e.source for e in graph.incoming(resource, Relation.SENDS_FAILURES_TO)]
        redriven = any(s.type == "AWS::SQS::Queue" for s in sources)
        metrics = _DEPTH if redriven else (*_DEPTH, "NumberOfMessagesSent")
        if alarms_for_metric(graph, resource, *metrics):
            return
        names = ", ".join(sorted({s.logical_id for s in sources}))
        yield self.violation(resource, f"dead-letter queue {resource.logical_id} (failures of {names}) has "
                                       "no alarm on ApproximateNumberOfMessagesVisible: failed events "
                                       "expire unseen")

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.alarms import alarms_for_metric
from slens.model.failures import FailureKind, failure_sources, is_dead_letter_target

_SNIPPET = ("MyDeadLetterQueueDepth:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n    Namespace: AWS/SQS\n"
            "    MetricName: ApproximateNumberOfMessagesVisible\n"
            "    Dimensions: [{Name: QueueName, Value: !GetAtt MyDeadLetterQueue.QueueName}]\n"
            "    Statistic: Maximum\n    Period: 60\n    EvaluationPeriods: 1\n    Threshold: 0\n"
            "    ComparisonOperator: GreaterThanThreshold\n    AlarmActions: [!Ref AlarmTopic]\n")
_DEPTH = ("ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage")


class DeadLetterQueueWithoutAlarm(Rule):
    """Dead-letter queue without an alarm on its depth

    ## What it does
    Flags SQS queues that receive another resource's failures (a queue's redrive target, a
    function's `DeadLetterConfig`, an on-failure destination, an SNS subscription's, an
    EventBridge target's or a pipe's DLQ, a Step Functions `sqs:sendMessage` task only reached
    through a `Catch`), or that a `RedriveAllowPolicy` declares a DLQ, when no alarm of the
    template watches their `ApproximateNumberOfMessagesVisible` or
    `ApproximateAgeOfOldestMessage`: the same queues SQS001 and SQS101 leave out. When no other
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
        if not is_dead_letter_target(graph, resource):
            return
        paths = failure_sources(graph, resource)
        # a redrive policy may also name it from another stack: only NumberOfMessagesSent misses those
        redriven = not paths or any(p.kind is FailureKind.SQS_REDRIVE for p in paths)
        metrics = _DEPTH if redriven else (*_DEPTH, "NumberOfMessagesSent")
        if alarms_for_metric(graph, resource, *metrics):
            return
        names = ", ".join(sorted({p.source.logical_id for p in paths}))
        of = f"failures of {names}" if names else "declared by its RedriveAllowPolicy"
        yield self.violation(resource, f"dead-letter queue {resource.logical_id} ({of}) has no alarm on "
                                       "ApproximateNumberOfMessagesVisible: failed events expire unseen")

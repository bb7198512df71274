from collections.abc import Iterator

from slens.engine import Rule, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Relation, Resource


class FailureTargetWithoutAlarm(Rule):
    """Dead-letter queue or on-failure destination without an alarm

    ## What it does
    Flags SQS queues and SNS topics that receive another resource's failures (a queue's
    redrive target, a function's dead-letter queue or on-failure destination, an event
    source mapping's or an EventBridge target's or an SNS subscription's dead-letter queue)
    when no CloudWatch alarm of the template watches them (by `QueueName` or `TopicName`
    dimension).

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). A dead-letter queue keeps what failed, but nobody looks at it unless something
    says it is not empty: failed orders pile up unseen until they expire.

    ## How to fix
    Add an `AWS::CloudWatch::Alarm` on `ApproximateNumberOfMessagesVisible` (queues) or
    `NumberOfMessagesPublished` (topics) greater than 0, with an action that reaches a person.

    ## When to ignore
    Failure targets watched by alarms defined in another stack or by a monitoring tool can
    ignore this rule with a reason.
    """

    id = "SQS301"
    name = "failure-target-without-alarm"
    severity = Severity.LOW
    practice = Practices.REL2_FAILURES
    services = ("sqs", "sns", "cloudwatch")
    resource_types = ("AWS::SQS::Queue", "AWS::SNS::Topic")
    fix = {
        "SAM": "DeadLetterAlarm:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n    Namespace: AWS/SQS\n"
               "    MetricName: ApproximateNumberOfMessagesVisible\n    Dimensions:\n      - Name: QueueName\n"
               "        Value: !GetAtt MyDeadLetterQueue.QueueName\n    Statistic: Maximum\n    Period: 60\n"
               "    EvaluationPeriods: 1\n    Threshold: 0\n    ComparisonOperator: GreaterThanThreshold\n"
               "    AlarmActions: [!Ref OnCallTopic]\n",
        "CloudFormation": "DeadLetterAlarm:\n  Type: AWS::CloudWatch::Alarm\n  Properties:\n"
                          "    Namespace: AWS/SQS\n    MetricName: ApproximateNumberOfMessagesVisible\n"
                          "    Dimensions:\n      - Name: QueueName\n"
                          "        Value: !GetAtt MyDeadLetterQueue.QueueName\n    Statistic: Maximum\n"
                          "    Period: 60\n    EvaluationPeriods: 1\n    Threshold: 0\n"
                          "    ComparisonOperator: GreaterThanThreshold\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        senders = sorted({e.source.logical_id for e in graph.incoming(resource, Relation.SENDS_FAILURES_TO)})
        if not senders or graph.alarms_on(resource):
            return
        kind = "queue" if resource.type == "AWS::SQS::Queue" else "topic"
        yield self.violation(resource, f"{kind} {resource.logical_id} receives the failures of "
                                       f"{', '.join(senders)} but no alarm watches it: failed events pile up "
                                       "unseen")

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.failures import is_dead_letter_target

_SNIPPET = ("MyQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n    RedrivePolicy:\n"
            "      deadLetterTargetArn: !GetAtt MyDeadLetterQueue.Arn\n      maxReceiveCount: 5\n"
            "MyDeadLetterQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n"
            "    MessageRetentionPeriod: 1209600\n")


class QueueWithoutRedrivePolicy(Rule):
    """SQS queue without a dead-letter queue (redrive policy)

    ## What it does
    Flags `AWS::SQS::Queue` resources without `RedrivePolicy`, except queues that are
    themselves dead-letter queues: the target of another queue's redrive policy (written as
    a mapping, as JSON text or as a `!Sub` of JSON text), of a function's `DeadLetterConfig`,
    of an on-failure destination (event invoke config or event source mapping), of an SNS
    subscription's redrive policy, of an EventBridge target's or pipe's `DeadLetterConfig`,
    or of a Step Functions `sqs:sendMessage` task only reached through a `Catch`, and queues
    whose `RedriveAllowPolicy` lets other queues use them as their DLQ. Dead-letter queues
    need a depth alarm instead (SQS102).

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent
    failures* (REL 2). A message its consumer keeps failing on (a "poison pill") returns to
    the queue after every visibility timeout until it expires, costing an invocation each
    time, delaying the messages behind it in a FIFO queue and then vanishing. A redrive
    policy moves it to a dead-letter queue after `maxReceiveCount` attempts, where it can be
    alarmed on, inspected and redriven.

    ## How to fix
    Add `RedrivePolicy: {deadLetterTargetArn: <DLQ ARN>, maxReceiveCount: 5}` and a
    CloudWatch alarm on the DLQ's `ApproximateNumberOfMessagesVisible`. Give the DLQ a
    longer `MessageRetentionPeriod` than the source queue.

    ## When to ignore
    Queues that are a DLQ for resources outside this template (another stack's queues or
    functions), and queues whose messages can be lost without harm, can ignore this rule
    with a reason.
    """

    id = "SQS001"
    name = "queue-without-redrive-policy"
    severity = Severity.MEDIUM
    practice = Practices.REL2_FAILURES
    services = (Service.SQS,)
    resource_types = ("AWS::SQS::Queue",)
    equivalents = ("serverless-rules:ES6000", "cdk-nag:Serverless-SQSRedrivePolicy",
                   "cdk-nag:AwsSolutions-SQS3")
    fix = {"SAM": "MyQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n    RedrivePolicy:\n"
                  "      deadLetterTargetArn: !GetAtt MyDeadLetterQueue.Arn\n      maxReceiveCount: 5\n"
                  "MyDeadLetterQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n"
                  "    MessageRetentionPeriod: 1209600\n"
                  "MyFunction:  # an SNS event's queue (SqsSubscription): your own, with the RedrivePolicy above\n"
                  "  Type: AWS::Serverless::Function\n  Properties:\n    Events:\n      Upload:\n"
                  "        Type: SNS\n        Properties:\n          Topic: !Ref UploadTopic\n"
                  "          SqsSubscription:\n            QueueArn: !GetAtt MyQueue.Arn\n"
                  "            QueueUrl: !Ref MyQueue\n",
           "CloudFormation": _SNIPPET}

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        # a dead-letter queue (of a queue, function, subscription, target, pipe or a state machine's
        # Catch path, or declared so by its RedriveAllowPolicy) needs no DLQ of its own
        if resource.has("RedrivePolicy") or is_dead_letter_target(graph, resource):
            return
        consumers = ", ".join(fn.logical_id for fn in graph.consumers(resource))
        detail = f" (consumed by {consumers})" if consumers else ""
        yield self.violation(resource, f"queue {resource.logical_id}{detail} has no RedrivePolicy: a message "
                                       "that keeps failing is retried until it expires, then lost",
                             "RedrivePolicy")

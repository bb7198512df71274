from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_bool
from slens.model.failures import QUEUE, FailureKind, failure_destinations
from slens.model.flows import queue_retention


def _days(seconds: int) -> str:
    return f"{seconds / 86400:g} days" if seconds % 3600 == 0 else f"{seconds} s"


class DeadLetterQueueRetentionTooShort(Rule):
    """Dead-letter queue keeping messages no longer than its source queue

    ## What it does
    Flags standard SQS queues whose `RedrivePolicy` moves messages to a dead-letter queue
    whose `MessageRetentionPeriod` is not longer than the source queue's (both default to
    4 days). FIFO queues are not flagged: moving a message to a FIFO dead-letter queue
    resets its age.

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). A message's retention in a standard dead-letter queue counts from when it was
    first sent to the source queue. A message that failed for 3 days in a 4-day source queue
    has one day left in a DLQ with the same retention: it may expire before anyone
    investigates or redrives it.

    ## How to fix
    Give the dead-letter queue a longer `MessageRetentionPeriod` than the source queue;
    1209600 (14 days, the maximum) is the usual choice.

    ## When to ignore
    Dead-letter queues drained automatically by a redrive process that runs well within the
    retention can ignore this rule with a reason.
    """

    id = "SQS302"
    name = "dead-letter-queue-retention-too-short"
    severity = Severity.LOW
    practice = Practices.REL2_FAILURES
    services = (Service.SQS,)
    resource_types = ("AWS::SQS::Queue",)
    fix = {
        "SAM": "MyQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n"
               "    MessageRetentionPeriod: 345600  # 4 days: less than its dead-letter queue keeps\n"
               "    RedrivePolicy:\n      deadLetterTargetArn: !GetAtt MyDeadLetterQueue.Arn\n"
               "MyDeadLetterQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n"
               "    MessageRetentionPeriod: 1209600  # 14 days, the maximum\n",
        "CloudFormation": "MyQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n"
                          "    MessageRetentionPeriod: 345600  # 4 days: less than its dead-letter queue keeps\n"
                          "    RedrivePolicy:\n      deadLetterTargetArn: !GetAtt MyDeadLetterQueue.Arn\n"
                          "MyDeadLetterQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n"
                          "    MessageRetentionPeriod: 1209600  # 14 days, the maximum\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if as_bool(resource.prop("FifoQueue")) is not False and resource.has("FifoQueue"):
            return
        dlq = next((p.destination for p in failure_destinations(graph, resource)
                    if p.kind is FailureKind.SQS_REDRIVE and p.destination.type == QUEUE), None)
        if dlq is None:
            return
        source, kept = queue_retention(resource), queue_retention(dlq)
        if source is None or kept is None or kept > source:
            return
        yield self.violation(resource, f"queue {resource.logical_id} keeps messages {_days(source)} and its "
                                       f"dead-letter queue {dlq.logical_id} only {_days(kept)}: a message's age "
                                       "carries over, so messages that failed late expire from the DLQ almost "
                                       "at once", "RedrivePolicy")

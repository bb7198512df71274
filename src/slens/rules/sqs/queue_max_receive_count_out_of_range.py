from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_int
from slens.model.failures import redrive_policy


class QueueMaxReceiveCountOutOfRange(Rule):
    """SQS redrive policy that never retries, or retries almost forever

    ## What it does
    Flags queues whose `RedrivePolicy.maxReceiveCount` is 1, or above the `max_receive_count`
    option (default 100).

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). With a count of 1, any transient error, and any throttled Lambda poll, sends a
    message straight to the dead-letter queue. With hundreds of receives, a poison message
    costs an invocation per visibility timeout for days before it is set aside.

    ## How to fix
    Use a small count that survives transient errors and throttling, typically 3 to 10 (at
    least 5 for queues feeding Lambda functions).

    ## When to ignore
    Queues whose consumer must never see a message twice (and is not a Lambda poller) can
    keep a count of 1 with a reason; set `max_receive_count` for a different upper bound.
    """

    id = "SQS303"
    name = "queue-max-receive-count-out-of-range"
    severity = Severity.LOW
    practice = Practices.REL2_FAILURES
    services = (Service.SQS,)
    resource_types = ("AWS::SQS::Queue",)
    options = {"max_receive_count": 100}
    fix = {
        "SAM": "MyQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n    RedrivePolicy:\n"
               "      deadLetterTargetArn: !GetAtt MyDeadLetterQueue.Arn\n      maxReceiveCount: 5\n",
        "CloudFormation": "MyQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n    RedrivePolicy:\n"
                          "      deadLetterTargetArn: !GetAtt MyDeadLetterQueue.Arn\n      maxReceiveCount: 5\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        count = as_int(redrive_policy(resource).get("maxReceiveCount"))
        limit = int(str(self.option("max_receive_count")))
        if count is None or 1 < count <= limit:
            return
        why = ("the first failure, or a throttled Lambda poll, sends a message to the dead-letter queue"
               if count <= 1 else f"a poison message is received more than {limit} times before it is set aside")
        yield self.violation(resource, f"queue {resource.logical_id} has maxReceiveCount {count}: {why}",
                             "RedrivePolicy", "maxReceiveCount")

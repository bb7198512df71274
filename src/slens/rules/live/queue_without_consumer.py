from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.failures import is_dead_letter_target


class QueueWithoutConsumer(Rule):
    """Deployed SQS queue that no function reads

    ## What it does
    Live review only. Flags deployed queues that no Lambda event source mapping reads,
    when the account's event source mappings were read. Dead-letter queues (the failure
    target of a queue, function, subscription or rule) are not expected to have a consumer
    and are left out.

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent
    failures* (REL 2): a queue nobody reads keeps every message until its retention period
    ends and then drops it without a trace, so whatever sends to it fails silently. It is
    also a sign of an abandoned integration or a mapping deleted by hand.

    ## How to fix
    Give the queue its consumer (an `AWS::Lambda::EventSourceMapping` or a SAM `SQS`
    event), or delete the queue and whatever still sends to it.

    ## When to ignore
    Queues read by something outside Lambda, which the live review cannot see: EC2
    instances, containers (ECS, EKS), EventBridge Pipes, Step Functions tasks, or an
    application in another account. Ignore them by name with that reason.
    """

    id = "LIV301"
    name = "queue-without-consumer"
    severity = Severity.MEDIUM
    practice = Practices.REL2_FAILURES
    services = (Service.SQS, Service.LAMBDA)
    resource_types = ("AWS::SQS::Queue",)
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Events:\n      Jobs:\n"
               "        Type: SQS\n        Properties:\n          Queue: !GetAtt JobsQueue.Arn\n",
        "CloudFormation": "JobsMapping:\n  Type: AWS::Lambda::EventSourceMapping\n  Properties:\n"
                          "    EventSourceArn: !GetAtt JobsQueue.Arn\n    FunctionName: !Ref MyFunction\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.metadata.get("aws:consumersRead") is not True:
            return  # a template (its consumers may be elsewhere), or mappings that could not be read
        if graph.consumers(resource) or is_dead_letter_target(graph, resource):
            return
        yield self.violation(resource, f"queue {resource.logical_id} has no consumer: no Lambda event source "
                                       "mapping reads it, so its messages expire unread (unless something "
                                       "outside Lambda reads it)")

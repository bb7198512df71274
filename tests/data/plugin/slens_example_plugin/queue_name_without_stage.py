from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource


class QueueNameWithoutStage(Rule):
    """Queue name that does not carry the stage

    ## What it does
    Flags queues whose literal `QueueName` has no `-dev`, `-test` or `-prod` suffix.

    ## Why it matters
    OPS 2 asks for stages isolated in separate environments; a fixed name collides.

    ## How to fix
    Add the stage to the name with `!Sub`.

    ## When to ignore
    Single-stage accounts.
    """

    id = "ACME001"
    name = "queue-name-without-stage"
    severity = Severity.MEDIUM
    practice = Practices.OPS2_IAC_STAGES
    services = (Service.SQS,)
    resource_types = ("AWS::SQS::Queue",)
    fix = {"SAM": "QueueName: !Sub jobs-${Stage}\n", "CloudFormation": "QueueName: !Sub jobs-${Stage}\n"}

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        name = resource.str_prop("QueueName")
        if name and not name.endswith(("-dev", "-test", "-prod")):
            yield self.violation(resource, f"queue name {name} does not carry the stage", "QueueName")

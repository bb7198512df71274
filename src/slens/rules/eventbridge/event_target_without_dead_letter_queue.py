from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str, is_unknown, lookup, text_of


class EventTargetWithoutDeadLetterQueue(Rule):
    """EventBridge rule target without a dead-letter queue

    ## What it does
    Flags every target of an `AWS::Events::Rule` that has no `DeadLetterConfig.Arn`,
    including the rules SAM generates for `EventBridgeRule`, `Schedule` and
    `CloudWatchEvent` function events (SAM: `DeadLetterConfig` on the event).

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent
    failures* (REL 2). EventBridge retries a target for up to 24 hours; when the target
    keeps failing (a deleted function, missing permissions, throttling), or retries run
    out, the event is dropped silently unless the target has a dead-letter queue to keep it
    for inspection and replay.

    ## How to fix
    Give each target a `DeadLetterConfig: {Arn: <queue ARN>}` (and a queue policy letting
    `events.amazonaws.com` send to it). In SAM, add `DeadLetterConfig: {Type: SQS}` to the
    function event and SAM creates the queue and its policy.

    ## When to ignore
    Targets whose events can be lost without harm (a periodic cache warm-up, a schedule that
    runs again soon) can ignore this rule with a reason.
    """

    id = "EVB001"
    name = "event-target-without-dead-letter-queue"
    severity = Severity.MEDIUM
    practice = Practices.REL2_FAILURES
    services = (Service.EVENTBRIDGE,)
    resource_types = ("AWS::Events::Rule",)
    equivalents = ("serverless-rules:ES4000", "cdk-nag:Serverless-EventBusDLQ")
    fix = {
        "SAM": (
            "MyFunction:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Properties:\n"
            "    Events:\n"
            "      OrderPlaced:\n"
            "        Type: EventBridgeRule\n"
            "        Properties:\n"
            "          Pattern: {source: [orders]}\n"
            "          DeadLetterConfig:\n"
            "            Type: SQS\n"
            "      Nightly:  # a Schedule event takes the same setting\n"
            "        Type: Schedule\n"
            "        Properties:\n"
            "          Schedule: cron(0 2 * * ? *)\n"
            "          DeadLetterConfig:\n"
            "            Type: SQS\n"
        ),
        "CloudFormation": (
            "MyRule:\n"
            "  Type: AWS::Events::Rule\n"
            "  Properties:\n"
            "    Targets:\n"
            "      - Id: orders\n"
            "        Arn: !GetAtt MyFunction.Arn\n"
            "        DeadLetterConfig:\n"
            "          Arn: !GetAtt MyDeadLetterQueue.Arn\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        targets = resource.prop("Targets")
        if not isinstance(targets, list):
            return
        for index, target in enumerate(targets):
            if not isinstance(target, dict) or is_unknown(target.get("DeadLetterConfig")) \
                    or lookup(target, ("DeadLetterConfig", "Arn")) is not None:
                continue
            dest = graph.resolve(target.get("Arn"))
            name = dest.logical_id if dest is not None else (
                text_of(target.get("Arn")) or as_str(target.get("Id")) or str(index))
            yield self.violation(resource, f"rule {resource.logical_id} sends events to target {name} "
                                           "with no dead-letter queue (DeadLetterConfig.Arn is not set): "
                                           "events that cannot be delivered are dropped",
                                 "Targets", index)

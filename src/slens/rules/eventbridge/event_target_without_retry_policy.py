from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str, is_unknown, text_of


class EventTargetWithoutRetryPolicy(Rule):
    """EventBridge rule target left at the default retry policy

    ## What it does
    Flags targets of `AWS::Events::Rule` (SAM `EventBridgeRule`, `Schedule` and
    `CloudWatchEvent` events) that set no `RetryPolicy`.

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). By default EventBridge retries a failing delivery for 24 hours and up to 185
    times. That may suit a durable business event; it does not suit an event that is stale
    after minutes, or a target that is down and should not be hammered. The retry budget
    should be chosen per target, together with its dead-letter queue (EVB001).

    ## How to fix
    Set `RetryPolicy: {MaximumRetryAttempts: <0-185>, MaximumEventAgeInSeconds: <60-86400>}`
    on the target (SAM: `RetryPolicy` on the event).

    ## When to ignore
    This is informational: targets for which the defaults were chosen deliberately can
    ignore it, or record the choice by writing the defaults explicitly.
    """

    id = "EVB301"
    name = "event-target-without-retry-policy"
    severity = Severity.INFO
    opt_in = True
    practice = Practices.REL2_FAILURES
    services = (Service.EVENTBRIDGE,)
    resource_types = ("AWS::Events::Rule",)
    fix = {
        "SAM": "Events:\n  OrderPlaced:\n    Type: EventBridgeRule\n    Properties:\n"
               "      Pattern: {source: [orders]}\n      RetryPolicy:\n        MaximumRetryAttempts: 5\n"
               "        MaximumEventAgeInSeconds: 3600\n",
        "CloudFormation": "MyRule:\n  Type: AWS::Events::Rule\n  Properties:\n    Targets:\n"
                          "      - Id: orders\n        Arn: !GetAtt MyFunction.Arn\n        RetryPolicy:\n"
                          "          MaximumRetryAttempts: 5\n          MaximumEventAgeInSeconds: 3600\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        targets = resource.prop("Targets")
        if not isinstance(targets, list):
            return
        for index, target in enumerate(targets):
            if not isinstance(target, dict) or target.get("RetryPolicy") is not None \
                    or is_unknown(target.get("RetryPolicy")):
                continue
            dest = graph.resolve(target.get("Arn"))
            name = dest.logical_id if dest is not None else (
                text_of(target.get("Arn")) or as_str(target.get("Id")) or str(index))
            yield self.violation(resource, f"rule {resource.logical_id} sends events to target {name} with the "
                                           "default retry policy (185 attempts over 24 hours): set RetryPolicy "
                                           "deliberately", "Targets", index)

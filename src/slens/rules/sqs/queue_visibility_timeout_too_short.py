from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_int

DEFAULT_VISIBILITY_TIMEOUT = 30
DEFAULT_FUNCTION_TIMEOUT = 3
FACTOR = 6


def _seconds(resource: Resource, key: str, default: int) -> int | None:
    """The property's literal seconds, its default when unset, None when it cannot be known."""
    value = resource.prop(key)
    return default if value is None else as_int(value)


class QueueVisibilityTimeoutTooShort(Rule):
    """SQS queue visibility timeout shorter than six times its consumer's timeout

    ## What it does
    Flags queues that trigger a Lambda function (through an event source mapping or a SAM
    `SQS` event) whose `VisibilityTimeout` (30 s when not set) is below six times the
    function's `Timeout` (3 s when not set), the minimum AWS recommends for SQS event
    sources.

    ## Why it matters
    The Serverless Lens asks you to *manage duplicate and unwanted events* (REL 2). Lambda
    hides a batch for the visibility timeout while the function works on it; the extra
    time over the function timeout lets Lambda retry when the function is throttled. With a
    shorter timeout, messages become visible again while they are still being processed
    and are delivered a second time, to the same or another concurrent invocation:
    duplicate side effects, and messages moved to the DLQ before they really failed.
    (A visibility timeout below the function timeout even makes the event source mapping
    fail to deploy.)

    ## How to fix
    Set the queue's `VisibilityTimeout` to at least six times the function's `Timeout`, or
    lower the function timeout. Make the consumer idempotent anyway: SQS delivers at
    least once.

    ## When to ignore
    Functions that never get near their timeout and are never throttled (reserved
    concurrency well above the queue's load) can ignore this rule with a reason.
    """

    id = "SQS002"
    name = "queue-visibility-timeout-too-short"
    severity = Severity.HIGH
    practice = Practices.REL2_DUPLICATES
    services = (Service.SQS, Service.LAMBDA)
    resource_types = ("AWS::SQS::Queue",)
    equivalents = ("cdk-nag:LambdaEventSourceSQSVisibilityTimeout",)
    fix = {
        "SAM": "MyQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n"
               "    VisibilityTimeout: 180  # 6 x the function's Timeout (30)\n",
        "CloudFormation": "MyQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n"
                          "    VisibilityTimeout: 360  # 6 x the Timeout of its slowest consumer (60 s)\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        visibility = _seconds(resource, "VisibilityTimeout", DEFAULT_VISIBILITY_TIMEOUT)
        if visibility is None:
            return
        worst: tuple[int, Resource] | None = None
        for fn in graph.consumers(resource):
            timeout = _seconds(fn, "Timeout", DEFAULT_FUNCTION_TIMEOUT)
            if timeout is None or visibility >= FACTOR * timeout:
                continue
            if worst is None or timeout > worst[0]:
                worst = (timeout, fn)
        if worst is None:
            return
        timeout, fn = worst
        set_by = "" if resource.has("VisibilityTimeout") else " (the default)"
        fn_set_by = "" if fn.has("Timeout") else " (the default)"
        message = (f"queue {resource.logical_id} has a visibility timeout of {visibility} s{set_by}, below "
                   f"{FACTOR} x the {timeout} s timeout{fn_set_by} of its consumer {fn.logical_id}: set it to "
                   f"at least {FACTOR * timeout} s")
        if visibility < timeout:
            message += " (below the function timeout itself, Lambda refuses to create the event source mapping)"
        yield self.violation(resource, message, "VisibilityTimeout")

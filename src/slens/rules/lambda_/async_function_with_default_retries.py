from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Invocation, Resource
from slens.model.failures import has_failure_destination


class AsyncFunctionWithDefaultRetries(Rule):
    """Asynchronously invoked function left at the default retries and event age

    ## What it does
    Flags functions invoked asynchronously (S3, SNS, EventBridge, ... as in LAM006) that have
    no `AWS::Lambda::EventInvokeConfig` (SAM `EventInvokeConfig`) setting
    `MaximumRetryAttempts` or `MaximumEventAgeInSeconds`. A function without a dead-letter
    queue or on-failure destination is left to LAM006, which reports the graver problem of the
    two: it is asked for the destination first, and for its retries once it has one.

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). By default Lambda retries a failed event twice and keeps a throttled event for
    up to six hours. Whether that suits the function is a decision: a non-idempotent
    function should not be retried blindly, a time-sensitive event is worthless after a
    minute, and a flaky dependency may deserve the retries.

    ## How to fix
    Add an event invoke config with the retries (0-2) and the maximum event age (60-21600 s)
    the function's idempotency and the event's shelf life call for.

    ## When to ignore
    This is informational: functions for which the defaults were chosen deliberately can
    ignore it, or record the choice by writing the defaults explicitly.
    """

    id = "LAM304"
    name = "async-function-with-default-retries"
    severity = Severity.INFO
    opt_in = True
    practice = Practices.REL2_FAILURES
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    related = ("LAM006",)
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    EventInvokeConfig:\n"
               "      MaximumRetryAttempts: 1\n      MaximumEventAgeInSeconds: 3600\n",
        "CloudFormation": "MyFunctionInvokeConfig:\n  Type: AWS::Lambda::EventInvokeConfig\n  Properties:\n"
                          "    FunctionName: !Ref MyFunction\n    Qualifier: $LATEST\n"
                          "    MaximumRetryAttempts: 1\n    MaximumEventAgeInSeconds: 3600\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        invokers = sorted({t.service for t in graph.triggers(resource) if t.invocation is Invocation.ASYNC})
        if not invokers or not has_failure_destination(graph, resource):
            return  # no destination: LAM006 reports the function
        if any(c.has("MaximumRetryAttempts") or c.has("MaximumEventAgeInSeconds")
               for c in graph.invoke_configs(resource)):
            return
        yield self.violation(resource, f"function {resource.logical_id} is invoked asynchronously by "
                                       f"{', '.join(invokers)} with the default retries (2) and maximum event "
                                       "age (6 hours): set them deliberately in an event invoke config")

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource


class FunctionWithDefaultTimeout(Rule):
    """Lambda function left at the default timeout

    ## What it does
    Flags functions that do not set `Timeout` (directly, or through SAM `Globals`), so they
    run with Lambda's default of 3 seconds.

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2), and timeouts are the first tool for that: each function's timeout should be
    chosen against what it calls and what calls it (an API Gateway integration gives up
    after 29 s, an SQS queue's visibility timeout should be at least six times the
    function's). The 3 s default is a placeholder, not a decision: too short for slow
    dependencies, and it says nothing about how the caller copes.

    ## How to fix
    Set `Timeout` (seconds) per function, or once under `Globals.Function` in SAM, from the
    function's measured duration plus the time its slowest dependency may take.

    ## When to ignore
    Never silently: if 3 seconds is the right budget, write `Timeout: 3` to record it.
    """

    id = "LAM003"
    name = "function-with-default-timeout"
    severity = Severity.LOW
    practice = Practices.REL2_FAILURES
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("serverless-rules:ES1006", "cdk-nag:Serverless-LambdaDefaultTimeout")
    fix = {
        "SAM": "Globals:\n  Function:\n    Timeout: 10\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n    Timeout: 10\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if not resource.has("Timeout"):
            yield self.violation(resource, f"function {resource.logical_id} does not set Timeout and runs "
                                           "with the 3 second default", "Timeout")

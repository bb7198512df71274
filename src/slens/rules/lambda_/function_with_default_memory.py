from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource


class FunctionWithDefaultMemory(Rule):
    """Lambda function left at the default memory size

    ## What it does
    Flags functions that do not set `MemorySize` (directly, or through SAM `Globals`), so
    they run with Lambda's default of 128 MB.

    ## Why it matters
    The Serverless Lens asks you to *measure, evaluate, and select optimum capacity units*
    (PERF 1). Memory also sets the CPU share and network bandwidth of a function: the
    128 MB default is rarely the best trade-off between speed and cost, and leaving it unset
    usually means nobody has measured it.

    ## How to fix
    Set `MemorySize` to a value chosen by measurement (AWS Lambda Power Tuning runs the
    function at several sizes and charts cost against duration), per function or once
    under `Globals.Function` in SAM.

    ## When to ignore
    Small glue functions that were measured and are fastest and cheapest at 128 MB: set
    `MemorySize: 128` explicitly to record that decision instead of ignoring the rule.
    """

    id = "LAM002"
    name = "function-with-default-memory"
    severity = Severity.LOW
    practice = Practices.PERF1_CAPACITY
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("serverless-rules:ES1005", "cdk-nag:Serverless-LambdaDefaultMemorySize")
    fix = {
        "SAM": "Globals:\n  Function:\n    MemorySize: 512\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n    MemorySize: 512\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if not resource.has("MemorySize"):
            yield self.violation(resource, f"function {resource.logical_id} does not set MemorySize and runs "
                                           "with the 128 MB default", "MemorySize")

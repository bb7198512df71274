from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.rules.lambda_.context import heavy_runtime, is_image, object_work


class FunctionWithDefaultMemory(Rule):
    """Lambda function left at the default memory size

    ## What it does
    Flags functions that do not set `MemorySize` (directly, or through SAM `Globals`), so
    they run with Lambda's default of 128 MB, when the function shows signs of memory- or
    CPU-bound work: a Java (`java*`) or .NET (`dotnet*`) runtime, a container image
    (`PackageType: Image`), or S3 objects to process (an S3 trigger, an S3 Object Lambda access
    point: image and document work). Light handlers at the default (one or two SDK calls, however long
    they wait on I/O: a long `Timeout` is no sign of CPU-bound work, the precision benchmark
    found) are not reported; option `everywhere = true` reports every function
    that does not set `MemorySize`.

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
    A function of that kind that was measured and is fastest and cheapest at 128 MB: set
    `MemorySize: 128` explicitly to record that decision instead of ignoring the rule. Teams
    that want a measured size on every function, light handlers included, set
    `[tool.slens.rules.LAM002] everywhere = true`.
    """

    id = "LAM002"
    name = "function-with-default-memory"
    severity = Severity.LOW
    practice = Practices.PERF1_CAPACITY
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("serverless-rules:ES1005", "cdk-nag:Serverless-LambdaDefaultMemorySize")
    options = {"everywhere": False}
    fix = {
        "SAM": "Globals:\n  Function:\n    MemorySize: 512\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n    MemorySize: 512\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.has("MemorySize"):
            return
        message = f"function {resource.logical_id} does not set MemorySize and runs with the 128 MB default"
        reason = self._context(resource, graph)
        if reason is None and self.option("everywhere") is not True:
            return
        yield self.violation(resource, f"{message}: {reason}" if reason else message, "MemorySize")

    @staticmethod
    def _context(fn: Resource, graph: Graph) -> str | None:
        """Why the 128 MB default is likely wrong for this function, or None."""
        runtime = heavy_runtime(fn)
        if runtime is not None:
            return f"{runtime} at 128 MB starts slowly and has little CPU"
        if is_image(fn):
            return "a container image function at 128 MB loads its image with little CPU"
        work = object_work(fn, graph)
        return f"{work}: image and document work at 128 MB runs on a sliver of CPU" if work else None

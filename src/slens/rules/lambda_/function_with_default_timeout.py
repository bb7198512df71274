from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.rules.lambda_.context import heavy_runtime, is_image, object_work

#: an S3 Object Lambda access point invokes its function on every GetObject, to transform the object


class FunctionWithDefaultTimeout(Rule):
    """Lambda function left at the default timeout

    ## What it does
    Flags functions that do not set `Timeout` (directly, or through SAM `Globals`), so they
    run with Lambda's default of 3 seconds, when the function is likely to need longer: a Java
    (`java*`) or .NET (`dotnet*`) runtime (a cold start alone can take more than 3 s), a
    container image (`PackageType: Image`), or a function triggered by S3 or serving an S3
    Object Lambda access point (object processing such as image resizing). Light handlers at
    the default are not reported; option `everywhere = true` reports every function that does
    not set `Timeout`.

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
    Never silently: if 3 seconds is the right budget, write `Timeout: 3` to record it. Teams
    that want a chosen timeout on every function, light handlers included, set
    `[tool.slens.rules.LAM003] everywhere = true`.
    """

    id = "LAM003"
    name = "function-with-default-timeout"
    severity = Severity.LOW
    practice = Practices.REL2_FAILURES
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("serverless-rules:ES1006", "cdk-nag:Serverless-LambdaDefaultTimeout")
    options = {"everywhere": False}
    fix = {
        "SAM": "Globals:\n  Function:\n    Timeout: 10\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n    Timeout: 10\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.has("Timeout"):
            return
        message = f"function {resource.logical_id} does not set Timeout and runs with the 3 second default"
        reason = self._context(resource, graph)
        if reason is None and self.option("everywhere") is not True:
            return
        yield self.violation(resource, f"{message}: {reason}" if reason else message, "Timeout")

    @staticmethod
    def _context(fn: Resource, graph: Graph) -> str | None:
        """Why 3 seconds is likely too short for this function, or None."""
        runtime = heavy_runtime(fn)
        if runtime is not None:
            return f"the cold start of {runtime} alone can take longer"
        if is_image(fn):
            return "the cold start of a container image function alone can take longer"
        work = object_work(fn, graph)
        return f"{work}, which rarely fits in 3 s" if work else None

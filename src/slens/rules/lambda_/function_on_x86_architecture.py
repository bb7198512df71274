from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_list, as_str, is_unknown
from slens.model.runtimes import supports_arm64


class FunctionOnX86Architecture(Rule):
    """Lambda function on x86_64 where its runtime also runs on arm64 (Graviton)

    ## What it does
    Flags functions with a managed runtime available on arm64 whose `Architectures` is
    absent (x86_64 is the default) or `[x86_64]`. Container-image functions (no `Runtime`)
    and architectures only known at deploy time are not judged.

    ## Why it matters
    The Serverless Lens asks you to *measure, evaluate, and select optimum capacity units*
    (PERF 1). Graviton (arm64) functions cost about 20% less per GB-second than x86_64 and
    are often as fast or faster for interpreted runtimes, so the architecture is a capacity
    choice to make deliberately, not a default to inherit.

    ## How to fix
    Set `Architectures: [arm64]` (once under `Globals.Function` in SAM), rebuild native
    dependencies for arm64 (`sam build` does it for the declared architecture) and measure.

    ## When to ignore
    Functions that depend on x86-only binaries: layers or vendor extensions published only
    for x86_64, native modules with no arm64 build, or code measured to be slower on arm64.
    Ignore with that as the reason.
    """

    id = "LAM401"
    name = "function-on-x86-architecture"
    severity = Severity.INFO
    practice = Practices.PERF1_CAPACITY
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    fix = {
        "SAM": "Globals:\n  Function:\n    Architectures: [arm64]\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    Architectures: [arm64]\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        runtime = resource.str_prop("Runtime")
        if runtime is None or not supports_arm64(runtime):
            return
        value = resource.prop("Architectures")
        if is_unknown(value) or any(is_unknown(v) for v in as_list(value)):
            return
        archs = [as_str(a) for a in as_list(value)]
        if archs and archs != ["x86_64"]:
            return
        how = "runs on x86_64 by default" if not archs else "is set to x86_64"
        yield self.violation(resource, f"function {resource.logical_id} ({runtime}) {how}; {runtime} also "
                                       "runs on arm64 (Graviton), about 20% cheaper per GB-second",
                             "Architectures")

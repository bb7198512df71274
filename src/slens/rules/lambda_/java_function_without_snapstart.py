from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Invocation, Resource, is_unknown
from slens.model.runtimes import supports_snapstart_java
from slens.model.scaling import qualifiers_of


class JavaFunctionWithoutSnapStart(Rule):
    """Java function without Lambda SnapStart

    ## What it does
    Flags functions on a Java managed runtime that SnapStart supports (java11 and later)
    whose `SnapStart.ApplyOn` is not `PublishedVersions`, unless every trigger in the
    template is a queue, stream or asynchronous one (where nobody waits on a cold start). The message says whether the
    function publishes versions: SnapStart only applies to published versions (and the
    aliases pointing at them), never to `$LATEST`.

    ## Why it matters
    The Serverless Lens asks you to *measure and optimize function startup time* (PERF 1).
    JVM cold starts (class loading, dependency injection, JIT warm-up) commonly take several
    seconds; SnapStart resumes new execution environments from a snapshot of an initialized
    one, cutting that to a fraction at no extra charge for Java.

    ## How to fix
    Set `SnapStart: {ApplyOn: PublishedVersions}` and invoke a published version: in SAM add
    `AutoPublishAlias: live` and point events at the function (SAM wires them to the alias);
    in CloudFormation add an `AWS::Lambda::Version` and an alias. Make initialization code
    snapshot-safe (unique ids, network connections, random seeds re-created after restore).

    ## When to ignore
    Functions that use provisioned concurrency instead, that need EFS or more than 512 MB of
    ephemeral storage (not supported with SnapStart), or whose cold starts were measured and
    do not matter (rare, asynchronous batch work).
    """

    id = "LAM402"
    name = "java-function-without-snapstart"
    severity = Severity.LOW
    practice = Practices.PERF1_STARTUP
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Runtime: java21\n"
               "    AutoPublishAlias: live\n    SnapStart:\n      ApplyOn: PublishedVersions\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n    Runtime: java21\n"
                          "    SnapStart:\n      ApplyOn: PublishedVersions\nMyFunctionVersion:\n"
                          "  Type: AWS::Lambda::Version\n  Properties:\n    FunctionName: !Ref MyFunction\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        runtime = resource.str_prop("Runtime")
        if runtime is None or not supports_snapstart_java(runtime):
            return
        apply_on = resource.prop("SnapStart", "ApplyOn")
        if is_unknown(apply_on) or apply_on == "PublishedVersions":
            return
        triggers = graph.triggers(resource)
        if triggers and all(t.invocation is not Invocation.SYNC for t in triggers):
            return  # queue, stream and async consumers amortize cold starts over their batches
        qualifiers = qualifiers_of(graph, resource)
        if resource.has("FileSystemConfigs") or any(q.has("ProvisionedConcurrencyConfig") for q in qualifiers):
            return  # EFS is not supported with SnapStart; provisioned concurrency already keeps it warm
        versions = "" if qualifiers else (
            "; it publishes no version either, and SnapStart only applies to published versions")
        yield self.violation(resource, f"function {resource.logical_id} ({runtime}) does not use SnapStart "
                                       f"(SnapStart.ApplyOn is not PublishedVersions){versions}",
                             "SnapStart", "ApplyOn")

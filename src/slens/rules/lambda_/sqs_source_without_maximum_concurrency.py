from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_int, is_unknown
from slens.model.flows import esm_source_kind


class SqsSourceWithoutMaximumConcurrency(Rule):
    """SQS event source feeding a reserved-concurrency function without a maximum concurrency

    ## What it does
    Flags SQS event source mappings (SAM `SQS` events) whose function sets
    `ReservedConcurrentExecutions` while the mapping sets no `ScalingConfig.MaximumConcurrency`,
    or a maximum above the reserved concurrency.

    ## Why it matters
    The Serverless Lens asks you to *use mechanisms to protect non-scalable resources*
    (REL 1). Reserved concurrency protects the backend but does not slow the SQS pollers:
    they keep receiving batches, Lambda throttles them, and every throttled message counts
    as a receive. Messages reach the dead-letter queue after `maxReceiveCount` throttles
    without having been processed once. `MaximumConcurrency` limits the pollers themselves.

    ## How to fix
    Set `ScalingConfig.MaximumConcurrency` (2 to 1000) on the mapping to at most the
    function's reserved concurrency (shared by all its SQS mappings).

    ## When to ignore
    Queues whose messages all fit in the reserved concurrency at peak can ignore this rule
    with a reason.
    """

    id = "LAM302"
    name = "sqs-source-without-maximum-concurrency"
    severity = Severity.MEDIUM
    practice = Practices.REL1_PROTECT_NON_SCALABLE
    services = (Service.LAMBDA, Service.SQS)
    resource_types = ("AWS::Lambda::EventSourceMapping",)
    fix = {
        "SAM": (
            "Events:\n"
            "  Work:\n"
            "    Type: SQS\n"
            "    Properties:\n"
            "      Queue: !GetAtt Work.Arn\n"
            "      ScalingConfig:\n"
            "        MaximumConcurrency: 5  # at most the function's ReservedConcurrentExecutions, when it has one\n"
        ),
        "CloudFormation": (
            "Mapping:\n"
            "  Type: AWS::Lambda::EventSourceMapping\n"
            "  Properties:\n"
            "    ScalingConfig:\n"
            "      MaximumConcurrency: 5  # at most the function's ReservedConcurrentExecutions, when it has one\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        fn = graph.function_of(resource.prop("FunctionName"))
        if fn is None or esm_source_kind(resource, graph) != "sqs":
            return
        reserved = as_int(fn.prop("ReservedConcurrentExecutions"))
        cap = resource.prop("ScalingConfig", "MaximumConcurrency")
        if reserved is None or is_unknown(cap) or (cap is not None and (as_int(cap) or 0) <= reserved):
            return
        setting = "no ScalingConfig.MaximumConcurrency" if cap is None else f"MaximumConcurrency {as_int(cap)}"
        yield self.violation(resource, f"SQS mapping {resource.logical_id} has {setting} but function "
                                       f"{fn.logical_id} reserves only {reserved} concurrent executions: the "
                                       "pollers outrun it, and throttled messages count as receives towards "
                                       "the dead-letter queue", "ScalingConfig", "MaximumConcurrency")

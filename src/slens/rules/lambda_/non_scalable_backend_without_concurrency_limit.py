from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.flows import concurrency_capped, non_scalable_backends


class NonScalableBackendWithoutConcurrencyLimit(Rule):
    """Lambda function using a non-scalable backend without a concurrency limit

    ## What it does
    Flags functions that write to a provisioned-capacity DynamoDB table (`BillingMode:
    PROVISIONED`, or `ProvisionedThroughput` without a billing mode) through their role, or
    that use an RDS instance, cluster or proxy (named in their environment variables or
    role), and whose concurrency nothing bounds: no `ReservedConcurrentExecutions`, and not
    only fed by SQS mappings with `ScalingConfig.MaximumConcurrency` or by streams. Functions
    writing to on-demand tables are not flagged (unlike peers that want reserved concurrency
    on every function).

    ## Why it matters
    The Serverless Lens asks you to *use mechanisms to protect non-scalable resources*
    (REL 1). Lambda scales to hundreds of concurrent executions within seconds; a table's
    provisioned write capacity or a database's connection limit does not. A burst turns into
    throttled writes, exhausted connections and failures for every client of that backend.

    ## How to fix
    Cap the function with `ReservedConcurrentExecutions` at what the backend sustains, or put
    a queue in front of it and set `ScalingConfig.MaximumConcurrency` on the SQS mapping.
    For DynamoDB, on-demand capacity (`BillingMode: PAY_PER_REQUEST`) removes the problem.

    ## When to ignore
    Functions whose callers are already rate-limited below the backend's capacity (an API
    stage throttle sized for it) can ignore this rule with a reason.
    """

    id = "LAM301"
    name = "non-scalable-backend-without-concurrency-limit"
    severity = Severity.MEDIUM
    practice = Practices.REL1_PROTECT_NON_SCALABLE
    services = (Service.LAMBDA, Service.DYNAMODB, Service.RDS)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("cdk-nag:LambdaConcurrency", "checkov:CKV_AWS_115", "cfn-nag:W92")
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n"
               "    ReservedConcurrentExecutions: 20\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    ReservedConcurrentExecutions: 20\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if concurrency_capped(graph, resource) is not False:
            return
        backends = non_scalable_backends(graph, resource)
        if not backends:
            return
        named = ", ".join(f"{b.resource.logical_id} ({b.why})" for b in backends)
        yield self.violation(resource, f"function {resource.logical_id} uses {named} but nothing limits its "
                                       "concurrency (no ReservedConcurrentExecutions, no SQS mapping with "
                                       "MaximumConcurrency): a burst can overwhelm it",
                             "ReservedConcurrentExecutions")

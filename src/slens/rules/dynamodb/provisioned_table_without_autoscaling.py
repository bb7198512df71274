from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str, is_unknown
from slens.model.scaling import has_unknown_scalable_target, scalable_targets


class ProvisionedTableWithoutAutoscaling(Rule):
    """DynamoDB table with fixed provisioned capacity

    ## What it does
    Flags `AWS::DynamoDB::Table` resources in provisioned mode (`BillingMode: PROVISIONED`
    or absent, with `ProvisionedThroughput`) when no `AWS::ApplicationAutoScaling::ScalableTarget`
    of the `dynamodb` namespace names the table (`ResourceId: table/<name>`).

    ## Why it matters
    The Serverless Lens asks you to *optimize function configuration to reduce cost*, and
    more broadly to match capacity to demand (COST 1, PERF 1). Fixed read and write
    capacity is billed every hour whether used or not, and throttles requests as soon as
    traffic exceeds it: it is both wasteful at night and too small at the peak.

    ## How to fix
    Switch to `BillingMode: PAY_PER_REQUEST` (on-demand) for spiky or unknown traffic, or
    register read and write capacity as scalable targets with target-tracking policies
    (about 70% utilization) for steady, predictable traffic.

    ## When to ignore
    Tables whose capacity is managed outside the template, or small fixed capacity kept on
    purpose (covered by reserved capacity, or within the free tier).
    """

    id = "DDB401"
    name = "provisioned-table-without-autoscaling"
    severity = Severity.LOW
    practice = Practices.COST1_CONFIGURATION
    services = (Service.DYNAMODB,)
    resource_types = ("AWS::DynamoDB::Table",)
    equivalents = ("cdk-nag:DynamoDBAutoScalingEnabled", "checkov:CKV2_AWS_16")
    fix = {
        "SAM": "OrdersTable:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    BillingMode: PAY_PER_REQUEST\n",
        "CloudFormation": "OrdersTable:\n  Type: AWS::DynamoDB::Table\n  Properties:\n"
                          "    BillingMode: PAY_PER_REQUEST\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        mode = resource.prop("BillingMode")
        throughput = resource.prop("ProvisionedThroughput")
        if is_unknown(mode) or (as_str(mode) or "PROVISIONED") != "PROVISIONED" or throughput is None \
                or is_unknown(throughput):
            return
        if scalable_targets(graph, resource, "dynamodb") or has_unknown_scalable_target(graph, "dynamodb"):
            return
        reads = as_str(resource.prop("ProvisionedThroughput", "ReadCapacityUnits")) or "?"
        writes = as_str(resource.prop("ProvisionedThroughput", "WriteCapacityUnits")) or "?"
        yield self.violation(resource, f"table {resource.logical_id} has fixed provisioned capacity ({reads} "
                                       f"RCU, {writes} WCU) and no auto scaling: use on-demand or scale it",
                             "ProvisionedThroughput")

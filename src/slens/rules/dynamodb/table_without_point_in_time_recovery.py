from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, Value, as_bool, as_list, is_unknown, lookup

_KEY = ("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")


def _enabled(value: Value) -> bool | None:
    return None if is_unknown(value) else as_bool(value) is True


class TableWithoutPointInTimeRecovery(Rule):
    """DynamoDB table without point-in-time recovery

    ## What it does
    Flags `AWS::DynamoDB::Table` resources (SAM `SimpleTable` included, which cannot enable
    it) without `PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true`, and
    `AWS::DynamoDB::GlobalTable` replicas without it.

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). A faulty deployment, a retried batch that is not idempotent or a mistaken
    script can overwrite or delete items; without point-in-time recovery the table cannot be
    restored to the second before it happened.

    ## How to fix
    Set `PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}` (replace a
    SAM `SimpleTable` with an `AWS::DynamoDB::Table` to do so).

    ## When to ignore
    Tables holding only derived or short-lived data (caches, idempotency records, sessions)
    that can be rebuilt can ignore this rule with a reason.
    """

    id = "DDB301"
    name = "table-without-point-in-time-recovery"
    severity = Severity.LOW
    practice = Practices.REL2_FAILURES
    services = (Service.DYNAMODB,)
    resource_types = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
    equivalents = ("cdk-nag:AwsSolutions-DDB3", "checkov:CKV_AWS_28", "checkov:CKV_AWS_165", "cfn-nag:W78")
    fix = {
        "SAM": (
            "MyTable:\n"
            "  Type: AWS::Serverless::SimpleTable  # AWS::DynamoDB::Table takes the same property\n"
            "  Properties:\n"
            "    PointInTimeRecoverySpecification:\n"
            "      PointInTimeRecoveryEnabled: true\n"
        ),
        "CloudFormation": (
            "MyTable:\n"
            "  Type: AWS::DynamoDB::Table\n"
            "  Properties:\n"
            "    PointInTimeRecoverySpecification:\n"
            "      PointInTimeRecoveryEnabled: true\n"
            "MyGlobalTable:\n"
            "  Type: AWS::DynamoDB::GlobalTable\n"
            "  Properties:\n"
            "    Replicas:  # every replica\n"
            "      - Region: eu-west-1\n"
            "        PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}\n"
            "      - Region: us-east-1\n"
            "        PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.type == "AWS::DynamoDB::Table":
            if _enabled(resource.prop(*_KEY)) is False:
                yield self.violation(resource, f"table {resource.logical_id} has no point-in-time recovery: "
                                               "overwritten or deleted items cannot be restored", *_KEY)
            return
        replicas = resource.prop("Replicas")
        if is_unknown(replicas):
            return
        for index, replica in enumerate(as_list(replicas)):
            if _enabled(lookup(replica, _KEY)) is False:
                yield self.violation(resource, f"global table {resource.logical_id} has a replica (#{index + 1}) "
                                               "without point-in-time recovery", "Replicas", index)

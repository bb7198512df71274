from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_bool, is_unknown


class TableWithoutEncryptionSpecification(Rule):
    """DynamoDB table encrypted only with an AWS owned key

    ## What it does
    Flags `AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable` resources (and SAM
    `AWS::Serverless::SimpleTable`) whose `SSESpecification.SSEEnabled` is not `true`.

    ## Why it matters
    The Serverless Lens asks you to *evaluate and define resource policies* (SEC 2): who
    may read the data a component holds is part of its security boundary. DynamoDB always
    encrypts tables at rest, but by default with a key AWS owns: nobody can restrict it,
    disable it or see its use. With `SSEEnabled: true` the table uses a KMS key: the AWS
    managed `aws/dynamodb` key, whose use CloudTrail records, or a customer managed key
    (`KMSMasterKeyId`) whose key policy also decides who can read the data.
    *Building Serverless Applications with AWS - Security* lists DynamoDB tables and streams
    among the services to encrypt at rest with customer managed keys, with one key per use
    (one for databases, one for messaging).

    ## How to fix
    Set `SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: <key>}`
    (SAM `SimpleTable` accepts the same `SSESpecification`). Readers need `kms:Decrypt` and
    writers `kms:GenerateDataKey*` on a customer managed key.

    ## When to ignore
    Severity is low because the data is encrypted either way. Tables holding nothing
    sensitive (caches, idempotency records, connection ids) can ignore this rule with a
    reason, saving the KMS key and request costs.
    """

    id = "DDB001"
    name = "table-without-encryption-specification"
    severity = Severity.LOW
    opt_in = True
    practice = Practices.SEC2_RESOURCE_POLICIES
    services = (Service.DYNAMODB,)
    resource_types = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
    equivalents = ("checkov:CKV_AWS_119",)
    fix = {
        "SAM": (
            "MyTable:\n"
            "  Type: AWS::Serverless::SimpleTable\n"
            "  Properties:\n"
            "    SSESpecification:\n"
            "      SSEEnabled: true\n"
        ),
        "CloudFormation": (
            "MyTable:\n"
            "  Type: AWS::DynamoDB::Table\n"
            "  Properties:\n"
            "    SSESpecification:\n"
            "      SSEEnabled: true\n"
            "      SSEType: KMS\n"
            "      KMSMasterKeyId: !Ref DataKey\n"
            "MyGlobalTable:\n"
            "  Type: AWS::DynamoDB::GlobalTable\n"
            "  Properties:\n"
            "    SSESpecification:\n"
            "      SSEEnabled: true\n"
            "      SSEType: KMS\n"
            "    # and on each replica: SSESpecification: {KMSMasterKeyId: <that region's key>}\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if is_unknown(resource.prop("SSESpecification")):
            return
        enabled = resource.prop("SSESpecification", "SSEEnabled")
        if enabled is None:
            detail = "SSESpecification.SSEEnabled is not set"
        elif as_bool(enabled) is False:
            detail = "SSESpecification.SSEEnabled is false"
        else:
            return
        yield self.violation(resource, f"table {resource.logical_id} is encrypted only with an AWS owned key "
                                       f"({detail}): use a KMS key you control and audit",
                             "SSESpecification", "SSEEnabled")

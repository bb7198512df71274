from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource


class TopicWithoutEncryption(Rule):
    """SNS topic without server-side encryption

    ## What it does
    Flags `AWS::SNS::Topic` resources without `KmsMasterKeyId`.

    ## Why it matters
    The Serverless Lens asks you to *evaluate and define resource policies* (SEC 2): who
    may read the data a component holds is part of its security boundary. Without
    `KmsMasterKeyId`, SNS does not encrypt messages with a KMS key while it stores them for
    delivery. With a customer managed key, handling the messages also needs the key, a key
    whose policy you write and whose use CloudTrail records. *Building Serverless
    Applications with AWS - Security* lists SNS among the services to encrypt at rest with
    customer managed keys, with one key per use (one for messaging, one for databases).

    ## How to fix
    Set `KmsMasterKeyId` to a customer managed key (or to `alias/aws/sns`). Publishers need
    `kms:GenerateDataKey*` and `kms:Decrypt` on the key; AWS services that publish (S3,
    EventBridge, CloudWatch alarms) must be allowed by the key policy, which the AWS managed
    key does not allow.

    ## When to ignore
    Severity is low because encrypting is not always possible or useful: a topic that S3,
    EventBridge or CloudWatch publish to cannot use the AWS managed `alias/aws/sns` key
    (their service principals need a customer managed key whose policy allows them), and a
    topic that only carries object keys or alarm states holds nothing sensitive. Ignore with
    that reason when no customer managed key is worth its cost.
    """

    id = "SNS002"
    name = "topic-without-encryption"
    severity = Severity.LOW
    opt_in = True
    practice = Practices.SEC2_RESOURCE_POLICIES
    services = (Service.SNS,)
    resource_types = ("AWS::SNS::Topic",)
    equivalents = ("checkov:CKV_AWS_26", "cdk-nag:SNSEncryptedKMS")
    fix = {
        "SAM": "MyTopic:\n  Type: AWS::SNS::Topic\n  Properties:\n    KmsMasterKeyId: !Ref MessagingKey\n",
        "CloudFormation": "MyTopic:\n  Type: AWS::SNS::Topic\n  Properties:\n"
                          "    KmsMasterKeyId: !Ref MessagingKey\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if not resource.has("KmsMasterKeyId"):
            yield self.violation(resource, f"topic {resource.logical_id} is not encrypted at rest "
                                           "(KmsMasterKeyId is not set)", "KmsMasterKeyId")

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str


class StreamWithoutEncryption(Rule):
    """Kinesis data stream without server-side encryption

    ## What it does
    Flags `AWS::Kinesis::Stream` resources without `StreamEncryption`, or whose
    `StreamEncryption.EncryptionType` is not `KMS`.

    ## Why it matters
    The Serverless Lens asks you to *evaluate and define resource policies* (SEC 2): who
    may read the data a component holds is part of its security boundary. Without
    `StreamEncryption`, records are not encrypted with a KMS key while the stream retains
    them (24 hours to a year). With a KMS key, reading them also needs `kms:Decrypt` on a
    key whose policy you write and whose use CloudTrail records.
    *Building Serverless Applications with AWS - Security* lists Kinesis among the services
    to encrypt at rest with customer managed keys, with one key per use.

    ## How to fix
    Set `StreamEncryption: {EncryptionType: KMS, KeyId: <key ARN or alias>}` (the AWS
    managed `alias/aws/kinesis` key, or a customer managed key). Producers need
    `kms:GenerateDataKey` and consumers, including Lambda functions reading the stream,
    `kms:Decrypt` on a customer managed key.

    ## When to ignore
    Streams that carry nothing sensitive (public data, metrics) can ignore this rule with a
    reason.
    """

    id = "KIN001"
    name = "stream-without-encryption"
    severity = Severity.MEDIUM
    practice = Practices.SEC2_RESOURCE_POLICIES
    services = (Service.KINESIS,)
    resource_types = ("AWS::Kinesis::Stream",)
    equivalents = ("checkov:CKV_AWS_43", "cdk-nag:AwsSolutions-KDS1")
    fix = {
        "SAM": "MyStream:\n  Type: AWS::Kinesis::Stream\n  Properties:\n    StreamEncryption:\n"
               "      EncryptionType: KMS\n      KeyId: alias/aws/kinesis\n",
        "CloudFormation": "MyStream:\n  Type: AWS::Kinesis::Stream\n  Properties:\n    StreamEncryption:\n"
                          "      EncryptionType: KMS\n      KeyId: !Ref StreamKey\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        encryption = resource.prop("StreamEncryption")
        if encryption is None:
            yield self.violation(resource, f"stream {resource.logical_id} is not encrypted at rest "
                                           "(StreamEncryption is not set)", "StreamEncryption")
            return
        text = as_str(resource.prop("StreamEncryption", "EncryptionType"))  # None when unknown
        if text is not None and text != "KMS":
            yield self.violation(resource, f"stream {resource.logical_id} is not encrypted at rest "
                                           f"(StreamEncryption.EncryptionType is {text}, not KMS)",
                                 "StreamEncryption", "EncryptionType")

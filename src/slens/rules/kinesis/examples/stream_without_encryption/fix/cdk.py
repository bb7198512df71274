from aws_cdk import Stack
from aws_cdk import aws_kinesis as kinesis
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        kinesis.Stream(
            self, "Clicks",
            encryption=kinesis.StreamEncryption.MANAGED,  # the aws/kinesis key; KMS with your own encryption_key
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        kinesis.Stream(self, "Clicks", encryption=kinesis.StreamEncryption.UNENCRYPTED)

from aws_cdk import Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        # a key of your own, which publishers (and SQS subscribers) are granted: grant_encrypt_decrypt
        topic_key = kms.Key(self, "OrderEventsKey", enable_key_rotation=True)
        sns.Topic(self, "OrderEvents", master_key=topic_key)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        sns.Topic(self, "OrderEvents")

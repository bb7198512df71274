from aws_cdk import Stack
from aws_cdk import aws_s3 as s3
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        s3.Bucket(
            self, "Documents",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,  # all four settings; share through CloudFront instead
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        s3.Bucket(self, "Documents", block_public_access=s3.BlockPublicAccess.BLOCK_ACLS)

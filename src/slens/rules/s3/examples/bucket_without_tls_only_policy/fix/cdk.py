from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct


def reader(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "Reports", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        reports = reader(self)
        # fix:start
        # a bucket policy denies every request not made over TLS (aws:SecureTransport false)
        documents = s3.Bucket(self, "Documents", enforce_ssl=True)
        documents.grant_read(reports)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        s3.Bucket(self, "Documents").grant_read(reader(self))

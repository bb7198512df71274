from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct


def writer(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "Importer", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        importer = writer(self)
        # fix:start
        documents = s3.Bucket(
            self, "Documents",
            versioned=True,  # an overwrite or a delete keeps the previous version
            lifecycle_rules=[s3.LifecycleRule(noncurrent_version_expiration=Duration.days(30))],  # for a month
        )
        documents.grant_put(importer)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        s3.Bucket(self, "Documents").grant_put(writer(self))

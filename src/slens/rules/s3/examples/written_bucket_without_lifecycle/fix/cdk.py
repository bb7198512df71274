from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct


def writer(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "Exporter", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        exporter = writer(self)
        # fix:start
        exports = s3.Bucket(
            self, "Exports",
            lifecycle_rules=[s3.LifecycleRule(
                id="tiering",
                abort_incomplete_multipart_upload_after=Duration.days(7),
                transitions=[s3.Transition(storage_class=s3.StorageClass.INTELLIGENT_TIERING,
                                           transition_after=Duration.days(30))],
            )],
        )
        exports.grant_put(exporter)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        s3.Bucket(self, "Exports").grant_put(writer(self))

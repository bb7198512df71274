from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct


def build(scope: Construct) -> tuple[lambda_.Function, s3.Bucket]:
    fn = lambda_.Function(scope, "Thumbnails", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                          code=lambda_.Code.from_asset("src"))
    return fn, s3.Bucket(scope, "Uploads")


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        thumbnails, uploads = build(self)
        # fix:start
        thumbnails.add_permission(
            "InvokedByUploads",
            principal=iam.ServicePrincipal("s3.amazonaws.com"),
            source_arn=uploads.bucket_arn,  # only this bucket's notifications, not any bucket's
            source_account=self.account,
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        thumbnails, _ = build(self)
        thumbnails.add_permission("InvokedByUploads", principal=iam.ServicePrincipal("s3.amazonaws.com"))

from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as lambda_event_sources
from aws_cdk import aws_s3 as s3
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        uploads = s3.Bucket(self, "Uploads")
        # fix:start
        # thumbnails go to a bucket of their own, not to the one whose uploads trigger the function
        thumbnails = s3.Bucket(self, "Thumbnails")
        resize = lambda_.Function(
            self, "Resize",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            environment={"THUMBNAILS_BUCKET": thumbnails.bucket_name},
        )
        resize.add_event_source(
            lambda_event_sources.S3EventSource(uploads, events=[s3.EventType.OBJECT_CREATED]))
        uploads.grant_read(resize)
        thumbnails.grant_put(resize)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        uploads = s3.Bucket(self, "Uploads")
        resize = lambda_.Function(
            self, "Resize",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
        )
        resize.add_event_source(
            lambda_event_sources.S3EventSource(uploads, events=[s3.EventType.OBJECT_CREATED]))
        uploads.grant_read(resize)
        uploads.grant_put(resize)

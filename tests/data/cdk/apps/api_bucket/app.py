"""An API in front of a function, and a bucket that notifies another function.

``add_event_notification`` makes CDK add its BucketNotificationsHandler, and
``auto_delete_objects`` its S3AutoDeleteObjects custom resource provider.
"""

from __future__ import annotations

from aws_cdk import App, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from constructs import Construct

HANDLER = "def handler(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n"


class ApiBucketStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        api_fn = lambda_.Function(self, "ApiHandler", runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler",
                                  code=lambda_.Code.from_inline(HANDLER), tracing=lambda_.Tracing.ACTIVE)
        apigw.LambdaRestApi(self, "Api", handler=api_fn)
        uploads = s3.Bucket(self, "Uploads", removal_policy=RemovalPolicy.DESTROY, auto_delete_objects=True,
                            enforce_ssl=True)
        on_upload = lambda_.Function(self, "OnUpload", runtime=lambda_.Runtime.PYTHON_3_12,
                                     handler="index.handler", code=lambda_.Code.from_inline(HANDLER))
        uploads.add_event_notification(s3.EventType.OBJECT_CREATED, s3n.LambdaDestination(on_upload),
                                       s3.NotificationKeyFilter(prefix="incoming/"))


def build(outdir: str, context: dict[str, object]) -> None:
    app = App(outdir=outdir, context=context)
    ApiBucketStack(app, "ApiBucket")
    app.synth()

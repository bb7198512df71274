from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        images = s3.Bucket(self, "Images")
        labeller = lambda_.Function(
            self, "Labeller",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            environment={"IMAGES_BUCKET": images.bucket_name},
        )
        # fix:start
        # object actions act on bucket/*, not on the bucket
        labeller.add_to_role_policy(iam.PolicyStatement(
            actions=["s3:GetObject"],
            resources=[images.arn_for_objects("*")],
        ))
        # takes no resource ARN: "*", in a statement of its own
        labeller.add_to_role_policy(iam.PolicyStatement(
            actions=["rekognition:DetectLabels"],
            resources=["*"],
        ))
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        images = s3.Bucket(self, "Images")
        labeller = lambda_.Function(
            self, "Labeller",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            environment={"IMAGES_BUCKET": images.bucket_name},
        )
        labeller.add_to_role_policy(iam.PolicyStatement(
            actions=["s3:GetObject", "rekognition:DetectLabels"],
            resources=[images.bucket_arn],
        ))

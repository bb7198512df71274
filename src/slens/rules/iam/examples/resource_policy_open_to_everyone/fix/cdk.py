from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        shared = s3.Bucket(self, "Shared")
        # fix:start
        # the organisation's accounts (aws:PrincipalOrgID), not everyone
        shared.add_to_resource_policy(iam.PolicyStatement(
            principals=[iam.OrganizationPrincipal("o-a1b2c3d4e5")],
            actions=["s3:GetObject"],
            resources=[shared.arn_for_objects("*")],
        ))
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        shared = s3.Bucket(self, "Shared")
        shared.add_to_resource_policy(iam.PolicyStatement(
            principals=[iam.AnyPrincipal()],
            actions=["s3:GetObject"],
            resources=[shared.arn_for_objects("*")],
        ))

from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct


def fn(scope: Construct, id: str) -> lambda_.Function:
    return lambda_.Function(scope, id, runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


def partner_key(scope: Construct) -> secretsmanager.Secret:
    secret = secretsmanager.Secret(scope, "PartnerApiKey")
    secret.grant_read(fn(scope, "Worker"))
    return secret


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api_key = partner_key(self)  # the worker reads it
        # fix:start
        # a function of yours that issues a new key and revokes the old (Secrets Manager's four rotation steps);
        # for an RDS password, hosted_rotation=secretsmanager.HostedRotation.postgre_sql_single_user() instead
        api_key.add_rotation_schedule(
            "Rotation",
            rotation_lambda=fn(self, "RotatePartnerApiKey"),
            automatically_after=Duration.days(30),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        partner_key(self)

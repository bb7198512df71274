from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        # the secret lives in Secrets Manager; the function gets its ARN and reads it at run time
        db_password = secretsmanager.Secret(self, "DbPassword")
        worker = lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            environment={"DB_PASSWORD_SECRET_ARN": db_password.secret_arn},
        )
        db_password.grant_read(worker)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        lambda_.Function(self, "Worker", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                         code=lambda_.Code.from_asset("src"),
                         environment={"DB_PASSWORD": "change-me-not-a-real-password"})

from aws_cdk import Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        database = secretsmanager.Secret(self, "DatabaseSecret")
        # fix:start
        # the resolved password sits in the function's configuration: encrypt it with a key of yours
        # (better still: pass database.secret_arn and read the secret at run time)
        environment_key = kms.Key(self, "WorkerEnvironmentKey", enable_key_rotation=True)
        lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            environment={"DB_PASSWORD": database.secret_value_from_json("password").unsafe_unwrap()},
            environment_encryption=environment_key,
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        database = secretsmanager.Secret(self, "DatabaseSecret")
        lambda_.Function(self, "Worker", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                         code=lambda_.Code.from_asset("src"),
                         environment={"DB_PASSWORD": database.secret_value_from_json("password").unsafe_unwrap()})

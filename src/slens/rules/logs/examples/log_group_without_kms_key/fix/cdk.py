from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct


def worker(scope: Construct, log_group: logs.LogGroup) -> None:
    fn = lambda_.Function(scope, "Worker", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                          code=lambda_.Code.from_asset("src"), log_group=log_group)
    secretsmanager.Secret(scope, "PartnerApiKey").grant_read(fn)  # it handles a secret


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        # a key of yours, which CloudWatch Logs may use, encrypts what the function logs
        logs_key = kms.Key(self, "WorkerLogsKey", enable_key_rotation=True)
        logs_key.grant_encrypt_decrypt(iam.ServicePrincipal(f"logs.{self.region}.amazonaws.com"))
        worker_logs = logs.LogGroup(
            self, "WorkerLogs",
            retention=logs.RetentionDays.ONE_MONTH,
            encryption_key=logs_key,
        )
        # fix:end
        worker(self, worker_logs)


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker(self, logs.LogGroup(self, "WorkerLogs", retention=logs.RetentionDays.ONE_MONTH))

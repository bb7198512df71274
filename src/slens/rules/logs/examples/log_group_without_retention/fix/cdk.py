from aws_cdk import Stack
from aws_cdk import aws_logs as logs
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        logs.LogGroup(
            self, "ApiAccessLogs",
            retention=logs.RetentionDays.ONE_MONTH,  # not INFINITE (a LogGroup's default is TWO_YEARS)
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        logs.LogGroup(self, "ApiAccessLogs", retention=logs.RetentionDays.INFINITE)

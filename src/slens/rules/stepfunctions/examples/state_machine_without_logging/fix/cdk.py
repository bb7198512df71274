from aws_cdk import Stack
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        sfn.StateMachine(
            self, "Orders",
            definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(self, "Accept")),
            logs=sfn.LogOptions(
                destination=logs.LogGroup(self, "OrdersLogs", retention=logs.RetentionDays.ONE_MONTH),
                level=sfn.LogLevel.ERROR,
            ),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(self, "Accept")))

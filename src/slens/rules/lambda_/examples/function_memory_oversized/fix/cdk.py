from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        lambda_.Function(
            self, "GetOrder",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            timeout=Duration.seconds(10),
            # what the handler measurably needs (AWS Lambda Power Tuning), not 3 GB for a lookup
            memory_size=512,
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        lambda_.Function(self, "GetOrder", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                         code=lambda_.Code.from_asset("src"), timeout=Duration.seconds(10), memory_size=3008)

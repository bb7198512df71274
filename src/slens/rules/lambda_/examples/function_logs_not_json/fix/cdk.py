from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def api(scope: Construct) -> None:
    lambda_.Function(scope, "Api", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                     code=lambda_.Code.from_asset("src"), logging_format=lambda_.LoggingFormat.JSON)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api(self)  # logs JSON already
        # fix:start
        lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            logging_format=lambda_.LoggingFormat.JSON,  # like the app's other functions: one query for all
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api(self)
        lambda_.Function(self, "Worker", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                         code=lambda_.Code.from_asset("src"))

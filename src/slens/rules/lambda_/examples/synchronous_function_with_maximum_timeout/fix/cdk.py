from aws_cdk import Duration, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        handler = lambda_.Function(
            self, "Handler",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            # API Gateway gives up after 29 s: a longer run only costs (long work goes to a queue or a workflow)
            timeout=Duration.seconds(29),
        )
        # fix:end
        apigateway.LambdaRestApi(self, "Api", handler=handler)


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        handler = lambda_.Function(self, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                                   code=lambda_.Code.from_asset("src"), timeout=Duration.minutes(15))
        apigateway.LambdaRestApi(self, "Api", handler=handler)

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_lambda as lambda_
from aws_cdk.aws_apigatewayv2_integrations import HttpLambdaIntegration
from constructs import Construct


def handler(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = handler(self)
        # fix:start
        # HTTP API: the default stage, written out to carry the limits of every route
        http_api = apigwv2.HttpApi(self, "HttpApi", create_default_stage=False,
                                   default_integration=HttpLambdaIntegration("Orders", fn))
        http_api.add_stage(
            "DefaultStage",
            stage_name="$default",
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(burst_limit=100, rate_limit=50),
        )

        # REST API: the stage's limits for every method (MethodSettings for /* and *)
        apigateway.LambdaRestApi(
            self, "RestApi",
            handler=fn,
            deploy_options=apigateway.StageOptions(throttling_burst_limit=100, throttling_rate_limit=50),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = handler(self)
        apigwv2.HttpApi(self, "HttpApi", default_integration=HttpLambdaIntegration("Orders", fn))
        apigateway.LambdaRestApi(self, "RestApi", handler=fn)

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def checkout(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "Checkout", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = checkout(self)
        # fix:start
        # the API calls the alias; CodeDeploy moves it to a new version 10 % at a time, rolling back on alarm
        live = lambda_.Alias(self, "CheckoutLive", alias_name="live", version=fn.current_version)
        errors = live.metric_errors().create_alarm(self, "CheckoutLiveErrors", threshold=1, evaluation_periods=1)
        codedeploy.LambdaDeploymentGroup(
            self, "CheckoutDeployment",
            alias=live,
            deployment_config=codedeploy.LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES,
            alarms=[errors],
        )
        apigateway.LambdaRestApi(self, "Api", handler=live)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        apigateway.LambdaRestApi(self, "Api", handler=checkout(self))

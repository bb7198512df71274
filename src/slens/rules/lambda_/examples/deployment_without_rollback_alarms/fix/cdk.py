from aws_cdk import Stack
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def live(scope: Construct) -> lambda_.Alias:
    fn = lambda_.Function(scope, "Checkout", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                          code=lambda_.Code.from_asset("src"))
    return lambda_.Alias(scope, "CheckoutLive", alias_name="live", version=fn.current_version)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        checkout_live = live(self)
        # fix:start
        # an error of the new version during the canary rolls the alias back
        errors = checkout_live.metric_errors().create_alarm(self, "CheckoutLiveErrors", threshold=1,
                                                            evaluation_periods=1)
        codedeploy.LambdaDeploymentGroup(
            self, "CheckoutDeployment",
            alias=checkout_live,
            deployment_config=codedeploy.LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES,
            alarms=[errors],
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        codedeploy.LambdaDeploymentGroup(
            self, "CheckoutDeployment",
            alias=live(self),
            deployment_config=codedeploy.LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES,
        )

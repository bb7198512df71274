from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def live(scope: Construct) -> lambda_.Alias:
    checkout = lambda_.Function(scope, "Checkout", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                                code=lambda_.Code.from_asset("src"))
    return lambda_.Alias(scope, "CheckoutLive", alias_name="live", version=checkout.current_version,
                         provisioned_concurrent_executions=5)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        checkout_live = live(self)
        # fix:start
        # the provisioned level follows use: between 5 and 50, aiming at 70 % of it busy
        checkout_live.add_auto_scaling(min_capacity=5, max_capacity=50).scale_on_utilization(utilization_target=0.7)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        live(self)

from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def api(scope: Construct) -> apigateway.LambdaRestApi:
    handler = lambda_.Function(scope, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                               code=lambda_.Code.from_asset("src"))
    return apigateway.LambdaRestApi(scope, "Api", handler=handler,
                                    default_method_options=apigateway.MethodOptions(api_key_required=True))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        partner_api = api(self)
        # fix:start
        plan = partner_api.add_usage_plan(
            "Partners",
            throttle=apigateway.ThrottleSettings(rate_limit=10, burst_limit=20),  # per key, per second
            quota=apigateway.QuotaSettings(limit=10000, period=apigateway.Period.DAY),
        )
        plan.add_api_stage(stage=partner_api.deployment_stage)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        partner_api = api(self)
        partner_api.add_usage_plan("Partners").add_api_stage(stage=partner_api.deployment_stage)

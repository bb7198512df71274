from aws_cdk import Duration, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def api(scope: Construct) -> apigateway.LambdaRestApi:
    handler = lambda_.Function(scope, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                               code=lambda_.Code.from_asset("src"))
    return apigateway.LambdaRestApi(scope, "Api", handler=handler)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        orders = api(self)
        # fix:start
        # REST API metrics (dimension ApiName); on an HTTP API: metric_server_error() and metric_latency() too
        orders.metric_server_error(period=Duration.minutes(1)).create_alarm(
            self, "ApiServerErrors",
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        orders.metric_latency(statistic="p90", period=Duration.minutes(1)).create_alarm(
            self, "ApiLatency",
            threshold=1000,  # milliseconds
            evaluation_periods=5,
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api(self)

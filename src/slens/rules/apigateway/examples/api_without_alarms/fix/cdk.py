from aws_cdk import Duration, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from constructs import Construct


def api(scope: Construct) -> apigateway.LambdaRestApi:
    handler = lambda_.Function(scope, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                               code=lambda_.Code.from_asset("src"))
    return apigateway.LambdaRestApi(scope, "Api", handler=handler)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        orders = api(self)
        alarm_topic = sns.Topic(self, "AlarmTopic")  # the topic the team is paged through
        # fix:start
        notify = cw_actions.SnsAction(alarm_topic)
        # REST API metrics (dimension ApiName); on an HTTP API: metric_server_error() and metric_latency() too
        orders.metric_server_error(period=Duration.minutes(1)).create_alarm(
            self, "ApiServerErrors",
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        ).add_alarm_action(notify)
        orders.metric_latency(statistic="p90", period=Duration.minutes(1)).create_alarm(
            self, "ApiLatency",
            threshold=1000,  # milliseconds
            evaluation_periods=5,
        ).add_alarm_action(notify)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api(self)

from aws_cdk import Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct


def errors_alarm(scope: Construct) -> cloudwatch.Alarm:
    worker = lambda_.Function(scope, "Worker", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                              code=lambda_.Code.from_asset("src"))
    return worker.metric_errors().create_alarm(scope, "WorkerErrors", threshold=1, evaluation_periods=1)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker_errors = errors_alarm(self)
        # fix:start
        alarm_topic = sns.Topic(self, "AlarmTopic")
        alarm_topic.add_subscription(subscriptions.EmailSubscription("oncall@example.com"))
        worker_errors.add_alarm_action(cw_actions.SnsAction(alarm_topic))
        worker_errors.add_ok_action(cw_actions.SnsAction(alarm_topic))  # and say when it is over
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        errors_alarm(self)

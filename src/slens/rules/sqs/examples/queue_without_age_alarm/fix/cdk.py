from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        alarm_topic = sns.Topic(self, "AlarmTopic")  # the topic the team is paged through
        # fix:start
        notify = cw_actions.SnsAction(alarm_topic)
        orders = sqs.Queue(self, "Orders")
        orders.metric_approximate_age_of_oldest_message(period=Duration.minutes(1)).create_alarm(
            self, "OrdersAge",
            threshold=300,  # seconds: messages waiting longer than the consumers should ever take
            evaluation_periods=5,
        ).add_alarm_action(notify)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        sqs.Queue(self, "Orders")

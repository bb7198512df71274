from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct


def queues(scope: Construct) -> sqs.Queue:
    dead_letters = sqs.Queue(scope, "OrdersDeadLetters", retention_period=Duration.days(14))
    sqs.Queue(scope, "Orders", dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=5))
    return dead_letters


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        dead_letters = queues(self)
        alarm_topic = sns.Topic(self, "AlarmTopic")  # the topic the team is paged through
        # fix:start
        notify = cw_actions.SnsAction(alarm_topic)
        # a message in the dead-letter queue is a failure someone has to look at
        dead_letters.metric_approximate_number_of_messages_visible(period=Duration.minutes(1)).create_alarm(
            self, "OrdersDeadLettersDepth",
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        ).add_alarm_action(notify)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        queues(self)

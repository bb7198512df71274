from aws_cdk import Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_sns as sns
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct


def machine(scope: Construct) -> sfn.StateMachine:
    return sfn.StateMachine(scope, "Orders",
                            definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(scope, "Accept")))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        orders = machine(self)
        alarm_topic = sns.Topic(self, "AlarmTopic")  # the topic the team is paged through
        # fix:start
        notify = cw_actions.SnsAction(alarm_topic)
        orders.metric_failed().create_alarm(
            self, "OrdersFailed",
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        ).add_alarm_action(notify)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        machine(self)

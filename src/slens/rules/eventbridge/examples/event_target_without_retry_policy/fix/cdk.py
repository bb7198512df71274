from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

ORDER_PLACED = events.EventPattern(source=["shop.orders"], detail_type=["OrderPlaced"])


def build(scope: Construct) -> tuple[lambda_.Function, sqs.Queue]:
    fn = lambda_.Function(scope, "Worker", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                          code=lambda_.Code.from_asset("src"))
    return fn, sqs.Queue(scope, "UndeliveredEvents")


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker, undelivered = build(self)
        # fix:start
        events.Rule(
            self, "OrderPlaced",
            event_pattern=ORDER_PLACED,
            targets=[targets.LambdaFunction(
                worker,
                dead_letter_queue=undelivered,
                # EventBridge's default is 185 attempts over 24 hours: bound them to what the event is worth
                retry_attempts=8,
                max_event_age=Duration.hours(2),
            )],
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker, undelivered = build(self)
        events.Rule(self, "OrderPlaced", event_pattern=ORDER_PLACED,
                    targets=[targets.LambdaFunction(worker, dead_letter_queue=undelivered)])

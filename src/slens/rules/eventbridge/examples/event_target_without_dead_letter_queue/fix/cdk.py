from aws_cdk import Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct


def worker(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "Worker", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = worker(self)
        # fix:start
        undelivered = sqs.Queue(self, "UndeliveredEvents")
        events.Rule(
            self, "OrderPlaced",
            event_pattern=events.EventPattern(source=["shop.orders"], detail_type=["OrderPlaced"]),
            # events EventBridge cannot deliver to the target go to the queue
            targets=[targets.LambdaFunction(fn, dead_letter_queue=undelivered, retry_attempts=4)],
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        events.Rule(
            self, "OrderPlaced",
            event_pattern=events.EventPattern(source=["shop.orders"], detail_type=["OrderPlaced"]),
            targets=[targets.LambdaFunction(worker(self))],
        )

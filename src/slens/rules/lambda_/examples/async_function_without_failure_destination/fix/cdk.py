from aws_cdk import Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        failed_events = sqs.Queue(self, "FailedEvents")
        worker = lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            # events that still fail after Lambda's two retries go to the queue, with the error
            on_failure=destinations.SqsDestination(failed_events),
        )
        # fix:end
        events.Rule(self, "Nightly", schedule=events.Schedule.cron(hour="2", minute="0"),
                    targets=[targets.LambdaFunction(worker)])


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker = lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
        )
        events.Rule(self, "Nightly", schedule=events.Schedule.cron(hour="2", minute="0"),
                    targets=[targets.LambdaFunction(worker)])

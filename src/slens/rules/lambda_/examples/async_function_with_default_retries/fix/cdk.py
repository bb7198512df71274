from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sqs as sqs
from constructs import Construct


def nightly(scope: Construct, worker: lambda_.Function) -> None:
    events.Rule(scope, "Nightly", schedule=events.Schedule.cron(hour="2", minute="0"),
                targets=[targets.LambdaFunction(worker)])


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        failed_events = sqs.Queue(self, "FailedEvents")
        # fix:start
        worker = lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            on_failure=destinations.SqsDestination(failed_events),
            # one retry, within the hour: an event that fails twice goes to the queue rather than wait 6 hours
            retry_attempts=1,
            max_event_age=Duration.hours(1),
        )
        # fix:end
        nightly(self, worker)


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker = lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            on_failure=destinations.SqsDestination(sqs.Queue(self, "FailedEvents")),
        )
        nightly(self, worker)

from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.aws_lambda_event_sources import SqsEventSource
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        worker = lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            timeout=Duration.seconds(30),
        )
        orders = sqs.Queue(
            self, "Orders",
            visibility_timeout=Duration.seconds(180),  # 6 x the consumer's timeout (30 s)
        )
        worker.add_event_source(SqsEventSource(orders))
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker = lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            timeout=Duration.seconds(30),
        )
        orders = sqs.Queue(self, "Orders")
        worker.add_event_source(SqsEventSource(orders))

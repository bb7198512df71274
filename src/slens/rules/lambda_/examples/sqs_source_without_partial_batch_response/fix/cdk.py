from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.aws_lambda_event_sources import SqsEventSource
from constructs import Construct


def build(scope: Construct) -> tuple[lambda_.Function, sqs.Queue]:
    fn = lambda_.Function(scope, "Worker", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                          code=lambda_.Code.from_asset("src"))
    return fn, sqs.Queue(scope, "Orders", visibility_timeout=Duration.seconds(30))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker, orders = build(self)
        # fix:start
        worker.add_event_source(SqsEventSource(
            orders,
            batch_size=10,
            # the handler returns {"batchItemFailures": [{"itemIdentifier": message_id}]}: only those come back
            report_batch_item_failures=True,
        ))
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker, orders = build(self)
        worker.add_event_source(SqsEventSource(orders, batch_size=10))

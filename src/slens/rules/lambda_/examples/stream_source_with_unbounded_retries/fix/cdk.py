from aws_cdk import Duration, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.aws_lambda_event_sources import DynamoEventSource, SqsDlq
from constructs import Construct


def build(scope: Construct) -> tuple[lambda_.Function, dynamodb.Table]:
    fn = lambda_.Function(scope, "Projector", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                          code=lambda_.Code.from_asset("src"), timeout=Duration.seconds(30))
    table = dynamodb.Table(
        scope, "Orders",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    )
    return fn, table


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        projector, orders = build(self)
        # fix:start
        failed_batches = sqs.Queue(self, "FailedBatches")
        projector.add_event_source(DynamoEventSource(
            orders,
            starting_position=lambda_.StartingPosition.TRIM_HORIZON,
            # a failing batch is retried 3 times or for an hour, not until the records expire (the shard waits)
            retry_attempts=3,
            max_record_age=Duration.hours(1),
            on_failure=SqsDlq(failed_batches),
        ))
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        projector, orders = build(self)
        projector.add_event_source(DynamoEventSource(orders, starting_position=lambda_.StartingPosition.TRIM_HORIZON))

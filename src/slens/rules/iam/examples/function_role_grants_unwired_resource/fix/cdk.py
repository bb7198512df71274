from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as lambda_event_sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        jobs = sqs.Queue(self, "Jobs")
        orders = dynamodb.Table(
            self, "Orders",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        )
        # fix:start
        worker = lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            # the code reads the table it is granted: pass it (or drop the grant)
            environment={"ORDERS_TABLE": orders.table_name},
        )
        worker.add_event_source(lambda_event_sources.SqsEventSource(jobs))
        orders.grant_read_data(worker)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        jobs = sqs.Queue(self, "Jobs")
        orders = dynamodb.Table(
            self, "Orders",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        )
        worker = lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
        )
        worker.add_event_source(lambda_event_sources.SqsEventSource(jobs))
        orders.grant_read_data(worker)

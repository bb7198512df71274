from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        orders = dynamodb.Table(
            self, "Orders",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        )
        # fix:start
        # one job: save the order and announce it; the bus's consumers archive it, queue
        # the follow-up work and alert, each with a role of its own
        bus = events.EventBus(self, "Bus")
        save_order = lambda_.Function(
            self, "SaveOrder",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            environment={"ORDERS_TABLE": orders.table_name, "EVENT_BUS": bus.event_bus_name},
        )
        orders.grant_write_data(save_order)
        bus.grant_put_events_to(save_order)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        orders = dynamodb.Table(
            self, "Orders",
            partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        )
        archive = s3.Bucket(self, "Archive")
        jobs = sqs.Queue(self, "Jobs")
        alerts = sns.Topic(self, "Alerts")
        save_order = lambda_.Function(
            self, "SaveOrder",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            environment={
                "ORDERS_TABLE": orders.table_name,
                "ARCHIVE_BUCKET": archive.bucket_name,
                "JOBS_QUEUE_URL": jobs.queue_url,
                "ALERTS_TOPIC_ARN": alerts.topic_arn,
            },
        )
        orders.grant_write_data(save_order)
        archive.grant_put(save_order)
        jobs.grant_send_messages(save_order)
        alerts.grant_publish(save_order)

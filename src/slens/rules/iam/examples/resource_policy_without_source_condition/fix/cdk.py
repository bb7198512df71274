from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        order_events = sns.Topic(self, "OrderEvents")
        orders = sqs.Queue(self, "Orders")
        # fix:start
        # SNS may send to the queue for this topic only (SqsSubscription writes the same statement)
        orders.add_to_resource_policy(iam.PolicyStatement(
            principals=[iam.ServicePrincipal("sns.amazonaws.com")],
            actions=["sqs:SendMessage"],
            resources=[orders.queue_arn],
            conditions={"ArnEquals": {"aws:SourceArn": order_events.topic_arn}},
        ))
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        sns.Topic(self, "OrderEvents")
        orders = sqs.Queue(self, "Orders")
        orders.add_to_resource_policy(iam.PolicyStatement(
            principals=[iam.ServicePrincipal("sns.amazonaws.com")],
            actions=["sqs:SendMessage"],
            resources=[orders.queue_arn],
        ))

from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
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
        uploads = sns.Topic(self, "Uploads")
        undelivered = sqs.Queue(self, "UndeliveredUploads")
        # messages SNS cannot deliver to the function go to the queue (the subscription's RedrivePolicy)
        uploads.add_subscription(subscriptions.LambdaSubscription(fn, dead_letter_queue=undelivered))
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = worker(self)
        uploads = sns.Topic(self, "Uploads")
        uploads.add_subscription(subscriptions.LambdaSubscription(fn))

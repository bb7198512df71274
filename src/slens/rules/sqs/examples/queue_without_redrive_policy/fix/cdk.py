from aws_cdk import Duration, Stack
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        dead_letters = sqs.Queue(self, "OrdersDeadLetters", retention_period=Duration.days(14))
        sqs.Queue(
            self, "Orders",
            # a message received 5 times without being deleted moves to the dead-letter queue
            dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=5),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        sqs.Queue(self, "Orders")

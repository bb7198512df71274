from aws_cdk import Duration, Stack
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        # a message keeps its age when it moves: the dead-letter queue must keep it longer than the source did
        dead_letters = sqs.Queue(self, "OrdersDeadLetters", retention_period=Duration.days(14))
        sqs.Queue(
            self, "Orders",
            retention_period=Duration.days(4),
            dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=5),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        dead_letters = sqs.Queue(self, "OrdersDeadLetters")
        sqs.Queue(
            self, "Orders",
            retention_period=Duration.days(4),
            dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=5),
        )

from aws_cdk import Duration, Stack
from aws_cdk import aws_sqs as sqs
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        dead_letters = sqs.Queue(self, "OrdersDeadLetters", retention_period=Duration.days(14))
        # fix:start
        sqs.Queue(
            self, "Orders",
            # a few receives: one transient error (a throttled call, a timeout) does not dead-letter a message
            dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=5),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        dead_letters = sqs.Queue(self, "OrdersDeadLetters", retention_period=Duration.days(14))
        sqs.Queue(self, "Orders", dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letters, max_receive_count=1))

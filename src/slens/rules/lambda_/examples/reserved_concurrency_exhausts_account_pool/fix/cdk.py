from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def fn(scope: Construct, id: str, reserved: int) -> lambda_.Function:
    return lambda_.Function(scope, id, runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"), reserved_concurrent_executions=reserved)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        # reservations take from the account's pool (1,000 by default, 100 of it never reservable):
        # reserve what each function needs at its peak, and raise the account's quota for more
        fn(self, "Checkout", 200)
        fn(self, "Reports", 50)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn(self, "Checkout", 800)
        fn(self, "Reports", 200)

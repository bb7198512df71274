from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        lambda_.Function(
            self, "Invoices",
            runtime=lambda_.Runtime.JAVA_21,
            handler="com.example.invoices.Handler::handleRequest",
            code=lambda_.Code.from_asset("src"),
            timeout=Duration.seconds(30),
            # memory buys CPU too: measure (AWS Lambda Power Tuning) rather than keep the 128 MB default
            memory_size=1024,
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        lambda_.Function(
            self, "Invoices",
            runtime=lambda_.Runtime.JAVA_21,
            handler="com.example.invoices.Handler::handleRequest",
            code=lambda_.Code.from_asset("src"),
            timeout=Duration.seconds(30),
        )

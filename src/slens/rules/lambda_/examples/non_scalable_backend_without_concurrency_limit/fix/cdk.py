from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def ledger(scope: Construct) -> dynamodb.Table:
    return dynamodb.Table(scope, "Ledger",
                          partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
                          billing_mode=dynamodb.BillingMode.PROVISIONED, read_capacity=5, write_capacity=5)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        table = ledger(self)  # 5 write units
        # fix:start
        writer = lambda_.Function(
            self, "Writer",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),
            # no more concurrent writers than the table's capacity serves: a burst waits instead of throttling it
            reserved_concurrent_executions=5,
        )
        table.grant(writer, "dynamodb:PutItem")
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        table = ledger(self)
        writer = lambda_.Function(self, "Writer", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                                  code=lambda_.Code.from_asset("src"))
        table.grant(writer, "dynamodb:PutItem")

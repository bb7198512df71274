from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def build(scope: Construct) -> tuple[lambda_.Function, dynamodb.Table]:
    fn = lambda_.Function(scope, "Worker", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                          code=lambda_.Code.from_asset("src"))
    table = dynamodb.Table(scope, "Orders",
                           partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
                           billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST)
    return fn, table


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker, orders = build(self)
        # fix:start
        worker.add_to_role_policy(iam.PolicyStatement(
            actions=["dynamodb:GetItem", "dynamodb:Query"],
            resources=[orders.table_arn, f"{orders.table_arn}/index/*"],  # the table it reads, not "*"
        ))
        # or let the table write the statement: orders.grant(worker, "dynamodb:GetItem", "dynamodb:Query")
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker, _ = build(self)
        worker.add_to_role_policy(iam.PolicyStatement(actions=["dynamodb:GetItem", "dynamodb:Query"],
                                                      resources=["*"]))

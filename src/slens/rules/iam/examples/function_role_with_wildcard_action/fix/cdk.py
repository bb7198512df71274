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
        # the actions the function uses, on the table it uses, instead of dynamodb:*
        worker.add_to_role_policy(iam.PolicyStatement(
            actions=["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"],
            resources=[orders.table_arn],
        ))
        # or: orders.grant(worker, "dynamodb:GetItem", ...), or orders.grant_read_data(worker), which adds stream reads
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker, orders = build(self)
        worker.add_to_role_policy(iam.PolicyStatement(actions=["dynamodb:*"], resources=[orders.table_arn]))

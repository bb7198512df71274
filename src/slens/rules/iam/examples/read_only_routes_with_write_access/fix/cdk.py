from aws_cdk import Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk.aws_apigatewayv2_integrations import HttpLambdaIntegration
from constructs import Construct


def build(scope: Construct) -> tuple[lambda_.Function, dynamodb.Table]:
    fn = lambda_.Function(scope, "GetOrders", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                          code=lambda_.Code.from_asset("src"))
    table = dynamodb.Table(scope, "Orders",
                           partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
                           billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST)
    apigwv2.HttpApi(scope, "HttpApi").add_routes(path="/orders", methods=[apigwv2.HttpMethod.GET],
                                                 integration=HttpLambdaIntegration("GetOrdersIntegration", fn))
    return fn, table


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        get_orders, orders = build(self)  # serves GET /orders only
        # fix:start
        # reads only, for a function that only answers reads (not grant_read_write_data)
        orders.grant(get_orders, "dynamodb:GetItem", "dynamodb:Query")
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        get_orders, orders = build(self)
        orders.grant_read_write_data(get_orders)

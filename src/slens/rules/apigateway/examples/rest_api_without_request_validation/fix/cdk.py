from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def build(scope: Construct) -> tuple[apigateway.RestApi, apigateway.LambdaIntegration]:
    fn = lambda_.Function(scope, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                          code=lambda_.Code.from_asset("src"))
    return apigateway.RestApi(scope, "Api"), apigateway.LambdaIntegration(fn)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api, integration = build(self)
        # fix:start
        order = api.add_model(
            "Order",
            content_type="application/json",
            schema=apigateway.JsonSchema(
                type=apigateway.JsonSchemaType.OBJECT,
                required=["item"],
                properties={"item": apigateway.JsonSchema(type=apigateway.JsonSchemaType.STRING)},
            ),
        )
        api.root.add_resource("orders").add_method(
            "POST", integration,
            request_models={"application/json": order},
            # API Gateway rejects a body that does not match the model (400) before the function runs
            request_validator_options=apigateway.RequestValidatorOptions(validate_request_body=True),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api, integration = build(self)
        api.root.add_resource("orders").add_method("POST", integration)

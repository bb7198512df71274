from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk.aws_apigatewayv2_authorizers import HttpUserPoolAuthorizer
from aws_cdk.aws_apigatewayv2_integrations import HttpLambdaIntegration
from constructs import Construct


def handler(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


def routes(http_api: apigwv2.HttpApi, fn: lambda_.Function) -> None:
    http_api.add_routes(path="/orders", methods=[apigwv2.HttpMethod.GET],
                        integration=HttpLambdaIntegration("GetOrders", fn))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = handler(self)
        # fix:start
        users = cognito.UserPool(self, "Users")
        web_client = users.add_client("WebClient")

        # HTTP API: every route asks the authorizer first (a route may still set its own)
        http_api = apigwv2.HttpApi(
            self, "HttpApi",
            default_authorizer=HttpUserPoolAuthorizer("UsersAuthorizer", users, user_pool_clients=[web_client]),
        )

        # REST API: every method, the proxy's included
        apigateway.LambdaRestApi(
            self, "RestApi",
            handler=fn,
            default_method_options=apigateway.MethodOptions(
                authorization_type=apigateway.AuthorizationType.COGNITO,
                authorizer=apigateway.CognitoUserPoolsAuthorizer(self, "RestUsersAuthorizer",
                                                                 cognito_user_pools=[users]),
            ),
        )
        # fix:end
        routes(http_api, fn)


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = handler(self)
        routes(apigwv2.HttpApi(self, "HttpApi"), fn)
        apigateway.LambdaRestApi(self, "RestApi", handler=fn)

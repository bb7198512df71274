from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def api(scope: Construct, cors: apigateway.CorsOptions) -> None:
    handler = lambda_.Function(scope, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                               code=lambda_.Code.from_asset("src"))
    users = cognito.UserPool(scope, "Users")
    apigateway.LambdaRestApi(
        scope, "Api",
        handler=handler,
        default_method_options=apigateway.MethodOptions(
            authorization_type=apigateway.AuthorizationType.COGNITO,
            authorizer=apigateway.CognitoUserPoolsAuthorizer(scope, "UsersAuthorizer", cognito_user_pools=[users]),
        ),
        default_cors_preflight_options=cors,
    )


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        cors = apigateway.CorsOptions(
            allow_origins=["https://app.example.com"],  # the sites that call the API, not Cors.ALL_ORIGINS
            allow_headers=["Authorization", "Content-Type"],
        )
        # fix:end
        api(self, cors)


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api(self, apigateway.CorsOptions(allow_origins=apigateway.Cors.ALL_ORIGINS,
                                         allow_headers=["Authorization", "Content-Type"]))

from aws_cdk import Duration, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def fn(scope: Construct, id: str) -> lambda_.Function:
    return lambda_.Function(scope, id, runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


def api(scope: Construct, authorizer: apigateway.IAuthorizer) -> None:
    apigateway.LambdaRestApi(scope, "Api", handler=fn(scope, "Handler"),
                             default_method_options=apigateway.MethodOptions(authorizer=authorizer))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        check_token = fn(self, "CheckToken")
        # fix:start
        authorizer = apigateway.TokenAuthorizer(
            self, "TokenAuthorizer",
            handler=check_token,
            # API Gateway reuses a token's policy for 5 minutes instead of invoking the function per request
            results_cache_ttl=Duration.minutes(5),
        )
        # fix:end
        api(self, authorizer)


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        authorizer = apigateway.TokenAuthorizer(self, "TokenAuthorizer", handler=fn(self, "CheckToken"),
                                                results_cache_ttl=Duration.seconds(0))
        api(self, authorizer)

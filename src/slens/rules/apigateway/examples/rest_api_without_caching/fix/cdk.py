from aws_cdk import Duration, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def catalogue(api: apigateway.RestApi, scope: Construct) -> None:
    fn = lambda_.Function(scope, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                          code=lambda_.Code.from_asset("src"))
    products = api.root.add_resource("products")
    products.add_method("GET", apigateway.LambdaIntegration(fn))
    products.add_resource("{id}").add_method("GET", apigateway.LambdaIntegration(fn))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        api = apigateway.RestApi(
            self, "Api",
            deploy_options=apigateway.StageOptions(
                cache_cluster_enabled=True,
                cache_cluster_size="0.5",  # GB, billed per hour
                caching_enabled=True,  # every GET method, keyed by path and query (per method: method_options)
                cache_ttl=Duration.minutes(5),
            ),
        )
        # fix:end
        catalogue(api, self)


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        catalogue(apigateway.RestApi(self, "Api"), self)

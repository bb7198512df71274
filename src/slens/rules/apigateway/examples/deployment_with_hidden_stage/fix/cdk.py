from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api = apigateway.RestApi(self, "Api", deploy=False)
        api.root.add_method("GET", apigateway.MockIntegration())
        # fix:start
        # no stage_name on the deployment: the Stage below is the API's only stage
        deployment = apigateway.Deployment(self, "Deployment", api=api)
        apigateway.Stage(
            self, "Prod",
            deployment=deployment,
            stage_name="prod",
            throttling_rate_limit=100,
            throttling_burst_limit=50,
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        api = apigateway.RestApi(self, "Api", deploy=False)
        api.root.add_method("GET", apigateway.MockIntegration())
        deployment = apigateway.Deployment(self, "Deployment", api=api, stage_name="v1")
        apigateway.Stage(
            self, "Prod",
            deployment=deployment,
            stage_name="prod",
            throttling_rate_limit=100,
            throttling_burst_limit=50,
        )

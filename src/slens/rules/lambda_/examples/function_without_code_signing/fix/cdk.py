from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_signer as signer
from constructs import Construct


def signing(scope: Construct) -> lambda_.CodeSigningConfig:
    profile = signer.SigningProfile(scope, "SigningProfile", platform=signer.Platform.AWS_LAMBDA_SHA384_ECDSA)
    config = lambda_.CodeSigningConfig(scope, "CodeSigning", signing_profiles=[profile])
    lambda_.Function(scope, "Api", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",  # signed already
                     code=lambda_.Code.from_asset("src"), code_signing_config=config)
    return config


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        code_signing = signing(self)
        # fix:start
        lambda_.Function(
            self, "Worker",
            runtime=lambda_.Runtime.PYTHON_3_13,
            handler="app.handler",
            code=lambda_.Code.from_asset("src"),  # signed by the pipeline's signing job, like the other functions'
            code_signing_config=code_signing,
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        signing(self)
        lambda_.Function(self, "Worker", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                         code=lambda_.Code.from_asset("src"))

from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def worker(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "Reports", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        reports = worker(self)
        # fix:start
        # callers sign their requests (SigV4) with credentials allowed lambda:InvokeFunctionUrl
        reports.add_function_url(auth_type=lambda_.FunctionUrlAuthType.AWS_IAM)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        worker(self).add_function_url(auth_type=lambda_.FunctionUrlAuthType.NONE)

from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct


def processor(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "ProcessOrderFunction", runtime=lambda_.Runtime.PYTHON_3_13,
                            handler="app.handler", code=lambda_.Code.from_asset("src"))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = processor(self)
        # fix:start
        process_order = tasks.LambdaInvoke(
            self, "ProcessOrder",
            lambda_function=fn,
            # the default: a Retry for Lambda.ServiceException, AWSLambdaException and SdkClientException
            retry_on_service_exceptions=True,
        )
        # and for throttling, which the default leaves out
        process_order.add_retry(
            errors=["Lambda.TooManyRequestsException"],
            interval=Duration.seconds(2),
            max_attempts=6,
            backoff_rate=2,
        )
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(process_order))
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        process_order = tasks.LambdaInvoke(self, "ProcessOrder", lambda_function=processor(self),
                                           retry_on_service_exceptions=False)
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(process_order))

from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct


def processor(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "ProcessOrderFunction", runtime=lambda_.Runtime.PYTHON_3_13,
                            handler="app.handler", code=lambda_.Code.from_asset("src"), timeout=Duration.seconds(60))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = processor(self)  # timeout: 60 s
        # fix:start
        process_order = tasks.LambdaInvoke(
            self, "ProcessOrder",
            lambda_function=fn,
            # at least the function's own timeout: a shorter one abandons runs that would have succeeded
            task_timeout=sfn.Timeout.duration(Duration.seconds(90)),
        )
        # fix:end
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(process_order))


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        process_order = tasks.LambdaInvoke(self, "ProcessOrder", lambda_function=processor(self),
                                           task_timeout=sfn.Timeout.duration(Duration.seconds(10)))
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(process_order))

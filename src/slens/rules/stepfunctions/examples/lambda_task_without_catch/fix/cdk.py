from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct


def process_order(scope: Construct) -> tasks.LambdaInvoke:
    fn = lambda_.Function(scope, "ProcessOrderFunction", runtime=lambda_.Runtime.PYTHON_3_13,
                          handler="app.handler", code=lambda_.Code.from_asset("src"))
    return tasks.LambdaInvoke(scope, "ProcessOrder", lambda_function=fn)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        process = process_order(self)
        # fix:start
        failed_orders = sqs.Queue(self, "FailedOrders")
        # after its retries, a failed order is kept (with the error) and the execution fails visibly
        record_failure = tasks.SqsSendMessage(
            self, "RecordFailure",
            queue=failed_orders,
            message_body=sfn.TaskInput.from_json_path_at("$"),
        ).next(sfn.Fail(self, "OrderFailed"))
        process.add_catch(record_failure, errors=["States.ALL"], result_path="$.error")
        # fix:end
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(process))


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(process_order(self)))

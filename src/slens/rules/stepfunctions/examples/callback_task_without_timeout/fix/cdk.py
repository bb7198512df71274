from aws_cdk import Duration, Stack
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

REQUEST = sfn.TaskInput.from_object({"token": sfn.JsonPath.task_token, "order": sfn.JsonPath.entire_payload})


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        approvals = sqs.Queue(self, "Approvals")
        # fix:start
        await_approval = tasks.SqsSendMessage(
            self, "AwaitApproval",
            queue=approvals,
            message_body=REQUEST,
            integration_pattern=sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
            # without it, a lost token keeps the execution waiting for a year
            task_timeout=sfn.Timeout.duration(Duration.hours(24)),
        )
        # fix:end
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(await_approval))


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        await_approval = tasks.SqsSendMessage(
            self, "AwaitApproval",
            queue=sqs.Queue(self, "Approvals"),
            message_body=REQUEST,
            integration_pattern=sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        )
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(await_approval))

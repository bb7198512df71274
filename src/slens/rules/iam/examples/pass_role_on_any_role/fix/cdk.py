from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


def launcher(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "Launcher", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = launcher(self)
        # fix:start
        task_role = iam.Role(self, "TaskRole", assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"))
        # iam:PassRole on the one role the function hands to the tasks it starts, not on every role
        task_role.grant_pass_role(fn.grant_principal)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = launcher(self)
        iam.Role(self, "TaskRole", assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"))
        fn.add_to_role_policy(iam.PolicyStatement(actions=["iam:PassRole"], resources=["*"]))

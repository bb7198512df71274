from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct


def machine(scope: Construct, role: iam.Role) -> None:
    sfn.StateMachine(scope, "Orders", definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(scope, "Accept")),
                     role=role)


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        machine_role = iam.Role(
            self, "OrdersRole",
            assumed_by=iam.ServicePrincipal("states.amazonaws.com"),  # the service the role is handed to
        )
        # fix:end
        machine(self, machine_role)


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        machine(self, iam.Role(self, "OrdersRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com")))

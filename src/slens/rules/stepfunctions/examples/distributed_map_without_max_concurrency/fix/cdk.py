from aws_cdk import Stack
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        each_order = sfn.DistributedMap(
            self, "EachOrder",
            items_path=sfn.JsonPath.string_at("$.orders"),
            # child executions at a time: what the functions and tables downstream can take
            max_concurrency=100,
        )
        each_order.item_processor(sfn.Pass(self, "Handle"))
        # fix:end
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(each_order))


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        each_order = sfn.DistributedMap(self, "EachOrder", items_path=sfn.JsonPath.string_at("$.orders"))
        each_order.item_processor(sfn.Pass(self, "Handle"))
        sfn.StateMachine(self, "Orders", definition_body=sfn.DefinitionBody.from_chainable(each_order))

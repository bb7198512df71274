from aws_cdk import Stack
from aws_cdk import aws_appsync as appsync
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        appsync.GraphqlApi(
            self, "Orders",
            name="orders",
            definition=appsync.Definition.from_file("src/schema.graphql"),
            xray_enabled=True,
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        appsync.GraphqlApi(self, "Orders", name="orders", definition=appsync.Definition.from_file("src/schema.graphql"))

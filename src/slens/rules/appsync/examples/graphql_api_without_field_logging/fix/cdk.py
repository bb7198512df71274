from aws_cdk import Stack
from aws_cdk import aws_appsync as appsync
from aws_cdk import aws_logs as logs
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        appsync.GraphqlApi(
            self, "Orders",
            name="orders",
            definition=appsync.Definition.from_file("src/schema.graphql"),
            log_config=appsync.LogConfig(
                field_log_level=appsync.FieldLogLevel.ERROR,  # the resolvers that fail, with their errors
                retention=logs.RetentionDays.ONE_MONTH,
            ),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        appsync.GraphqlApi(self, "Orders", name="orders", definition=appsync.Definition.from_file("src/schema.graphql"))

from aws_cdk import Stack
from aws_cdk import aws_appsync as appsync
from aws_cdk import aws_cognito as cognito
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        users = cognito.UserPool(self, "Users")
        appsync.GraphqlApi(
            self, "Orders",
            name="orders",
            definition=appsync.Definition.from_file("src/schema.graphql"),
            authorization_config=appsync.AuthorizationConfig(
                # signed-in users; the API key stays for the public fields (@aws_api_key in the schema)
                default_authorization=appsync.AuthorizationMode(
                    authorization_type=appsync.AuthorizationType.USER_POOL,
                    user_pool_config=appsync.UserPoolConfig(user_pool=users),
                ),
                additional_authorization_modes=[
                    appsync.AuthorizationMode(authorization_type=appsync.AuthorizationType.API_KEY),
                ],
            ),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        appsync.GraphqlApi(
            self, "Orders",
            name="orders",
            definition=appsync.Definition.from_file("src/schema.graphql"),
            authorization_config=appsync.AuthorizationConfig(
                default_authorization=appsync.AuthorizationMode(authorization_type=appsync.AuthorizationType.API_KEY),
            ),
        )

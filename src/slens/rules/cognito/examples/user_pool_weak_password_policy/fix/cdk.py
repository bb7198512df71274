from aws_cdk import Stack
from aws_cdk import aws_cognito as cognito
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        cognito.UserPool(
            self, "Users",
            password_policy=cognito.PasswordPolicy(
                min_length=12,
                require_lowercase=True,
                require_uppercase=True,
                require_digits=True,
                require_symbols=True,
            ),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        cognito.UserPool(self, "Users", password_policy=cognito.PasswordPolicy(min_length=6, require_symbols=False))

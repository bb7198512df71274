from aws_cdk import Stack
from aws_cdk import aws_cognito as cognito
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        cognito.UserPool(
            self, "Users",
            mfa=cognito.Mfa.OPTIONAL,  # or REQUIRED; users enrol an authenticator app
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        cognito.UserPool(self, "Users")

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource


class UserPoolWithoutMfa(Rule):
    """Cognito user pool with multi-factor authentication off

    ## What it does
    Flags `AWS::Cognito::UserPool` resources whose `MfaConfiguration` is `OFF` or not set
    (Cognito's default is `OFF`). `OPTIONAL` (users may enrol) and `ON` pass.

    ## Why it matters
    The Serverless Lens asks you to *use authentication and authorization mechanisms*
    (SEC 1); a password alone is the weakest of them. With MFA off, no user can protect
    their account with a second factor, so a phished or reused password is enough to call
    your API as them.

    ## How to fix
    Set `MfaConfiguration: OPTIONAL` (or `ON`) with `EnabledMfas: [SOFTWARE_TOKEN_MFA]`
    (TOTP apps, no SMS role needed), and ask users with sensitive rights to enrol.

    ## When to ignore
    Pools used only through a federated identity provider that enforces MFA itself can
    ignore this rule with a reason.
    """

    id = "COG202"
    name = "user-pool-without-mfa"
    severity = Severity.LOW
    practice = Practices.SEC1_AUTH
    services = (Service.COGNITO,)
    resource_types = ("AWS::Cognito::UserPool",)
    equivalents = ("cdk-nag:AwsSolutions-COG2", "cfn-nag:F78", "kics:Cognito UserPool Without MFA")
    fix = {
        "SAM": "UserPool:\n  Type: AWS::Cognito::UserPool\n  Properties:\n    MfaConfiguration: OPTIONAL\n"
               "    EnabledMfas: [SOFTWARE_TOKEN_MFA]\n",
        "CloudFormation": "UserPool:\n  Type: AWS::Cognito::UserPool\n  Properties:\n"
                          "    MfaConfiguration: OPTIONAL\n    EnabledMfas: [SOFTWARE_TOKEN_MFA]\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        value = resource.prop("MfaConfiguration")
        if value is None:
            yield self.violation(resource, f"user pool {resource.logical_id} has no MfaConfiguration: MFA is off")
        elif resource.str_prop("MfaConfiguration") == "OFF":
            yield self.violation(resource, f"user pool {resource.logical_id} has MfaConfiguration OFF",
                                 "MfaConfiguration")

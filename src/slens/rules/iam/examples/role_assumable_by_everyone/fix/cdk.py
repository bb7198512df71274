from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        iam.Role(
            self, "AuditReader",
            # the account whose people and roles may assume it (their own policies still have to allow it)
            assumed_by=iam.AccountPrincipal("111122223333"),
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")],
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        iam.Role(self, "AuditReader", assumed_by=iam.AnyPrincipal(),
                 managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("ReadOnlyAccess")])

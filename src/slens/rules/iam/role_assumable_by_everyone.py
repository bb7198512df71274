from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_mapping, is_unknown, principals, trust_statements


class RoleAssumableByEveryone(Rule):
    """Role whose trust policy lets any AWS principal assume it

    ## What it does
    Flags a role trust policy (`AssumeRolePolicyDocument`) with an Allow statement whose
    principal is `*` or `{AWS: "*"}` and that has no `Condition`.

    ## Why it matters
    The Serverless Lens asks you to *use temporary credentials between resources and
    components* (SEC 2), handed out to the services and identities that need them. A wildcard
    principal lets every AWS account in the world call `sts:AssumeRole` and get the role's
    credentials: whatever the role can do, anyone can.

    ## How to fix
    Name the principal that assumes the role: a service (`lambda.amazonaws.com`), an account
    (`arn:aws:iam::111122223333:root`) or a role. When a wildcard is needed (an organisation-wide
    role), restrict it with a condition such as `aws:PrincipalOrgID`.

    ## When to ignore
    Never without a condition: there is no legitimate use of a role anyone can assume.
    """

    id = "IAM004"
    name = "role-assumable-by-everyone"
    severity = Severity.CRITICAL
    practice = Practices.SEC2_TEMPORARY_CREDENTIALS
    services = (Service.IAM,)
    resource_types = ("AWS::IAM::Role",)
    equivalents = ("checkov:CKV_AWS_60", "cfn-nag:F2", "kics:Role Allows All Principals To Assume")
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n"
               "    AssumeRolePolicyDocument:\n      Statement:\n        - Effect: Allow\n"
               "          Principal: {Service: lambda.amazonaws.com}\n          Action: sts:AssumeRole\n",
        "CloudFormation": "AssumeRolePolicyDocument:\n  Statement:\n    - Effect: Allow\n"
                          "      Principal: {AWS: arn:aws:iam::111122223333:root}\n"
                          "      Action: sts:AssumeRole\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        for statement in trust_statements(resource):
            if not statement.allows or "*" not in principals(statement.principal):
                continue
            if as_mapping(statement.condition) or is_unknown(statement.condition):
                continue
            yield self.violation(resource, f"role {resource.logical_id} can be assumed by any AWS principal "
                                           "(Principal *, no Condition)", *statement.path, "Principal")

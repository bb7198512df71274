from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.iam import policy_statements

_PASS_ROLE = ("iam:passrole", "iam:pass*")


class PassRoleOnAnyRole(Rule):
    """`iam:PassRole` allowed on every role

    ## What it does
    Flags Allow statements of roles and policies that grant `iam:PassRole` with
    `Resource: "*"` (or `NotResource`).

    ## Why it matters
    The Serverless Lens asks you to *use temporary credentials between resources and
    components* and to keep each identity's permissions to what it needs (SEC 2).
    `iam:PassRole` on `*` lets the identity hand any role of the account, an administrator
    role included, to a function, a state machine or a task it creates, and so act with
    that role's permissions: a privilege escalation path.

    ## How to fix
    Name the roles it may pass (`Resource: !GetAtt WorkerRole.Arn`) and add an
    `iam:PassedToService` condition for the service that receives them.

    ## When to ignore
    Deployment roles that create roles and resources together (a pipeline's CloudFormation
    role) can ignore this rule with a reason; scope them by path or name prefix first.
    """

    id = "IAM204"
    name = "pass-role-on-any-role"
    severity = Severity.HIGH
    practice = Practices.SEC2_TEMPORARY_CREDENTIALS
    services = (Service.IAM,)
    resource_types = ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
    equivalents = ("cfn-nag:F38", "cfn-nag:F39", "cfn-nag:F40", "checkov:CKV_AWS_110")
    fix = {
        "SAM": "Policies:\n  - Statement:\n      - Effect: Allow\n        Action: iam:PassRole\n"
               "        Resource: !GetAtt WorkerRole.Arn\n        Condition:\n"
               "          StringEquals: {iam:PassedToService: lambda.amazonaws.com}\n",
        "CloudFormation": "MyPolicy:\n"
                          "  Type: AWS::IAM::ManagedPolicy  # or an AWS::IAM::Policy, or in a role's Policies\n"
                          "  Properties:\n    PolicyDocument:\n      Statement:\n        - Effect: Allow\n"
                          "          Action: iam:PassRole\n          Resource: !GetAtt WorkerRole.Arn\n"
                          "          Condition:\n"
                          "            StringEquals: {iam:PassedToService: states.amazonaws.com}\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        for statement in policy_statements(resource):
            if not statement.allows or statement.not_action or not statement.has_wildcard_resource:
                continue
            if any(a in _PASS_ROLE for a in statement.actions):
                key = "NotResource" if statement.not_resource else "Resource"
                yield self.violation(resource, f"{resource.logical_id} allows iam:PassRole on every role "
                                               f"({key} {'*' if key == 'Resource' else 'NotResource'})",
                                     *statement.path, key)

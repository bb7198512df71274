from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.iam import is_admin_policy, managed_policy_arns


class RoleWithAdminManagedPolicy(Rule):
    """Role with an administrator or full-access AWS managed policy

    ## What it does
    Flags roles that attach AWS managed policies granting everything or everything of a
    service: `AdministratorAccess`, `PowerUserAccess`, `IAMFullAccess`,
    `SecretsManagerReadWrite` and every `*FullAccess` policy (`AmazonDynamoDBFullAccess`,
    `AmazonS3FullAccess`, `AWSLambda_FullAccess` ...), whether written in `ManagedPolicyArns`
    or as a SAM `Policies` entry.

    ## Why it matters
    The Serverless Lens asks you to *design smaller, single purpose functions* whose roles
    grant only what each needs (SEC 2). A full-access policy gives the function every table
    or bucket of the account and the right to delete them; a bug or an injected payload in
    that function can do the same.

    ## How to fix
    Replace the managed policy with a SAM policy template scoped to the resource
    (`DynamoDBCrudPolicy: {TableName: !Ref Orders}`, `S3ReadPolicy: {BucketName: ...}`) or an
    inline statement naming the actions and the resource ARNs.

    ## When to ignore
    Roles of administration tooling (a bootstrap or clean-up function of a sandbox account)
    can ignore this rule with a reason.
    """

    id = "IAM203"
    name = "role-with-admin-managed-policy"
    severity = Severity.HIGH
    practice = Practices.SEC2_SMALL_FUNCTIONS
    services = (Service.IAM,)
    resource_types = ("AWS::IAM::Role",)
    equivalents = ("cdk-nag:AwsSolutions-IAM4", "cdk-nag:IAMPolicyNoStatementsWithFullAccess",
                   "cfn-nag:W43", "cfn-nag:W44")
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Policies:\n"
               "      - DynamoDBReadPolicy:\n          TableName: !Ref OrdersTable\n",
        "CloudFormation": "MyRole:\n  Type: AWS::IAM::Role\n  Properties:\n    ManagedPolicyArns:\n"
                          "      - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n"
                          "    Policies:\n      - PolicyName: read-orders\n        PolicyDocument:\n"
                          "          Statement:\n            - Effect: Allow\n"
                          "              Action: [dynamodb:GetItem, dynamodb:Query]\n"
                          "              Resource: !GetAtt OrdersTable.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        users = [a.logical_id for a in graph.assumers_of(resource)]
        who = f" (used by {', '.join(users)})" if users else ""
        for index, name in managed_policy_arns(resource):
            if is_admin_policy(name):
                yield self.violation(resource, f"role {resource.logical_id}{who} has the AWS managed policy {name}",
                                     "ManagedPolicyArns", index)

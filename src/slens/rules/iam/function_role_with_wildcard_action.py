from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.rules.wording import function_role_label


class FunctionRoleWithWildcardAction(Rule):
    """Function role that allows every action, or every action of a service

    ## What it does
    Flags Allow statements, in the inline and attached policies of a role that a Lambda function
    runs with (or that trusts `lambda.amazonaws.com`), whose actions include `*` or `service:*`,
    and Allow statements written with `NotAction`. AWS managed policies attached by ARN (such as
    the `AWSLambdaBasicExecutionRole` SAM adds) are not statements of the template and are not judged.
    A service wildcard is flagged even when most of the service's actions take no resource ARN
    (so that IAM002 does not report its `Resource: "*"`): `xray:*` also grants `xray:DeleteGroup`,
    `xray:UpdateSamplingRule` and `xray:PutEncryptionConfig`, which tracing never needs.

    ## Why it matters
    The Serverless Lens asks you to *design smaller, single purpose functions* with a least
    privilege role each (SEC 2). A function allowed `dynamodb:*` can drop tables and change
    backups when its code only reads items: one injection or vulnerable dependency turns into
    control of the whole service.

    ## How to fix
    List only the actions the function calls (`dynamodb:GetItem`, `dynamodb:Query`), or use a
    SAM policy template (`DynamoDBReadPolicy`, `S3ReadPolicy`, ...) scoped to one resource.

    ## When to ignore
    Deployment or administration functions that manage a whole service on purpose (a custom
    resource that creates and deletes arbitrary resources) can ignore this rule with a reason.
    For tracing, do not ignore it: replace `xray:*` by the actions the SDK calls
    (`xray:PutTraceSegments`, `xray:PutTelemetryRecords`, `xray:GetSampling*`: the
    `AWSXRayDaemonWriteAccess` managed policy), which need `Resource: "*"` and pass IAM002.
    """

    id = "IAM001"
    name = "function-role-with-wildcard-action"
    severity = Severity.HIGH
    practice = Practices.SEC2_SMALL_FUNCTIONS
    services = (Service.IAM, Service.LAMBDA)
    resource_types = ("AWS::IAM::Role",)
    equivalents = ("serverless-rules:WS1003", "cdk-nag:Serverless-LambdaStarPermissions",
                   "checkov:CKV_AWS_62", "checkov:CKV_AWS_63", "cfn-nag:F3", "cfn-nag:W11")
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Policies:\n"
               "      - DynamoDBReadPolicy:\n          TableName: !Ref OrdersTable\n",
        "CloudFormation": "MyRole:\n  Type: AWS::IAM::Role\n  Properties:\n    Policies:\n"
                          "      - PolicyName: read-orders\n        PolicyDocument:\n          Statement:\n"
                          "            - Effect: Allow\n"
                          "              Action: [dynamodb:GetItem, dynamodb:Query]\n"
                          "              Resource: !GetAtt OrdersTable.Arn\n"
                          "MyPolicy:  # a policy attached to the role: the same, no wildcard and no NotAction\n"
                          "  Type: AWS::IAM::Policy\n  Properties:\n    PolicyDocument:\n      Statement:\n"
                          "        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:Query]\n"
                          "          Resource: !GetAtt OrdersTable.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        label = function_role_label(resource, graph)
        if label is None:
            return
        for statement in graph.statements(resource):
            via = f" through policy {statement.holder.logical_id}" if statement.holder is not resource else ""
            if not statement.allows:
                continue
            if statement.not_action:
                yield self.violation(statement.holder, f"{label}{via} allows every action except "
                                     f"{', '.join(statement.canonical_actions) or 'the ones listed'} (NotAction)",
                                     *statement.path, "NotAction")
            elif statement.wildcard_actions:
                yield self.violation(statement.holder, f"{label}{via} allows the wildcard action"
                                     f"{'s' if len(statement.wildcard_actions) > 1 else ''} "
                                     f"{', '.join(statement.wildcard_actions)}", *statement.path, "Action")

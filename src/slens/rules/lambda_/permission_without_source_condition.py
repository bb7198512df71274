import re
from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str

_SERVICE = re.compile(r"^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$")


class PermissionWithoutSourceCondition(Rule):
    """Lambda permission for an AWS service without SourceArn or SourceAccount

    ## What it does
    Flags `AWS::Lambda::Permission`s that let an AWS service principal (`*.amazonaws.com`)
    invoke a function without naming the resource (`SourceArn`) or the account
    (`SourceAccount`) the call must come from. Permissions SAM generates for `Events` always
    carry one of them and pass.

    ## Why it matters
    The Serverless Lens asks you to *evaluate and define resource policies* (SEC 2). A
    service principal stands for every customer of that service: without a source condition
    anyone's S3 bucket, SNS topic or API in any account can be pointed at the function and
    invoke it (the "confused deputy" problem).

    ## How to fix
    Add `SourceArn` with the ARN of the bucket, topic, rule or API that should invoke the
    function, and `SourceAccount` for S3 (bucket ARNs do not contain the account).

    ## When to ignore
    Principals that do not support source conditions for the call; there are few, check the
    service's documentation first.
    """

    id = "LAM010"
    name = "permission-without-source-condition"
    severity = Severity.HIGH
    practice = Practices.SEC2_RESOURCE_POLICIES
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Permission",)
    equivalents = ("checkov:CKV_AWS_364",)
    fix = {
        "SAM": (
            "# a SAM event (Events: {Upload: {Type: S3, Properties: {Bucket: !Ref Uploads}}}) adds the\n"
            "# permission with its source; a permission written out names the source itself:\n"
            "UploadPermission:\n"
            "  Type: AWS::Lambda::Permission\n"
            "  Properties:\n"
            "    Action: lambda:InvokeFunction\n"
            "    FunctionName: !Ref MyFunction\n"
            "    Principal: s3.amazonaws.com\n"
            "    SourceArn: !GetAtt Uploads.Arn\n"
            "    SourceAccount: !Ref AWS::AccountId\n"
        ),
        "CloudFormation": (
            "UploadPermission:\n"
            "  Type: AWS::Lambda::Permission\n"
            "  Properties:\n"
            "    Action: lambda:InvokeFunction\n"
            "    FunctionName: !Ref MyFunction\n"
            "    Principal: s3.amazonaws.com\n"
            "    SourceArn: !GetAtt Uploads.Arn\n"
            "    SourceAccount: !Ref AWS::AccountId\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        principal = as_str(resource.prop("Principal"))
        if principal is None or not _SERVICE.match(principal.strip().lower()):
            return
        if resource.has("SourceArn") or resource.has("SourceAccount"):
            return
        fn = graph.resolve(resource.prop("FunctionName"))
        target = f"function {fn.logical_id}" if fn else "its function"
        yield self.violation(resource, f"permission {resource.logical_id} lets {principal} invoke {target} "
                                       "without SourceArn or SourceAccount: any account's resources of that "
                                       "service can invoke it", "Principal")

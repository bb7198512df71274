from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Relation, Resource
from slens.model.secrets import handles_secrets


class LogGroupWithoutKmsKey(Rule):
    """Log group of a function that handles secrets, without a customer managed KMS key

    ## What it does
    Flags `AWS::Logs::LogGroup` resources without `KmsKeyId` that collect the logs of a
    function handling secrets: one with a secret-named environment variable, or whose role
    may read Secrets Manager secrets or SSM parameters. Other log groups are not judged.

    ## Why it matters
    The Serverless Lens asks you to *store secrets that are used in your code securely*
    (SEC 3). A secret printed by mistake (a debug line, an exception with the request)
    stays readable by everyone allowed `logs:GetLogEvents`; with a customer managed key,
    reading also needs `kms:Decrypt`, which you grant to few and audit in CloudTrail.

    ## How to fix
    Set `KmsKeyId` to a customer managed key whose policy lets
    `logs.<region>.amazonaws.com` use it (with an `kms:EncryptionContext:aws:logs:arn`
    condition), and keep secrets out of log lines (Powertools' logger can redact keys).

    ## When to ignore
    Accounts where log access is already restricted to the team that may see the secrets
    can ignore this rule with a reason.
    """

    id = "LOG201"
    name = "log-group-without-kms-key"
    severity = Severity.INFO
    practice = Practices.SEC3_SECRETS
    services = (Service.LOGS, Service.KMS)
    resource_types = ("AWS::Logs::LogGroup",)
    equivalents = ("checkov:CKV_AWS_158", "cfn-nag:W84", "cdk-nag:CloudWatchLogGroupEncrypted")
    fix = {
        "SAM": "MyFunctionLogs:\n  Type: AWS::Logs::LogGroup\n  Properties:\n"
               "    LogGroupName: !Sub /aws/lambda/${MyFunction}\n    RetentionInDays: 30\n"
               "    KmsKeyId: !GetAtt LogsKey.Arn\n",
        "CloudFormation": "MyFunctionLogs:\n  Type: AWS::Logs::LogGroup\n  Properties:\n"
                          "    KmsKeyId: !GetAtt LogsKey.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.has("KmsKeyId"):
            return
        for edge in graph.incoming(resource, Relation.LOGS_TO):
            reason = handles_secrets(edge.source, graph) if edge.source.type == "AWS::Lambda::Function" else None
            if reason:
                yield self.violation(resource, f"log group {resource.logical_id} keeps the logs of function "
                                               f"{edge.source.logical_id}, which handles secrets ({reason}), "
                                               "without a customer managed KMS key (KmsKeyId)")
                return

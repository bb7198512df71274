from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import FUNCTION, Graph, Resource, as_list
from slens.model.secrets import reads_secret


class SecretWithoutRotation(Rule):
    """Secret read by a function and never rotated

    ## What it does
    Flags `AWS::SecretsManager::Secret` resources that a function of the template reads
    (its role may call `secretsmanager:GetSecretValue` on the secret) when no
    `AWS::SecretsManager::RotationSchedule` of the template rotates them.

    ## Why it matters
    The Serverless Lens asks you to *store secrets that are used in your code securely*
    (SEC 3), and Secrets Manager's point is that secrets can be rotated without a deploy.
    A secret that never changes stays valid for as long as anyone who once saw it (a log
    line, a former colleague, a leaked laptop) keeps it.

    ## How to fix
    Add a `AWS::SecretsManager::RotationSchedule` for the secret: a hosted rotation function
    for database credentials (`HostedRotationLambda`), or your own rotation function that
    asks the third party for a new key. Have the function cache the secret with a TTL so it
    picks up the new value.

    ## When to ignore
    Secrets whose provider cannot rotate them, or that are rotated outside the template (by
    another stack or a runbook), can ignore this rule with a reason that says how.
    """

    id = "SM201"
    name = "secret-without-rotation"
    severity = Severity.LOW
    practice = Practices.SEC3_SECRETS
    services = (Service.SECRETSMANAGER,)
    resource_types = ("AWS::SecretsManager::Secret",)
    equivalents = ("cdk-nag:AwsSolutions-SMG4", "checkov:CKV2_AWS_57")
    fix = {
        "SAM": "ApiSecretRotation:\n  Type: AWS::SecretsManager::RotationSchedule\n  Properties:\n"
               "    SecretId: !Ref ApiSecret\n    RotationLambdaARN: !GetAtt RotateApiKeyFunction.Arn\n"
               "    RotationRules:\n      ScheduleExpression: rate(30 days)\n",
        "CloudFormation": "ApiSecretRotation:\n  Type: AWS::SecretsManager::RotationSchedule\n  Properties:\n"
                          "    SecretId: !Ref ApiSecret\n    RotationLambdaARN: !GetAtt RotateApiKeyFunction.Arn\n"
                          "    RotationRules:\n      AutomaticallyAfterDays: 30\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        referrers = graph.referrers(resource)
        if any(r.type == "AWS::SecretsManager::RotationSchedule" for r in referrers):
            return
        roles = {r.logical_id: r for r in referrers if r.type == "AWS::IAM::Role"}
        for policy in referrers:
            if policy.type in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
                for role in as_list(policy.prop("Roles")):
                    target = graph.resolve(role)
                    if target is not None and target.type == "AWS::IAM::Role":
                        roles[target.logical_id] = target
        readers = sorted({f.logical_id for role in roles.values() if reads_secret(role, resource, graph)
                          for f in graph.assumers_of(role) if f.type == FUNCTION})
        if readers:
            yield self.violation(resource, f"secret {resource.logical_id} is read by {', '.join(readers)} but no "
                                           "RotationSchedule rotates it")

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.access import (
    RESOURCE_POLICY_TYPES,
    SCOPING_KEYS,
    condition_keys,
    policy_target,
    resource_policy_grants,
)


class ResourcePolicyOpenToEveryone(Rule):
    """Queue, topic, bucket or event bus policy open to everyone

    ## What it does
    Flags Allow statements of `AWS::SQS::QueuePolicy`, `AWS::SNS::TopicPolicy`,
    `AWS::S3::BucketPolicy` and `AWS::Events::EventBusPolicy` (and the inline policy
    variants) whose principal is `*` with no condition that ties callers to an account, an
    organisation, a source resource or a network (`aws:SourceArn`, `aws:SourceAccount`,
    `aws:PrincipalOrgID`, `aws:SourceVpce`, `aws:SourceIp` ...). Deny statements (such as
    the usual "deny non-TLS requests") are not flagged. Lambda permissions are LAM011's.

    ## Why it matters
    The Serverless Lens asks you to *evaluate and define resource policies* (SEC 2) so that
    only the intended principals reach each resource. `Principal: "*"` means any AWS
    account and, for S3 and SNS, anonymous callers: they can inject messages into your
    event flow, read your objects or post events to your bus.

    ## How to fix
    Name the principals (the account, the service with an `aws:SourceArn` condition), or
    add an `aws:PrincipalOrgID` or `aws:SourceVpce` condition.

    ## When to ignore
    Buckets that serve public content on purpose (a static website without CloudFront) can
    ignore this rule with a reason; prefer CloudFront with origin access control.
    """

    id = "IAM205"
    name = "resource-policy-open-to-everyone"
    severity = Severity.HIGH
    practice = Practices.SEC2_RESOURCE_POLICIES
    services = (Service.SQS, Service.SNS, Service.S3, Service.EVENTBRIDGE)
    resource_types = RESOURCE_POLICY_TYPES
    equivalents = ("cfn-nag:F20", "cfn-nag:F18", "cfn-nag:F16", "cdk-nag:AwsSolutions-EVB1",
                   "kics:SQS Policy With Public Access", "kics:SNS Topic is Publicly Accessible")
    fix = {
        "SAM": "QueuePolicy:\n  Type: AWS::SQS::QueuePolicy\n  Properties:\n    Queues: [!Ref Queue]\n"
               "    PolicyDocument:\n      Statement:\n        - Effect: Allow\n"
               "          Principal: {Service: sns.amazonaws.com}\n          Action: sqs:SendMessage\n"
               "          Resource: !GetAtt Queue.Arn\n          Condition:\n"
               "            ArnEquals: {aws:SourceArn: !Ref Topic}\nTopicPolicy:\n  Type: AWS::SNS::TopicPolicy\n"
               "  Properties:\n    Topics: [!Ref Topic]\n    PolicyDocument:\n      Statement:\n"
               "        - Effect: Allow\n          Principal: {Service: s3.amazonaws.com}\n"
               "          Action: sns:Publish\n          Resource: !Ref Topic\n          Condition:\n"
               "            ArnEquals: {aws:SourceArn: !GetAtt Uploads.Arn}\n",
        "CloudFormation": "QueuePolicy:\n  Type: AWS::SQS::QueuePolicy\n  Properties:\n    PolicyDocument:\n"
                          "      Statement:\n        - Effect: Allow\n"
                          "          Principal: {Service: sns.amazonaws.com}\n          Action: sqs:SendMessage\n"
                          "          Resource: !GetAtt Queue.Arn\n          Condition:\n"
                          "            ArnEquals: {aws:SourceArn: !Ref Topic}\nBusPolicy:\n"
                          "  Type: AWS::Events::EventBusPolicy\n  Properties:\n    Statement:\n"
                          "      Effect: Allow\n      Principal: '*'\n      Action: events:PutEvents\n"
                          "      Resource: !GetAtt Bus.Arn\n      Condition:\n"
                          "        StringEquals: {aws:PrincipalOrgID: o-abc123}\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        target: str | None = None
        for grant in resource_policy_grants(resource):
            if not grant.everyone:
                continue
            keys = condition_keys(grant.statement.condition)
            if keys is None or keys & SCOPING_KEYS:
                continue
            target = target or policy_target(resource, graph)
            actions = ", ".join(grant.statement.canonical_actions[:3]) or "its actions"
            yield self.violation(resource, f"{resource.logical_id} allows {actions} on {target} to principal * "
                                           "with no account, organisation, source or network condition",
                                 *grant.statement.path, "Principal")

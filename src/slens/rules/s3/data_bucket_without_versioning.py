from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.buckets import (
    bucket_writers,
    expires_everything,
    fed_by_another_bucket,
    function_names,
    receives_logs,
    versioning_status,
)


class DataBucketWithoutVersioning(Rule):
    """S3 bucket that functions write to without versioning

    ## What it does
    Flags buckets that a function of the template may put objects into (its role grants
    `s3:PutObject` on the bucket's objects, by reference or by `BucketName`) whose
    `VersioningConfiguration.Status` is not `Enabled` (Terraform: `aws_s3_bucket_versioning`).
    Only these *data buckets* count: buckets no function writes (deployment, website, access-log
    buckets) are not flagged, nor are buckets that receive access logs, buckets whose lifecycle
    expires every object (transient data, where old versions would only cost) and buckets
    written only by functions that another bucket's notifications trigger (thumbnails,
    conversions: output that can be rebuilt from the source bucket's objects).

    ## Why it matters
    The Serverless Lens asks you to *manage transaction, partial, and intermittent failures*
    (REL 2). A function with a bug, a retried invocation working on stale input or a replayed
    event overwrites or deletes objects, and without versioning the previous content is gone:
    there is nothing to roll back to. Versioning keeps every overwritten and deleted object as a
    noncurrent version you can restore.

    ## How to fix
    Set `VersioningConfiguration: {Status: Enabled}` on the bucket, and add a lifecycle rule
    with `NoncurrentVersionExpiration` so that old versions do not accumulate forever.

    ## When to ignore
    Buckets whose objects can be rebuilt from another source (caches, generated thumbnails,
    exports) can ignore this rule with that reason.
    """

    id = "BKT301"
    name = "data-bucket-without-versioning"
    severity = Severity.LOW
    practice = Practices.REL2_FAILURES
    services = (Service.S3, Service.LAMBDA)
    resource_types = ("AWS::S3::Bucket",)
    equivalents = ("checkov:CKV_AWS_21", "cdk-nag:S3BucketVersioningEnabled")
    fix = {
        "SAM": "MyBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n"
               "      Status: Enabled\n",
        "CloudFormation": "MyBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    VersioningConfiguration:\n"
                          "      Status: Enabled\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        status = versioning_status(resource)
        if status is None or status == "Enabled":
            return
        writers = bucket_writers(graph, resource)
        if not writers or receives_logs(graph, resource) or expires_everything(resource) or all(
                fed_by_another_bucket(graph, fn, resource) for fn in writers):
            return
        named = function_names(writers)
        state = "suspended" if status == "Suspended" else "not enabled"
        path = ("VersioningConfiguration", "Status") if status == "Suspended" else ("VersioningConfiguration",)
        yield self.violation(resource, f"bucket {resource.logical_id} is written by {named} and its versioning is "
                                       f"{state}: an overwrite or delete cannot be undone", *path)

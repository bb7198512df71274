from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.buckets import public_access_openings


class BucketPublicAccessNotBlocked(Rule):
    """S3 bucket whose public access block turns a setting off

    ## What it does
    Flags buckets whose `PublicAccessBlockConfiguration` (Terraform:
    `aws_s3_bucket_public_access_block`) does not set all four of `BlockPublicAcls`,
    `BlockPublicPolicy`, `IgnorePublicAcls` and `RestrictPublicBuckets` to `true`. A setting left
    out of a configuration the template writes counts as `false`: that is what S3 stores.
    A bucket without any configuration is not flagged: since April 2023 S3 turns all four on
    for every new bucket, and a template that says nothing keeps them on.

    ## Why it matters
    The Serverless Lens asks you to *evaluate and define resource policies* (SEC 2): what
    may reach a component from outside is part of its security boundary. An explicit `false`
    is a decision to let a public ACL or a public bucket policy take effect: one statement with
    `Principal: "*"` or one object uploaded with `public-read` then exposes the data, and the
    block is no longer there to stop a mistake. Severity is medium, not high: turning the block
    off exposes nothing by itself (IAM205 flags a policy open to everyone).

    ## How to fix
    Remove the configuration (the default blocks everything) or set the four settings to
    `true`. Serve public content through CloudFront with origin access control, which works
    with a fully blocked bucket, instead of opening the bucket.

    ## When to ignore
    Buckets that are public on purpose (a static website served from the S3 website endpoint,
    public datasets) can ignore this rule with that reason.
    """

    id = "BKT201"
    name = "bucket-public-access-not-blocked"
    severity = Severity.MEDIUM
    practice = Practices.SEC2_RESOURCE_POLICIES
    services = (Service.S3,)
    resource_types = ("AWS::S3::Bucket",)
    equivalents = ("cdk-nag:AwsSolutions-S2", "checkov:CKV_AWS_53", "checkov:CKV_AWS_54", "checkov:CKV_AWS_55",
                   "checkov:CKV_AWS_56")
    fix = {
        "SAM": "MyBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n    PublicAccessBlockConfiguration:\n"
               "      BlockPublicAcls: true\n      BlockPublicPolicy: true\n      IgnorePublicAcls: true\n"
               "      RestrictPublicBuckets: true\n",
        "CloudFormation": "MyBucket:\n  Type: AWS::S3::Bucket\n  Properties:\n"
                          "    PublicAccessBlockConfiguration:\n      BlockPublicAcls: true\n"
                          "      BlockPublicPolicy: true\n      IgnorePublicAcls: true\n"
                          "      RestrictPublicBuckets: true\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        openings = public_access_openings(resource)
        if not openings:
            return
        written = [s for s in openings if resource.has("PublicAccessBlockConfiguration", s)]
        path = ("PublicAccessBlockConfiguration", written[0]) if written else ("PublicAccessBlockConfiguration",)
        yield self.violation(resource, f"bucket {resource.logical_id} does not block all public access: "
                                       f"{', '.join(openings)} {'is' if len(openings) == 1 else 'are'} off, "
                                       "so a public policy or ACL on it would take effect", *path)

from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.buckets import bucket_policies, bucket_users, function_names, is_website, plain_http_exposure


class BucketWithoutTlsOnlyPolicy(Rule):
    """S3 bucket that functions use without a policy denying requests made without TLS

    ## What it does
    Flags buckets that a function of the template may read or write (its role names the bucket
    or its objects, by reference or by `BucketName`) when no bucket policy denies every
    principal (`"*"`) the S3 actions with the condition `aws:SecureTransport: false` on both the
    bucket (`arn:aws:s3:::name`) and its objects (`arn:aws:s3:::name/*`). A bucket with no policy
    at all counts. Buckets no function uses (deployment, access-log, CloudFront-origin
    buckets) and website buckets (the S3 website endpoint speaks plain HTTP only) are left
    alone.

    ## Why it matters
    The Serverless Lens asks you to *evaluate and define resource policies* (SEC 2): the
    bucket policy is the one place that binds every caller of the bucket, whatever its IAM
    permissions say. S3 still accepts plain HTTP requests; the AWS SDKs use HTTPS, but a
    misconfigured client, an `http://` endpoint override or a hand-written request sends the
    data, and the signed request, unencrypted. Only a Deny on `aws:SecureTransport` makes TLS a
    property of the bucket rather than of each client. Severity is low because the functions
    of the template reach S3 with the SDK, over HTTPS.

    ## How to fix
    Add an `AWS::S3::BucketPolicy` (or a statement to the existing one) that denies `s3:*` to
    `"*"` on the bucket ARN and `<bucket ARN>/*` when `aws:SecureTransport` is `false`. The
    CDK's `enforceSSL: true` and the Serverless Framework's deployment bucket write exactly
    this statement; in Terraform, write it in `aws_s3_bucket_policy`.

    ## When to ignore
    Buckets that must answer plain HTTP clients (devices that cannot speak TLS) can ignore this
    rule with that reason. The rule is opt-in: on 52 real templates 7 of its 8 findings were
    buckets reached only by the SDK and AWS services over HTTPS, where a TLS-only policy is a
    baseline a team adopts once for every bucket rather than a defect of one.
    """

    id = "BKT202"
    name = "bucket-without-tls-only-policy"
    severity = Severity.LOW
    opt_in = True
    practice = Practices.SEC2_RESOURCE_POLICIES
    services = (Service.S3,)
    resource_types = ("AWS::S3::Bucket",)
    equivalents = ("cdk-nag:AwsSolutions-S10",)
    fix = {
        "SAM": "MyBucketPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n    Bucket: !Ref MyBucket\n"
               "    PolicyDocument:\n      Statement:\n        - Sid: TlsOnly\n          Effect: Deny\n"
               "          Principal: '*'\n          Action: s3:*\n          Resource:\n"
               "            - !GetAtt MyBucket.Arn\n            - !Sub '${MyBucket.Arn}/*'\n"
               "          Condition:\n            Bool:\n              aws:SecureTransport: false\n",
        "CloudFormation": "MyBucketPolicy:\n  Type: AWS::S3::BucketPolicy\n  Properties:\n"
                          "    Bucket: !Ref MyBucket\n    PolicyDocument:\n      Statement:\n"
                          "        - Sid: TlsOnly\n          Effect: Deny\n          Principal: '*'\n"
                          "          Action: s3:*\n          Resource:\n            - !GetAtt MyBucket.Arn\n"
                          "            - !Sub '${MyBucket.Arn}/*'\n          Condition:\n            Bool:\n"
                          "              aws:SecureTransport: false\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        users = bucket_users(graph, resource)
        if not users or is_website(resource):
            return
        exposed = plain_http_exposure(graph, resource)
        if not exposed:
            return
        named = function_names(users)
        if not bucket_policies(graph, resource):
            why = "has no bucket policy denying requests without TLS (aws:SecureTransport: false)"
        else:
            why = (f"its bucket policy does not deny requests without TLS on "
                   f"{' and '.join('the bucket' if p == 'bucket' else 'its objects' for p in exposed)}")
        yield self.violation(resource, f"bucket {resource.logical_id} is used by {named} and {why}")

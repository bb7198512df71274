"""Terraform S3 bucket types: the bucket with the AWS provider v3 inline blocks, and its policy.

The provider v4 resources that configure a bucket (``aws_s3_bucket_public_access_block``,
``aws_s3_bucket_versioning``, ``aws_s3_bucket_lifecycle_configuration``) are folded into the
bucket by :mod:`slens.loaders.terraform.assemble` with the specs below.
"""

from __future__ import annotations

from slens.loaders.terraform.mapping import Post, Spans, Spec, Sub, document, tags, translate
from slens.loaders.terraform.objects import Obj
from slens.loaders.terraform.spantable import SpanTable
from slens.model import Value, as_bool

PUBLIC_ACCESS_BLOCK: Spec = {"block_public_acls": "BlockPublicAcls", "block_public_policy": "BlockPublicPolicy",
                             "ignore_public_acls": "IgnorePublicAcls",
                             "restrict_public_buckets": "RestrictPublicBuckets"}


def versioning_status(enabled: Value) -> Value:
    """A ``versioning`` block's ``enabled`` as CloudFormation's ``VersioningConfiguration.Status``."""
    flag = as_bool(enabled)
    return enabled if flag is None else "Enabled" if flag else "Suspended"


BUCKET_LIFECYCLE_RULE: Spec = {
    "id": "Id", "status": "Status", "prefix": "Prefix",
    "filter": Sub("Filter", {"prefix": "Prefix", "object_size_greater_than": "ObjectSizeGreaterThan",
                             "object_size_less_than": "ObjectSizeLessThan", "tag": "TagFilter", "and": "And"}),
    "expiration": Sub("Expiration", {"days": "ExpirationInDays", "date": "ExpirationDate"}),
    "abort_incomplete_multipart_upload": Sub("AbortIncompleteMultipartUpload", {
        "days_after_initiation": "DaysAfterInitiation"}),
    "transition": Sub("Transitions", {"days": "TransitionInDays", "storage_class": "StorageClass"}, True),
    "noncurrent_version_expiration": Sub("NoncurrentVersionExpiration", {"noncurrent_days": "NoncurrentDays"}),
}


def lifecycle_rule(props: dict[str, Value]) -> dict[str, Value]:
    """A Terraform lifecycle rule, translated with ``BUCKET_LIFECYCLE_RULE``, in CloudFormation's shape
    (``Expiration.ExpirationInDays`` is the rule's ``ExpirationInDays``)."""
    expiration = props.pop("Expiration", None)
    if isinstance(expiration, dict):
        props.update(expiration)
    return props


def bucket_post(obj: Obj, props: dict[str, Value], spans: Spans) -> None:
    """The AWS provider v3 inline ``versioning`` and ``lifecycle_rule`` blocks (v4 has resources of their own)."""
    versioning = obj.block("versioning")
    if versioning is not None and "enabled" in versioning.attrs:
        props["VersioningConfiguration"] = {"Status": versioning_status(versioning.get("enabled"))}
        spans[("VersioningConfiguration",)] = versioning.span
        spans[("VersioningConfiguration", "Status")] = versioning.span_of("enabled")
    rules: list[Value] = []
    for index, block in enumerate(obj.blocks_of("lifecycle_rule")):
        rule, _ = translate(block, BUCKET_LIFECYCLE_RULE, (), SpanTable())
        enabled = as_bool(block.get("enabled"))
        rule["Status"] = block.get("enabled") if enabled is None else "Enabled" if enabled else "Disabled"
        rules.append(lifecycle_rule(rule))
        spans[("LifecycleConfiguration", "Rules", index)] = block.span
    if rules:
        props["LifecycleConfiguration"] = {"Rules": rules}
        spans[("LifecycleConfiguration",)] = obj.blocks_of("lifecycle_rule")[0].span


BUCKET_TYPES: dict[str, tuple[str, Spec, Post | None]] = {
    "aws_s3_bucket": ("AWS::S3::Bucket", {"bucket": "BucketName", "tags": ("Tags", tags)}, bucket_post),
    "aws_s3_bucket_policy": ("AWS::S3::BucketPolicy", {"bucket": "Bucket", "policy": ("PolicyDocument", document)},
                             None),
}

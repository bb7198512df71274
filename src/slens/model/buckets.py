"""S3 bucket queries: how a bucket is protected, and what the functions of the graph do with it.

A *data bucket* is one a function of the graph may read or write through its role (a statement
naming the bucket or its objects by reference or by ``BucketName``); a *written* bucket is one it
may put objects into. Buckets nothing in the graph uses (deployment, access-log, website and
CloudFront-origin buckets, mostly) are neither: rules about application data leave them alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from slens.model.flows import grants
from slens.model.graph import Graph
from slens.model.iam import Statement, policy_statements
from slens.model.notifications import bucket_part, upstream_buckets
from slens.model.resources import Resource
from slens.model.values import Value, as_bool, as_list, as_mapping, as_str, is_unknown, lookup, refs_in

BUCKET = "AWS::S3::Bucket"
BUCKET_POLICY = "AWS::S3::BucketPolicy"
#: the four settings of ``PublicAccessBlockConfiguration``, each false when a configuration leaves it out
PUBLIC_ACCESS_SETTINGS = ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")


# -- public access ----------------------------------------------------------------------------


def public_access_openings(bucket: Resource) -> list[str] | None:
    """The public access block settings the bucket's configuration turns off, explicitly or by leaving
    them out of a configuration it writes. ``[]`` when all four are on, and when there is no
    configuration at all: S3 blocks all public access on every bucket created since April 2023.
    None when the configuration cannot be known."""
    config = bucket.prop("PublicAccessBlockConfiguration")
    if config is None:
        return []
    if is_unknown(config) or not isinstance(config, dict):
        return None
    openings: list[str] = []
    for setting in PUBLIC_ACCESS_SETTINGS:
        value = config.get(setting)
        if is_unknown(value):
            return None
        if as_bool(value) is not True:
            openings.append(setting)
    return openings


# -- bucket policies --------------------------------------------------------------------------


def _policies_by_bucket(graph: Graph) -> dict[str, list[Resource]]:
    names = {as_str(b.prop("BucketName")): b.logical_id for b in graph.of_type(BUCKET) if as_str(b.prop("BucketName"))}
    index: dict[str, list[Resource]] = defaultdict(list)
    for policy in graph.of_type(BUCKET_POLICY):
        target = graph.resolve(policy.prop("Bucket"))
        logical_id = target.logical_id if target is not None and target.type == BUCKET else \
            names.get(as_str(policy.prop("Bucket")))
        if logical_id is not None:
            index[logical_id].append(policy)
    return index


def bucket_policies(graph: Graph, bucket: Resource) -> list[Resource]:
    """The ``AWS::S3::BucketPolicy`` resources of ``bucket`` (by reference or by bucket name)."""
    return graph.memo(_policies_by_bucket).get(bucket.logical_id, [])


_ANY_S3 = ("s3:getobject", "s3:putobject", "s3:listbucket")


def _denies_plain_http(statement: Statement) -> bool | None:
    """Whether a statement denies every principal all S3 requests made without TLS; None if unknown."""
    if statement.effect.lower() != "deny":
        return False
    principal = statement.principal
    if not (as_str(principal) == "*" or any(as_str(p) == "*" for p in as_list(as_mapping(principal).get("AWS")))):
        return None if is_unknown(principal) else False
    if statement.not_action or not all(any(fnmatchcase(a, pattern) for pattern in statement.actions)
                                       for a in _ANY_S3):
        return False
    condition = statement.condition
    if is_unknown(condition):
        return None
    for operator, block in as_mapping(condition).items():
        if operator.lower() not in ("bool", "boolifexists"):
            continue
        for key, value in as_mapping(block).items():
            if key.lower() == "aws:securetransport":
                values = [as_bool(v) for v in as_list(value)]
                return False in values
    return False


def plain_http_exposure(graph: Graph, bucket: Resource) -> list[str] | None:
    """What the bucket's policies leave open to requests without TLS: ``bucket`` (its own API:
    listing, configuration) and ``objects``; ``[]`` when a Deny on ``aws:SecureTransport: false``
    covers both; None when a policy cannot be judged."""
    open_parts = {"bucket", "objects"}
    for policy in bucket_policies(graph, bucket):
        if is_unknown(policy.prop("PolicyDocument")):
            return None
        for statement in policy_statements(policy):
            denies = _denies_plain_http(statement)
            if denies is None:
                return None
            if not denies:
                continue
            for resource in statement.resources:
                if is_unknown(resource):
                    return None
                text = as_str(resource)
                if text in ("*", "arn:aws:s3:::*"):
                    open_parts.clear()
                    continue
                part = bucket_part(resource, bucket)
                if part == "":
                    open_parts.discard("bucket")
                elif part == "*":
                    open_parts.discard("objects")
    return sorted(open_parts)


def is_website(bucket: Resource) -> bool:
    """A bucket serving a static website: its website endpoint speaks plain HTTP only."""
    return bucket.has("WebsiteConfiguration")


# -- what functions do with buckets -----------------------------------------------------------


@dataclass(frozen=True)
class BucketUse:
    """A statement of a function's role that names a bucket of the graph or its objects."""

    function: Resource
    statement: Statement
    #: whether it grants ``s3:PutObject`` (the function may add or overwrite objects)
    writes: bool


def _uses_by_bucket(graph: Graph) -> dict[str, list[BucketUse]]:
    buckets = graph.of_type(BUCKET)
    index: dict[str, list[BucketUse]] = defaultdict(list)
    if not buckets:
        return index
    by_id = {b.logical_id: b for b in buckets}
    named = [b for b in buckets if b.has("BucketName")]
    for fn in graph.functions:
        role = graph.role_of(fn)
        if role is None:
            continue
        for statement in graph.statements(role):
            if not statement.allows or not any(a == "*" or a.startswith("s3:") for a in statement.actions):
                continue
            candidates = {ref.target for ref in statement.resource_refs if ref.target in by_id}
            hits = [by_id[i] for i in candidates] + [b for b in named if b.logical_id not in candidates]
            for bucket in hits:
                if any(bucket_part(r, bucket) is not None for r in statement.resources):
                    index[bucket.logical_id].append(BucketUse(fn, statement, grants(statement, "s3:putobject")))
    return index


def bucket_uses(graph: Graph, bucket: Resource) -> list[BucketUse]:
    """Statements of the graph's function roles that let a function read or write ``bucket``."""
    return graph.memo(_uses_by_bucket).get(bucket.logical_id, [])


def bucket_writers(graph: Graph, bucket: Resource) -> list[Resource]:
    """Functions whose role lets them put objects into ``bucket``, once each, in graph order."""
    found: dict[str, Resource] = {}
    for use in bucket_uses(graph, bucket):
        if use.writes:
            found.setdefault(use.function.logical_id, use.function)
    return list(found.values())


def bucket_users(graph: Graph, bucket: Resource) -> list[Resource]:
    """Functions whose role lets them read or write ``bucket``, once each."""
    return list({u.function.logical_id: u.function for u in bucket_uses(graph, bucket)}.values())


def fed_by_another_bucket(graph: Graph, fn: Resource, bucket: Resource) -> bool:
    """Whether ``fn`` is triggered by the notifications of a bucket other than ``bucket`` (directly, or
    through topics, queues and EventBridge rules): what it writes is derived from that bucket's objects."""
    for trigger in graph.triggers(fn):
        source = trigger.source
        if source is None:
            continue
        if source.type == BUCKET:
            if source is not bucket:
                return True
            continue
        if any(upstream is not bucket for upstream, _filters, _via in upstream_buckets(source, graph)):
            return True
    return False


def function_names(functions: list[Resource], limit: int = 3) -> str:
    """``A``, ``A and B``, ``A, B and C``, ``A, B, C and 2 more``: the functions a message names."""
    names = [fn.logical_id for fn in functions]
    if len(names) > limit:
        return f"{', '.join(names[:limit])} and {len(names) - limit} more"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# -- lifecycle and versioning -----------------------------------------------------------------


def lifecycle_rules(bucket: Resource) -> list[Mapping[str, Value]] | None:
    """The bucket's enabled lifecycle rules; None when they cannot be known."""
    rules = bucket.prop("LifecycleConfiguration", "Rules")
    if is_unknown(rules):
        return None
    enabled: list[Mapping[str, Value]] = []
    for rule in as_list(rules):
        status = lookup(rule, ("Status",))
        if is_unknown(status) or not isinstance(rule, dict):
            return None
        if (as_str(status) or "").lower() == "enabled":
            enabled.append(rule)
    return enabled


def _whole_bucket(rule: Mapping[str, Value]) -> bool:
    """A lifecycle rule without a prefix, tag or size filter: it applies to every object."""
    if as_str(rule.get("Prefix")):
        return False
    scope = rule.get("Filter")
    return not scope or not any(v not in (None, "", {}) for v in as_mapping(scope).values())


def expires_everything(bucket: Resource) -> bool:
    """Whether an enabled lifecycle rule expires every object of the bucket: its data is transient."""
    for rule in lifecycle_rules(bucket) or []:
        if _whole_bucket(rule) and (rule.get("ExpirationInDays") is not None or rule.get("ExpirationDate")
                                    is not None):
            return True
    return False


def versioning_status(bucket: Resource) -> str | None:
    """``Enabled``, ``Suspended`` or ``Off`` (never configured); None when it cannot be known."""
    status = bucket.prop("VersioningConfiguration", "Status")
    if status is None:
        return None if is_unknown(bucket.prop("VersioningConfiguration")) else "Off"
    return as_str(status)


def receives_logs(graph: Graph, bucket: Resource) -> bool:
    """Whether the bucket is where access logs go (another bucket's ``LoggingConfiguration``, a
    distribution's logging, or the ``LogDeliveryWrite`` canned ACL)."""
    if as_str(bucket.prop("AccessControl")) == "LogDeliveryWrite":
        return True
    for other in graph.referrers(bucket):
        for path in (("LoggingConfiguration", "DestinationBucketName"),
                     ("DistributionConfig", "Logging", "Bucket")):
            if any(ref.target == bucket.logical_id for ref in refs_in(other.prop(*path))):
                return True
    return False

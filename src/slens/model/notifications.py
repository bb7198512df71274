"""S3 notifications: where a bucket's events go (functions, topics, queues, EventBridge rules), with
their key filters, and how ARNs name a bucket and its objects."""

from __future__ import annotations

import json
import re

from slens.model.graph import Graph
from slens.model.relations import Relation
from slens.model.resources import Resource
from slens.model.values import Composite, Ref, Unknown, Value, as_list, as_str, is_unknown, lookup, refs_in, shape

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")

#: S3 notification configurations: key -> the field naming their target
_NOTIFICATION_TARGETS = (("LambdaConfigurations", "Function"), ("TopicConfigurations", "Topic"),
                         ("QueueConfigurations", "Queue"))
#: how far back an S3 notification is followed (bucket -> topic -> queue -> function)
_FAN_OUT_HOPS = 3

Filters = list[tuple[str, str]]


def _key_filter(rules: Value) -> tuple[str, str] | None:
    """(prefix, suffix) of an ``S3Key.Rules`` list; None if unknown."""
    if is_unknown(rules):
        return None
    named = {(as_str(lookup(r, ("Name",))) or "").lower(): as_str(lookup(r, ("Value",))) or ""
             for r in as_list(rules)}
    return named.get("prefix", ""), named.get("suffix", "")


def notification_filters(bucket: Resource, target: Resource, graph: Graph) -> Filters | None:
    """(prefix, suffix) key filters of the bucket's notifications to ``target`` (a function, topic or
    queue); ``[("", "")]`` when none names it; None if unknown."""
    filters: Filters = []
    for key, field in _NOTIFICATION_TARGETS:
        for item in as_list(bucket.prop("NotificationConfiguration", key)):
            named = lookup(item, (field,))
            found = graph.function_of(named) if field == "Function" else graph.resolve(named)
            if found is not target:
                continue
            rules = _key_filter(lookup(item, ("Filter", "S3Key", "Rules")))
            if rules is None:
                return None
            filters.append(rules)
    return filters or [("", "")]


def _names_bucket(value: Value, bucket: Resource) -> bool:
    """Whether an event pattern's bucket name is ``bucket`` (by reference or by ``BucketName``)."""
    if any(ref.target == bucket.logical_id for ref in refs_in(value)):
        return True
    name = as_str(value)
    return name is not None and name == as_str(bucket.prop("BucketName"))


def _pattern_key_filters(keys: Value) -> Filters | None:
    """An EventBridge pattern's ``detail.object.key`` as (prefix, suffix) filters; None if unknown."""
    if keys is None:
        return [("", "")]
    filters: Filters = []
    for item in as_list(keys):
        if isinstance(item, str):
            filters.append((item, ""))
        elif isinstance(item, dict) and set(item) <= {"prefix", "suffix", "wildcard"}:
            prefix, suffix = as_str(item.get("prefix")), as_str(item.get("suffix"))
            wildcard = as_str(item.get("wildcard"))
            if wildcard is not None:
                prefix = wildcard.split("*", 1)[0]
            if prefix is None and suffix is None:
                return None
            filters.append((prefix or "", suffix or ""))
        else:
            return None
    return filters or None


def _rule_buckets(rule: Resource, graph: Graph) -> list[tuple[Resource, Filters | None]]:
    """Buckets of the graph whose S3 events an EventBridge rule matches, by name, with its key filters."""
    pattern = rule.prop("EventPattern")
    if isinstance(pattern, str):
        try:
            pattern = json.loads(pattern)
        except ValueError:
            return []
    if not any(as_str(s) == "aws.s3" for s in as_list(lookup(pattern, ("source",)))):
        return []
    # S3's own events name the bucket and key under detail.bucket/object, CloudTrail's API calls under
    # detail.requestParameters
    names = [*as_list(lookup(pattern, ("detail", "bucket", "name"))),
             *as_list(lookup(pattern, ("detail", "requestParameters", "bucketName")))]
    keys = lookup(pattern, ("detail", "object", "key"))
    filters = _pattern_key_filters(keys if keys is not None else lookup(pattern, ("detail", "requestParameters",
                                                                                   "key")))
    return [(bucket, filters) for bucket in graph.of_type("AWS::S3::Bucket")
            if any(_names_bucket(name, bucket) for name in names)]


def upstream_buckets(source: Resource, graph: Graph) -> list[tuple[Resource, Filters | None, tuple[Resource, ...]]]:
    """Buckets whose notifications reach ``source`` (a topic, queue or EventBridge rule that triggers a
    function), through other topics, queues and rules: (bucket, key filters, what they pass through)."""
    found: list[tuple[Resource, Filters | None, tuple[Resource, ...]]] = []
    frontier: list[tuple[Resource, tuple[Resource, ...]]] = [(source, (source,))]
    seen = {source.logical_id}
    for _ in range(_FAN_OUT_HOPS):
        reached: list[tuple[Resource, tuple[Resource, ...]]] = []
        for node, via in frontier:
            if node.type == "AWS::Events::Rule":
                found.extend((bucket, filters, via) for bucket, filters in _rule_buckets(node, graph))
            for edge in graph.incoming(node, Relation.DELIVERS_TO):
                upstream = edge.source
                if upstream.logical_id in seen:
                    continue
                seen.add(upstream.logical_id)
                if upstream.type == "AWS::S3::Bucket":
                    found.append((upstream, notification_filters(upstream, node, graph), via))
                elif upstream.type in ("AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::Events::Rule"):
                    reached.append((upstream, (upstream, *via)))
        frontier = reached
    return found


def _parameter_name(value: Value) -> bool:
    """Whether a name without literal text is still one name: references and template parameters only
    (the same parameter names the same bucket; two values unknown for other reasons may differ)."""
    parts = value.parts if isinstance(value, Composite) else (value,)
    return bool(parts) and all(isinstance(p, Ref) or (isinstance(p, Unknown) and p.reason.startswith("parameter "))
                               for p in parts if not isinstance(p, str))


def bucket_part(value: Value, bucket: Resource) -> str | None:
    """What an ARN names in ``bucket`` (by reference or by its ``BucketName``): ``""`` for the bucket
    itself, the key pattern after the ``/`` for its objects; None when it names something else."""
    text = shape(value) or ""
    for marker in (f"${{{bucket.logical_id}}}", f"${{{bucket.logical_id}.Arn}}"):
        if marker in text:
            rest = text[text.index(marker) + len(marker):]
            return rest[1:] if rest.startswith("/") else "" if not rest else None
    named = bucket.prop("BucketName")
    name = shape(named) or ""
    if not _PLACEHOLDER.sub("", name).strip("-._") and not _parameter_name(named):
        return None
    by_name = f"arn:aws:s3:::{name}"
    if text == by_name:
        return ""
    return text[len(by_name) + 1:] if text.startswith(by_name + "/") else None


def key_inside(key: str, prefix: str, suffix: str) -> bool:
    """Whether every key the pattern allows matches the notification filter (unfiltered: any key)."""
    head = key.split("*", 1)[0].split("${", 1)[0]
    return head.startswith(prefix) and (not suffix or (key.endswith(suffix) and "${" not in key[-len(suffix):]))

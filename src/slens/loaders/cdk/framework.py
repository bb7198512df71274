"""What the CDK framework adds to a stack for itself, and construct paths as resource labels.

CDK constructs add resources the user never wrote: singleton handler functions (log retention,
bucket notifications, ``AwsCustomResource``, bucket deployments), custom resource providers
(auto-delete objects, cross-region references) and the provider framework's own functions.
Rules must not blame the user for those, so they are marked and left out of the graph.

Two framework custom resources carry the user's intent and are translated instead of dropped:

* ``Custom::LogRetention`` (``logRetention`` on a function) sets the retention of the function's
  log group: it becomes the ``AWS::Logs::LogGroup`` a template would declare.
* ``Custom::S3BucketNotifications`` (``bucket.addEventNotification``) configures the bucket's
  notifications: they are merged into the bucket's ``NotificationConfiguration`` in
  CloudFormation's vocabulary, with spans on the custom resource's lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from slens.loaders.cdk.written import marked
from slens.model import PropertyPath, Resource, SourceSpan, Value
from slens.model.values import as_list, as_mapping, lookup, refs_in

CDK_PATH = "aws:cdk:path"
FRAMEWORK_KEY = "slens:framework"
TRANSLATED_KEY = "slens:translated-from"
LOG_RETENTION = "Custom::LogRetention"
BUCKET_NOTIFICATIONS = "Custom::S3BucketNotifications"

# Construct ids (one path segment) of what the framework adds
_FRAMEWORK_SEGMENT = re.compile(
    r"LogRetention[0-9a-f]{32}|BucketNotificationsHandler[0-9a-f]{32}|AWS679f53fac002430cb0da5b7982bd2287"
    r"|Custom::CDKBucketDeployment[0-9A-F]{32}\w*|Custom::\w+CustomResourceProvider|framework-onEvent"
    r"|framework-isComplete|framework-onTimeout|waiter-state-machine|AwsCliLayer")
# The same, as they appear in logical ids (when a template carries no construct paths)
_FRAMEWORK_ID = re.compile(
    r"^(LogRetention[0-9a-f]{32}|BucketNotificationsHandler[0-9a-f]{32}|AWS679f53fac002430cb0da5b7982bd2287"
    r"|CustomCDKBucketDeployment[0-9A-F]{32}|Custom\w+CustomResourceProvider)"
    r"|framework(onEvent|isComplete|onTimeout)|waiterstatemachine")
# Custom resource types whose handlers are the framework's
_FRAMEWORK_TYPES = frozenset({
    BUCKET_NOTIFICATIONS, "Custom::S3AutoDeleteObjects", "Custom::CDKBucketDeployment",
    "Custom::CrossRegionExportWriter", "Custom::CrossRegionExportReader", "Custom::CrossRegionStringParameterReader",
    "Custom::VpcRestrictDefaultSG", "Custom::EcrAutoDeleteImages", "Custom::AWSCDKOpenIdConnectProvider",
    "Custom::AWSCDKCfnJson", "Custom::AWSCDK-EKS-Cluster", "Custom::AWSCDK-EKS-KubernetesResource",
})
# Resources that only serve a framework function (its policies and permissions)
_ATTACHMENTS = {"AWS::IAM::Policy": ("Roles",), "AWS::IAM::ManagedPolicy": ("Roles",),
                "AWS::Lambda::Permission": ("FunctionName",)}
_NESTED_RESOURCE = re.compile(r"^(.*)/([^/]+)\.NestedStack/\2\.NestedStackResource$")
_TRIMMED_LEAVES = ("/Resource", "/Default")
# S3 API notification keys (what the custom resource takes) -> CloudFormation's
_NOTIFICATION_KINDS = (("LambdaFunctionConfigurations", "LambdaConfigurations", "LambdaFunctionArn", "Function"),
                       ("QueueConfigurations", "QueueConfigurations", "QueueArn", "Queue"),
                       ("TopicConfigurations", "TopicConfigurations", "TopicArn", "Topic"))


def construct_label(path: str) -> str:
    """``/Stack/Orders/Queue/Resource`` -> ``Stack/Orders/Queue``; a nested stack's resource -> the nested stack."""
    label = path.strip("/")
    nested = _NESTED_RESOURCE.match(label)
    if nested:
        return nested.group(1) + "/" + nested.group(2)
    while label.endswith(_TRIMMED_LEAVES):  # ``Lookup/Resource/Default`` of an AwsCustomResource
        label = label.rsplit("/", 1)[0]
    return label


def construct_path(resource: Resource, fallback: Mapping[str, str]) -> str | None:
    """The resource's construct path: its ``aws:cdk:path`` metadata, else the stack's metadata file."""
    path = resource.metadata.get(CDK_PATH)
    if isinstance(path, str) and path:
        return path.strip("/")
    found = fallback.get(resource.logical_id)
    return found.strip("/") if found else None


def _is_framework(resource: Resource, path: str | None) -> bool:
    if resource.type in _FRAMEWORK_TYPES:
        return True
    if path is not None:
        return any(_FRAMEWORK_SEGMENT.fullmatch(segment) for segment in path.split("/"))
    return _FRAMEWORK_ID.search(resource.logical_id) is not None


def _serves_only(resource: Resource, framework: set[str]) -> bool:
    """A policy or permission whose every target is a framework resource."""
    keys = _ATTACHMENTS.get(resource.type)
    if keys is None or any(resource.has(k) for k in ("Users", "Groups")):
        return False
    targets = {ref.target for key in keys for ref in refs_in(resource.prop(key))}
    return bool(targets) and targets <= framework


def _log_group(custom: Resource) -> Resource:
    """``Custom::LogRetention`` as the log group it manages."""
    properties = {key: custom.properties[key] for key in ("LogGroupName", "RetentionInDays")
                  if key in custom.properties}
    return replace(custom, type="AWS::Logs::LogGroup", properties=properties,
                   metadata={**custom.metadata, TRANSLATED_KEY: LOG_RETENTION})


def _bucket_of(custom: Resource, resources: Mapping[str, Resource]) -> Resource | None:
    for ref in refs_in(custom.prop("BucketName")):
        target = resources.get(ref.target)
        if target is not None and target.type == "AWS::S3::Bucket":
            return target
    return None


def _with_notifications(bucket: Resource, custom: Resource) -> Resource:
    """The bucket with the custom resource's notifications, as CloudFormation writes them."""
    config = as_mapping(custom.prop("NotificationConfiguration"))
    merged: dict[str, Value] = dict(as_mapping(bucket.prop("NotificationConfiguration")))
    spans: dict[PropertyPath, SourceSpan] = {("NotificationConfiguration",): custom.span_of(
        ("NotificationConfiguration",))}
    for api_key, cfn_key, arn_key, target_key in _NOTIFICATION_KINDS:
        items: list[Value] = list(as_list(merged.get(cfn_key)))
        for index, raw in enumerate(as_list(config.get(api_key))):
            item = as_mapping(raw)
            source: PropertyPath = ("NotificationConfiguration", api_key, index)
            events = as_list(item.get("Events")) or [None]
            for event in events:
                new: dict[str, Value] = {target_key: item.get(arn_key)}
                if event is not None:
                    new["Event"] = event
                rules = lookup(item, ("Filter", "Key", "FilterRules"))
                if rules is not None:
                    new["Filter"] = {"S3Key": {"Rules": rules}}
                written: PropertyPath = ("NotificationConfiguration", cfn_key, len(items))
                spans[written] = custom.span_of(source)
                spans[(*written, target_key)] = custom.span_of((*source, arn_key))
                spans[(*written, "Event")] = custom.span_of((*source, "Events"))
                spans[(*written, "Filter")] = custom.span_of((*source, "Filter"))
                items.append(new)
        if items:
            merged[cfn_key] = items
    if "EventBridgeConfiguration" in config:
        merged["EventBridgeConfiguration"] = {"EventBridgeEnabled": True}
    return replace(bucket, properties={**bucket.properties, "NotificationConfiguration": merged},
                   spans={**bucket.spans, **spans})


def adapt(resources: Mapping[str, Resource], fallback_paths: Mapping[str, str],
          ) -> tuple[dict[str, Resource], list[Resource]]:
    """Resources labelled by construct path, framework ones translated or set apart.

    Returns the resources rules see and the framework resources left out (marked with
    ``slens:framework`` in their metadata).
    """
    labelled: dict[str, Resource] = {}
    paths: dict[str, str | None] = {}
    for logical_id, resource in resources.items():
        path = paths[logical_id] = construct_path(resource, fallback_paths)
        if path is not None:
            resource = replace(resource, origin=replace(resource.origin, label=construct_label(path)))
        labelled[logical_id] = resource
    framework = {rid for rid, res in labelled.items()
                 if res.type != LOG_RETENTION and _is_framework(res, paths[rid])}
    framework |= {rid for rid, res in labelled.items() if _serves_only(res, framework)}
    kept: dict[str, Resource] = {}
    for logical_id, resource in labelled.items():
        if resource.type == LOG_RETENTION:
            kept[logical_id] = _log_group(resource)
        elif logical_id not in framework:
            kept[logical_id] = marked(resource)
    for logical_id in framework:
        custom = labelled[logical_id]
        bucket = _bucket_of(custom, kept) if custom.type == BUCKET_NOTIFICATIONS else None
        if bucket is not None:
            kept[bucket.logical_id] = _with_notifications(bucket, custom)
    skipped = [replace(labelled[rid], metadata={**labelled[rid].metadata, FRAMEWORK_KEY: "cdk"})
               for rid in labelled if rid in framework]
    return kept, skipped

"""Evaluated Terraform resources into graph resources, folding helper resources into their hosts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from slens.loaders.draft import Draft
from slens.loaders.terraform.buckets import BUCKET_LIFECYCLE_RULE, PUBLIC_ACCESS_BLOCK, lifecycle_rule
from slens.loaders.terraform.mapping import TYPES, Spans, Spec, Sub, document, translate
from slens.loaders.terraform.objects import Obj
from slens.loaders.terraform.services import MORE_TYPES
from slens.loaders.terraform.spantable import SpanTable
from slens.model import Graph, Origin, PropertyPath, Resource, SourceSpan, Value, as_list, as_str, refs_in


@dataclass
class Stats:
    """What a load mapped, by Terraform type: resources of the graph, folded into another, left out."""

    mapped: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)
    unmapped: Counter[str] = field(default_factory=Counter)
    disabled: Counter[str] = field(default_factory=Counter)

    def add(self, other: Stats) -> None:
        for mine, theirs in ((self.mapped, other.mapped), (self.merged, other.merged),
                             (self.unmapped, other.unmapped), (self.disabled, other.disabled)):
            mine.update(theirs)


TARGET_SPEC: Spec = {
    "target_id": "Id", "arn": "Arn", "role_arn": "RoleArn", "input": "Input", "input_path": "InputPath",
    "dead_letter_config": Sub("DeadLetterConfig", {"arn": "Arn"}),
    "retry_policy": Sub("RetryPolicy", {"maximum_event_age_in_seconds": "MaximumEventAgeInSeconds",
                                        "maximum_retry_attempts": "MaximumRetryAttempts"}),
    "sqs_target": Sub("SqsParameters", {"message_group_id": "MessageGroupId"}),
}
METHOD_SETTINGS_SPEC: Spec = {"throttling_burst_limit": "ThrottlingBurstLimit",
                          "throttling_rate_limit": "ThrottlingRateLimit", "metrics_enabled": "MetricsEnabled",
                          "logging_level": "LoggingLevel", "data_trace_enabled": "DataTraceEnabled",
                          "caching_enabled": "CachingEnabled"}
_NOTIFICATIONS = (("lambda_function", "LambdaConfigurations", "lambda_function_arn", "Function"),
                  ("queue", "QueueConfigurations", "queue_arn", "Queue"),
                  ("topic", "TopicConfigurations", "topic_arn", "Topic"))
_NAMES = {"AWS::Events::Rule": "Name", "AWS::IAM::Role": "RoleName", "AWS::S3::Bucket": "BucketName",
          "AWS::SQS::Queue": "QueueName", "AWS::ApiGateway::Stage": "StageName",
          "AWS::ApiGateway::Method": "HttpMethod", "AWS::Lambda::Alias": "Name"}


class Assembler:
    def __init__(self, spans: SpanTable) -> None:
        self.table = spans
        self.drafts: dict[str, Draft[Value]] = {}
        self.helpers: list[tuple[str, str, Obj]] = []
        self.stats = Stats()

    def add(self, address: str, tf_type: str, obj: Obj, metadata: dict[str, Value] | None = None) -> None:
        if tf_type in _MERGES:
            self.helpers.append((address, tf_type, obj))
            return
        entry = TYPES.get(tf_type) or MORE_TYPES.get(tf_type)
        if entry is None:
            self.stats.unmapped[tf_type] += 1
            return
        cfn_type, spec, post = entry
        props, spans = translate(obj, spec, (), self.table)
        if post is not None:
            post(obj, props, spans)
        origin = Origin(address, tf_type, obj.span, address)
        self.drafts[address] = Draft(address, cfn_type, props, obj.span, origin, spans, dict(metadata or {}))
        self.stats.mapped[tf_type] += 1

    # -- helpers folded into their hosts ---------------------------------------------------------

    def find(self, value: Value, cfn_type: str) -> Draft[Value] | None:
        for ref in refs_in(value):
            draft = self.drafts.get(ref.target)
            if draft is not None and draft.type == cfn_type:
                return draft
        literal = as_str(value)
        key = _NAMES.get(cfn_type)
        if literal and key:
            name = literal.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
            for draft in self.drafts.values():
                if draft.type == cfn_type and as_str(draft.properties.get(key)) in (literal, name):
                    return draft
        return None

    def _append(self, host: Draft[Value], key: str, item: Value, spans: Spans, span: SourceSpan) -> int:
        existing = host.properties.get(key)
        items = existing if isinstance(existing, list) else []
        host.properties[key] = items
        items.append(item)
        index = len(items) - 1
        host.spans.setdefault((key,), span)
        host.spans[(key, index)] = span
        host.spans.update({(key, index, *path): s for path, s in spans.items()})
        return index

    def _fold(self, address: str, tf_type: str, obj: Obj) -> bool:
        handler = _MERGES[tf_type]
        return handler(self, obj)

    def event_target(self, obj: Obj) -> bool:
        rule = self.find(obj.get("rule"), "AWS::Events::Rule")
        if rule is None:
            return False
        props, spans = translate(obj, TARGET_SPEC, (), self.table)
        self._append(rule, "Targets", props, spans, obj.span)
        return True

    def method_settings(self, obj: Obj) -> bool:
        stage = self.find(obj.get("stage_name"), "AWS::ApiGateway::Stage")
        if stage is None:
            return False
        path = as_str(obj.get("method_path")) or "*/*"
        resource, _, method = path.rpartition("/")
        entry: dict[str, Value] = {"ResourcePath": "/" + resource.lstrip("/"), "HttpMethod": method}
        settings = obj.block("settings")
        spans: Spans = {}
        if settings is not None:
            props, spans = translate(settings, METHOD_SETTINGS_SPEC, (), self.table)
            entry.update(props)
        self._append(stage, "MethodSettings", entry, spans, obj.span)
        return True

    def bucket_notification(self, obj: Obj) -> bool:
        bucket = self.find(obj.get("bucket"), "AWS::S3::Bucket")
        if bucket is None:
            return False
        config: dict[str, Value] = {}
        spans: Spans = {}
        for block_name, key, arn_key, target in _NOTIFICATIONS:
            items: list[Value] = []
            for block in obj.blocks_of(block_name):
                rules: list[Value] = [{"Name": name, "Value": block.get(f"filter_{name}")}
                                      for name in ("prefix", "suffix") if block.get(f"filter_{name}") is not None]
                for event in as_list(block.get("events")) or [None]:
                    item: dict[str, Value] = {"Event": event, target: block.get(arn_key)}
                    if rules:
                        item["Filter"] = {"S3Key": {"Rules": rules}}
                    spans[(key, len(items))] = block.span
                    items.append(item)
            if items:
                config[key] = items
        if obj.get("eventbridge") is True:
            config["EventBridgeConfiguration"] = {"EventBridgeEnabled": True}
        bucket.properties["NotificationConfiguration"] = config
        bucket.spans[("NotificationConfiguration",)] = obj.span
        bucket.spans.update({("NotificationConfiguration", *p): s for p, s in spans.items()})
        return True

    def _bucket_setting(self, obj: Obj, key: str, props: dict[str, Value], spans: Spans) -> bool:
        """Fold a bucket's setting, written as a resource of its own, into the bucket as ``key``."""
        bucket = self.find(obj.get("bucket"), "AWS::S3::Bucket")
        if bucket is None:
            return False
        bucket.properties[key] = props
        bucket.spans[(key,)] = obj.span
        bucket.spans.update({(key, *p): s for p, s in spans.items()})
        return True

    def public_access_block(self, obj: Obj) -> bool:
        props, spans = translate(obj, PUBLIC_ACCESS_BLOCK, (), self.table)
        return self._bucket_setting(obj, "PublicAccessBlockConfiguration", props, spans)

    def bucket_versioning(self, obj: Obj) -> bool:
        block = obj.block("versioning_configuration")
        props: dict[str, Value] = {}
        spans: Spans = {}
        if block is not None:
            status = block.get("status")
            props["Status"] = status if as_str(status) != "Disabled" else "Suspended"
            spans[("Status",)] = block.span_of("status")
        return self._bucket_setting(obj, "VersioningConfiguration", props, spans)

    def bucket_lifecycle(self, obj: Obj) -> bool:
        rules: list[Value] = []
        spans: Spans = {}
        for index, block in enumerate(obj.blocks_of("rule")):
            rule, rule_spans = translate(block, BUCKET_LIFECYCLE_RULE, ("Rules", index), self.table)
            rules.append(lifecycle_rule(rule))
            spans.update(rule_spans)
            spans[("Rules", index)] = block.span
        return self._bucket_setting(obj, "LifecycleConfiguration", {"Rules": rules}, spans)

    def policy_attachment(self, obj: Obj) -> bool:
        roles = [obj.get("role")] if "role" in obj.attrs else list(as_list(obj.get("roles")))
        found = False
        for role_value in roles:
            role = self.find(role_value, "AWS::IAM::Role")
            if role is not None:
                self._append(role, "ManagedPolicyArns", obj.get("policy_arn"), {}, obj.span_of("policy_arn"))
                found = True
        return found

    def exclusive_attachments(self, obj: Obj) -> bool:
        """``aws_iam_role_policy_attachments_exclusive``: the role's managed policies, all of them."""
        role = self.find(obj.get("role_name"), "AWS::IAM::Role")
        if role is None:
            return False
        for arn in as_list(obj.get("policy_arns")):
            self._append(role, "ManagedPolicyArns", arn, {}, obj.span_of("policy_arns"))
        return True

    def integration(self, obj: Obj) -> bool:
        method = self.find(obj.get("http_method"), "AWS::ApiGateway::Method")
        if method is None or not self._same_refs(method, obj):
            candidates = [d for d in self.drafts.values() if d.type == "AWS::ApiGateway::Method"
                          and self._same_refs(d, obj)
                          and as_str(d.properties.get("HttpMethod")) == as_str(obj.get("http_method"))]
            method = candidates[0] if candidates else method
        if method is None:
            return False
        props, spans = translate(obj, {"type": "Type", "uri": "Uri", "integration_http_method":
                                       "IntegrationHttpMethod", "credentials": "Credentials",
                                       "timeout_milliseconds": "TimeoutInMillis",
                                       "request_parameters": "RequestParameters"}, (), self.table)
        method.properties["Integration"] = props
        method.spans[("Integration",)] = obj.span
        method.spans.update({("Integration", *p): s for p, s in spans.items()})
        return True

    @staticmethod
    def _same_refs(method: Draft[Value], obj: Obj) -> bool:
        for mine, theirs in (("RestApiId", "rest_api_id"), ("ResourceId", "resource_id")):
            a = {r.target for r in refs_in(method.properties.get(mine))}
            b = {r.target for r in refs_in(obj.get(theirs))}
            if a and b and not a & b:
                return False
        return True

    def queue_policy(self, obj: Obj, key: str, attribute: str) -> bool:
        queue = self.find(obj.get("queue_url"), "AWS::SQS::Queue")
        if queue is None:
            return False
        queue.properties[key] = document(obj.get(attribute))
        queue.spans[(key,)] = obj.span_of(attribute)
        queue.spans.update(self.table.document(obj.get(attribute), queue.properties[key], (key,)))
        return True

    def provisioned_concurrency(self, obj: Obj) -> bool:
        """``aws_lambda_provisioned_concurrency_config`` is the alias's ``ProvisionedConcurrencyConfig``."""
        alias = self.find(obj.get("qualifier"), "AWS::Lambda::Alias")
        if alias is None:
            return False
        key = ("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions")
        alias.properties[key[0]] = {key[1]: obj.get("provisioned_concurrent_executions")}
        alias.spans[key[:1]] = obj.span
        alias.spans[key] = obj.span_of("provisioned_concurrent_executions")
        return True

    # -- the graph -----------------------------------------------------------------------------

    def finish(self, parameters: dict[str, Value] | None = None) -> Graph:
        for address, tf_type, obj in self.helpers:
            if self._fold(address, tf_type, obj):
                self.stats.merged[tf_type] += 1
            else:
                self.stats.unmapped[f"{tf_type} (host not found)"] += 1
        resources: dict[str, Resource] = {}
        for draft in self.drafts.values():
            spans: dict[PropertyPath, SourceSpan] = dict(draft.spans)
            resources[draft.logical_id] = Resource(draft.logical_id, draft.type, draft.properties, draft.span,
                                                   draft.origin, spans, draft.metadata)
        return Graph(resources, parameters)


_MERGES: dict[str, Callable[[Assembler, Obj], bool]] = {
    "aws_cloudwatch_event_target": Assembler.event_target,
    "aws_api_gateway_method_settings": Assembler.method_settings,
    "aws_s3_bucket_notification": Assembler.bucket_notification,
    "aws_s3_bucket_public_access_block": Assembler.public_access_block,
    "aws_s3_bucket_versioning": Assembler.bucket_versioning,
    "aws_s3_bucket_lifecycle_configuration": Assembler.bucket_lifecycle,
    "aws_iam_role_policy_attachment": Assembler.policy_attachment,
    "aws_iam_policy_attachment": Assembler.policy_attachment,
    "aws_iam_role_policy_attachments_exclusive": Assembler.exclusive_attachments,
    "aws_api_gateway_integration": Assembler.integration,
    "aws_lambda_provisioned_concurrency_config": Assembler.provisioned_concurrency,
    "aws_sqs_queue_redrive_policy": lambda a, o: a.queue_policy(o, "RedrivePolicy", "redrive_policy"),
    "aws_sqs_queue_redrive_allow_policy": lambda a, o: a.queue_policy(o, "RedriveAllowPolicy",
                                                                      "redrive_allow_policy"),
}

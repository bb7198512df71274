"""Function events (sqs, stream, sns, s3, schedule, eventBridge, alb, ...) into the resources the
framework compiles them to, with its logical ids. API events live in :mod:`.apis`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from slens.loaders.serverless.common import (
    Draft,
    FunctionInfo,
    Service,
    alnum,
    get_att,
    name_hint,
    normalized,
    simple_ref,
    statement,
    text,
    upper_first,
)
from slens.loaders.serverless.functions import destination, destination_grant, is_intrinsic
from slens.model import Composite, PropertyPath, Ref, SourceSpan, Unknown

_SQS_KEYS: dict[str, str | PropertyPath] = {
    "arn": "EventSourceArn", "batchSize": "BatchSize", "maximumBatchingWindow": "MaximumBatchingWindowInSeconds",
    "functionResponseType": "FunctionResponseTypes", "enabled": "Enabled", "filterPatterns": "FilterCriteria",
    "maximumConcurrency": ("ScalingConfig", "MaximumConcurrency"),
}
_STREAM_KEYS: dict[str, str | PropertyPath] = {
    **_SQS_KEYS, "startingPosition": "StartingPosition", "batchWindow": "MaximumBatchingWindowInSeconds",
    "maximumRetryAttempts": "MaximumRetryAttempts", "bisectBatchOnFunctionError": "BisectBatchOnFunctionError",
    "maximumRecordAgeInSeconds": "MaximumRecordAgeInSeconds", "parallelizationFactor": "ParallelizationFactor",
    "tumblingWindowInSeconds": "TumblingWindowInSeconds", "destinations": ("DestinationConfig",),
}
_STREAM_ACTIONS = ("GetRecords", "GetShardIterator", "DescribeStream", "ListStreams")


class Event:
    """One item of a function's ``events`` list."""

    def __init__(self, svc: Service, fn: FunctionInfo, events: Any, index: int, kind: str, config: Any) -> None:
        self.svc = svc
        self.fn = fn
        self.index = index
        self.kind = kind
        self.config = config
        self.span = svc.span(events, index)
        self.item = events[index]

    @property
    def mapping(self) -> Mapping[str, Any]:
        return self.config if isinstance(self.config, Mapping) and not is_intrinsic(self.config) else {}

    def spans(self, keys: Mapping[str, str | PropertyPath]) -> dict[PropertyPath, SourceSpan]:
        return self.svc.spans_of(self.config, keys)

    def add(self, logical_id: str, type_: str, props: dict[str, Any],
            spans: dict[PropertyPath, SourceSpan] | None = None) -> Draft[Any]:
        return self.svc.add(Draft(logical_id, type_, props, self.span, self.fn.origin, spans or {}))

    def permission(self, logical_id: str, principal: Any, source_arn: Any = None, account: bool = False) -> None:
        props: dict[str, Any] = {"FunctionName": get_att(self.fn.logical_id), "Action": "lambda:InvokeFunction",
                                 "Principal": principal}
        if source_arn is not None:
            props["SourceArn"] = source_arn
        if account:
            props["SourceAccount"] = Unknown("AWS::AccountId")
        self.add(logical_id, "AWS::Lambda::Permission", props)


def _copy(event: Event, props: dict[str, Any], keys: Mapping[str, str]) -> None:
    for key, cfn in keys.items():
        if event.mapping.get(key) is not None:
            props[cfn] = event.mapping.get(key)


def _filters(patterns: Any) -> Any:
    if not isinstance(patterns, list):
        return patterns
    return {"Filters": [{"Pattern": json.dumps(p) if isinstance(p, Mapping) and not any(
        isinstance(v, Unknown | Composite | Ref) for v in p.values()) else Unknown("filter pattern")}
        for p in patterns]}


def sqs(event: Event) -> None:
    arn = event.mapping.get("arn") if event.mapping else event.config
    props: dict[str, Any] = {"BatchSize": 10, "EventSourceArn": arn, "FunctionName": get_att(event.fn.logical_id),
                             "Enabled": True}
    _copy(event, props, {"batchSize": "BatchSize", "maximumBatchingWindow": "MaximumBatchingWindowInSeconds",
                         "enabled": "Enabled"})
    if event.mapping.get("functionResponseType") is not None:
        props["FunctionResponseTypes"] = [event.mapping.get("functionResponseType")]
    if event.mapping.get("filterPatterns") is not None:
        props["FilterCriteria"] = _filters(event.mapping.get("filterPatterns"))
    if event.mapping.get("maximumConcurrency") is not None:
        props["ScalingConfig"] = {"MaximumConcurrency": event.mapping.get("maximumConcurrency")}
    logical_id = f"{event.fn.norm}EventSourceMappingSQS{alnum(name_hint(arn))}"
    event.add(logical_id, "AWS::Lambda::EventSourceMapping", props, event.spans(_SQS_KEYS))
    event.svc.grant(event.fn, statement(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
                                        [arn]))


def _stream_type(arn: Any, declared: Any) -> str:
    if isinstance(declared, str):
        return declared.lower()
    literal = text(arn) or ""
    if ":kinesis:" in literal:
        return "kinesis"
    if ":dynamodb:" in literal:
        return "dynamodb"
    if isinstance(arn, Mapping) and isinstance(arn.get("Fn::GetAtt"), list) and \
            arn["Fn::GetAtt"][1:] == ["StreamArn"]:
        return "dynamodb"
    return "kinesis"


def stream(event: Event) -> None:
    arn = event.mapping.get("arn") if event.mapping else event.config
    kind = _stream_type(arn, event.mapping.get("type"))
    literal = text(arn)
    name = literal.split("/")[1] if literal and "/" in literal else name_hint(arn)
    props: dict[str, Any] = {"BatchSize": 10, "EventSourceArn": arn, "FunctionName": get_att(event.fn.logical_id),
                             "StartingPosition": "TRIM_HORIZON", "Enabled": True}
    _copy(event, props, {"batchSize": "BatchSize", "startingPosition": "StartingPosition", "enabled": "Enabled",
                         "batchWindow": "MaximumBatchingWindowInSeconds",
                         "maximumRetryAttempts": "MaximumRetryAttempts",
                         "bisectBatchOnFunctionError": "BisectBatchOnFunctionError",
                         "maximumRecordAgeInSeconds": "MaximumRecordAgeInSeconds",
                         "parallelizationFactor": "ParallelizationFactor",
                         "tumblingWindowInSeconds": "TumblingWindowInSeconds"})
    if event.mapping.get("functionResponseType") is not None:
        props["FunctionResponseTypes"] = [event.mapping.get("functionResponseType")]
    if event.mapping.get("filterPatterns") is not None:
        props["FilterCriteria"] = _filters(event.mapping.get("filterPatterns"))
    spans = event.spans(_STREAM_KEYS)
    destinations = event.mapping.get("destinations")
    if isinstance(destinations, Mapping) and destinations.get("onFailure") is not None:
        target = destination(event.svc, destinations.get("onFailure"))
        props["DestinationConfig"] = {"OnFailure": {"Destination": target}}
        spans[("DestinationConfig", "OnFailure")] = spans[("DestinationConfig", "OnFailure", "Destination")] = \
            event.svc.span(destinations, "onFailure")
        actions = destination_grant(target)
        if actions:
            event.svc.grant(event.fn, statement(actions, [target]))
    logical_id = f"{event.fn.norm}EventSourceMapping{upper_first(kind)}{alnum(name)}"
    event.add(logical_id, "AWS::Lambda::EventSourceMapping", props, spans)
    event.svc.grant(event.fn, statement([f"{kind}:{a}" for a in _STREAM_ACTIONS], [arn]))


def sns(event: Event) -> None:
    config = event.mapping
    arn = config.get("arn") if config else (event.config if isinstance(event.config, str) and
                                            event.config.startswith("arn:") else None)
    if arn is None and not config and not isinstance(event.config, str):
        arn = event.config  # an intrinsic
    topic_name = config.get("topicName") if config else None
    if topic_name is None:
        topic_name = name_hint(arn) if arn is not None else (event.config if isinstance(event.config, str)
                                                              else None)
    name = text(topic_name) or "Unknown"
    topic_arn: Any = arn
    if arn is None:
        topic_id = f"SNSTopic{alnum(name)}"
        topic: dict[str, Any] = {"TopicName": topic_name}
        _copy(event, topic, {"displayName": "DisplayName", "kmsMasterKeyId": "KmsMasterKeyId"})
        event.add(topic_id, "AWS::SNS::Topic", topic, event.spans({"kmsMasterKeyId": "KmsMasterKeyId"}))
        topic_arn = Ref(topic_id)
    props: dict[str, Any] = {"TopicArn": topic_arn, "Protocol": "lambda", "Endpoint": get_att(event.fn.logical_id)}
    _copy(event, props, {"filterPolicy": "FilterPolicy", "filterPolicyScope": "FilterPolicyScope"})
    redrive = config.get("redrivePolicy")
    if isinstance(redrive, Mapping):
        dlq = redrive.get("deadLetterTargetArn")
        if redrive.get("deadLetterTargetRef") is not None:
            dlq = get_att(str(redrive.get("deadLetterTargetRef")))
        elif redrive.get("deadLetterTargetImport") is not None:
            dlq = Unknown("Fn::ImportValue")
        props["RedrivePolicy"] = {"deadLetterTargetArn": dlq}
    spans = event.spans({"filterPolicy": "FilterPolicy", "redrivePolicy": "RedrivePolicy"})
    event.add(f"{event.fn.norm}SnsSubscription{alnum(name)}", "AWS::SNS::Subscription", props, spans)
    event.permission(f"{event.fn.norm}LambdaPermission{alnum(name)}SNS", "sns.amazonaws.com", topic_arn)


def s3(event: Event) -> None:
    config = event.mapping
    bucket = simple_ref(config.get("bucket") if config else event.config)
    bucket_name = text(bucket) or name_hint(bucket)
    notification: dict[str, Any] = {"Event": config.get("event") or "s3:ObjectCreated:*",
                                    "Function": get_att(event.fn.logical_id)}
    rules = config.get("rules")
    if isinstance(rules, list):
        notification["Filter"] = {"S3Key": {"Rules": [
            {"Name": k, "Value": v} for rule in rules if isinstance(rule, Mapping) for k, v in rule.items()]}}
    source_arn = Composite(("arn:aws:s3:::", *(bucket.parts if isinstance(bucket, Composite) else (
        bucket if isinstance(bucket, str | Ref | Unknown) else Unknown("bucket name"),))))
    if config.get("existing") is True or not isinstance(bucket, str | Composite):
        props: dict[str, Any] = {"FunctionName": event.fn.name, "BucketName": bucket,
                                 "BucketConfigs": [{"Event": notification["Event"]}]}
        event.add(f"{event.fn.norm}CustomS31", "Custom::S3", props)
    else:
        bucket_id = f"S3Bucket{alnum(bucket_name)}"
        draft = event.svc.drafts.get(bucket_id)
        if draft is not None and draft.type == "AWS::S3::Bucket":
            configs = draft.properties.setdefault("NotificationConfiguration", {}).setdefault(
                "LambdaConfigurations", [])
            configs.append(notification)
        else:
            event.add(bucket_id, "AWS::S3::Bucket", {"BucketName": bucket, "NotificationConfiguration": {
                "LambdaConfigurations": [notification]}})
    event.permission(f"{event.fn.norm}LambdaPermission{alnum(bucket_name)}S3", "s3.amazonaws.com", source_arn,
                     account=True)


class _Counter:
    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], int] = {}

    def next(self, fn: FunctionInfo, kind: str) -> int:
        key = (fn.key, kind)
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]


COUNTER = _Counter


def _target(event: Event, target_id: str) -> dict[str, Any]:
    target: dict[str, Any] = {"Id": target_id, "Arn": get_att(event.fn.logical_id)}
    _copy(event, target, {"input": "Input", "inputPath": "InputPath", "inputTransformer": "InputTransformer"})
    if isinstance(target.get("Input"), Mapping):
        target["Input"] = Unknown("event input document")
    retry = event.mapping.get("retryPolicy")
    if isinstance(retry, Mapping):
        target["RetryPolicy"] = {"MaximumEventAgeInSeconds": retry.get("maximumEventAge"),
                                 "MaximumRetryAttempts": retry.get("maximumRetryAttempts")}
    if event.mapping.get("deadLetterQueueArn") is not None:
        target["DeadLetterConfig"] = {"Arn": event.mapping.get("deadLetterQueueArn")}
    return target


def _rule_spans(event: Event) -> dict[PropertyPath, SourceSpan]:
    spans = event.spans({"pattern": "EventPattern", "rate": "ScheduleExpression", "schedule": "ScheduleExpression",
                         "enabled": "State", "eventBus": "EventBusName"})
    spans[("Targets", 0)] = event.span
    if "deadLetterQueueArn" in event.mapping:
        spans[("Targets", 0, "DeadLetterConfig")] = event.svc.span(event.config, "deadLetterQueueArn")
    return spans


def schedule(event: Event, counter: _Counter) -> None:
    rates = event.mapping.get("rate") if event.mapping else event.config
    for rate in rates if isinstance(rates, list) else [rates]:
        index = counter.next(event.fn, "schedule")
        enabled = event.mapping.get("enabled")
        props: dict[str, Any] = {"ScheduleExpression": rate, "State": "DISABLED" if enabled is False else "ENABLED",
                                 "Targets": [_target(event, f"{event.fn.key}Schedule")]}
        _copy(event, props, {"name": "Name", "description": "Description"})
        rule_id = f"{event.fn.norm}EventsRuleSchedule{index}"
        event.add(rule_id, "AWS::Events::Rule", props, _rule_spans(event))
        event.permission(f"{event.fn.norm}LambdaPermissionEventsRuleSchedule{index}", "events.amazonaws.com",
                         get_att(rule_id))


def _bus(event: Event, bus: Any) -> Any:
    if isinstance(bus, str) and not bus.startswith("arn:") and bus != "default":
        bus_id = f"{normalized(bus)}EventBridgeEventBus"
        event.add(bus_id, "AWS::Events::EventBus", {"Name": bus})
        return bus
    return bus


def event_bridge(event: Event, counter: _Counter) -> None:
    index = counter.next(event.fn, "eventBridge")
    config = event.mapping
    fn_name = event.fn.name if isinstance(event.fn.name, str) else event.fn.key
    rule_name = config.get("name") or f"{fn_name}-rule-{index}"
    props: dict[str, Any] = {"Name": rule_name, "State": "DISABLED" if config.get("enabled") is False else "ENABLED",
                             "Targets": [_target(event, f"{fn_name}-rule-{index}-target")]}
    if config.get("eventBus") is not None and config.get("eventBus") != "default":
        props["EventBusName"] = _bus(event, config.get("eventBus"))
    pattern = config.get("pattern")
    if pattern is not None:
        props["EventPattern"] = pattern
    if config.get("schedule") is not None:
        props["ScheduleExpression"] = config.get("schedule")
    rule_id = f"{alnum(text(rule_name) or event.fn.key)}EventBridgeRule"
    event.add(rule_id, "AWS::Events::Rule", props, _rule_spans(event))
    event.permission(f"{event.fn.norm}EventBridgeLambdaPermission{index}", "events.amazonaws.com", get_att(rule_id))


def cloudwatch_event(event: Event, counter: _Counter) -> None:
    index = counter.next(event.fn, "cloudwatchEvent")
    config = event.mapping
    props: dict[str, Any] = {"EventPattern": config.get("event"),
                             "State": "DISABLED" if config.get("enabled") is False else "ENABLED",
                             "Targets": [_target(event, f"{event.fn.key}CloudWatchEvent")]}
    rule_id = f"{event.fn.norm}EventsRuleCloudWatchEvent{index}"
    event.add(rule_id, "AWS::Events::Rule", props, _rule_spans(event))
    event.permission(f"{event.fn.norm}LambdaPermissionEventsRuleCloudWatchEvent{index}", "events.amazonaws.com",
                     get_att(rule_id))


def cloudwatch_log(event: Event, counter: _Counter) -> None:
    index = counter.next(event.fn, "cloudwatchLog")
    group = event.mapping.get("logGroup") if event.mapping else event.config
    props = {"LogGroupName": group, "FilterPattern": event.mapping.get("filter") or "",
             "DestinationArn": get_att(event.fn.logical_id)}
    event.add(f"{event.fn.norm}LogsSubscriptionFilterCloudWatchLog{index}", "AWS::Logs::SubscriptionFilter", props)
    event.permission(f"{event.fn.norm}LambdaPermissionLogsSubscriptionFilterCloudWatchLog", "logs.amazonaws.com",
                     Composite(("arn:aws:logs:", Unknown("AWS::Region"), ":", Unknown("AWS::AccountId"),
                                ":log-group:", *(group.parts if isinstance(group, Composite) else (
                                    group if isinstance(group, str) else Unknown("log group"),)), ":*")))


def alb(event: Event, counter: _Counter) -> None:
    config = event.mapping
    listener = config.get("listenerArn")
    literal = text(listener) or ""
    match = re.search(r"listener/app/[^/]+/([^/]+)/", literal)
    alb_id = match.group(1) if match else alnum(name_hint(listener))
    multi = config.get("multiValueHeaders") is True
    group_id = f"{event.fn.norm}Alb{'MultiValue' if multi else ''}TargetGroup{alb_id}"
    event.add(group_id, "AWS::ElasticLoadBalancingV2::TargetGroup", {
        "TargetType": "lambda", "Targets": [{"Id": get_att(event.fn.logical_id)}],
        "TargetGroupAttributes": [{"Key": "lambda.multi_value_headers.enabled", "Value": str(multi).lower()}]})
    priority = config.get("priority")
    event.add(f"{event.fn.norm}AlbListenerRule{text(priority) or counter.next(event.fn, 'alb')}",
              "AWS::ElasticLoadBalancingV2::ListenerRule", {
                  "ListenerArn": listener, "Priority": priority, "Conditions": Unknown("listener rule conditions"),
                  "Actions": [{"Type": "forward", "TargetGroupArn": Ref(group_id)}]})
    event.permission(f"{event.fn.norm}LambdaPermissionAlb", "elasticloadbalancing.amazonaws.com", Ref(group_id))


HANDLERS: dict[str, Callable[[Event], None]] = {"sqs": sqs, "stream": stream, "sns": sns, "s3": s3}
COUNTED: dict[str, Callable[[Event, _Counter], None]] = {
    "schedule": schedule, "eventBridge": event_bridge, "cloudwatchEvent": cloudwatch_event,
    "cloudwatchLog": cloudwatch_log, "alb": alb,
}

__all__ = ["COUNTED", "COUNTER", "HANDLERS", "Event"]

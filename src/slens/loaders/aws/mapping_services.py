"""Messaging, data, logging and key services of the live inventory (SQS, SNS, EventBridge, Step
Functions, DynamoDB, Kinesis, CloudWatch Logs and alarms, KMS) as CloudFormation resources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.aws.mapping_base import (
    Context,
    Draft,
    Item,
    as_bool,
    as_int,
    compact,
    items,
    label_of,
    need_str,
    obj,
    parse_json,
    pick,
    tags,
    text,
)
from slens.loaders.aws.mapping_stacks import map_stacks

#: the statement SNS and SQS write into every new policy: the owner's own access, no choice of the user's
_DEFAULT_SID = "__default_statement_ID"
_QUEUE_INTS = ("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds", "MaximumMessageSize",
               "ReceiveMessageWaitTimeSeconds", "KmsDataKeyReusePeriodSeconds")
_QUEUE_STRINGS = ("KmsMasterKeyId", "DeduplicationScope", "FifoThroughputLimit")


def _policy(document: Any) -> dict[str, Any] | None:
    """A resource policy without the statements AWS adds by default; None when nothing else is left."""
    parsed = parse_json(document)
    if not isinstance(parsed, Mapping):
        return None
    statements = [s for s in items(parsed, "Statement")
                  if not (isinstance(s, Mapping) and s.get("Sid") == _DEFAULT_SID)]
    return {**parsed, "Statement": statements} if statements else None


def _redrive(value: Any) -> dict[str, Any] | None:
    parsed = parse_json(value)
    if not isinstance(parsed, Mapping):
        return None
    out = dict(parsed)
    count = as_int(out.get("maxReceiveCount"))
    if count is not None:
        out["maxReceiveCount"] = count
    return out


def queue(ctx: Context, item: Item, consumers_read: bool = False) -> None:
    url = need_str(item, "QueueUrl")
    attrs = obj(item, "Attributes")
    name = url.rstrip("/").rsplit("/", 1)[-1]
    arn = text(attrs, "QueueArn") or ctx.arn("sqs", name)
    props: dict[str, Any] = {"QueueName": name}
    props.update({k: as_int(attrs[k]) for k in _QUEUE_INTS if as_int(attrs.get(k)) is not None})
    props.update({k: attrs[k] for k in _QUEUE_STRINGS if isinstance(attrs.get(k), str)})
    for key in ("FifoQueue", "ContentBasedDeduplication", "SqsManagedSseEnabled"):
        flag = as_bool(attrs.get(key))
        if flag is not None:
            props[key] = flag
    for key in ("RedrivePolicy", "RedriveAllowPolicy"):
        parsed = _redrive(attrs.get(key)) if key == "RedrivePolicy" else parse_json(attrs.get(key))
        if isinstance(parsed, Mapping):
            props[key] = dict(parsed)
    tag_list = tags(item.get("Tags"))
    if tag_list:
        props["Tags"] = tag_list
    # whether the partition's event source mappings were read: only then is "no consumer" a fact
    ctx.add(Draft("AWS::SQS::Queue", name, arn, props, {arn: "Arn", url: None}, {name: "QueueName"}, url, "sqs",
                  {"aws:consumersRead": True} if consumers_read else {}))
    policy = _policy(attrs.get("Policy"))
    if policy:
        ctx.add(Draft("AWS::SQS::QueuePolicy", f"{name}-policy", None, {"Queues": [url], "PolicyDocument": policy},
                      service="sqs"))


def topic(ctx: Context, item: Item) -> None:
    arn = need_str(item, "TopicArn")
    attrs = obj(item, "Attributes")
    name = arn.rsplit(":", 1)[-1]
    props: dict[str, Any] = compact({"TopicName": name, "DisplayName": attrs.get("DisplayName") or None,
                                     "KmsMasterKeyId": attrs.get("KmsMasterKeyId"),
                                     "TracingConfig": attrs.get("TracingConfig"),
                                     "SignatureVersion": attrs.get("SignatureVersion"),
                                     "ArchivePolicy": parse_json(attrs.get("ArchivePolicy"))})
    for key in ("FifoTopic", "ContentBasedDeduplication"):
        flag = as_bool(attrs.get(key))
        if flag:
            props[key] = flag
    tag_list = tags(item.get("Tags"))
    if tag_list:
        props["Tags"] = tag_list
    ctx.add(Draft("AWS::SNS::Topic", name, arn, props, {arn: None}, {name: "TopicName"}, arn, "sns"))
    policy = _policy(attrs.get("Policy"))
    if policy:
        ctx.add(Draft("AWS::SNS::TopicPolicy", f"{name}-policy", None, {"Topics": [arn], "PolicyDocument": policy},
                      service="sns"))


def subscription(ctx: Context, item: Item) -> None:
    topic_arn = need_str(item, "TopicArn")
    protocol = need_str(item, "Protocol")
    attrs = obj(item, "Attributes")
    endpoint = item.get("Endpoint") or attrs.get("Endpoint")
    props = compact({"TopicArn": topic_arn, "Protocol": protocol, "Endpoint": endpoint,
                     "RedrivePolicy": _redrive(attrs.get("RedrivePolicy")),
                     "FilterPolicy": parse_json(attrs.get("FilterPolicy")),
                     "FilterPolicyScope": attrs.get("FilterPolicyScope"),
                     "RawMessageDelivery": as_bool(attrs.get("RawMessageDelivery")) or None,
                     "SubscriptionRoleArn": attrs.get("SubscriptionRoleArn"),
                     "DeliveryPolicy": parse_json(attrs.get("DeliveryPolicy"))})
    arn = item.get("SubscriptionArn")
    arn = arn if isinstance(arn, str) and arn.startswith("arn:") else None  # "PendingConfirmation"
    target = str(endpoint or "").rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    ctx.add(Draft("AWS::SNS::Subscription", f"{topic_arn.rsplit(':', 1)[-1]}-{target}-subscription", arn, props,
                  {arn: None} if arn else {}, physical=arn, service="sns"))


def bus(ctx: Context, item: Item) -> None:
    name = need_str(item, "Name")
    if name == "default":
        return  # every account has it; a template never declares it
    arn = text(item, "Arn") or ctx.arn("events", f"event-bus/{name}")
    props = compact({"Name": name, "Description": item.get("Description"), "Policy": item.get("Policy")})
    ctx.add(Draft("AWS::Events::EventBus", name, arn, props, {arn: "Arn"}, {name: None}, name, "events"))


_TARGET_KEYS = ("Id", "Arn", "RoleArn", "Input", "InputPath", "InputTransformer", "DeadLetterConfig", "RetryPolicy",
                "SqsParameters", "KinesisParameters", "HttpParameters", "EcsParameters", "BatchParameters",
                "RunCommandParameters", "SageMakerPipelineParameters", "AppSyncParameters",
                "RedshiftDataParameters")


def rule(ctx: Context, item: Item) -> None:
    name = need_str(item, "Name")
    if item.get("ManagedBy"):
        return  # a rule another AWS service created for itself, which the user cannot change
    bus_name = text(item, "EventBusName") or "default"
    arn = text(item, "Arn") or ctx.arn("events", f"rule/{name}")
    props = compact({"Name": name, "Description": item.get("Description"),
                     "EventPattern": parse_json(item.get("EventPattern")),
                     "ScheduleExpression": item.get("ScheduleExpression"), "State": item.get("State"),
                     "RoleArn": item.get("RoleArn"), "EventBusName": None if bus_name == "default" else bus_name})
    targets = [pick(t, {k: k for k in _TARGET_KEYS}) for t in items(item, "Targets") if isinstance(t, Mapping)]
    if targets:
        props["Targets"] = targets
    physical = name if bus_name == "default" else f"{bus_name}|{name}"
    ctx.add(Draft("AWS::Events::Rule", name if bus_name == "default" else f"{bus_name}-{name}", arn, props,
                  {arn: "Arn"}, physical=physical, service="events"))


def state_machine(ctx: Context, item: Item) -> None:
    arn = need_str(item, "stateMachineArn")
    name = text(item, "name") or arn.rsplit(":", 1)[-1]
    props = compact({"StateMachineName": name, "StateMachineType": item.get("type"), "RoleArn": item.get("roleArn")})
    definition = parse_json(item.get("definition"))
    if isinstance(definition, Mapping):
        # a mapping, so that ARNs inside become references as in a template's Definition
        props["Definition"] = dict(definition)
    elif isinstance(definition, str):
        props["DefinitionString"] = definition
        ctx.problem("stepfunctions", name, "the definition is not JSON: its states are not reviewed")
    logging = item.get("loggingConfiguration")
    if isinstance(logging, Mapping):
        destinations = [{"CloudWatchLogsLogGroup": {"LogGroupArn": (d.get("cloudWatchLogsLogGroup") or {})
                                                    .get("logGroupArn")}}
                        for d in items(logging, "destinations") if isinstance(d, Mapping)]
        props["LoggingConfiguration"] = compact({"Level": logging.get("level"),
                                                 "IncludeExecutionData": logging.get("includeExecutionData"),
                                                 "Destinations": destinations})
    tracing = item.get("tracingConfiguration")
    if isinstance(tracing, Mapping) and isinstance(tracing.get("enabled"), bool):
        props["TracingConfiguration"] = {"Enabled": tracing["enabled"]}
    ctx.add(Draft("AWS::StepFunctions::StateMachine", name, arn, props, {arn: None}, {name: "Name"}, arn,
                  "stepfunctions"))


def _capacity(value: Any) -> dict[str, Any] | None:
    throughput = pick(value, {"ReadCapacityUnits": "ReadCapacityUnits", "WriteCapacityUnits": "WriteCapacityUnits"})
    return throughput if any(throughput.values()) else None


def table(ctx: Context, item: Item) -> None:
    name = need_str(item, "TableName")
    arn = text(item, "TableArn") or ctx.arn("dynamodb", f"table/{name}")
    mode = (item.get("BillingModeSummary") or {}).get("BillingMode") or "PROVISIONED"
    props: dict[str, Any] = compact({
        "TableName": name, "BillingMode": mode, "AttributeDefinitions": item.get("AttributeDefinitions"),
        "KeySchema": item.get("KeySchema"), "DeletionProtectionEnabled": item.get("DeletionProtectionEnabled"),
        "TableClass": (item.get("TableClassSummary") or {}).get("TableClass")})
    if mode == "PROVISIONED" and _capacity(item.get("ProvisionedThroughput")):
        props["ProvisionedThroughput"] = _capacity(item.get("ProvisionedThroughput"))
    indexes = [compact({"IndexName": i.get("IndexName"), "KeySchema": i.get("KeySchema"),
                        "Projection": i.get("Projection"),
                        "ProvisionedThroughput": _capacity(i.get("ProvisionedThroughput"))
                        if mode == "PROVISIONED" else None})
               for i in items(item, "GlobalSecondaryIndexes") if isinstance(i, Mapping)]
    if indexes:
        props["GlobalSecondaryIndexes"] = indexes
    stream = item.get("StreamSpecification") or {}
    if stream.get("StreamEnabled"):
        props["StreamSpecification"] = {"StreamViewType": stream.get("StreamViewType")}
    sse = item.get("SSEDescription") or {}
    if sse.get("Status") in ("ENABLED", "ENABLING", "UPDATING"):
        props["SSESpecification"] = compact({"SSEEnabled": True, "SSEType": sse.get("SSEType"),
                                             "KMSMasterKeyId": sse.get("KMSMasterKeyArn")})
    recovery = ((item.get("ContinuousBackups") or {}).get("PointInTimeRecoveryDescription") or {})
    if recovery.get("PointInTimeRecoveryStatus"):
        props["PointInTimeRecoverySpecification"] = {
            "PointInTimeRecoveryEnabled": recovery["PointInTimeRecoveryStatus"] == "ENABLED"}
    ttl = item.get("TimeToLive") or {}  # DescribeTimeToLive, when the reader adds it
    if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
        props["TimeToLiveSpecification"] = {"AttributeName": ttl.get("AttributeName"), "Enabled": True}
    handles: dict[str, str | None] = {arn: "Arn"}
    if isinstance(item.get("LatestStreamArn"), str):
        handles[item["LatestStreamArn"]] = "StreamArn"
    ctx.add(Draft("AWS::DynamoDB::Table", name, arn, props, handles, {name: None}, name, "dynamodb"))


def stream(ctx: Context, item: Item) -> None:
    name = need_str(item, "StreamName")
    arn = text(item, "StreamARN") or ctx.arn("kinesis", f"stream/{name}")
    mode = (item.get("StreamModeDetails") or {}).get("StreamMode")
    props = compact({"Name": name, "RetentionPeriodHours": item.get("RetentionPeriodHours"),
                     "StreamModeDetails": {"StreamMode": mode} if mode else None,
                     "ShardCount": item.get("OpenShardCount") if mode != "ON_DEMAND" else None})
    if item.get("EncryptionType") == "KMS":
        props["StreamEncryption"] = compact({"EncryptionType": "KMS", "KeyId": item.get("KeyId")})
    ctx.add(Draft("AWS::Kinesis::Stream", name, arn, props, {arn: "Arn"}, {name: None}, name, "kinesis"))


def log_group(ctx: Context, item: Item) -> None:
    name = need_str(item, "logGroupName")
    arn = text(item, "arn") or ctx.arn("logs", f"log-group:{name}:*")
    props = compact({"LogGroupName": name, "RetentionInDays": item.get("retentionInDays"),
                     "KmsKeyId": item.get("kmsKeyId"), "LogGroupClass": item.get("logGroupClass")})
    # ``arn`` ends in ":*" as ``!GetAtt LogGroup.Arn`` does; ``logGroupArn`` is the bare form
    handles: dict[str, str | None] = {arn: "Arn", arn.removesuffix(":*"): "Arn"}
    if isinstance(item.get("logGroupArn"), str):
        handles[item["logGroupArn"]] = "Arn"
    stored = item.get("storedBytes")
    measured = {"aws:storedBytes": stored} if isinstance(stored, int) and not isinstance(stored, bool) else {}
    ctx.add(Draft("AWS::Logs::LogGroup", name, arn, props, handles, {name: None}, name, "logs", measured))


_ALARM_KEYS = ("AlarmName", "AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions",
               "InsufficientDataActions", "MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions",
               "Period", "Unit", "EvaluationPeriods", "DatapointsToAlarm", "Threshold", "ComparisonOperator",
               "TreatMissingData", "EvaluateLowSampleCountPercentile", "Metrics", "ThresholdMetricId")


def alarm(ctx: Context, item: Item) -> None:
    name = need_str(item, "AlarmName")
    arn = text(item, "AlarmArn") or ctx.arn("cloudwatch", f"alarm:{name}")
    props = pick(item, {k: k for k in _ALARM_KEYS})
    if item.get("ActionsEnabled") is False:
        props["ActionsEnabled"] = False
    ctx.add(Draft("AWS::CloudWatch::Alarm", name, arn, props, {arn: "Arn"}, physical=name, service="cloudwatch"))


def key(ctx: Context, item: Item) -> None:
    key_id = need_str(item, "KeyId")
    if item.get("KeyManager") == "AWS":
        return  # an AWS managed key (aws/sqs, aws/lambda): no template declares it, no one can change it
    arn = text(item, "Arn") or ctx.arn("kms", f"key/{key_id}")
    props = compact({"Description": item.get("Description") or None, "KeySpec": item.get("KeySpec"),
                     "KeyUsage": item.get("KeyUsage"), "MultiRegion": item.get("MultiRegion"),
                     "Enabled": item.get("KeyState") == "Enabled" if item.get("KeyState") else None,
                     "EnableKeyRotation": item.get("RotationEnabled")})
    ctx.add(Draft("AWS::KMS::Key", key_id, arn, props, {arn: "Arn"}, {key_id: None}, key_id, "kms"))


def map_services(ctx: Context, services: Mapping[str, Any]) -> None:
    def part(name: str) -> Any:
        value = services.get(name)
        if value is not None and not isinstance(value, Mapping):
            ctx.problem(name, name, f"the service's entry is not an object ({type(value).__name__})")
            return {}
        return value or {}

    mappings = obj(services, "lambda").get("event_source_mappings")
    ctx.each("sqs", "queue", items(part("sqs"), "queues"),
             lambda c, item: queue(c, item, isinstance(mappings, list)), label_of("QueueUrl"))
    sns = part("sns")
    ctx.each("sns", "topic", items(sns, "topics"), topic, label_of("TopicArn"))
    ctx.each("sns", "subscription", items(sns, "subscriptions"), subscription,
             label_of("SubscriptionArn", "TopicArn"))
    events = part("events")
    ctx.each("events", "event bus", items(events, "buses"), bus, label_of("Name", "Arn"))
    ctx.each("events", "rule", items(events, "rules"), rule, label_of("Arn", "Name"))
    ctx.each("stepfunctions", "state machine", items(part("stepfunctions"), "state_machines"), state_machine,
             label_of("stateMachineArn", "name"))
    ctx.each("dynamodb", "table", items(part("dynamodb"), "tables"), table, label_of("TableArn", "TableName"))
    ctx.each("kinesis", "stream", items(part("kinesis"), "streams"), stream, label_of("StreamARN", "StreamName"))
    ctx.each("logs", "log group", items(part("logs"), "log_groups"), log_group, label_of("logGroupName"))
    ctx.each("cloudwatch", "alarm", items(part("cloudwatch"), "alarms"), alarm, label_of("AlarmArn", "AlarmName"))
    ctx.each("kms", "key", items(part("kms"), "keys"), key, label_of("Arn", "KeyId"))
    map_stacks(ctx, part("cloudformation"))


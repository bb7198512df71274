"""Terraform AWS resource types into CloudFormation types and property names."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

from slens.loaders.terraform.jsontext import decode, encode
from slens.loaders.terraform.objects import Obj
from slens.loaders.terraform.spantable import SpanTable
from slens.model import Composite, PropertyPath, SourceSpan, Unknown, Value, as_int


@dataclass(frozen=True)
class Sub:
    """A nested block (or object attribute) that becomes a nested property; ``many`` makes a list."""

    key: str
    spec: Spec
    many: bool = False


Convert: TypeAlias = Callable[[Value], Value]
Field: TypeAlias = "str | tuple[str, Convert] | Sub"
Spec: TypeAlias = "Mapping[str, Field]"
Spans: TypeAlias = dict[PropertyPath, SourceSpan]
Post: TypeAlias = Callable[[Obj, dict[str, Value], Spans], None]


def document(value: Value) -> Value:
    """A JSON document (policy, redrive policy, definition) as data; text that is not JSON stays text."""
    if isinstance(value, str | Composite):
        decoded = decode(value)
        return decoded if decoded is not None else value
    return value


def text(value: Value) -> Value:
    """JSON text, as CloudFormation takes for string properties (``jsonencode`` objects become text)."""
    return encode(value) if isinstance(value, dict | list) else value


def tags(value: Value) -> Value:
    if isinstance(value, dict):
        return [{"Key": k, "Value": v} for k, v in value.items()]
    return value


def translate(obj: Obj, spec: Spec, path: PropertyPath, table: SpanTable) -> tuple[dict[str, Value], Spans]:
    props: dict[str, Value] = {}
    spans: Spans = {}
    for name, field in spec.items():
        if isinstance(field, Sub):
            blocks = obj.blocks_of(name)
            if not blocks:
                if isinstance(obj.get(name), Unknown):
                    props[field.key] = obj.get(name)
                    spans[(*path, field.key)] = obj.span_of(name)
                continue
            items: list[Value] = []
            for index, block in enumerate(blocks if field.many else blocks[:1]):
                at = (*path, field.key, index) if field.many else (*path, field.key)
                sub, sub_spans = translate(block, field.spec, at, table)
                items.append(sub)
                spans.update(sub_spans)
                spans[at] = block.span
            props[field.key] = items if field.many else items[0]
            spans[(*path, field.key)] = blocks[0].span
            continue
        if name not in obj.attrs or obj.attrs[name] is None:
            continue
        key, convert = (field, None) if isinstance(field, str) else field
        value = obj.attrs[name]
        props[key] = convert(value) if convert else value
        spans[(*path, key)] = obj.span_of(name)
        spans.update(table.document(value, props[key], (*path, key)))
    return props, spans


_DESTINATION: Spec = {"destination": "Destination", "destination_arn": "Destination"}

LAMBDA: Spec = {
    "function_name": "FunctionName", "runtime": "Runtime", "handler": "Handler", "memory_size": "MemorySize",
    "timeout": "Timeout", "architectures": "Architectures", "role": "Role", "description": "Description",
    "tracing_config": Sub("TracingConfig", {"mode": "Mode"}),
    "dead_letter_config": Sub("DeadLetterConfig", {"target_arn": "TargetArn"}),
    "environment": Sub("Environment", {"variables": "Variables"}),
    "vpc_config": Sub("VpcConfig", {"subnet_ids": "SubnetIds", "security_group_ids": "SecurityGroupIds",
                                    "ipv6_allowed_for_dual_stack": "Ipv6AllowedForDualStack"}),
    "reserved_concurrent_executions": "ReservedConcurrentExecutions", "kms_key_arn": "KmsKeyArn",
    "logging_config": Sub("LoggingConfig", {"log_format": "LogFormat", "log_group": "LogGroup",
                                            "application_log_level": "ApplicationLogLevel",
                                            "system_log_level": "SystemLogLevel"}),
    "snap_start": Sub("SnapStart", {"apply_on": "ApplyOn"}), "layers": "Layers",
    "code_signing_config_arn": "CodeSigningConfigArn", "package_type": "PackageType",
    "ephemeral_storage": Sub("EphemeralStorage", {"size": "Size"}),
    "image_config": Sub("ImageConfig", {"command": "Command", "entry_point": "EntryPoint"}),
    "file_system_config": Sub("FileSystemConfigs", {"arn": "Arn", "local_mount_path": "LocalMountPath"}, True),
    "tags": ("Tags", tags),
}


def _lambda_post(obj: Obj, props: dict[str, Value], spans: Spans) -> None:
    if as_int(props.get("ReservedConcurrentExecutions")) == -1:  # Terraform's "unreserved"
        del props["ReservedConcurrentExecutions"]
    code = {k: obj.get(t) for t, k in (("s3_bucket", "S3Bucket"), ("s3_key", "S3Key"), ("image_uri", "ImageUri"))
            if obj.get(t) is not None}
    if obj.get("filename") is not None:  # a local package Terraform uploads: a deployment package, not inline code
        code = {"S3Bucket": Unknown("package uploaded by Terraform"), "S3Key": obj.get("filename")}
    if code:
        props["Code"] = code


ESM: Spec = {
    "event_source_arn": "EventSourceArn", "function_name": "FunctionName", "batch_size": "BatchSize",
    "maximum_batching_window_in_seconds": "MaximumBatchingWindowInSeconds", "starting_position": "StartingPosition",
    "enabled": "Enabled", "bisect_batch_on_function_error": "BisectBatchOnFunctionError",
    "maximum_retry_attempts": "MaximumRetryAttempts", "maximum_record_age_in_seconds": "MaximumRecordAgeInSeconds",
    "parallelization_factor": "ParallelizationFactor", "function_response_types": "FunctionResponseTypes",
    "tumbling_window_in_seconds": "TumblingWindowInSeconds", "queues": "Queues", "topics": "Topics",
    "destination_config": Sub("DestinationConfig", {"on_failure": Sub("OnFailure", _DESTINATION)}),
    "scaling_config": Sub("ScalingConfig", {"maximum_concurrency": "MaximumConcurrency"}),
    "filter_criteria": Sub("FilterCriteria", {"filter": Sub("Filters", {"pattern": "Pattern"}, True)}),
}

INVOKE_CONFIG: Spec = {
    "function_name": "FunctionName", "qualifier": "Qualifier",
    "maximum_event_age_in_seconds": "MaximumEventAgeInSeconds", "maximum_retry_attempts": "MaximumRetryAttempts",
    "destination_config": Sub("DestinationConfig", {"on_failure": Sub("OnFailure", _DESTINATION),
                                                    "on_success": Sub("OnSuccess", _DESTINATION)}),
}

PERMISSION: Spec = {
    "action": "Action", "function_name": "FunctionName", "principal": "Principal", "source_arn": "SourceArn",
    "source_account": "SourceAccount", "principal_org_id": "PrincipalOrgID", "qualifier": "Qualifier",
    "function_url_auth_type": "FunctionUrlAuthType", "event_source_token": "EventSourceToken",
}

IAM_ROLE: Spec = {
    "name": "RoleName", "path": "Path", "description": "Description",
    "assume_role_policy": ("AssumeRolePolicyDocument", document), "managed_policy_arns": "ManagedPolicyArns",
    "permissions_boundary": "PermissionsBoundary", "max_session_duration": "MaxSessionDuration",
    "inline_policy": Sub("Policies", {"name": "PolicyName", "policy": ("PolicyDocument", document)}, True),
    "tags": ("Tags", tags),
}

QUEUE: Spec = {
    "name": "QueueName", "fifo_queue": "FifoQueue", "visibility_timeout_seconds": "VisibilityTimeout",
    "message_retention_seconds": "MessageRetentionPeriod", "delay_seconds": "DelaySeconds",
    "receive_wait_time_seconds": "ReceiveMessageWaitTimeSeconds", "max_message_size": "MaximumMessageSize",
    "redrive_policy": ("RedrivePolicy", document), "redrive_allow_policy": ("RedriveAllowPolicy", document),
    "kms_master_key_id": "KmsMasterKeyId", "kms_data_key_reuse_period_seconds": "KmsDataKeyReusePeriodSeconds",
    "sqs_managed_sse_enabled": "SqsManagedSseEnabled", "content_based_deduplication": "ContentBasedDeduplication",
    "tags": ("Tags", tags),
}

SUBSCRIPTION: Spec = {
    "topic_arn": "TopicArn", "protocol": "Protocol", "endpoint": "Endpoint",
    "redrive_policy": ("RedrivePolicy", document), "filter_policy": ("FilterPolicy", document),
    "raw_message_delivery": "RawMessageDelivery", "subscription_role_arn": "SubscriptionRoleArn",
}

_ACCESS_LOG: Spec = {"destination_arn": "DestinationArn", "format": ("Format", text)}
_ROUTE_SETTINGS: Spec = {
    "throttling_burst_limit": "ThrottlingBurstLimit", "throttling_rate_limit": "ThrottlingRateLimit",
    "detailed_metrics_enabled": "DetailedMetricsEnabled", "logging_level": "LoggingLevel",
    "data_trace_enabled": "DataTraceEnabled"}

REST_STAGE: Spec = {
    "rest_api_id": "RestApiId", "stage_name": "StageName", "deployment_id": "DeploymentId",
    "xray_tracing_enabled": "TracingEnabled", "cache_cluster_enabled": "CacheClusterEnabled",
    "access_log_settings": Sub("AccessLogSetting", _ACCESS_LOG), "variables": "Variables",
    "client_certificate_id": "ClientCertificateId", "tags": ("Tags", tags),
}

V2_STAGE: Spec = {
    "api_id": "ApiId", "name": "StageName", "auto_deploy": "AutoDeploy", "deployment_id": "DeploymentId",
    "access_log_settings": Sub("AccessLogSettings", _ACCESS_LOG),
    "default_route_settings": Sub("DefaultRouteSettings", _ROUTE_SETTINGS),
    "route_settings": Sub("RouteSettings", {"route_key": "RouteKey", **_ROUTE_SETTINGS}, True),
    "stage_variables": "StageVariables",
}

STATE_MACHINE: Spec = {
    "name": "StateMachineName", "role_arn": "RoleArn", "type": "StateMachineType",
    "definition": ("Definition", document),  # DefinitionString when it is no JSON object
    "tracing_configuration": Sub("TracingConfiguration", {"enabled": "Enabled"}),
    "logging_configuration": Sub("LoggingConfiguration", {"include_execution_data": "IncludeExecutionData",
                                                          "level": "Level"}),
    "tags": ("Tags", tags),
}


def _state_machine_post(obj: Obj, props: dict[str, Value], spans: Spans) -> None:
    if "Definition" in props and not isinstance(props["Definition"], dict):
        props["DefinitionString"] = props.pop("Definition")
        spans[("DefinitionString",)] = spans.pop(("Definition",))
    logging = obj.block("logging_configuration")
    destination = logging.get("log_destination") if logging else None
    if logging is not None and destination is not None and isinstance(props.get("LoggingConfiguration"), dict):
        config = props["LoggingConfiguration"]
        assert isinstance(config, dict)
        config["Destinations"] = [{"CloudWatchLogsLogGroup": {"LogGroupArn": destination}}]
        spans[("LoggingConfiguration", "Destinations")] = logging.span_of("log_destination")


def _table_post(obj: Obj, props: dict[str, Value], spans: Spans) -> None:
    keys: list[Value] = [{"AttributeName": obj.get(k), "KeyType": t}
                         for k, t in (("hash_key", "HASH"), ("range_key", "RANGE")) if obj.get(k) is not None]
    if keys:
        props["KeySchema"] = keys
    if obj.get("stream_enabled") is True or obj.get("stream_view_type"):
        props["StreamSpecification"] = {"StreamViewType": obj.get("stream_view_type")}
        spans[("StreamSpecification",)] = obj.span_of("stream_enabled")
    sse = props.get("SSESpecification")
    if isinstance(sse, dict) and sse.get("KMSMasterKeyId") is not None:
        sse["SSEType"] = "KMS"
    if obj.get("read_capacity") is not None or obj.get("write_capacity") is not None:
        props["ProvisionedThroughput"] = {"ReadCapacityUnits": obj.get("read_capacity"),
                                          "WriteCapacityUnits": obj.get("write_capacity")}


TABLE: Spec = {
    "name": "TableName", "billing_mode": "BillingMode",
    "attribute": Sub("AttributeDefinitions", {"name": "AttributeName", "type": "AttributeType"}, True),
    "server_side_encryption": Sub("SSESpecification", {"enabled": "SSEEnabled", "kms_key_arn": "KMSMasterKeyId"}),
    "point_in_time_recovery": Sub("PointInTimeRecoverySpecification", {"enabled": "PointInTimeRecoveryEnabled"}),
    "ttl": Sub("TimeToLiveSpecification", {"attribute_name": "AttributeName", "enabled": "Enabled"}),
    "deletion_protection_enabled": "DeletionProtectionEnabled", "table_class": "TableClass", "tags": ("Tags", tags),
}


def _stream_post(obj: Obj, props: dict[str, Value], spans: Spans) -> None:
    kind = obj.get("encryption_type")
    if kind is not None:
        props["StreamEncryption"] = {"EncryptionType": kind, "KeyId": obj.get("kms_key_id")}
        spans[("StreamEncryption",)] = spans[("StreamEncryption", "EncryptionType")] = obj.span_of("encryption_type")


def _alarm_post(obj: Obj, props: dict[str, Value], spans: Spans) -> None:
    dims = obj.get("dimensions")
    if isinstance(dims, dict):
        dimensions: list[Value] = [{"Name": k, "Value": v} for k, v in dims.items()]
        props["Dimensions"] = dimensions
        spans[("Dimensions",)] = obj.span_of("dimensions")
    elif dims is not None:
        props["Dimensions"] = dims
    metrics: list[Value] = []
    for query in obj.blocks_of("metric_query"):
        entry: dict[str, Value] = {"Id": query.get("id"), "Expression": query.get("expression"),
                                   "ReturnData": query.get("return_data")}
        metric = query.block("metric")
        if metric is not None:
            mdims = metric.get("dimensions")
            entry["MetricStat"] = {"Metric": {
                "MetricName": metric.get("metric_name"), "Namespace": metric.get("namespace"),
                "Dimensions": [{"Name": k, "Value": v} for k, v in mdims.items()] if isinstance(mdims, dict)
                else mdims}, "Period": metric.get("period"), "Stat": metric.get("stat")}
        metrics.append(entry)
    if metrics:
        props["Metrics"] = metrics


ALARM: Spec = {
    "alarm_name": "AlarmName", "metric_name": "MetricName", "namespace": "Namespace", "statistic": "Statistic",
    "extended_statistic": "ExtendedStatistic", "period": "Period", "evaluation_periods": "EvaluationPeriods",
    "threshold": "Threshold", "comparison_operator": "ComparisonOperator", "alarm_actions": "AlarmActions",
    "ok_actions": "OKActions", "insufficient_data_actions": "InsufficientDataActions",
    "treat_missing_data": "TreatMissingData", "datapoints_to_alarm": "DatapointsToAlarm",
    "actions_enabled": "ActionsEnabled",
}

_OPENAPI: Spec = {"body": ("Body", document)}
_APPSYNC_LAMBDA: Spec = {"authorizer_uri": "AuthorizerUri",
                         "authorizer_result_ttl_in_seconds": "AuthorizerResultTtlInSeconds"}
_CORS: Spec = {"allow_origins": "AllowOrigins", "allow_methods": "AllowMethods", "allow_headers": "AllowHeaders",
               "allow_credentials": "AllowCredentials"}

# terraform type -> (CloudFormation type, property spec, post-processing)
TYPES: dict[str, tuple[str, Spec, Post | None]] = {
    "aws_lambda_function": ("AWS::Lambda::Function", LAMBDA, _lambda_post),
    "aws_lambda_permission": ("AWS::Lambda::Permission", PERMISSION, None),
    "aws_lambda_event_source_mapping": ("AWS::Lambda::EventSourceMapping", ESM, None),
    "aws_lambda_function_event_invoke_config": ("AWS::Lambda::EventInvokeConfig", INVOKE_CONFIG, None),
    "aws_lambda_function_url": ("AWS::Lambda::Url", {
        "function_name": "TargetFunctionArn", "authorization_type": "AuthType", "qualifier": "Qualifier",
        "invoke_mode": "InvokeMode", "cors": Sub("Cors", _CORS)}, None),
    "aws_lambda_alias": ("AWS::Lambda::Alias", {"name": "Name", "function_name": "FunctionName",
                                                "function_version": "FunctionVersion"}, None),
    "aws_lambda_layer_version": ("AWS::Lambda::LayerVersion", {"layer_name": "LayerName",
                                                               "compatible_runtimes": "CompatibleRuntimes"}, None),
    "aws_iam_role": ("AWS::IAM::Role", IAM_ROLE, None),
    "aws_iam_role_policy": ("AWS::IAM::Policy", {"name": "PolicyName", "role": ("Roles", lambda v: [v]),
                                                 "policy": ("PolicyDocument", document)}, None),
    "aws_iam_policy": ("AWS::IAM::ManagedPolicy", {"name": "ManagedPolicyName", "path": "Path",
                                                   "description": "Description",
                                                   "policy": ("PolicyDocument", document)}, None),
    "aws_cloudwatch_log_group": ("AWS::Logs::LogGroup", {
        "name": "LogGroupName", "name_prefix": ("LogGroupName", lambda v: Unknown("log group name_prefix")),
        "retention_in_days": "RetentionInDays", "kms_key_id": "KmsKeyId", "log_group_class": "LogGroupClass",
        "tags": ("Tags", tags)}, None),
    "aws_cloudwatch_log_subscription_filter": ("AWS::Logs::SubscriptionFilter", {
        "log_group_name": "LogGroupName", "destination_arn": "DestinationArn", "filter_pattern": "FilterPattern",
        "role_arn": "RoleArn"}, None),
    "aws_sqs_queue": ("AWS::SQS::Queue", QUEUE, None),
    "aws_sqs_queue_policy": ("AWS::SQS::QueuePolicy", {"queue_url": ("Queues", lambda v: [v]),
                                                       "policy": ("PolicyDocument", document)}, None),
    "aws_sns_topic": ("AWS::SNS::Topic", {"name": "TopicName", "kms_master_key_id": "KmsMasterKeyId",
                                          "fifo_topic": "FifoTopic", "display_name": "DisplayName",
                                          "tracing_config": "TracingConfig", "tags": ("Tags", tags)}, None),
    "aws_sns_topic_subscription": ("AWS::SNS::Subscription", SUBSCRIPTION, None),
    "aws_sns_topic_policy": ("AWS::SNS::TopicPolicy", {"arn": ("Topics", lambda v: [v]),
                                                       "policy": ("PolicyDocument", document)}, None),
    "aws_api_gateway_rest_api": ("AWS::ApiGateway::RestApi", {
        "name": "Name", "description": "Description", **_OPENAPI, "policy": ("Policy", document),
        "endpoint_configuration": Sub("EndpointConfiguration", {"types": "Types"}),
        "api_key_source": "ApiKeySourceType", "minimum_compression_size": "MinimumCompressionSize"}, None),
    "aws_api_gateway_stage": ("AWS::ApiGateway::Stage", REST_STAGE, None),
    "aws_api_gateway_deployment": ("AWS::ApiGateway::Deployment", {
        "rest_api_id": "RestApiId", "stage_name": "StageName", "description": "Description"}, None),
    "aws_api_gateway_resource": ("AWS::ApiGateway::Resource", {
        "rest_api_id": "RestApiId", "parent_id": "ParentId", "path_part": "PathPart"}, None),
    "aws_api_gateway_method": ("AWS::ApiGateway::Method", {
        "rest_api_id": "RestApiId", "resource_id": "ResourceId", "http_method": "HttpMethod",
        "authorization": "AuthorizationType", "authorizer_id": "AuthorizerId",
        "api_key_required": "ApiKeyRequired", "request_validator_id": "RequestValidatorId"}, None),
    "aws_api_gateway_authorizer": ("AWS::ApiGateway::Authorizer", {
        "rest_api_id": "RestApiId", "name": "Name", "type": "Type", "authorizer_uri": "AuthorizerUri",
        "provider_arns": "ProviderARNs", "identity_source": "IdentitySource",
        "authorizer_result_ttl_in_seconds": "AuthorizerResultTtlInSeconds"}, None),
    "aws_apigatewayv2_api": ("AWS::ApiGatewayV2::Api", {
        "name": "Name", "protocol_type": "ProtocolType", "target": "Target", "route_key": "RouteKey",
        "route_selection_expression": "RouteSelectionExpression", **_OPENAPI,
        "cors_configuration": Sub("CorsConfiguration", _CORS)}, None),
    "aws_apigatewayv2_stage": ("AWS::ApiGatewayV2::Stage", V2_STAGE, None),
    "aws_apigatewayv2_route": ("AWS::ApiGatewayV2::Route", {
        "api_id": "ApiId", "route_key": "RouteKey", "authorization_type": "AuthorizationType",
        "authorizer_id": "AuthorizerId", "target": "Target", "api_key_required": "ApiKeyRequired"}, None),
    "aws_apigatewayv2_integration": ("AWS::ApiGatewayV2::Integration", {
        "api_id": "ApiId", "integration_type": "IntegrationType", "integration_uri": "IntegrationUri",
        "integration_method": "IntegrationMethod", "payload_format_version": "PayloadFormatVersion",
        "credentials_arn": "CredentialsArn", "integration_subtype": "IntegrationSubtype",
        "timeout_milliseconds": "TimeoutInMillis", "request_parameters": "RequestParameters"}, None),
    "aws_apigatewayv2_authorizer": ("AWS::ApiGatewayV2::Authorizer", {
        "api_id": "ApiId", "authorizer_type": "AuthorizerType", "name": "Name", "authorizer_uri": "AuthorizerUri",
        "identity_sources": "IdentitySource", "authorizer_result_ttl_in_seconds": "AuthorizerResultTtlInSeconds",
        "jwt_configuration": Sub("JwtConfiguration", {"audience": "Audience", "issuer": "Issuer"})}, None),
    "aws_sfn_state_machine": ("AWS::StepFunctions::StateMachine", STATE_MACHINE, _state_machine_post),
    "aws_cloudwatch_event_rule": ("AWS::Events::Rule", {
        "name": "Name", "description": "Description", "schedule_expression": "ScheduleExpression",
        "event_pattern": ("EventPattern", document), "event_bus_name": "EventBusName", "state": "State",
        "role_arn": "RoleArn"}, None),
    "aws_scheduler_schedule": ("AWS::Scheduler::Schedule", {
        "name": "Name", "schedule_expression": "ScheduleExpression", "group_name": "GroupName",
        "target": Sub("Target", {"arn": "Arn", "role_arn": "RoleArn", "input": "Input",
                                 "dead_letter_config": Sub("DeadLetterConfig", {"arn": "Arn"}),
                                 "retry_policy": Sub("RetryPolicy", {
                                     "maximum_event_age_in_seconds": "MaximumEventAgeInSeconds",
                                     "maximum_retry_attempts": "MaximumRetryAttempts"})})}, None),
    "aws_dynamodb_table": ("AWS::DynamoDB::Table", TABLE, _table_post),
    "aws_kinesis_stream": ("AWS::Kinesis::Stream", {
        "name": "Name", "shard_count": "ShardCount", "retention_period": "RetentionPeriodHours",
        "stream_mode_details": Sub("StreamModeDetails", {"stream_mode": "StreamMode"})}, _stream_post),
    "aws_appsync_graphql_api": ("AWS::AppSync::GraphQLApi", {
        "name": "Name", "authentication_type": "AuthenticationType", "xray_enabled": "XrayEnabled",
        "lambda_authorizer_config": Sub("LambdaAuthorizerConfig", _APPSYNC_LAMBDA),
        "additional_authentication_provider": Sub("AdditionalAuthenticationProviders", {
            "authentication_type": "AuthenticationType",
            "lambda_authorizer_config": Sub("LambdaAuthorizerConfig", _APPSYNC_LAMBDA)}, True),
        "log_config": Sub("LogConfig", {"cloudwatch_logs_role_arn": "CloudWatchLogsRoleArn",
                                        "field_log_level": "FieldLogLevel"})}, None),
    "aws_appsync_datasource": ("AWS::AppSync::DataSource", {
        "api_id": "ApiId", "name": "Name", "type": "Type", "service_role_arn": "ServiceRoleArn",
        "lambda_config": Sub("LambdaConfig", {"function_arn": "LambdaFunctionArn"})}, None),
    "aws_cloudwatch_metric_alarm": ("AWS::CloudWatch::Alarm", ALARM, _alarm_post),
    "aws_kms_key": ("AWS::KMS::Key", {"description": "Description", "enable_key_rotation": "EnableKeyRotation",
                                      "policy": ("KeyPolicy", document)}, None),
}

"""Each dialect's words for the properties findings are about.

Rules speak CloudFormation (``TracingConfig.Mode``); a user reads the words they wrote: a Terraform
function's ``tracing_config.mode``, a CDK function's ``tracing``, a ``serverless.yml`` function's
``tracing``, a SAM function's ``Tracing``. Words are keyed by the resource as written (its origin's type)
and the CloudFormation type it became, and map a CloudFormation property path, list indexes left out,
to the user's words for it. Terraform's are read off the loader's own mapping, so that the two never
disagree; the others are the frameworks' documented names for the properties rules report on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # the Terraform and Serverless loaders are imported when a scan has their files, not before
    from slens.loaders.terraform.mapping import Spec

#: CloudFormation property path (without list indexes) -> the user's words for it
Words: TypeAlias = Mapping[tuple[str, ...], str]
#: (the origin's type, the resource's CloudFormation type) -> its words
WordsOf: TypeAlias = Callable[[str, str], Words]

_NONE: Words = {}


#: properties the Terraform loader makes beside its mapping (from a definition, a package)
_TERRAFORM_MORE: dict[str, dict[tuple[str, ...], str]] = {
    "aws_sfn_state_machine": {("Definition",): "definition", ("DefinitionString",): "definition"},
    "aws_lambda_function": {("Code",): "filename", ("Code", "S3Bucket"): "s3_bucket", ("Code", "S3Key"): "s3_key",
                            ("Code", "ImageUri"): "image_uri"},
}


@cache
def terraform_words(tf_type: str) -> Words:
    """``aws_lambda_function``: ``("TracingConfig", "Mode") -> "tracing_config.mode"``, from the mapping."""
    from slens.loaders.terraform.assemble import METHOD_SETTINGS_SPEC, TARGET_SPEC
    from slens.loaders.terraform.mapping import TYPES, Sub
    from slens.loaders.terraform.services import MORE_TYPES

    # resources Terraform writes apart that the loader folds into another (an event rule's targets, a REST
    # stage's method settings): CloudFormation key, the Terraform type, its spec, block prefix
    folds: dict[str, tuple[tuple[str, str, Spec, str], ...]] = {
        "aws_cloudwatch_event_rule": (("Targets", "aws_cloudwatch_event_target", TARGET_SPEC, ""),),
        "aws_api_gateway_stage": (("MethodSettings", "aws_api_gateway_method_settings", METHOD_SETTINGS_SPEC,
                                   "settings."),),
    }
    entry = TYPES.get(tf_type) or MORE_TYPES.get(tf_type)
    out: dict[tuple[str, ...], str] = {}

    def walk(spec: Spec, cfn: tuple[str, ...], prefix: str) -> None:
        for name, field in spec.items():
            if isinstance(field, Sub):
                key = (*cfn, field.key)
                out.setdefault(key, prefix + name)
                walk(field.spec, key, f"{prefix}{name}.")
            else:
                out.setdefault((*cfn, field if isinstance(field, str) else field[0]), prefix + name)

    if entry is not None:
        walk(entry[1], (), "")
    for key, folded, spec, prefix in folds.get(tf_type, ()):
        out[(key,)] = folded
        walk(spec, (key,), prefix)
    out.update(_TERRAFORM_MORE.get(tf_type, {}))
    return out


def _table(**entries: str) -> dict[tuple[str, ...], str]:
    """``TracingConfig_Mode="tracing"``: a words table written compactly (``_`` between path parts)."""
    return {tuple(key.split("_")): words for key, words in entries.items()}


_SAM: dict[tuple[str, str], Words] = {
    ("AWS::Serverless::Function", "AWS::Lambda::Function"): _table(
        TracingConfig="Tracing", TracingConfig_Mode="Tracing", DeadLetterConfig="DeadLetterQueue",
        DeadLetterConfig_TargetArn="DeadLetterQueue.TargetArn", Code="CodeUri", ImageConfig="ImageConfig"),
    ("AWS::Serverless::Function", "AWS::Lambda::EventInvokeConfig"): _table(
        DestinationConfig="EventInvokeConfig.DestinationConfig",
        DestinationConfig_OnFailure="EventInvokeConfig.DestinationConfig.OnFailure",
        DestinationConfig_OnFailure_Destination="EventInvokeConfig.DestinationConfig.OnFailure.Destination",
        MaximumRetryAttempts="EventInvokeConfig.MaximumRetryAttempts",
        MaximumEventAgeInSeconds="EventInvokeConfig.MaximumEventAgeInSeconds"),
    ("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"): _table(
        LoggingConfiguration="Logging", TracingConfiguration="Tracing", TracingConfiguration_Enabled="Tracing.Enabled",
        StateMachineType="Type", RoleArn="Role", DefinitionString="DefinitionUri"),
    ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Stage"): _table(
        AccessLogSettings="AccessLogSettings", DefaultRouteSettings="DefaultRouteSettings"),
    ("AWS::Serverless::Api", "AWS::ApiGateway::Stage"): _table(
        AccessLogSetting="AccessLogSetting", MethodSettings="MethodSettings", TracingEnabled="TracingEnabled"),
    ("AWS::Serverless::SimpleTable", "AWS::DynamoDB::Table"): _table(SSESpecification="SSESpecification"),
}

_FUNCTION = _table(
    TracingConfig="tracing", TracingConfig_Mode="tracing", MemorySize="memorySize", Timeout="timeout",
    ReservedConcurrentExecutions="reservedConcurrency", Architectures="architecture", Environment="environment",
    Environment_Variables="environment", DeadLetterConfig="onError", DeadLetterConfig_TargetArn="onError",
    Runtime="runtime", Handler="handler", Role="role", KmsKeyArn="kmsKeyArn", VpcConfig="vpc", Layers="layers",
    SnapStart="snapStart", EphemeralStorage="ephemeralStorageSize", EphemeralStorage_Size="ephemeralStorageSize",
    FunctionName="name", Description="description", Tags="tags", LoggingConfig="logs")
@cache
def _serverless_tables() -> dict[tuple[str, str], Words]:
    from slens.loaders.serverless.common import FUNCTION_ORIGIN, PROVIDER_ORIGIN, STATE_MACHINE_ORIGIN

    return {
        (FUNCTION_ORIGIN, "AWS::Lambda::Function"): _FUNCTION,
        (FUNCTION_ORIGIN, "AWS::Lambda::EventSourceMapping"): _table(
            BatchSize="batchSize", MaximumBatchingWindowInSeconds="maximumBatchingWindow",
            FunctionResponseTypes="functionResponseType", BisectBatchOnFunctionError="bisectBatchOnFunctionError",
            MaximumRetryAttempts="maximumRetryAttempts", DestinationConfig="destinations",
            DestinationConfig_OnFailure="destinations.onFailure", ParallelizationFactor="parallelizationFactor",
            ScalingConfig="maximumConcurrency", ScalingConfig_MaximumConcurrency="maximumConcurrency",
            StartingPosition="startingPosition", FilterCriteria="filterPatterns", Enabled="enabled"),
        # an httpApi or http event's route: its authorizer
        (FUNCTION_ORIGIN, "AWS::ApiGatewayV2::Route"): _table(AuthorizationType="authorizer",
                                                              AuthorizerId="authorizer"),
        (FUNCTION_ORIGIN, "AWS::ApiGateway::Method"): _table(AuthorizationType="authorizer", AuthorizerId="authorizer",
                                                            ApiKeyRequired="private"),
        (FUNCTION_ORIGIN, "AWS::Logs::LogGroup"): _table(RetentionInDays="logRetentionInDays"),
        (FUNCTION_ORIGIN, "AWS::SNS::Subscription"): _table(RedrivePolicy="redrivePolicy", FilterPolicy="filterPolicy"),
        (FUNCTION_ORIGIN, "AWS::Lambda::EventInvokeConfig"): _table(
            DestinationConfig="destinations", DestinationConfig_OnFailure="destinations.onFailure",
            DestinationConfig_OnFailure_Destination="destinations.onFailure",
            DestinationConfig_OnSuccess="destinations.onSuccess", MaximumRetryAttempts="maximumRetryAttempts",
            MaximumEventAgeInSeconds="maximumEventAge"),
        (STATE_MACHINE_ORIGIN, "AWS::StepFunctions::StateMachine"): _table(
            LoggingConfiguration="loggingConfig", TracingConfiguration="tracingConfig",
            TracingConfiguration_Enabled="tracingConfig.enabled", Definition="definition",
            DefinitionString="definition",
            StateMachineType="type", RoleArn="role", StateMachineName="name"),
        (PROVIDER_ORIGIN, "AWS::ApiGatewayV2::Stage"): _table(
            AccessLogSettings="provider.logs.httpApi", AccessLogSettings_DestinationArn="provider.logs.httpApi"),
        (PROVIDER_ORIGIN, "AWS::ApiGateway::Stage"): _table(
            AccessLogSetting="provider.logs.restApi", AccessLogSetting_DestinationArn="provider.logs.restApi",
            TracingEnabled="provider.tracing.apiGateway"),
        (PROVIDER_ORIGIN, "AWS::IAM::Role"): _table(
            Policies="provider.iam.role.statements", Policies_PolicyDocument="provider.iam.role.statements",
            Policies_PolicyDocument_Statement="provider.iam.role.statements",
            # the generated role's statement indexes are not the ones written under provider.iam.role.statements
            **{f"Policies_PolicyDocument_Statement_{key}": f"provider.iam.role.statements.{key}"
               for key in ("Action", "NotAction", "Resource", "NotResource", "Effect", "Condition")}),
    }

#: CDK v2 L2 construct props, by the CloudFormation type the construct synthesizes
_CDK: dict[str, Words] = {
    "AWS::Lambda::Function": _table(
        TracingConfig="tracing", TracingConfig_Mode="tracing", MemorySize="memorySize", Timeout="timeout",
        ReservedConcurrentExecutions="reservedConcurrentExecutions", Architectures="architecture",
        Environment="environment", Environment_Variables="environment", DeadLetterConfig="deadLetterQueue",
        DeadLetterConfig_TargetArn="deadLetterQueue", Runtime="runtime", Handler="handler", Role="role",
        KmsKeyArn="environmentEncryption", VpcConfig="vpc", Layers="layers", CodeSigningConfigArn="codeSigningConfig",
        SnapStart="snapStart", EphemeralStorage="ephemeralStorageSize", EphemeralStorage_Size="ephemeralStorageSize",
        LoggingConfig="loggingFormat", LoggingConfig_LogFormat="loggingFormat", LoggingConfig_LogGroup="logGroup",
        LoggingConfig_ApplicationLogLevel="applicationLogLevelV2", LoggingConfig_SystemLogLevel="systemLogLevelV2",
        FunctionName="functionName", Description="description"),
    "AWS::Lambda::EventSourceMapping": _table(
        BatchSize="batchSize", MaximumBatchingWindowInSeconds="maxBatchingWindow",
        FunctionResponseTypes="reportBatchItemFailures", BisectBatchOnFunctionError="bisectBatchOnError",
        MaximumRetryAttempts="retryAttempts", MaximumRecordAgeInSeconds="maxRecordAge",
        DestinationConfig="onFailure", DestinationConfig_OnFailure="onFailure",
        ParallelizationFactor="parallelizationFactor", ScalingConfig="maxConcurrency",
        ScalingConfig_MaximumConcurrency="maxConcurrency", StartingPosition="startingPosition",
        FilterCriteria="filters"),
    "AWS::Lambda::EventInvokeConfig": _table(
        DestinationConfig="onFailure", DestinationConfig_OnFailure="onFailure",
        DestinationConfig_OnFailure_Destination="onFailure", DestinationConfig_OnSuccess="onSuccess",
        MaximumRetryAttempts="retryAttempts", MaximumEventAgeInSeconds="maxEventAge"),
    "AWS::SQS::Queue": _table(
        VisibilityTimeout="visibilityTimeout", RedrivePolicy="deadLetterQueue",
        MessageRetentionPeriod="retentionPeriod",
        KmsMasterKeyId="encryptionMasterKey", SqsManagedSseEnabled="encryption", FifoQueue="fifo",
        DelaySeconds="deliveryDelay", ReceiveMessageWaitTimeSeconds="receiveMessageWaitTime", QueueName="queueName"),
    "AWS::SNS::Topic": _table(KmsMasterKeyId="masterKey", FifoTopic="fifo", TopicName="topicName",
                              TracingConfig="tracingConfig"),
    "AWS::SNS::Subscription": _table(RedrivePolicy="deadLetterQueue", FilterPolicy="filterPolicy",
                                     RawMessageDelivery="rawMessageDelivery"),
    "AWS::DynamoDB::Table": _table(
        PointInTimeRecoverySpecification="pointInTimeRecoverySpecification",
        PointInTimeRecoverySpecification_PointInTimeRecoveryEnabled=(
            "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled"),
        SSESpecification="encryption", BillingMode="billingMode", TimeToLiveSpecification="timeToLiveAttribute",
        StreamSpecification="stream", DeletionProtectionEnabled="deletionProtection", TableName="tableName"),
    "AWS::StepFunctions::StateMachine": _table(
        LoggingConfiguration="logs", TracingConfiguration="tracingEnabled",
        TracingConfiguration_Enabled="tracingEnabled",
        StateMachineType="stateMachineType", DefinitionString="definitionBody", Definition="definitionBody",
        RoleArn="role",
        StateMachineName="stateMachineName"),
    "AWS::ApiGatewayV2::Stage": _table(AccessLogSettings="accessLogSettings", DefaultRouteSettings="throttle",
                                       DefaultRouteSettings_ThrottlingBurstLimit="throttle.burstLimit",
                                       DefaultRouteSettings_ThrottlingRateLimit="throttle.rateLimit",
                                       AutoDeploy="autoDeploy", StageName="stageName"),
    "AWS::ApiGatewayV2::Route": _table(AuthorizationType="authorizer", AuthorizerId="authorizer"),
    "AWS::ApiGateway::Stage": _table(
        TracingEnabled="deployOptions.tracingEnabled", MethodSettings="deployOptions",
        AccessLogSetting="deployOptions.accessLogDestination"),
    "AWS::ApiGateway::Method": _table(AuthorizationType="authorizationType", AuthorizerId="authorizer",
                                      RequestValidatorId="requestValidator", ApiKeyRequired="apiKeyRequired"),
    "AWS::Logs::LogGroup": _table(RetentionInDays="retention", KmsKeyId="encryptionKey",
                                  LogGroupName="logGroupName"),
    "AWS::S3::Bucket": _table(
        VersioningConfiguration="versioned", VersioningConfiguration_Status="versioned",
        PublicAccessBlockConfiguration="blockPublicAccess", LifecycleConfiguration="lifecycleRules",
        BucketEncryption="encryption", NotificationConfiguration="addEventNotification"),
    "AWS::Events::Rule": _table(EventPattern="eventPattern", ScheduleExpression="schedule", Targets="targets"),
    "AWS::Kinesis::Stream": _table(RetentionPeriodHours="retentionPeriod", StreamEncryption="encryption",
                                   ShardCount="shardCount", StreamModeDetails="streamMode"),
    "AWS::IAM::Role": _table(AssumeRolePolicyDocument="assumedBy", ManagedPolicyArns="managedPolicies",
                             Policies="inlinePolicies"),
    "AWS::IAM::Policy": _table(PolicyDocument="statements"),
}


def _terraform(origin_type: str, _type: str) -> Words:
    return terraform_words(origin_type)


def _sam(origin_type: str, type_: str) -> Words:
    return _SAM.get((origin_type, type_), _NONE)


def _serverless(origin_type: str, type_: str) -> Words:
    return _serverless_tables().get((origin_type, type_), _NONE)


def _cdk(origin_type: str, type_: str) -> Words:
    return _CDK.get(type_, _NONE)


def _cloudformation(origin_type: str, type_: str) -> Words:
    return _NONE


def camel(key: str) -> str:
    """``Level`` as a CDK prop or a ``serverless.yml`` key: ``level``."""
    return key[:1].lower() + key[1:]


def snake(key: str) -> str:
    """``DestinationArn`` as a Terraform attribute: ``destination_arn``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


#: how each dialect spells a CloudFormation key it has no words for
CASES: dict[str, Callable[[str], str]] = {"terraform": snake, "cdk": camel, "serverless": camel}

_BY_DIALECT: dict[str, WordsOf] = {"terraform": _terraform, "sam": _sam, "serverless": _serverless, "cdk": _cdk}


@cache
def _serverless_named_kinds() -> frozenset[tuple[str, str]]:
    """What each kind of ``serverless.yml`` entry makes that the user calls by the entry's key."""
    from slens.loaders.serverless.common import FUNCTION_ORIGIN, PROVIDER_ORIGIN, STATE_MACHINE_ORIGIN

    return frozenset({(FUNCTION_ORIGIN, "AWS::Lambda::Function"),
                      (STATE_MACHINE_ORIGIN, "AWS::StepFunctions::StateMachine"), (PROVIDER_ORIGIN, "AWS::IAM::Role")})


def _serverless_named(origin_type: str, type_: str) -> bool:
    return (origin_type, type_) in _serverless_named_kinds()


def _cdk_named(origin_type: str, type_: str) -> bool:
    return True  # every resource of an assembly is labelled with its own construct path


def called_by_label(dialect: str) -> Callable[[str, str], bool] | None:
    """(origin type, type) -> whether the user calls such a resource by its label rather than its logical id."""
    return {"serverless": _serverless_named, "cdk": _cdk_named}.get(dialect)


def words_of(dialect: str) -> WordsOf:
    """What a dialect calls the properties of each of its resources (nothing for CloudFormation's own)."""
    return _BY_DIALECT.get(dialect, _cloudformation)

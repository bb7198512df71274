"""``functions`` and ``provider`` into Lambda functions, log groups, URLs and invoke configs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.serverless.common import (
    FUNCTION_ORIGIN,
    Draft,
    FunctionInfo,
    Service,
    get_att,
    normalized,
    statement,
    text,
)
from slens.model import Composite, Origin, PropertyPath, Ref, SourceSpan, Unknown

DEFAULT_MEMORY = 1024
DEFAULT_TIMEOUT = 6
SHARED_ROLE = "IamRoleLambdaExecution"
PER_FUNCTION_PLUGIN = "serverless-iam-roles-per-function"

# serverless key -> CloudFormation path of the function, for keys written on the function or the provider
_FUNCTION_KEYS: dict[str, str | PropertyPath] = {
    "handler": "Handler", "runtime": "Runtime", "memorySize": "MemorySize", "timeout": "Timeout",
    "architecture": "Architectures", "environment": ("Environment", "Variables"), "vpc": "VpcConfig",
    "reservedConcurrency": "ReservedConcurrentExecutions", "onError": ("DeadLetterConfig", "TargetArn"),
    "kmsKeyArn": "KmsKeyArn", "layers": "Layers", "description": "Description", "role": "Role",
    "name": "FunctionName", "image": "Code", "ephemeralStorageSize": ("EphemeralStorage", "Size"),
    "tags": "Tags",
}
_PROVIDER_KEYS = {k: v for k, v in _FUNCTION_KEYS.items() if k in (
    "runtime", "memorySize", "timeout", "architecture", "environment", "vpc", "kmsKeyArn", "layers", "role")}


def is_intrinsic(value: Any) -> bool:
    return isinstance(value, Mapping) and len(value) == 1 and (
        next(iter(value)) == "Ref" or str(next(iter(value))).startswith("Fn::"))


def external_role(value: Any) -> Any:
    """The ``Role`` of a function whose role is given: an ARN, a logical id, or an intrinsic."""
    if isinstance(value, str):
        return value if value.startswith("arn:") else get_att(value)
    return value


def provider_role(svc: Service) -> Any:
    """The provider's external role, or None when the framework generates the shared role."""
    iam = svc.provider.get("iam")
    role = iam.get("role") if isinstance(iam, Mapping) else None
    if role is None:
        role = svc.provider.get("role")
    if isinstance(role, str | Unknown | Composite) or is_intrinsic(role):
        return role
    return None


def _tracing_mode(value: Any) -> Any:
    if value is True or (isinstance(value, str) and value.lower() == "active"):
        return "Active"
    if isinstance(value, str) and value.lower() == "passthrough":
        return "PassThrough"
    if isinstance(value, Unknown | Composite):
        return value
    return None


def _pick(node: Mapping[str, Any], provider: Mapping[str, Any], key: str, default: Any = None) -> Any:
    value = node.get(key)
    if value is None:
        value = provider.get(key)
    return default if value is None else value


def function(svc: Service, functions_node: Mapping[str, Any], key: str, node: Mapping[str, Any]) -> FunctionInfo:
    norm = normalized(key)
    logical_id = f"{norm}LambdaFunction"
    span = svc.span(functions_node, key)
    origin = Origin(key, FUNCTION_ORIGIN, span, key)
    provider = svc.provider
    name = node.get("name")
    if name is None:
        name = svc.prefixed(key)
    info = FunctionInfo(key, node, logical_id, norm, name, origin)
    props: dict[str, Any] = {"FunctionName": name}
    if node.get("image") is not None:
        props["PackageType"] = "Image"
        props["Code"] = {"ImageUri": Unknown("container image built at deploy time")}
    else:
        props["Handler"] = node.get("handler")
        props["Runtime"] = _pick(node, provider, "runtime", Unknown(
            "the framework's default runtime, which depends on the Serverless Framework version"))
        props["Code"] = {"S3Bucket": Unknown("deployment bucket"), "S3Key": Unknown("deployment artifact")}
    props["MemorySize"] = _pick(node, provider, "memorySize", DEFAULT_MEMORY)
    props["Timeout"] = _pick(node, provider, "timeout", DEFAULT_TIMEOUT)
    architecture = _pick(node, provider, "architecture")
    if architecture is not None:
        props["Architectures"] = [architecture]
    variables: dict[str, Any] = {}
    for source in (provider.get("environment"), node.get("environment")):
        if isinstance(source, Mapping):
            variables.update(source)
        elif source is not None:
            variables = Unknown("environment known only at deploy time")  # type: ignore[assignment]
    if variables or isinstance(variables, Unknown):
        props["Environment"] = {"Variables": variables}
    tracing_spans: dict[PropertyPath, SourceSpan] = {}
    tracing = node.get("tracing")
    if tracing is not None:
        tracing_spans[("TracingConfig",)] = svc.span(node, "tracing")
    else:
        provider_tracing = provider.get("tracing")
        if isinstance(provider_tracing, Mapping) and provider_tracing.get("lambda") is not None:
            tracing = provider_tracing.get("lambda")
            tracing_spans[("TracingConfig",)] = svc.span(provider_tracing, "lambda")
    mode = _tracing_mode(tracing)
    if mode is not None:
        props["TracingConfig"] = {"Mode": mode}
    vpc = _pick(node, provider, "vpc")
    if isinstance(vpc, Mapping):
        props["VpcConfig"] = {"SecurityGroupIds": vpc.get("securityGroupIds"), "SubnetIds": vpc.get("subnetIds")}
    elif vpc is not None:
        props["VpcConfig"] = Unknown("VPC configuration known only at deploy time")
    for src, dest in (("reservedConcurrency", "ReservedConcurrentExecutions"), ("description", "Description")):
        if node.get(src) is not None:
            props[dest] = node.get(src)
    for src, dest in (("kmsKeyArn", "KmsKeyArn"), ("layers", "Layers")):
        value = _pick(node, provider, src)
        if value is not None:
            props[dest] = value
    if node.get("onError") is not None:
        props["DeadLetterConfig"] = {"TargetArn": node.get("onError")}
    if node.get("ephemeralStorageSize") is not None:
        props["EphemeralStorage"] = {"Size": node.get("ephemeralStorageSize")}
    tags: dict[str, Any] = {}
    for source in (provider.get("tags"), node.get("tags")):
        if isinstance(source, Mapping):
            tags.update(source)
    if tags:
        props["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    role = node.get("role")
    if role is not None:
        props["Role"] = external_role(role)
    elif provider_role(svc) is not None:
        props["Role"] = external_role(provider_role(svc))
    else:
        own = PER_FUNCTION_PLUGIN in svc.plugins and node.get("iamRoleStatements") is not None
        info.role_id = f"{norm}IamRoleLambdaExecution" if own else SHARED_ROLE
        props["Role"] = get_att(info.role_id)
    spans = svc.spans_of(provider, _PROVIDER_KEYS)
    spans.update(svc.spans_of(node, _FUNCTION_KEYS))
    if ("TracingConfig",) in tracing_spans:
        spans[("TracingConfig",)] = spans[("TracingConfig", "Mode")] = tracing_spans[("TracingConfig",)]
    iam = provider.get("iam")
    if role is None and isinstance(iam, Mapping) and "role" in iam:
        spans[("Role",)] = svc.span(iam, "role")
    if isinstance(vpc, Mapping):
        holder = node if node.get("vpc") is not None else provider
        spans.update(svc.spans_of(holder, {"vpc": "VpcConfig"}))
        for src, dest in (("securityGroupIds", "SecurityGroupIds"), ("subnetIds", "SubnetIds")):
            if src in vpc:
                spans[("VpcConfig", dest)] = svc.span(vpc, src)
    _logging_config(svc, node, props, spans)
    if node.get("snapStart") is True:
        props["SnapStart"] = {"ApplyOn": "PublishedVersions"}
        spans[("SnapStart",)] = spans[("SnapStart", "ApplyOn")] = svc.span(node, "snapStart")
    svc.add(Draft(logical_id, "AWS::Lambda::Function", props, span, origin, spans))
    svc.functions[key] = info
    _provisioned(svc, info)
    _log_group(svc, info)
    _url(svc, info)
    if mode == "Active":
        svc.grant(info, statement(["xray:PutTraceSegments", "xray:PutTelemetryRecords"], ["*"]))
    return info


_LOGGING_KEYS = {"logFormat": "LogFormat", "applicationLogLevel": "ApplicationLogLevel",
                 "systemLogLevel": "SystemLogLevel", "logGroup": "LogGroup"}


def _logging_config(svc: Service, node: Mapping[str, Any], props: dict[str, Any],
                    spans: dict[PropertyPath, SourceSpan]) -> None:
    """``provider.logs.lambda`` and the function's ``logs`` (which overrides it) into ``LoggingConfig``."""
    logs = svc.provider.get("logs")
    config: dict[str, Any] = {}
    for holder in (logs.get("lambda") if isinstance(logs, Mapping) else None, node.get("logs")):
        if not isinstance(holder, Mapping):
            continue
        for key, cfn in _LOGGING_KEYS.items():
            if holder.get(key) is not None:
                config[cfn] = holder.get(key)
                spans[("LoggingConfig", cfn)] = svc.span(holder, key)
    if config:
        props["LoggingConfig"] = config


def _provisioned(svc: Service, fn: FunctionInfo) -> None:
    """``provisionedConcurrency``: a published version and the ``provisioned`` alias that keeps it warm."""
    level = fn.node.get("provisionedConcurrency")
    if level is None:
        return
    span = svc.span(fn.node, "provisionedConcurrency")
    version_id = f"{fn.norm}LambdaVersion"
    svc.add(Draft(version_id, "AWS::Lambda::Version", {"FunctionName": Ref(fn.logical_id)}, span, fn.origin))
    svc.add(Draft(f"{fn.norm}ProvConcLambdaAlias", "AWS::Lambda::Alias", {
        "FunctionName": Ref(fn.logical_id), "FunctionVersion": get_att(version_id, "Version"), "Name": "provisioned",
        "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": level}}, span, fn.origin,
        {("ProvisionedConcurrencyConfig",): span, ("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions"):
         span}))


def _log_group(svc: Service, fn: FunctionInfo) -> None:
    if fn.node.get("disableLogs") is True:
        return
    name = fn.name
    if isinstance(name, str):
        group: Any = f"/aws/lambda/{name}"
    else:  # the function's physical name is its Ref value
        group = Composite(("/aws/lambda/", Ref(fn.logical_id)))
    props: dict[str, Any] = {"LogGroupName": group}
    spans: dict[PropertyPath, SourceSpan] = {}
    for holder in (svc.provider, fn.node):
        if holder.get("logRetentionInDays") is not None:
            props["RetentionInDays"] = holder.get("logRetentionInDays")
            spans[("RetentionInDays",)] = svc.span(holder, "logRetentionInDays")
        if holder.get("logDataProtectionPolicy") is not None:
            props["DataProtectionPolicy"] = holder.get("logDataProtectionPolicy")
    logs = svc.provider.get("logs")
    for settings in (logs.get("lambda") if isinstance(logs, Mapping) else None, fn.node.get("logs")):
        if isinstance(settings, Mapping) and settings.get("logGroup") is not None:
            return  # the function logs to a group of the user's choice
    svc.add(Draft(f"{fn.norm}LogGroup", "AWS::Logs::LogGroup", props, fn.origin.span, fn.origin, spans))


def _url(svc: Service, fn: FunctionInfo) -> None:
    url = fn.node.get("url")
    if url is None or url is False:
        return
    config = url if isinstance(url, Mapping) else {}
    auth = "AWS_IAM" if text(config.get("authorizer")) == "aws_iam" else "NONE"
    props: dict[str, Any] = {"AuthType": auth, "TargetFunctionArn": get_att(fn.logical_id)}
    if config.get("cors") is not None:
        props["Cors"] = config.get("cors") if isinstance(config.get("cors"), Mapping) else {"AllowOrigins": ["*"]}
    span = svc.span(fn.node, "url")
    auth_span = svc.span(config, "authorizer") if "authorizer" in config else span
    spans: dict[PropertyPath, SourceSpan] = {("AuthType",): auth_span}
    svc.add(Draft(f"{fn.logical_id}Url", "AWS::Lambda::Url", props, span, fn.origin, spans))
    if auth == "NONE":
        perm = {"FunctionName": get_att(fn.logical_id), "Action": "lambda:InvokeFunctionUrl", "Principal": "*",
                "FunctionUrlAuthType": "NONE"}
        svc.add(Draft(f"{fn.norm}LambdaPermissionFnUrl", "AWS::Lambda::Permission", perm, span, fn.origin,
                      {("Principal",): span}))


def destination(svc: Service, value: Any) -> Any:
    """An on-failure destination: an ARN, a function of this service, or ``{arn, type}``."""
    if isinstance(value, Mapping) and not is_intrinsic(value):
        value = value.get("arn")
    if isinstance(value, str) and not value.startswith("arn:"):
        target = svc.functions.get(value)
        return get_att(target.logical_id) if target else value
    return value


def destination_grant(value: Any) -> list[str]:
    arn = text(value) or ""
    if isinstance(value, Ref) or ":lambda:" in arn:
        return ["lambda:InvokeFunction"]
    for service, action in ((":sqs:", "sqs:SendMessage"), (":sns:", "sns:Publish"), (":events:", "events:PutEvents")):
        if service in arn:
            return [action]
    return []


def invoke_config(svc: Service, fn: FunctionInfo) -> None:
    destinations = fn.node.get("destinations")
    config: dict[str, Any] = {}
    spans: dict[PropertyPath, SourceSpan] = {}
    if isinstance(destinations, Mapping):
        for key, cfn in (("onSuccess", "OnSuccess"), ("onFailure", "OnFailure")):
            if destinations.get(key) is not None:
                target = destination(svc, destinations.get(key))
                config[cfn] = {"Destination": target}
                spans[("DestinationConfig", cfn)] = spans[("DestinationConfig", cfn, "Destination")] = \
                    svc.span(destinations, key)
                actions = destination_grant(target)
                if actions:
                    svc.grant(fn, statement(actions, [target]))
    props: dict[str, Any] = {"FunctionName": Ref(fn.logical_id), "Qualifier": "$LATEST"}
    if config:
        props["DestinationConfig"] = config
    for key, cfn in (("maximumRetryAttempts", "MaximumRetryAttempts"), ("maximumEventAge", "MaximumEventAgeInSeconds")):
        if fn.node.get(key) is not None:
            props[cfn] = fn.node.get(key)
            spans[(cfn,)] = svc.span(fn.node, key)
    if len(props) > 2:
        span = svc.span(fn.node, "destinations") if "destinations" in fn.node else fn.origin.span
        svc.add(Draft(f"{fn.norm}LambdaEvConf", "AWS::Lambda::EventInvokeConfig", props, span, fn.origin, spans))


__all__ = ["DEFAULT_MEMORY", "DEFAULT_TIMEOUT", "PER_FUNCTION_PLUGIN", "SHARED_ROLE", "destination",
           "destination_grant", "external_role", "function", "invoke_config", "is_intrinsic", "provider_role"]

"""Lambda in the live inventory: functions with their resource policy, URL, event invoke config,
aliases and provisioned concurrency, and event source mappings, as the CloudFormation resources a
template declares for them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.aws.mapping_base import (
    Context,
    Draft,
    Item,
    Malformed,
    compact,
    items,
    label_of,
    need_str,
    pick,
    tags,
    text,
)

#: what Lambda applies when a template sets nothing: a live function always reports a value, so
#: dropping these keeps "runs with the default" rules meaning what they mean on a template
_DEFAULT_MEMORY = 128
_DEFAULT_TIMEOUT = 3
_ENABLED_STATES = ("Enabled", "Enabling", "Updating", "Creating")


def _unqualified(arn: str) -> tuple[str, str | None]:
    """A function ARN without its version or alias, and that qualifier."""
    parts = arn.split(":")
    if len(parts) == 8 and parts[5] == "function":
        return ":".join(parts[:7]), parts[7]
    return arn, None


def _logging(config: Any, name: str) -> dict[str, Any] | None:
    logging = pick(config, {"LogFormat": "LogFormat", "ApplicationLogLevel": "ApplicationLogLevel",
                            "SystemLogLevel": "SystemLogLevel", "LogGroup": "LogGroup"})
    if logging.get("LogGroup") == f"/aws/lambda/{name}":
        # the default group is no choice the template made; relations find it by name as for a template
        del logging["LogGroup"]
    return logging or None


def _function_properties(config: Mapping[str, Any], name: str, concurrency: Any) -> dict[str, Any]:
    props = pick(config, {"FunctionName": "FunctionName", "Runtime": "Runtime", "Handler": "Handler",
                          "Role": "Role", "KMSKeyArn": "KmsKeyArn",
                          "PackageType": "PackageType", "Architectures": "Architectures",
                          "FileSystemConfigs": "FileSystemConfigs"})
    if config.get("Description"):
        props["Description"] = config["Description"]
    if config.get("MemorySize") not in (None, _DEFAULT_MEMORY):
        props["MemorySize"] = config["MemorySize"]
    if config.get("Timeout") not in (None, _DEFAULT_TIMEOUT):
        props["Timeout"] = config["Timeout"]
    mode = (config.get("TracingConfig") or {}).get("Mode")
    if mode:
        props["TracingConfig"] = {"Mode": mode}
    target = (config.get("DeadLetterConfig") or {}).get("TargetArn")
    if target:
        props["DeadLetterConfig"] = {"TargetArn": target}
    variables = (config.get("Environment") or {}).get("Variables")
    if isinstance(variables, Mapping) and variables:
        props["Environment"] = {"Variables": dict(variables)}
    vpc = config.get("VpcConfig") or {}
    if vpc.get("SubnetIds"):  # a function outside any VPC reports empty lists
        props["VpcConfig"] = pick(vpc, {"SubnetIds": "SubnetIds", "SecurityGroupIds": "SecurityGroupIds",
                                        "Ipv6AllowedForDualStack": "Ipv6AllowedForDualStack"})
    layers = [layer.get("Arn") for layer in items(config, "Layers") if isinstance(layer, Mapping)]
    if layers:
        props["Layers"] = [arn for arn in layers if isinstance(arn, str)]
    logging = _logging(config.get("LoggingConfig"), name)
    if logging:
        props["LoggingConfig"] = logging
    size = (config.get("EphemeralStorage") or {}).get("Size")
    if size is not None:
        props["EphemeralStorage"] = {"Size": size}
    apply_on = (config.get("SnapStart") or {}).get("ApplyOn")
    if apply_on and apply_on != "None":
        props["SnapStart"] = {"ApplyOn": apply_on}
    image = ((config.get("ImageConfigResponse") or {}).get("ImageConfig")) or {}
    if image:
        props["ImageConfig"] = dict(image)
    reserved = concurrency.get("ReservedConcurrentExecutions") if isinstance(concurrency, Mapping) else None
    if isinstance(reserved, int):
        props["ReservedConcurrentExecutions"] = reserved
    return props


#: the inventory's metrics (docs/inventory.md) -> the metadata key the live rules read them from
_METRICS = {"Invocations": "aws:invocations",
            "ProvisionedConcurrencyUtilization": "aws:provisionedConcurrencyUtilization"}


def _metrics(metrics: Any) -> dict[str, Any]:
    """The function's metrics as plain mappings in its metadata: measurements, not settings, so that
    no template rule reads them and no template can carry them."""
    if not isinstance(metrics, Mapping):
        return {}
    return {key: dict(metrics[name]) for name, key in _METRICS.items() if isinstance(metrics.get(name), Mapping)}


def function(ctx: Context, item: Item) -> None:
    config = item.get("Configuration")
    if not isinstance(config, Mapping):
        raise Malformed("Configuration is missing")
    name = need_str(config, "FunctionName")
    arn = _unqualified(text(config, "FunctionArn") or ctx.arn("lambda", f"function:{name}"))[0]
    props = _function_properties(config, name, item.get("Concurrency"))
    tag_list = tags(item.get("Tags"))
    if tag_list:
        props["Tags"] = tag_list
    ctx.add(Draft("AWS::Lambda::Function", name, arn, props, {arn: "Arn"}, {name: None}, name, "lambda",
                  _metrics(item.get("Metrics"))))
    for index, statement in enumerate(items(item.get("Policy"), "Statement")):
        if isinstance(statement, Mapping):
            _permission(ctx, name, arn, index, statement)
    if isinstance(item.get("EventInvokeConfig"), Mapping):
        _invoke_config(ctx, name, item["EventInvokeConfig"])
    if isinstance(item.get("UrlConfig"), Mapping):
        _url(ctx, name, arn, item["UrlConfig"])
    _aliases(ctx, name, arn, items(item, "Aliases"), items(item, "ProvisionedConcurrency"))


def _condition(statement: Mapping[str, Any], key: str) -> Any:
    """A condition value whatever its operator and the key's case (``AWS:SourceArn``, ``aws:SourceArn``)."""
    condition = statement.get("Condition")
    for block in (condition.values() if isinstance(condition, Mapping) else ()):
        for name, value in (block.items() if isinstance(block, Mapping) else ()):
            if name.lower() == key.lower():
                return value
    return None


def _principal(value: Any, account: str) -> Any:
    """The ``Principal`` of a permission as a template writes it: a service, an account or ``*``."""
    if isinstance(value, Mapping):
        for kind in ("Service", "AWS", "Federated"):
            if kind in value:
                value = value[kind]
                break
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str) and value.endswith(":root") and value.startswith("arn:"):
        return value.split(":")[4] or account
    return value


def _permission(ctx: Context, fn_name: str, fn_arn: str, index: int, statement: Mapping[str, Any]) -> None:
    sid = text(statement, "Sid") or str(index + 1)
    resource = statement.get("Resource")
    props = compact({
        "Action": statement.get("Action"),
        "FunctionName": resource if isinstance(resource, str) and resource.startswith(fn_arn) else fn_arn,
        "Principal": _principal(statement.get("Principal"), ctx.account),
        "SourceArn": _condition(statement, "AWS:SourceArn"),
        "SourceAccount": _condition(statement, "AWS:SourceAccount"),
        "PrincipalOrgID": _condition(statement, "aws:PrincipalOrgID"),
        "FunctionUrlAuthType": _condition(statement, "lambda:FunctionUrlAuthType"),
        "EventSourceToken": _condition(statement, "lambda:EventSourceToken"),
    })
    if isinstance(props.get("Action"), list) and len(props["Action"]) == 1:
        props["Action"] = props["Action"][0]
    if statement.get("Effect") == "Deny":
        return  # a deny statement grants no invocation; CloudFormation has no resource for it
    # CloudFormation writes a permission's physical id as the statement's Sid
    ctx.add(Draft("AWS::Lambda::Permission", f"{fn_name}-{sid}-permission", None, props, physical=sid,
                  service="lambda"))


def _invoke_config(ctx: Context, fn_name: str, config: Mapping[str, Any]) -> None:
    qualifier = _unqualified(str(config.get("FunctionArn") or ""))[1] or "$LATEST"
    props = compact({"FunctionName": fn_name, "Qualifier": qualifier,
                     "MaximumRetryAttempts": config.get("MaximumRetryAttempts"),
                     "MaximumEventAgeInSeconds": config.get("MaximumEventAgeInSeconds")})
    destinations = {key: {"Destination": (config.get("DestinationConfig") or {}).get(key, {}).get("Destination")}
                    for key in ("OnSuccess", "OnFailure")}
    destinations = {k: v for k, v in destinations.items() if v["Destination"]}
    if destinations:
        props["DestinationConfig"] = destinations
    ctx.add(Draft("AWS::Lambda::EventInvokeConfig", f"{fn_name}-{qualifier}-invoke-config", None, props,
                  service="lambda"))


def _url(ctx: Context, fn_name: str, fn_arn: str, config: Mapping[str, Any]) -> None:
    qualifier = _unqualified(str(config.get("FunctionArn") or fn_arn))[1]
    props = compact({"TargetFunctionArn": fn_arn, "Qualifier": qualifier, "AuthType": config.get("AuthType"),
                     "InvokeMode": config.get("InvokeMode"), "Cors": compact(config.get("Cors") or {})})
    url = config.get("FunctionUrl")
    ctx.add(Draft("AWS::Lambda::Url", f"{fn_name}-url", None, props,
                  {url: "FunctionUrl"} if isinstance(url, str) else {}, service="lambda"))


def _aliases(ctx: Context, fn_name: str, fn_arn: str, aliases: list[Any], provisioned: list[Any]) -> None:
    by_qualifier: dict[str, int] = {}
    for config in provisioned:
        qualifier = _unqualified(str(config.get("FunctionArn") or ""))[1] if isinstance(config, Mapping) else None
        amount = config.get("RequestedProvisionedConcurrentExecutions") if isinstance(config, Mapping) else None
        if qualifier and isinstance(amount, int):
            by_qualifier[qualifier] = amount
    for alias in aliases:
        if not isinstance(alias, Mapping) or not isinstance(alias.get("Name"), str):
            ctx.problem("lambda", f"{fn_name} alias", "an alias without a Name")
            continue
        name = alias["Name"]
        props = compact({"FunctionName": fn_name, "Name": name, "FunctionVersion": alias.get("FunctionVersion"),
                         "Description": alias.get("Description")})
        weights = (alias.get("RoutingConfig") or {}).get("AdditionalVersionWeights")
        if isinstance(weights, Mapping) and weights:
            props["RoutingConfig"] = {"AdditionalVersionWeights": [
                {"FunctionVersion": v, "FunctionWeight": w} for v, w in weights.items()]}
        if name in by_qualifier:
            props["ProvisionedConcurrencyConfig"] = {"ProvisionedConcurrentExecutions": by_qualifier.pop(name)}
        arn = text(alias, "AliasArn") or f"{fn_arn}:{name}"
        ctx.add(Draft("AWS::Lambda::Alias", f"{fn_name}-{name}-alias", arn, props, {arn: None}, physical=arn,
                      service="lambda"))
    for qualifier, amount in by_qualifier.items():  # provisioned concurrency on a published version
        arn = f"{fn_arn}:{qualifier}"
        ctx.add(Draft("AWS::Lambda::Version", f"{fn_name}-version-{qualifier}", arn, {
            "FunctionName": fn_name, "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": amount}},
            {arn: None}, physical=arn, service="lambda"))


_ESM_FIELDS = {name: name for name in (
    "EventSourceArn", "BatchSize", "MaximumBatchingWindowInSeconds", "ParallelizationFactor", "StartingPosition",
    "StartingPositionTimestamp", "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError", "MaximumRetryAttempts",
    "TumblingWindowInSeconds", "FunctionResponseTypes", "Queues", "Topics", "ScalingConfig", "FilterCriteria",
    "DestinationConfig", "DocumentDBEventSourceConfig", "SelfManagedEventSource", "SourceAccessConfigurations")}


def event_source_mapping(ctx: Context, item: Item) -> None:
    uuid = need_str(item, "UUID")
    function_arn = need_str(item, "FunctionArn")
    props = pick(item, _ESM_FIELDS)
    props["FunctionName"] = function_arn
    if isinstance(item.get("State"), str):
        props["Enabled"] = item["State"] in _ENABLED_STATES
    failure = ((props.get("DestinationConfig") or {}).get("OnFailure") or {}).get("Destination")
    if "DestinationConfig" in props and not failure:
        del props["DestinationConfig"]  # the API reports an empty OnFailure where a template writes nothing
    source = str(item.get("EventSourceArn") or uuid)
    # a DynamoDB stream ARN ends in a timestamp: the table names the mapping better
    source_name = source.split(":")[-1].split("/stream/")[0].rsplit("/", 1)[-1]
    fn_name = _unqualified(function_arn)[0].rsplit(":", 1)[-1]
    arn = text(item, "EventSourceMappingArn")
    ctx.add(Draft("AWS::Lambda::EventSourceMapping", f"{fn_name}-{source_name}-mapping", arn, props,
                  physical=uuid, service="lambda"))


def map_lambda(ctx: Context, service: Mapping[str, Any]) -> None:
    ctx.each("lambda", "function", items(service, "functions"), function,
             lambda item: label_of("FunctionName", "FunctionArn")(item.get("Configuration")))
    ctx.each("lambda", "event source mapping", items(service, "event_source_mappings"), event_source_mapping,
             label_of("UUID", "EventSourceMappingArn"))

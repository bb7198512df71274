"""The regional services' readers: each returns its ``services`` entry of docs/inventory.md."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from slens.loaders.aws.context import Partition

#: "there is none", not "could not read it"
NOT_FOUND = ("ResourceNotFoundException",)
#: how far back the functions' metrics are read: as long as the longest default of the rules that
#: judge them (an idle function, idle provisioned concurrency), so that those defaults can be judged
METRIC_DAYS = 90
#: GetMetricData's limit of queries per call
_QUERIES_PER_CALL = 500
_DAY = 86400


def _parsed(document: Any) -> Any:
    """A policy that the API returns as a JSON string, parsed; left as it is when it is not JSON."""
    if isinstance(document, str):
        try:
            return json.loads(document)
        except ValueError:
            return document
    return document


def read_lambda(p: Partition) -> dict[str, Any]:
    listed = p.pages("lambda", "ListFunctions", "Functions")

    def one(item: dict[str, Any]) -> dict[str, Any]:
        name = item["FunctionName"]
        arn = item.get("FunctionArn", name)
        configuration = p.call("lambda", "GetFunctionConfiguration", resource=arn, FunctionName=name)
        policy = p.call("lambda", "GetPolicy", resource=arn, absent=NOT_FOUND, FunctionName=name)
        invoke = p.call("lambda", "GetFunctionEventInvokeConfig", resource=arn, absent=NOT_FOUND, FunctionName=name)
        concurrency = p.call("lambda", "GetFunctionConcurrency", resource=arn, FunctionName=name)
        url = p.call("lambda", "GetFunctionUrlConfig", resource=arn, absent=NOT_FOUND, FunctionName=name)
        tags = p.call("lambda", "ListTags", resource=arn, Resource=arn)
        return {
            # the listed item stands in when the get failed: it has most of the same fields
            "Configuration": configuration if configuration is not None else item,
            "Policy": _parsed(policy.get("Policy")) if policy else None,
            "EventInvokeConfig": invoke,
            "Concurrency": concurrency if concurrency is not None else {},
            "UrlConfig": url,
            "Aliases": p.pages("lambda", "ListAliases", "Aliases", resource=arn, FunctionName=name),
            "ProvisionedConcurrency": p.pages("lambda", "ListProvisionedConcurrencyConfigs",
                                              "ProvisionedConcurrencyConfigs", resource=arn, FunctionName=name),
            "Tags": (tags or {}).get("Tags") or {},
        }

    functions = p.each(one, listed)
    read_metrics(p, functions)
    return {"functions": functions,
            "event_source_mappings": p.pages("lambda", "ListEventSourceMappings", "EventSourceMappings")}


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def _metric_query(query_id: str, metric: str, stat: str, dimensions: dict[str, str]) -> dict[str, Any]:
    return {"Id": query_id, "ReturnData": True, "MetricStat": {
        "Metric": {"Namespace": "AWS/Lambda", "MetricName": metric,
                   "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()]},
        "Period": _DAY, "Stat": stat}}


def read_metrics(p: Partition, functions: list[dict[str, Any]], days: int = METRIC_DAYS) -> None:
    """Adds ``Metrics`` to each function (docs/inventory.md): its daily ``Invocations`` summed over
    ``days`` and, per qualifier with provisioned concurrency, the highest daily maximum of
    ``ProvisionedConcurrencyUtilization``, with one GetMetricData call per 500 queries.

    A function gets a metric only when CloudWatch answered for it completely: a failed or partial
    answer leaves it out, so that a rule never reads "no invocations" into "could not be read"."""
    # whole hours: CloudWatch answers faster for aligned times, and a day-long period still covers the read
    end = (datetime.now(UTC) + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(days=days)
    queries: list[dict[str, Any]] = []
    #: query id -> (function, metric, qualifier)
    wanted: dict[str, tuple[dict[str, Any], str, str | None]] = {}
    for index, function in enumerate(functions):
        name = (function.get("Configuration") or {}).get("FunctionName")
        if not isinstance(name, str):
            continue
        queries.append(_metric_query(f"i{index}", "Invocations", "Sum", {"FunctionName": name}))
        wanted[f"i{index}"] = (function, "Invocations", None)
        for number, config in enumerate(function.get("ProvisionedConcurrency") or []):
            parts = str(config.get("FunctionArn") or "").split(":") if isinstance(config, dict) else []
            if len(parts) != 8:
                continue  # the metric is per alias or version: a config that names none has no metric
            query_id = f"p{index}x{number}"
            queries.append(_metric_query(query_id, "ProvisionedConcurrencyUtilization", "Maximum",
                                         {"FunctionName": name, "Resource": f"{name}:{parts[7]}"}))
            wanted[query_id] = (function, "ProvisionedConcurrencyUtilization", parts[7])
    answers: dict[str, dict[str, Any]] = {}
    for first in range(0, len(queries), _QUERIES_PER_CALL):
        for result in p.pages("cloudwatch", "GetMetricData", "MetricDataResults", resource=None,
                              MetricDataQueries=queries[first:first + _QUERIES_PER_CALL], StartTime=start,
                              EndTime=end, ScanBy="TimestampDescending"):
            # an id's data may come on several pages: the status of its last piece is the answer's
            seen = answers.setdefault(str(result.get("Id")), {"Timestamps": [], "Values": []})
            seen["Timestamps"] += result.get("Timestamps") or []
            seen["Values"] += result.get("Values") or []
            seen["StatusCode"] = result.get("StatusCode")
    window = {"days": days, "end": _iso(end)}
    for query_id, (function, metric, qualifier) in wanted.items():
        answer = answers.get(query_id)
        if answer is None or answer.get("StatusCode") != "Complete":
            continue
        points = [(t, float(v)) for t, v in zip(answer["Timestamps"], answer["Values"], strict=False)
                  if isinstance(v, int | float)]
        metrics = function.setdefault("Metrics", {})
        if metric == "Invocations":
            used = [t for t, v in points if v > 0]
            metrics[metric] = {**window, "sum": sum(v for _, v in points), "last": max(used) if used else None}
        else:
            entry = metrics.setdefault(metric, {**window, "maximum": {}})
            entry["maximum"][qualifier] = max((v for _, v in points), default=None)


def read_sqs(p: Partition) -> dict[str, Any]:
    def one(url: str) -> dict[str, Any]:
        attributes = p.call("sqs", "GetQueueAttributes", resource=url, QueueUrl=url, AttributeNames=["All"])
        tags = p.call("sqs", "ListQueueTags", resource=url, QueueUrl=url)
        return {"QueueUrl": url, "Attributes": (attributes or {}).get("Attributes") or {},
                "Tags": (tags or {}).get("Tags") or {}}

    return {"queues": p.each(one, p.pages("sqs", "ListQueues", "QueueUrls"))}


def read_sns(p: Partition) -> dict[str, Any]:
    def topic(item: dict[str, Any]) -> dict[str, Any]:
        arn = item["TopicArn"]
        attributes = p.call("sns", "GetTopicAttributes", resource=arn, TopicArn=arn)
        return {**item, "Attributes": (attributes or {}).get("Attributes") or {}}

    def subscription(item: dict[str, Any]) -> dict[str, Any]:
        arn = item.get("SubscriptionArn", "")
        if not arn.startswith("arn:"):  # "PendingConfirmation": there is nothing to describe yet
            return {**item, "Attributes": {}}
        attributes = p.call("sns", "GetSubscriptionAttributes", resource=arn, absent=("NotFound",),
                            SubscriptionArn=arn)
        return {**item, "Attributes": (attributes or {}).get("Attributes") or {}}

    return {"topics": p.each(topic, p.pages("sns", "ListTopics", "Topics")),
            "subscriptions": p.each(subscription, p.pages("sns", "ListSubscriptions", "Subscriptions"))}


def read_events(p: Partition) -> dict[str, Any]:
    buses = p.pages("events", "ListEventBuses", "EventBuses")
    for bus in buses:
        if "Policy" in bus:
            bus["Policy"] = _parsed(bus["Policy"])

    def rules_of(bus: dict[str, Any]) -> list[dict[str, Any]]:
        name = bus.get("Name", "default")
        rules = p.pages("events", "ListRules", "Rules", resource=bus.get("Arn", name), EventBusName=name)
        for rule in rules:
            rule["Targets"] = p.pages("events", "ListTargetsByRule", "Targets", resource=rule.get("Arn"),
                                      Rule=rule["Name"], EventBusName=name)
        return rules

    # the default bus is always there, even when ListEventBuses was denied
    named = buses if any(b.get("Name") == "default" for b in buses) else [{"Name": "default"}, *buses]
    return {"buses": buses, "rules": [rule for rules in p.each(rules_of, named) for rule in rules]}


def read_stepfunctions(p: Partition) -> dict[str, Any]:
    def one(item: dict[str, Any]) -> dict[str, Any]:
        arn = item["stateMachineArn"]
        described = p.call("stepfunctions", "DescribeStateMachine", resource=arn, stateMachineArn=arn)
        return described if described is not None else item

    return {"state_machines": p.each(one, p.pages("stepfunctions", "ListStateMachines", "stateMachines"))}


def read_dynamodb(p: Partition) -> dict[str, Any]:
    def one(name: str) -> dict[str, Any] | None:
        described = p.call("dynamodb", "DescribeTable", resource=name, absent=NOT_FOUND, TableName=name)
        if described is None:
            return None
        table: dict[str, Any] = described.get("Table") or {"TableName": name}
        backups = p.call("dynamodb", "DescribeContinuousBackups", resource=table.get("TableArn", name),
                         TableName=name)
        table["ContinuousBackups"] = (backups or {}).get("ContinuousBackupsDescription")
        return table

    names = p.pages("dynamodb", "ListTables", "TableNames")
    return {"tables": [t for t in p.each(one, names) if t is not None]}


def read_kinesis(p: Partition) -> dict[str, Any]:
    def one(name: str) -> dict[str, Any]:
        summary = p.call("kinesis", "DescribeStreamSummary", resource=name, StreamName=name)
        return (summary or {}).get("StreamDescriptionSummary") or {"StreamName": name}

    return {"streams": p.each(one, p.pages("kinesis", "ListStreams", "StreamNames"))}


def read_appsync(p: Partition) -> dict[str, Any]:
    return {"apis": p.pages("appsync", "ListGraphqlApis", "graphqlApis")}


def read_logs(p: Partition) -> dict[str, Any]:
    return {"log_groups": p.pages("logs", "DescribeLogGroups", "logGroups")}


def read_cloudwatch(p: Partition) -> dict[str, Any]:
    return {"alarms": p.pages("cloudwatch", "DescribeAlarms", "MetricAlarms")}


def read_cloudformation(p: Partition) -> dict[str, Any]:
    def one(stack: dict[str, Any]) -> dict[str, Any]:
        name = stack.get("StackId") or stack["StackName"]
        return {**stack, "Resources": p.pages("cloudformation", "ListStackResources", "StackResourceSummaries",
                                              resource=name, StackName=name)}

    return {"stacks": p.each(one, p.pages("cloudformation", "DescribeStacks", "Stacks"))}

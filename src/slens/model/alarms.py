"""CloudWatch alarms and the metrics they watch, in CloudFormation vocabulary.

An alarm watches a resource when one of its metrics (the alarm's own ``MetricName`` or a
``Metrics[].MetricStat.Metric`` of a metric-math alarm) carries the dimension that names the
resource (``FunctionName``, ``QueueName``, ``ApiName`` ...). A dimension value that cannot be
known before deploying counts as watching: rules treat Unknown as "cannot judge".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from slens.model.graph import Graph
from slens.model.relations import FUNCTION, QUALIFIERS
from slens.model.resources import Resource
from slens.model.values import Value, as_bool, as_list, as_str, is_unknown, lookup, refs_in

ALARM = "AWS::CloudWatch::Alarm"

#: resource type -> (metric namespace, dimensions that name a resource of that type, name properties)
WATCHED: Mapping[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    FUNCTION: ("AWS/Lambda", ("FunctionName", "Resource"), ("FunctionName",)),
    "AWS::SQS::Queue": ("AWS/SQS", ("QueueName",), ("QueueName",)),
    "AWS::StepFunctions::StateMachine": ("AWS/States", ("StateMachineArn",), ("StateMachineName",)),
    "AWS::ApiGateway::RestApi": ("AWS/ApiGateway", ("ApiName",), ("Name",)),
    "AWS::ApiGatewayV2::Api": ("AWS/ApiGateway", ("ApiId",), ()),
    "AWS::AppSync::GraphQLApi": ("AWS/AppSync", ("GraphQLAPIId",), ()),
    "AWS::Kinesis::Stream": ("AWS/Kinesis", ("StreamName",), ("Name",)),
}


@dataclass(frozen=True)
class Metric:
    """One metric an alarm evaluates; ``namespace`` and ``name`` are None when not literal."""

    alarm: Resource
    namespace: str | None
    name: str | None
    dimensions: tuple[tuple[str, Value], ...]


def alarm_metrics(alarm: Resource) -> list[Metric]:
    """The alarm's single metric, or every ``MetricStat`` metric of its metric-math expression."""
    found: list[Metric] = []
    if alarm.has("MetricName"):
        found.append(Metric(alarm, as_str(alarm.prop("Namespace")), as_str(alarm.prop("MetricName")),
                            _dimensions(alarm.prop("Dimensions"))))
    for item in as_list(alarm.prop("Metrics")):
        metric = lookup(item, ("MetricStat", "Metric"))
        if isinstance(metric, dict):
            found.append(Metric(alarm, as_str(metric.get("Namespace")), as_str(metric.get("MetricName")),
                                _dimensions(metric.get("Dimensions"))))
    return found


def _dimensions(value: Value) -> tuple[tuple[str, Value], ...]:
    out: list[tuple[str, Value]] = []
    for item in as_list(value):
        name = as_str(lookup(item, ("Name",)))
        if name:
            out.append((name, lookup(item, ("Value",))))
    return tuple(out)


def all_metrics(graph: Graph) -> list[Metric]:
    """Every metric of every alarm of the graph (computed once per graph)."""
    return graph.memo(_all_metrics)


def _all_metrics(graph: Graph) -> list[Metric]:
    return [m for alarm in graph.of_type(ALARM) for m in alarm_metrics(alarm)]


def _metrics_by_name(graph: Graph) -> dict[str | None, list[tuple[int, Metric]]]:
    """Metrics by lower-cased name (None: not literal), with their position to keep graph order."""
    index: dict[str | None, list[tuple[int, Metric]]] = {}
    for position, metric in enumerate(all_metrics(graph)):
        index.setdefault(metric.name.lower() if metric.name is not None else None, []).append((position, metric))
    return index


def names_resource(graph: Graph, value: Value, resource: Resource) -> bool:
    """True when a dimension value names ``resource`` (or cannot be known)."""
    if value is None:
        return False
    if is_unknown(value):
        return True
    for ref in refs_in(value):
        target = graph.resources.get(ref.target)
        if target is resource:
            return True
        if target is not None and target.type in QUALIFIERS and graph.function_of(ref) is resource:
            return True
    literal = as_str(value)
    for key in WATCHED.get(resource.type, ("", (), ()))[2]:
        name = resource.prop(key)
        if is_unknown(name) or (name is not None and name == value):
            return True  # equal Composites too: ``${AWS::StackName}-api`` on both sides
        text = as_str(name)
        # "fn:alias" (Resource dimension) and ARNs (StateMachineArn) start or end with the name
        if text and literal and text in (literal.split(":", 1)[0], literal.rsplit(":", 1)[-1]):
            return True
    return False


def covers(graph: Graph, metric: Metric, resource: Resource) -> bool:
    """True when ``metric`` is about ``resource`` (its dimension names it, or may name it)."""
    namespace, keys, _ = WATCHED.get(resource.type, ("", (), ()))
    if metric.namespace is not None and metric.namespace != namespace:
        return False
    dims = [value for key, value in metric.dimensions if key in keys]
    if not metric.dimensions and namespace == "AWS/Lambda":
        return True  # account-wide Lambda metrics cover every function
    return any(names_resource(graph, value, resource) for value in dims)


_ANY = ""


def _anchors(graph: Graph, metric: Metric) -> set[str]:
    """What a metric's dimensions can name: logical ids and literal names (``_ANY``: anything).
    A superset of what ``covers`` accepts, so it only narrows the metrics ``covers`` is asked about."""
    if not metric.dimensions:
        return {_ANY}
    anchors: set[str] = set()
    for _, value in metric.dimensions:
        if value is None:
            continue
        literal = as_str(value)
        if literal is not None:
            anchors.update((literal, literal.split(":", 1)[0], literal.rsplit(":", 1)[-1]))
            continue
        if is_unknown(value):
            return {_ANY}
        # references (a composite can also equal a composite name: such resources skip the index)
        for ref in refs_in(value):
            anchors.add(ref.target)
            target = graph.resources.get(ref.target)
            owner = graph.function_of(ref) if target is not None and target.type in QUALIFIERS else None
            if owner is not None:
                anchors.add(owner.logical_id)
    return anchors


def _metrics_by_anchor(graph: Graph) -> dict[tuple[str | None, str], list[tuple[int, Metric]]]:
    index: dict[tuple[str | None, str], list[tuple[int, Metric]]] = {}
    for name, metrics in graph.memo(_metrics_by_name).items():
        for position, metric in metrics:
            for anchor in _anchors(graph, metric):
                index.setdefault((name, anchor), []).append((position, metric))
    return index


def _resource_anchors(resource: Resource) -> set[str] | None:
    """The anchors a metric about ``resource`` carries; None when its name cannot be known."""
    anchors = {resource.logical_id, _ANY}
    for key in WATCHED.get(resource.type, ("", (), ()))[2]:
        name = resource.prop(key)
        if name is None:
            continue
        text = as_str(name)
        if text is None:
            return None
        anchors.add(text)
    return anchors


def alarms_for_metric(graph: Graph, resource: Resource, *metric_names: str) -> list[Resource]:
    """Alarms on any of ``metric_names`` (case-insensitive) of ``resource``."""
    # metrics of unknown name may be any of the wanted ones
    names = {*(n.lower() for n in metric_names), None}
    anchors = _resource_anchors(resource)
    if anchors is None:
        by_name = graph.memo(_metrics_by_name)
        candidates = [m for name in names for m in by_name.get(name, ())]
    else:
        by_anchor = graph.memo(_metrics_by_anchor)
        candidates = list({id(m[1]): m for name in names for anchor in anchors
                           for m in by_anchor.get((name, anchor), ())}.values())
    found: dict[str, Resource] = {}
    for _, metric in sorted(candidates, key=lambda pair: pair[0]):
        if covers(graph, metric, resource):
            found.setdefault(metric.alarm.logical_id, metric.alarm)
    return list(found.values())


def missing_metrics(graph: Graph, resource: Resource, wanted: Iterable[tuple[str, ...]]) -> list[str]:
    """The first name of each group of equivalent metric names that no alarm watches on ``resource``."""
    return [group[0] for group in wanted if not alarms_for_metric(graph, resource, *group)]


def has_action(alarm: Resource) -> bool | None:
    """Whether the alarm notifies or acts when it fires; None when that cannot be known."""
    enabled = alarm.prop("ActionsEnabled")
    if is_unknown(enabled) or is_unknown(alarm.prop("AlarmActions")):
        return None
    if as_bool(enabled) is False:
        return False
    return bool(as_list(alarm.prop("AlarmActions")))

"""``stepFunctions.stateMachines`` (serverless-step-functions plugin) into state machines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.serverless.common import STATE_MACHINE_ORIGIN, Draft, Service, get_att, normalized, text
from slens.loaders.serverless.functions import external_role
from slens.loaders.serverless.iam import state_machine_role
from slens.loaders.spans import collect_spans, like
from slens.loaders.yamlparse import YList, YMap
from slens.model import Origin, PropertyPath, Ref, SourceSpan, Unknown


def _function_refs(svc: Service, node: Any, found: list[str]) -> Any:
    """The definition with ``Fn::GetAtt: [hello, Arn]`` on a function key turned to its logical id."""
    if isinstance(node, Mapping):
        if len(node) == 1:
            (key, args), = node.items()
            target = None
            if key == "Fn::GetAtt" and isinstance(args, list) and args and isinstance(args[0], str):
                target = args[0]
            elif key == "Ref" and isinstance(args, str):
                target = args
            if target is not None:
                fn = svc.functions.get(target)
                logical_id = fn.logical_id if fn else target
                if fn is None and not any(f.logical_id == target for f in svc.functions.values()):
                    return node
                found.append(logical_id)
                return Ref(logical_id, "Arn") if key == "Fn::GetAtt" else Ref(logical_id)
        out: dict[str, Any] = like(node)  # where it was written, in the piece it was included from
        for key, value in node.items():
            out[key] = _function_refs(svc, value, found)
        if isinstance(node, YMap) and isinstance(out, YMap):
            out.key_pos = dict(node.key_pos)
        return out
    if isinstance(node, list):
        items: list[Any] = like(node)
        items.extend(_function_refs(svc, v, found) for v in node)
        if isinstance(node, YList) and isinstance(items, YList):
            items.item_pos = list(node.item_pos)
        return items
    return node


def _logging(config: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, cfn in (("level", "Level"), ("includeExecutionData", "IncludeExecutionData")):
        if config.get(key) is not None:
            out[cfn] = config.get(key)
    destinations = config.get("destinations")
    if isinstance(destinations, list):
        out["Destinations"] = [{"CloudWatchLogsLogGroup": {"LogGroupArn": d}} for d in destinations]
    return out


def _events(svc: Service, key: str, logical_id: str, node: Mapping[str, Any], origin: Origin) -> None:
    events = node.get("events")
    counts: dict[str, int] = {}
    for index, item in enumerate(events if isinstance(events, list) else []):
        if not isinstance(item, Mapping) or len(item) != 1:
            continue
        (kind, config), = item.items()
        if kind not in ("schedule", "eventBridge", "cloudwatchEvent"):
            continue  # http events add API Gateway service integrations: not translated
        counts[kind] = counts.get(kind, 0) + 1
        settings = config if isinstance(config, Mapping) else {"rate": config}
        props: dict[str, Any] = {"State": "DISABLED" if settings.get("enabled") is False else "ENABLED",
                                 "Targets": [{"Id": f"{key}StepFunctionsTarget", "Arn": Ref(logical_id),
                                              "RoleArn": settings.get("role") or Unknown("events role")}]}
        if settings.get("deadLetterConfig") is not None:
            props["Targets"][0]["DeadLetterConfig"] = {"Arn": settings.get("deadLetterConfig")}
        if kind == "schedule":
            props["ScheduleExpression"] = settings.get("rate")
        else:
            props["EventPattern"] = settings.get("event") or settings.get("pattern")
            if settings.get("eventBusName") is not None:
                props["EventBusName"] = settings.get("eventBusName")
        rule_id = f"{normalized(key)}{'EventsRuleSchedule' if kind == 'schedule' else 'EventsRuleCloudWatchEvent'}" \
                  f"{counts[kind]}"
        span = svc.span(events, index)
        svc.add(Draft(rule_id, "AWS::Events::Rule", props, span, origin, {("Targets", 0): span}))


_ALARM_TOPICS = {"alarm": "AlarmActions", "ok": "OKActions", "insufficientData": "InsufficientDataActions"}


def _alarms(svc: Service, logical_id: str, node: Mapping[str, Any], origin: Origin) -> None:
    """The plugin's ``alarms``: one alarm per metric on the state machine, notifying ``topics``."""
    alarms = node.get("alarms")
    if not isinstance(alarms, Mapping) or not isinstance(alarms.get("metrics"), list):
        return
    topics: Mapping[str, Any] = alarms["topics"] if isinstance(alarms.get("topics"), Mapping) else {}
    metrics = alarms["metrics"]
    for index, item in enumerate(metrics):
        settings = item if isinstance(item, Mapping) else {"metric": item}
        metric = text(settings.get("metric"))
        if not metric:
            continue
        name = metric[:1].upper() + metric[1:]
        props: dict[str, Any] = {
            "Namespace": "AWS/States", "MetricName": name, "Threshold": 1, "Period": 60, "EvaluationPeriods": 1,
            "ComparisonOperator": "GreaterThanOrEqualToThreshold", "Statistic": "Sum",
            "Dimensions": [{"Name": "StateMachineArn", "Value": Ref(logical_id)}],
            "TreatMissingData": settings.get("treatMissingData") or alarms.get("treatMissingData") or "missing"}
        for key, cfn in _ALARM_TOPICS.items():
            if topics.get(key) is not None:
                props[cfn] = [topics.get(key)]
        svc.add(Draft(f"{logical_id}{name}Alarm", "AWS::CloudWatch::Alarm", props, svc.span(metrics, index),
                      origin))


def state_machines(svc: Service) -> None:
    section = svc.doc.get("stepFunctions")
    machines = section.get("stateMachines") if isinstance(section, Mapping) else None
    if not isinstance(machines, Mapping):
        return
    for key, node in machines.items():
        span = svc.span(machines, key)
        if not isinstance(node, Mapping):
            svc.problems.append((span, f"state machine {key} is not a mapping"))
            continue
        custom = text(node.get("id")) or text(node.get("name"))
        logical_id = normalized(custom) if custom else f"{normalized(key)}StepFunctionsStateMachine"
        origin = Origin(key, STATE_MACHINE_ORIGIN, span, key)
        found: list[str] = []
        definition = _function_refs(svc, node.get("definition"), found)
        props: dict[str, Any] = {}
        spans: dict[PropertyPath, SourceSpan] = {}
        if isinstance(definition, str):
            props["DefinitionString"] = definition
        elif definition is not None:
            props["Definition"] = definition
            spans.update({("Definition", *p): s for p, s in collect_spans(definition, svc.file).items()})
        for src, cfn in (("name", "StateMachineName"), ("type", "StateMachineType")):
            if node.get(src) is not None:
                props[cfn] = node.get(src)
                spans[(cfn,)] = svc.span(node, src)
        tracing = node.get("tracingConfig")
        if isinstance(tracing, Mapping):
            props["TracingConfiguration"] = {"Enabled": tracing.get("enabled")} \
                if tracing.get("enabled") is not None else {}
            spans[("TracingConfiguration",)] = svc.span(node, "tracingConfig")
            if "enabled" in tracing:
                spans[("TracingConfiguration", "Enabled")] = svc.span(tracing, "enabled")
        logging = node.get("loggingConfig")
        if isinstance(logging, Mapping):
            props["LoggingConfiguration"] = _logging(logging)
            spans[("LoggingConfiguration",)] = svc.span(node, "loggingConfig")
            for src, cfn in (("level", "Level"), ("destinations", "Destinations")):
                if src in logging:
                    spans[("LoggingConfiguration", cfn)] = svc.span(logging, src)
        role = node.get("role")
        if role is not None:
            props["RoleArn"] = external_role(role)
            spans[("RoleArn",)] = svc.span(node, "role")
        else:
            role_id = f"{logical_id}Role"
            props["RoleArn"] = get_att(role_id)
            state_machine_role(svc, role_id, sorted(set(found)), span, origin)
        svc.add(Draft(logical_id, "AWS::StepFunctions::StateMachine", props, span, origin, spans))
        _events(svc, key, logical_id, node, origin)
        _alarms(svc, logical_id, node, origin)


__all__ = ["state_machines"]

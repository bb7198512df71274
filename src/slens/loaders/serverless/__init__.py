"""Serverless Framework services (``serverless.yml``) into the resource graph.

Variables are resolved offline (:mod:`.variables`); ``provider``, ``functions`` and their events
become the resources the framework compiles them to, with its logical ids (:mod:`.functions`,
:mod:`.events`, :mod:`.apis`, :mod:`.iam`); ``stepFunctions.stateMachines`` follows the
serverless-step-functions plugin (:mod:`.stepfunctions`); ``resources.Resources`` is merged as
raw CloudFormation. Generated resources name the function they came from as their origin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from slens.kinds import ErrorKind, NoticeKind
from slens.loaders.annotations import RawSuppression, inline_suppressions, metadata_suppressions
from slens.loaders.intrinsics import Context, convert
from slens.loaders.result import Loaded, Note, Problem
from slens.loaders.serverless.apis import Apis
from slens.loaders.serverless.common import PROVIDER_ORIGIN, Draft, Service, merge_into
from slens.loaders.serverless.events import COUNTED, COUNTER, HANDLERS, Event
from slens.loaders.serverless.functions import function, invoke_config
from slens.loaders.serverless.iam import build_roles
from slens.loaders.serverless.stepfunctions import state_machines
from slens.loaders.serverless.variables import Resolver
from slens.loaders.spans import collect_spans, key_span
from slens.loaders.unreviewed import nested_notes
from slens.loaders.yamlparse import YMap
from slens.model import Composite, Graph, Origin, Ref, Resource, Unknown, Value, refs_in

DIALECT = "serverless"
_REFERENCE_PROBLEMS = ("Ref to ", "Fn::GetAtt refers to ")


def load_serverless(document: Any, path: str, name: str, warnings: list[tuple[int, str]]) -> Loaded:
    """The graph of one Serverless Framework service; never raises."""
    problems = [Problem(ErrorKind.PARSE, message, line) for line, message in warnings]
    if not isinstance(document, YMap):
        document = _positioned(document)
    try:
        loaded = _load(document, path, name)
    except RecursionError:
        loaded = Loaded(name, None, [Problem(ErrorKind.PARSE, "the service nests too deeply to be translated")],
                        DIALECT)
    except Exception as exc:  # a translation bug must not cost the user the rest of the scan
        loaded = Loaded(name, None, [Problem(ErrorKind.TRANSFORM, f"the Serverless Framework translation failed: "
                                                          f"{type(exc).__name__}: {exc}")], DIALECT)
    loaded.problems[:0] = problems
    loaded.suppressions.extend(_inline(path))
    return loaded


def _positioned(document: Any) -> YMap:
    """A JSON document read without positions, as a mapping without lines."""
    root = YMap(1, 1)
    if isinstance(document, Mapping):
        root.update(document)
    return root


def _inline(path: str) -> list[RawSuppression]:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return inline_suppressions(handle.read())
    except (OSError, UnicodeDecodeError):
        return []


def _functions(svc: Service) -> None:
    node = svc.doc.get("functions")
    if node is None:
        return
    if not isinstance(node, Mapping):
        svc.problems.append((key_span(svc.doc, "functions", svc.file), "functions is not a mapping"))
        return
    for key, body in node.items():
        if not isinstance(body, Mapping):
            svc.problems.append((key_span(node, key, svc.file), f"function {key} is not a mapping"))
            continue
        function(svc, node, str(key), body)
    for info in svc.functions.values():
        invoke_config(svc, info)


def _events(svc: Service) -> None:
    apis = Apis(svc)
    counter = COUNTER()
    api_events = {"http": apis.rest_event, "httpApi": apis.http_event, "websocket": apis.websocket_event}
    for info in list(svc.functions.values()):
        events = info.node.get("events")
        if events is None:
            continue
        if not isinstance(events, list):
            svc.problems.append((key_span(info.node, "events", svc.file),
                                 f"events of function {info.key} is not a list"))
            continue
        for index, item in enumerate(events):
            if not isinstance(item, Mapping) or len(item) != 1:
                svc.problems.append((svc.span(events, index),
                                     f"event {index + 1} of function {info.key} is not a one-key mapping"))
                continue
            (kind, config), = item.items()
            event = Event(svc, info, events, index, str(kind), config)
            if kind in api_events:
                api_events[kind](event)
            elif kind in HANDLERS:
                HANDLERS[kind](event)
            elif kind in COUNTED:
                COUNTED[kind](event, counter)
    apis.finish()


def _deployment_bucket(svc: Service) -> None:
    bucket = svc.provider.get("deploymentBucket")
    if isinstance(bucket, str) or (isinstance(bucket, Mapping) and bucket.get("name") is not None):
        return  # a bucket of the user's own
    origin = svc.provider_origin("ServerlessDeploymentBucket", "deploymentBucket", "provider.deploymentBucket")
    svc.add(Draft("ServerlessDeploymentBucket", "AWS::S3::Bucket", {"BucketEncryption": {
        "ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}},
        origin.span, origin))
    svc.add(Draft("ServerlessDeploymentBucketPolicy", "AWS::S3::BucketPolicy", {
        "Bucket": Ref("ServerlessDeploymentBucket"), "PolicyDocument": {"Statement": [{
            "Action": "s3:*", "Effect": "Deny", "Principal": "*", "Resource": Unknown("deployment bucket ARNs"),
            "Condition": {"Bool": {"aws:SecureTransport": False}}}]}}, origin.span, origin))


def _sections(svc: Service) -> list[Mapping[str, Any]]:
    section = svc.doc.get("resources")
    fragments = section if isinstance(section, list) else [section]
    return [f for f in fragments if isinstance(f, Mapping)]


def _user_resources(svc: Service) -> tuple[dict[str, Any], dict[str, Any], dict[str, dict[str, Any]]]:
    """Merge ``resources.Resources`` and ``resources.extensions``; the Parameters and Mappings."""
    parameters: dict[str, Any] = {}
    mappings: dict[str, Any] = {}
    extra: dict[str, dict[str, Any]] = {}
    for fragment in _sections(svc):
        for key, target in (("Parameters", parameters), ("Mappings", mappings)):
            if isinstance(fragment.get(key), Mapping):
                target.update(fragment[key])
        resources = fragment.get("Resources")
        for logical_id, body in resources.items() if isinstance(resources, Mapping) else ():
            span = key_span(resources, logical_id, svc.file)
            if not isinstance(body, Mapping) or not isinstance(body.get("Type"), str):
                svc.problems.append((span, f"resource {logical_id} has no Type"))
                continue
            props = body.get("Properties")
            props = props if isinstance(props, Mapping) else {}
            spans = collect_spans(props, svc.file)
            existing = svc.drafts.get(logical_id)
            if existing is not None and existing.type == body["Type"]:
                merge_into(existing.properties, props)
                existing.spans.update(spans)
            else:
                svc.drafts[logical_id] = Draft(logical_id, body["Type"], dict(props), span,
                                               Origin(logical_id, body["Type"], span), spans)
            extra[logical_id] = {k: body.get(k) for k in ("Metadata", "Condition") if body.get(k) is not None}
        extensions = fragment.get("extensions")
        for logical_id, body in extensions.items() if isinstance(extensions, Mapping) else ():
            draft = svc.drafts.get(logical_id)
            if draft is not None and isinstance(body, Mapping) and isinstance(body.get("Properties"), Mapping):
                merge_into(draft.properties, body["Properties"])
                draft.spans.update(collect_spans(body["Properties"], svc.file))
    return parameters, mappings, extra


def _marked(node: Any) -> bool:
    if isinstance(node, Ref | Unknown | Composite):
        return True
    if isinstance(node, Mapping):
        return any(_marked(v) for v in node.values())
    if isinstance(node, list):
        return any(_marked(v) for v in node)
    return False


def _value(node: Any, ctx: Context) -> Value:
    """Model values for raw template values that may already hold resolved variables and refs."""
    if isinstance(node, Ref | Unknown | Composite):
        return node
    if isinstance(node, Mapping):
        if len(node) == 1:
            (key, args), = node.items()
            if key in ("Ref", "Condition") or str(key).startswith("Fn::"):
                if not _marked(args):
                    return convert(node, ctx)
                if key == "Fn::Sub" and isinstance(args, Composite):
                    parts: list[Any] = []
                    for part in args.parts:
                        value = convert({"Fn::Sub": part}, ctx) if isinstance(part, str) else part
                        parts.extend(value.parts if isinstance(value, Composite) else [value])
                    return Composite(tuple(p if isinstance(p, str | Ref | Unknown) else Unknown("value")
                                           for p in parts))
                return Unknown(f"{key} of values known only at deploy time", tuple(refs_in(args)))
        return {str(k): _value(v, ctx) for k, v in node.items()
                if not (isinstance(v, Mapping) and len(v) == 1 and v.get("Ref") == "AWS::NoValue")}
    if isinstance(node, list):
        return [_value(v, ctx) for v in node]
    if node is None or isinstance(node, bool | int | float | str):
        return node
    return str(node)


def _load(document: YMap, path: str, name: str) -> Loaded:
    resolver = Resolver(document, path, name)
    resolved = resolver.document()
    svc = Service(resolved if isinstance(resolved, Mapping) else {}, name, resolver.stage(), resolver.region())
    _functions(svc)
    _events(svc)
    state_machines(svc)
    build_roles(svc)
    if svc.functions:
        _deployment_bucket(svc)
    parameters, mappings, extra = _user_resources(svc)
    ctx = Context(set(svc.drafts), parameters, mappings)
    resources: dict[str, Resource] = {}
    for logical_id, draft in svc.drafts.items():
        props = _value(draft.properties, ctx)
        metadata = _value(extra.get(logical_id, {}).get("Metadata"), ctx)
        condition = extra.get(logical_id, {}).get("Condition")
        resources[logical_id] = Resource(logical_id, draft.type, props if isinstance(props, dict) else {},
                                         draft.span, draft.origin, draft.spans,
                                         metadata if isinstance(metadata, dict) else {},
                                         condition if isinstance(condition, str) else None)
    problems = [Problem(ErrorKind.PARSE, message, line) for line, message in resolver.problems]
    # a problem inside a piece the service includes is reported at that piece's line
    problems += [Problem(ErrorKind.PARSE, message, span.line, None, span.file if span.file != name else None)
                 for span, message in svc.problems]
    problems += [Problem(ErrorKind.PARSE, message, line) for line, message in ctx.problems
                 if not message.startswith(_REFERENCE_PROBLEMS)]
    suppressions = metadata_suppressions({"Resources": {k: {"Metadata": v["Metadata"]} for k, v in extra.items()
                                                        if "Metadata" in v}}, name)
    suppressions += [replace(s, file=piece) for piece, text in resolver.fragments.items()
                     for s in inline_suppressions(text)]
    notes = [Note(NoticeKind(kind), message, line) for line, kind, message in resolver.notes]
    for section in _sections(svc):
        resources_ = section.get("Resources")
        notes += nested_notes(resources_, name) if isinstance(resources_, Mapping) else []
    # the stage is a deploy-time parameter (--stage) whose default is the resolved one
    stage: dict[str, Value] = {"stage": {"Type": "String", "Default": svc.stage}} if isinstance(svc.stage, str) \
        else {}
    return Loaded(name, Graph(resources, {**stage, **parameters}), problems, DIALECT, {}, suppressions, notes=notes)


__all__ = ["DIALECT", "PROVIDER_ORIGIN", "load_serverless"]

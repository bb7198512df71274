"""CloudFormation and SAM templates into the resource graph, with spans on what the user wrote."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from slens.kinds import ErrorKind, NoticeKind
from slens.loaders import sam
from slens.loaders.annotations import metadata_suppressions
from slens.loaders.intrinsics import Context, convert
from slens.loaders.result import Loaded, Note, Problem
from slens.loaders.spans import collect_spans, key_span, plain, rebase
from slens.loaders.unreviewed import template_notes
from slens.model import Graph, Origin, PropertyPath, Resource, SourceSpan, Value

# SAM property names -> the property of the generated resource that carries them
_SAM_ALIASES: dict[str, dict[str, str]] = {
    "AWS::Serverless::Function": {"Tracing": "TracingConfig", "DeadLetterQueue": "DeadLetterConfig",
                                  "Policies": "Policies"},
    "AWS::Serverless::StateMachine": {"Tracing": "TracingConfiguration", "Logging": "LoggingConfiguration",
                                      "Definition": "DefinitionString"},
    "AWS::Serverless::SimpleTable": {"PrimaryKey": "KeySchema"},
    "AWS::Serverless::Api": {"DefinitionBody": "Body"},
    "AWS::Serverless::HttpApi": {"DefinitionBody": "Body"},
}
_ROUTE_EVENTS = {"AWS::ApiGateway::RestApi": ("Api", "RestApiId"), "AWS::ApiGatewayV2::Api": ("HttpApi", "ApiId")}
# Generated resources that carry one property block of their SAM resource
_SAM_SUBTREES: dict[tuple[str, str], str] = {
    ("AWS::Serverless::Function", "AWS::Lambda::Url"): "FunctionUrlConfig",
    ("AWS::Serverless::Function", "AWS::Lambda::EventInvokeConfig"): "EventInvokeConfig",
    ("AWS::Serverless::Function", "AWS::Lambda::Alias"): "AutoPublishAlias",
    ("AWS::Serverless::Function", "AWS::Lambda::Version"): "AutoPublishAlias",
    ("AWS::Serverless::Function", "AWS::CodeDeploy::DeploymentGroup"): "DeploymentPreference",
}
_GLOBALS_SECTION = {"AWS::Serverless::Function": "Function", "AWS::Serverless::Api": "Api",
                    "AWS::Serverless::HttpApi": "HttpApi", "AWS::Serverless::SimpleTable": "SimpleTable",
                    "AWS::Serverless::StateMachine": "StateMachine", "AWS::Serverless::LayerVersion": "LayerVersion"}
_IMPLICIT_APIS = {"ServerlessRestApi": "Api", "ServerlessHttpApi": "HttpApi"}


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"


def _check_structure(template: Any, file: str) -> list[Problem]:
    if not isinstance(template, Mapping):
        return [Problem(ErrorKind.PARSE, "the template is not a mapping", getattr(template, "line", None))]
    resources = template.get("Resources")
    if not isinstance(resources, Mapping):
        line = key_span(template, "Resources", file).line if "Resources" in template else None
        what = "missing" if "Resources" not in template else f"{_kind(resources)}, not a mapping"
        return [Problem(ErrorKind.PARSE, f"Resources is {what}", line)]
    return []


class _TemplateGraphBuilder:
    def __init__(self, raw: Mapping[str, Any], file: str) -> None:
        self.raw = raw
        self.file = file
        self.raw_resources: Mapping[str, Any] = raw["Resources"]
        self.problems: list[Problem] = []
        self._spans: dict[str, dict[PropertyPath, SourceSpan]] = {}
        #: spans written in other files than the template (a SAM state machine's DefinitionUri file)
        self.file_spans: Mapping[str, Mapping[PropertyPath, SourceSpan]] = {}
        globals_ = raw.get("Globals")
        self.globals_spans = collect_spans(globals_, file) if isinstance(globals_, dict) else {}

    def valid_resources(self, resources: Mapping[str, Any], report: bool) -> dict[str, Mapping[str, Any]]:
        valid: dict[str, Mapping[str, Any]] = {}
        for logical_id, body in resources.items():
            line = key_span(resources, logical_id, self.file).line
            if not isinstance(body, Mapping):
                if report:
                    self.problems.append(Problem(ErrorKind.PARSE, f"resource {logical_id} is not a mapping", line,
                                                 logical_id))
            elif not isinstance(body.get("Type"), str):
                if report:
                    self.problems.append(Problem(ErrorKind.PARSE, f"resource {logical_id} has no Type", line,
                                                 logical_id))
            else:
                valid[str(logical_id)] = body
        return valid

    def raw_spans(self, logical_id: str) -> dict[PropertyPath, SourceSpan]:
        if logical_id not in self._spans:
            body = self.raw_resources.get(logical_id)
            props = body.get("Properties") if isinstance(body, Mapping) else None
            spans = collect_spans(props, self.file) if isinstance(props, dict) else {}
            if logical_id in self.file_spans:
                spans = {**self.file_spans[logical_id], **spans}
            section = _GLOBALS_SECTION.get(str(body.get("Type"))) if isinstance(body, Mapping) else None
            if section:
                spans = {**rebase(self.globals_spans, (section,)), **spans}
            self._spans[logical_id] = spans
        return self._spans[logical_id]

    def origin(self, logical_id: str, origins: Mapping[str, str]) -> tuple[str | None, PropertyPath]:
        """The written resource a generated one came from, and the event key inside it if any."""
        source = origins.get(logical_id)
        if source is None:
            for implicit, event_type in _IMPLICIT_APIS.items():
                if logical_id.startswith(implicit):
                    return self._first_function_with_event(event_type)
            # the longest written id that starts the generated one (SAM appends to its ids)
            source = next((logical_id[:end] for end in range(len(logical_id), 0, -1)
                           if logical_id[:end] in self.raw_resources), None)
        if source is None:
            return None, ()
        events = self._events(source)
        suffix = logical_id[len(source):]
        matches = [e for e in events if suffix.startswith(e)]
        if matches:
            return source, ("Events", max(matches, key=len))
        return source, ()

    def _events(self, logical_id: str) -> Mapping[str, Any]:
        body = self.raw_resources.get(logical_id)
        props = body.get("Properties") if isinstance(body, Mapping) else None
        events = props.get("Events") if isinstance(props, Mapping) else None
        return events if isinstance(events, Mapping) else {}

    def _first_function_with_event(self, event_type: str) -> tuple[str | None, PropertyPath]:
        for logical_id in self.raw_resources:
            for name, event in self._events(logical_id).items():
                if isinstance(event, Mapping) and event.get("Type") == event_type:
                    return logical_id, ("Events", name)
        return None, ()

    def _role_spans(self, source: str, props: Any, written: Mapping[PropertyPath, SourceSpan],
                    spans: Mapping[PropertyPath, SourceSpan]) -> dict[PropertyPath, SourceSpan]:
        """Map the generated role's inline policies back to the SAM ``Policies`` items they came from.

        SAM drops managed-policy names from the list and adds policies of its own, so positions
        differ; the names it gives (``<Function>RolePolicy<index>``) keep the written index.
        """
        out = {p: s for p, s in spans.items() if p[:1] != ("Policies",)}
        policies = props.get("Policies") if isinstance(props, Mapping) else None
        for index, policy in enumerate(policies if isinstance(policies, list) else []):
            name = policy.get("PolicyName") if isinstance(policy, Mapping) else None
            match = re.fullmatch(re.escape(source) + r"RolePolicy(\d+)", name) if isinstance(name, str) else None
            if match is None:
                continue
            written_index = int(match.group(1))
            for path, span in written.items():
                if path[:2] == ("Policies", written_index):
                    rest = path[2:]
                    out[("Policies", index, "PolicyDocument", *rest) if rest else ("Policies", index)] = span
        return out

    def _route_spans(self, api_type: str, explicit_api: str | None) -> dict[PropertyPath, SourceSpan]:
        """Routes of an API that SAM built from function events point at those events."""
        event_type, key = _ROUTE_EVENTS[api_type]
        out: dict[PropertyPath, SourceSpan] = {}
        for function_id in self.raw_resources:
            for name, event in self._events(function_id).items():
                props = event.get("Properties") if isinstance(event, Mapping) else None
                if not isinstance(props, Mapping) or event.get("Type") != event_type:
                    continue
                target = props.get(key)
                target_id = target.get("Ref") if isinstance(target, Mapping) else target
                if (explicit_api is None) != (target is None) or (explicit_api and target_id != explicit_api):
                    continue
                path, method = props.get("Path"), props.get("Method")
                if isinstance(path, str) and isinstance(method, str):
                    verb = method.lower()
                    verb = "x-amazon-apigateway-any-method" if verb in ("any", "*") else verb
                    span = self.raw_spans(function_id).get(("Events", name))
                    if span is not None:
                        out[("Body", "paths", path, verb)] = span
        return out

    def written(self, logical_id: str) -> Origin:
        body = self.raw_resources[logical_id]
        return Origin(logical_id, str(body.get("Type")), key_span(self.raw_resources, logical_id, self.file))

    def resource(self, logical_id: str, body: Mapping[str, Any], ctx: Context,
                 origins: Mapping[str, str]) -> Resource:
        props = body.get("Properties")
        properties: Value = convert(props, ctx) if isinstance(props, Mapping) else {}
        metadata = convert(body.get("Metadata"), ctx) if isinstance(body.get("Metadata"), Mapping) else {}
        type_ = str(body["Type"])
        raw_body = self.raw_resources.get(logical_id)
        if isinstance(raw_body, Mapping) and raw_body.get("Type") == type_:
            origin = self.written(logical_id)
            spans: Mapping[PropertyPath, SourceSpan] = self.raw_spans(logical_id)
            span = origin.span
        else:
            source, event = self.origin(logical_id, origins)
            if source is None:
                origin = Origin(logical_id, type_, SourceSpan(self.file, 1, 1))
                spans, span = {}, origin.span
            else:
                origin = self.written(source)
                written = self.raw_spans(source)
                subtree = _SAM_SUBTREES.get((origin.type, type_))
                if event:
                    spans = rebase(written, (*event, "Properties"))
                    span = written.get(event, origin.span)
                elif subtree and (subtree,) in written:
                    # same-named properties (an alias's ProvisionedConcurrencyConfig) and the block's own
                    spans = {**rebase(written, (), _SAM_ALIASES.get(origin.type)), **rebase(written, (subtree,))}
                    span = written[(subtree,)]
                else:
                    spans = rebase(written, (), _SAM_ALIASES.get(origin.type))
                    span = origin.span
                if type_ == "AWS::IAM::Role":
                    spans = self._role_spans(source, props, written, spans)
                if type_ in _ROUTE_EVENTS:
                    implicit = logical_id in _IMPLICIT_APIS
                    spans = {**self._route_spans(type_, None if implicit else source), **spans}
        condition = body.get("Condition")
        return Resource(logical_id, type_, properties if isinstance(properties, dict) else {}, span, origin,
                        spans, metadata if isinstance(metadata, dict) else {},
                        condition if isinstance(condition, str) else None)


def _context(template: Mapping[str, Any], resource_ids: set[str]) -> Context:
    parameters = template.get("Parameters")
    mappings = template.get("Mappings")
    return Context(resource_ids, parameters if isinstance(parameters, Mapping) else {},
                   mappings if isinstance(mappings, Mapping) else {})


def build(raw: Any, file: str) -> Loaded:
    """The graph of one parsed template (expanded first when it is SAM)."""
    problems = _check_structure(raw, file)
    if problems:
        return Loaded(file, None, problems)
    builder = _TemplateGraphBuilder(raw, file)
    suppressions = metadata_suppressions(raw, file)
    written = builder.valid_resources(raw["Resources"], report=True)
    notes = template_notes(raw, raw["Resources"], file)
    dialect, origins, local_paths = "cloudformation", {}, {}
    template: Mapping[str, Any] = raw
    if sam.is_sam(raw):
        dialect = "sam"
        try:
            expanded = sam.expand(plain({**raw, "Resources": written}), os.path.dirname(file) or ".")
        except sam.TransformError as exc:
            return Loaded(file, None, builder.problems + [
                Problem(ErrorKind.TRANSFORM, message, key_span(raw["Resources"], rid, file).line if rid in written
                        else None, rid) for rid, message in exc.messages], dialect, notes=notes)
        except Exception as exc:  # the transform's own bugs: report, do not guess
            return Loaded(file, None, [*builder.problems, Problem(
                ErrorKind.TRANSFORM, f"the SAM transform failed: {type(exc).__name__}: {exc}")], dialect, notes=notes)
        template, origins, local_paths = expanded.template, expanded.origins, expanded.local_paths
        builder.file_spans = expanded.definition_spans
        for rid, why in expanded.unread.items():
            line = key_span(written[rid].get("Properties", {}), "DefinitionUri", file).line if rid in written \
                else None
            # the transform adapter says why in words of its own (outside-project, read or parse)
            if why.kind == NoticeKind.OUTSIDE_PROJECT.value:
                notes.append(Note(NoticeKind.OUTSIDE_PROJECT, f"{rid}: DefinitionUri {why.message}: its states are "
                                  "not reviewed", line))
            else:
                builder.problems.append(Problem(ErrorKind(why.kind), f"{rid}: DefinitionUri {why.message}", line,
                                                rid))
    resources = builder.valid_resources(template.get("Resources") or {}, report=False)
    ids = set(resources) | set(written)
    # Problems are reported against what the user wrote, where the lines are known.
    check = _context(raw, ids)
    for body in written.values():
        convert(body.get("Properties"), check)
    builder.problems.extend(Problem(ErrorKind.PARSE, message, line) for line, message in check.problems)
    ctx = _context(template, ids)
    graph_resources = {rid: builder.resource(rid, body, ctx, origins) for rid, body in resources.items()}
    parameters = template.get("Parameters")
    return Loaded(file, Graph(graph_resources, parameters if isinstance(parameters, dict) else {}),
                  builder.problems, dialect, local_paths, suppressions, notes=notes, exports=_exports(template, ctx))


def _exports(template: Mapping[str, Any], ctx: Context) -> dict[str, Value]:
    """``Outputs.*.Export.Name`` -> the output's value, for the names written literally."""
    outputs = template.get("Outputs")
    found: dict[str, Value] = {}
    for output in outputs.values() if isinstance(outputs, Mapping) else ():
        export = output.get("Export") if isinstance(output, Mapping) else None
        name = convert(export.get("Name"), ctx) if isinstance(export, Mapping) else None
        if isinstance(name, str) and name and "Value" in output:
            found[name] = convert(output["Value"], ctx)
    return found

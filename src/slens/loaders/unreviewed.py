"""What a template leaves to deploy time, where slens cannot follow: macros and remote nested stacks.

None of it is the user's mistake, so each becomes a note (a notice in the report), never a problem:
the template as written is still reviewed, and the note says what was not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.kinds import NoticeKind
from slens.loaders.result import Note
from slens.loaders.spans import key_span

#: transforms whose output slens reviews (SAM, which it expands), or that add nothing of the user's
#: to review (intrinsic functions; AWS's own secret rotation and ECS blue/green deployment resources)
KNOWN_TRANSFORMS = frozenset({"AWS::Serverless-2016-10-31", "AWS::LanguageExtensions",
                              "AWS::SecretsManager-2020-07-23", "AWS::CodeDeployBlueGreen"})
#: metadata the CDK writes on a nested stack whose template is in the cloud assembly (reviewed there)
CDK_ASSET = "aws:asset:path"


def transform_names(template: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Each ``Transform`` named at the top of a template: (name, what it includes, for ``AWS::Include``)."""
    transform = template.get("Transform")
    out: list[tuple[str, Any]] = []
    for item in transform if isinstance(transform, list) else [transform]:
        if isinstance(item, str):
            out.append((item, None))
        elif isinstance(item, Mapping) and isinstance(item.get("Name"), str):
            parameters = item.get("Parameters")
            out.append((item["Name"], parameters.get("Location") if isinstance(parameters, Mapping) else None))
    return out


def _macro_notes(template: Mapping[str, Any], file: str) -> list[Note]:
    line = key_span(template, "Transform", file).line
    notes: list[Note] = []
    for name, location in transform_names(template):
        if name in KNOWN_TRANSFORMS:
            continue
        if name == "AWS::Include":
            what = f"includes {location}" if isinstance(location, str) else "includes a snippet"
            notes.append(Note(NoticeKind.MACRO, f"Transform AWS::Include {what} at deploy time: not reviewed; "
                                     "the rest of the template is", line))
        else:
            notes.append(Note(NoticeKind.MACRO, f"Transform {name} is a macro that CloudFormation runs at deploy "
                                     "time: its output cannot be seen offline, so the template was reviewed as written",
                              line))
    return notes


def _remote(location: Any) -> str | None:
    """How a nested template's location reads when it is remote; None for a local path (reviewed
    as a template of its own, where it is scanned)."""
    if isinstance(location, str):
        return location if "://" in location else None
    if isinstance(location, Mapping):
        application = location.get("ApplicationId")
        if application is not None:
            version = location.get("SemanticVersion")
            return f"{_text(application)}" + (f" {_text(version)}" if version is not None else "")
        return "a location known only at deploy time"
    return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "(known at deploy time)"


def nested_notes(resources: Mapping[str, Any], file: str) -> list[Note]:
    """Nested applications and stacks whose templates are fetched at deploy time."""
    notes: list[Note] = []
    for logical_id, body in resources.items():
        if not isinstance(body, Mapping) or body.get("Type") not in (
                "AWS::Serverless::Application", "AWS::CloudFormation::Stack"):
            continue
        metadata = body.get("Metadata")
        if isinstance(metadata, Mapping) and isinstance(metadata.get(CDK_ASSET), str):
            continue
        props = body.get("Properties")
        props = props if isinstance(props, Mapping) else {}
        application = body["Type"] == "AWS::Serverless::Application"
        remote = _remote(props.get("Location" if application else "TemplateURL"))
        if remote is None:
            continue
        what = "nested application" if application else "nested stack"
        span = key_span(resources, logical_id, file)
        notes.append(Note(NoticeKind.REMOTE_STACK, f"{logical_id}: not reviewed: remote {what} {remote} (its "
                                                   "template is fetched at deploy time)", span.line,
                          span.file if span.file != file else None))
    return notes


def template_notes(template: Mapping[str, Any], resources: Mapping[str, Any], file: str) -> list[Note]:
    """Everything a template leaves to deploy time, in the order it is written."""
    return _macro_notes(template, file) + nested_notes(resources, file)

"""Expansion of SAM templates with the real transform (aws-sam-translator), fully offline.

The transform is imported lazily and set up once per process by ``transform_adapter`` (the only
module that touches the translator's internals): one parser, and a stand-in session that only
answers the region, so nothing ever asks AWS for credentials or endpoints.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from slens.loaders.files import Refusal, Refused, active
from slens.loaders.spans import collect_spans, plain
from slens.loaders.stats import STATS
from slens.loaders.yamlparse import YamlError, parse_yaml
from slens.model import PropertyPath, SourceSpan

ORIGIN_KEY = "SlensOrigin"
REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
_LOCAL_URI_KEYS = ("CodeUri", "ContentUri", "DefinitionUri")
PLACEHOLDER_BUCKET = "slens-local-artifact"


class TransformError(Exception):
    def __init__(self, messages: list[tuple[str | None, str]]) -> None:
        super().__init__("; ".join(m for _, m in messages))
        #: (resource logical id or None, message)
        self.messages = messages


def is_sam(template: Mapping[str, Any]) -> bool:
    transform = template.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    return any(isinstance(n, str) and n.startswith("AWS::Serverless-") for n in names)


@dataclass
class Expanded:
    template: dict[str, Any]
    #: generated logical id -> the SAM resource it came from
    origins: dict[str, str]
    #: SAM logical id -> the local path its CodeUri/ContentUri/DefinitionUri pointed at
    local_paths: dict[str, str] = field(default_factory=dict)
    #: SAM logical id -> why its local DefinitionUri file was not read
    unread: dict[str, Unread] = field(default_factory=dict)
    #: SAM logical id -> where the keys of its local definition file were written (as ``Definition``)
    definition_spans: dict[str, dict[PropertyPath, SourceSpan]] = field(default_factory=dict)


@dataclass(frozen=True)
class Unread:
    """A local file a SAM resource names that was not read: ``kind`` is outside-project, read or parse."""

    kind: str
    message: str


class _Session:
    """What the translator asks of a boto3 session: the region, and nothing else."""

    region_name = REGION


class _Translator:
    _instance: _Translator | None = None

    def __init__(self) -> None:
        from slens.loaders.transform_adapter import set_up

        # every patch of the translator's internals, and its checks, are the adapter's
        self._module = set_up().translator
        from samtranslator.model.exceptions import InvalidDocumentException
        from samtranslator.parser.parser import Parser

        self._parser = Parser()
        self._invalid = InvalidDocumentException

    @classmethod
    def get(cls) -> _Translator:
        if cls._instance is None:
            cls._instance = _Translator()
        return cls._instance

    def translate(self, template: dict[str, Any]) -> dict[str, Any]:
        translator = self._module.Translator(None, self._parser, boto_session=_Session())
        parameters = {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT_ID, "AWS::Partition": "aws"}
        try:
            result: dict[str, Any] = translator.translate(template, parameter_values=parameters,
                                                          passthrough_metadata=True,
                                                          get_managed_policy_map=lambda: {})
        except self._invalid as exc:
            raise TransformError([(_resource_id(str(c.message)), str(c.message)) for c in exc.causes]
                                 or [(None, str(exc.message))]) from None
        return result


def _resource_id(message: str) -> str | None:
    match = re.match(r"Resource with id \[([^\]]+)\]", message)
    return match.group(1) if match else None


def _local_definition(base_dir: str, relative: str,
                      ) -> tuple[Any, Unread | None, dict[PropertyPath, SourceSpan]]:
    """A state machine definition kept in a local file, parsed; else None and why it was not read
    (through the scan's confinement: never outside the project, a FIFO, a device or over the limit)."""
    path = os.path.normpath(os.path.join(base_dir, relative))
    try:
        document, _ = parse_yaml(active(path).read_text(path, relative))
    except Refused as exc:
        # outside the project, or not there (a build step may write it): the states are not seen,
        # which is said as a notice; a FIFO, a device or an oversized file is the input's problem
        seen = exc.reason in (Refusal.OUTSIDE, Refusal.MISSING)
        return None, Unread("outside-project" if seen else "read", exc.message), {}
    except YamlError as exc:
        where = f" (line {exc.line})" if exc.line else ""
        return None, Unread("parse", f"{relative}: {exc.message}{where}"), {}
    if not (isinstance(document, dict) and "States" in document):
        return None, None, {}
    # findings about a state point into the definition file, at the state
    return plain(document), None, collect_spans(document, path, ("Definition",))


def _packaged_from_folder(props: dict[str, Any], globals_function: Any) -> bool:
    """A zip function that names no code: the SAM CLI builds the template's folder."""
    given = set(props) | (set(globals_function) if isinstance(globals_function, dict) else set())
    package_type = props.get("PackageType") or (
        globals_function.get("PackageType") if isinstance(globals_function, dict) else None)
    return not ({"CodeUri", "InlineCode", "ImageUri"} & given) and package_type != "Image"


def _prepare(template: dict[str, Any], base_dir: str | None = None, unread: dict[str, Unread] | None = None,
             spans: dict[str, dict[PropertyPath, SourceSpan]] | None = None) -> dict[str, str]:
    """Swap local artifact paths for placeholders and mark every SAM resource with its id; local
    definitions that could not be read are recorded in ``unread``."""
    local: dict[str, str] = {}
    globals_function = template.get("Globals", {}).get("Function") if isinstance(
        template.get("Globals"), dict) else None
    if isinstance(globals_function, dict) and isinstance(globals_function.get("CodeUri"), str) \
            and not globals_function["CodeUri"].startswith("s3://"):
        # SAM merges Globals into functions; one with InlineCode must not inherit a CodeUri
        code_uri = globals_function.pop("CodeUri")
        local["Globals"] = code_uri
        for resource in template.get("Resources", {}).values():
            if isinstance(resource, dict) and resource.get("Type") == "AWS::Serverless::Function":
                props = resource.setdefault("Properties", {})
                if isinstance(props, dict) and not ({"CodeUri", "InlineCode", "ImageUri"} & set(props)):
                    props["CodeUri"] = code_uri
    for logical_id, resource in template.get("Resources", {}).items():
        if not isinstance(resource, dict) or not str(resource.get("Type", "")).startswith("AWS::Serverless::"):
            continue
        props = resource.get("Properties")
        if isinstance(props, dict):
            definition_uri = props.get("DefinitionUri")
            if resource["Type"] == "AWS::Serverless::StateMachine" and base_dir is not None and isinstance(
                    definition_uri, str) and not definition_uri.startswith("s3://"):
                # rules read the states (retries, timeouts, tasks): inline the local definition
                definition, why, written = _local_definition(base_dir, definition_uri)
                if why is not None and unread is not None:
                    unread[logical_id] = why
                if written and spans is not None:
                    spans[logical_id] = written
                if definition is not None:
                    local[logical_id] = definition_uri
                    del props["DefinitionUri"]
                    props["Definition"] = definition
            if resource["Type"] == "AWS::Serverless::Function" and _packaged_from_folder(props, globals_function):
                props["CodeUri"] = "."  # what `sam build` packages when a function names no code
            for key in _LOCAL_URI_KEYS:
                value = props.get(key)
                if isinstance(value, str) and not value.startswith("s3://"):
                    local[logical_id] = value
                    props[key] = f"s3://{PLACEHOLDER_BUCKET}/{value}"
            if resource["Type"] == "AWS::Serverless::Application" and isinstance(props.get("Location"), dict):
                # a Serverless Application Repository app would be fetched from AWS: stay offline
                props["Location"] = f"https://{PLACEHOLDER_BUCKET}.s3.amazonaws.com/sar-application.yaml"
        metadata = resource.get("Metadata")
        resource["Metadata"] = {**(metadata if isinstance(metadata, dict) else {}), ORIGIN_KEY: logical_id}
    return local


def expand(template: dict[str, Any], base_dir: str | None = None) -> Expanded:
    """The transformed template; ``template`` must be a plain copy (it is changed).

    ``base_dir`` is the template's folder, where local artifact paths are read from.
    """
    unread: dict[str, Unread] = {}
    spans: dict[str, dict[PropertyPath, SourceSpan]] = {}
    local = _prepare(template, base_dir, unread, spans)
    STATS["transform"] += 1
    result = _Translator.get().translate(template)
    origins: dict[str, str] = {}
    for logical_id, resource in result.get("Resources", {}).items():
        metadata = resource.get("Metadata") if isinstance(resource, dict) else None
        if isinstance(metadata, dict) and ORIGIN_KEY in metadata:
            origin = metadata.pop(ORIGIN_KEY)
            if not metadata:
                del resource["Metadata"]
            if origin != logical_id:
                origins[logical_id] = origin
    return Expanded(result, origins, local, unread, spans)


def prepare_transform() -> None:
    """Import and set up the transform now (before forking workers that will all need it)."""
    _Translator.get()

"""AWS CDK cloud assemblies (``cdk.out``): every stack template, nested stacks and stages included.

``manifest.json`` lists the artifacts: ``aws:cloudformation:stack`` ones name their template
(``properties.templateFile``), ``cdk:cloud-assembly`` ones (stages) a nested assembly folder.
A nested stack is an ``AWS::CloudFormation::Stack`` resource whose ``aws:asset:path`` metadata
names its template inside the assembly. Each template is loaded as CloudFormation JSON, so spans
point at lines of the ``.template.json``; resources are then labelled by construct path and the
framework's own resources set apart (:mod:`slens.loaders.cdk.framework`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from slens.kinds import ErrorKind, NoticeKind
from slens.loaders import load_file
from slens.loaders.cdk.creation import CREATION_STACK, app_root, creation_stacks, placed_at
from slens.loaders.cdk.framework import CDK_PATH, adapt, construct_label, construct_path
from slens.loaders.files import Refused, active
from slens.loaders.result import Loaded, Note, Problem, Skipped
from slens.loaders.spans import key_span
from slens.loaders.text import json_int, printable_tree
from slens.loaders.yamlparse import YamlError, parse_yaml
from slens.model import Graph, Resource, SourceSpan

STACK = "aws:cloudformation:stack"
NESTED_ASSEMBLY = "cdk:cloud-assembly"
MANIFEST = "manifest.json"
MAX_DEPTH = 32
_NESTED_RESOURCE = re.compile(r"^(.*)/([^/]+)\.NestedStack/\2\.NestedStackResource$")


@dataclass
class CdkLoaded(Loaded):
    """One stack template of a cloud assembly."""

    #: the stack's display name (``Stage/Stack``, ``Stack/Nested`` for nested stacks)
    stack: str = ""
    #: the framework resources themselves, marked ``slens:framework`` in their metadata
    framework_items: list[Resource] = field(default_factory=list)


def framework_resources(loaded: Loaded) -> list[str]:
    """Names of the CDK framework resources left out of ``loaded``'s graph (none for other dialects)."""
    return list(loaded.framework) if isinstance(loaded, CdkLoaded) else []


def _read_json(path: str) -> tuple[Any, Problem | None]:
    """The document, with key positions where libyaml can read it (read through the scan's confinement:
    never a FIFO, a device, a file over the size limit or one outside the project)."""
    try:
        text = active(path).read_text(path, os.path.basename(path))
    except Refused as exc:
        return None, Problem(ErrorKind.READ, exc.message)
    try:
        plain = printable_tree(json.loads(text, parse_int=json_int))
    except json.JSONDecodeError as exc:
        return None, Problem(ErrorKind.PARSE, f"invalid JSON in {os.path.basename(path)}: {exc.msg}", exc.lineno)
    except RecursionError:
        return None, Problem(ErrorKind.PARSE, f"invalid JSON in {os.path.basename(path)}: nesting too deep")
    try:
        return parse_yaml(text)[0], None
    except YamlError:
        return plain, None


@dataclass
class _StackPaths:
    """Construct paths from a stack's metadata (for templates written without ``aws:cdk:path``)."""

    #: template file -> logical id -> construct path
    by_template: dict[str, dict[str, str]]
    #: construct path of a stack or nested stack -> its template file
    templates: dict[str, str]
    #: template file -> logical id -> the creation stacks that may place the construct (frames, innermost
    #: first): its own, then its enclosing constructs' (:func:`creation_stacks`)
    creation: dict[str, dict[str, list[list[object]]]] = field(default_factory=dict)


def _metadata_paths(entries: Mapping[str, Any], own_template: str) -> _StackPaths:
    templates: dict[str, str] = {}
    logical: list[tuple[str, str]] = []
    frames: dict[str, list[object]] = {}
    for path, items in entries.items():
        for item in items if isinstance(items, list) else []:
            kind = item.get("type") if isinstance(item, Mapping) else None
            data = item.get("data") if isinstance(item, Mapping) else None
            if kind == "aws:cdk:templateFile" and isinstance(data, str):
                templates[path.strip("/")] = data
            elif kind == "aws:cdk:logicalId" and isinstance(data, str):
                logical.append((path.strip("/"), data))
            elif kind == CREATION_STACK and isinstance(data, list):
                frames[path.strip("/")] = data
    out: dict[str, dict[str, str]] = {own_template: {}}
    creation: dict[str, dict[str, list[list[object]]]] = {}
    for path, logical_id in logical:
        owner = own_template
        parts = path.split("/")
        for end in range(len(parts) - 1, 0, -1):
            if "/".join(parts[:end]) in templates:
                owner = templates["/".join(parts[:end])]
                break
        out.setdefault(owner, {})[logical_id] = path
        stacks = creation_stacks(path, frames)
        if stacks:
            creation.setdefault(owner, {})[logical_id] = stacks
    return _StackPaths(out, templates, creation)


class _AssemblyReader:
    def __init__(self, display: Callable[[str], str]) -> None:
        self.display = display
        self.loaded: list[Loaded] = []
        self.seen: set[str] = set()

    def problem(self, file: str, message: str, line: int | None = None, kind: ErrorKind = ErrorKind.READ) -> None:
        self.loaded.append(CdkLoaded(self.display(file), None, [Problem(kind, message, line)], "cdk"))

    def outside(self, file: str, path: str, what: str, line: int | None) -> bool:
        """True (and a notice on ``file``) when ``path``, named by the assembly, leaves the project."""
        if active(path).inside(path):
            return False
        self.loaded.append(CdkLoaded(self.display(file), None, [], "cdk", notes=[Note(
            NoticeKind.OUTSIDE_PROJECT, f"{what} is outside the project: not read, not reviewed", line)]))
        return True

    def assembly(self, directory: str, depth: int = 0) -> None:
        real = os.path.realpath(directory)
        if real in self.seen or depth > MAX_DEPTH:
            return
        self.seen.add(real)
        manifest_path = os.path.join(directory, MANIFEST)
        manifest, problem = _read_json(manifest_path)
        if problem is not None:
            self.loaded.append(CdkLoaded(self.display(manifest_path), None, [problem], "cdk"))
            return
        artifacts = manifest.get("artifacts") if isinstance(manifest, Mapping) else None
        if not isinstance(artifacts, Mapping):
            self.problem(manifest_path, "the cloud assembly manifest lists no artifacts", kind=ErrorKind.PARSE)
            return
        for name, artifact in artifacts.items():
            if not isinstance(artifact, Mapping):
                continue
            props = artifact.get("properties")
            props = props if isinstance(props, Mapping) else {}
            if artifact.get("type") == STACK:
                self.stack(directory, manifest_path, str(name), artifact, props, depth)
            elif artifact.get("type") == NESTED_ASSEMBLY:
                folder = props.get("directoryName")
                line = key_span(props, "directoryName", manifest_path).line
                if isinstance(folder, str) and self.outside(manifest_path, os.path.join(directory, folder),
                                                            f"nested cloud assembly {name} ({folder})", line):
                    continue
                if not isinstance(folder, str) or not os.path.isfile(os.path.join(directory, folder, MANIFEST)):
                    self.problem(manifest_path, f"nested cloud assembly {name}: folder {folder!r} with a "
                                                f"{MANIFEST} does not exist", line)
                else:
                    self.assembly(os.path.join(directory, folder), depth + 1)

    def _stack_metadata(self, directory: str, manifest_path: str, artifact: Mapping[str, Any]) -> dict[str, Any]:
        entries: dict[str, Any] = {}
        inline = artifact.get("metadata")
        if isinstance(inline, Mapping):
            entries.update(inline)
        extra = artifact.get("additionalMetadataFile")
        if isinstance(extra, str):
            path = os.path.join(directory, extra)
            if self.outside(manifest_path, path, f"metadata file {extra}", key_span(artifact, "additionalMetadataFile",
                                                                                    manifest_path).line):
                return entries
            # construct paths are only labels: without the file the stack is still reviewed, but a
            # file that is there and cannot be read (a FIFO, too large) is said
            document, problem = _read_json(path) if os.path.lexists(path) else (None, None)
            if problem is not None:
                self.loaded.append(CdkLoaded(self.display(path), None, [problem], "cdk"))
            if isinstance(document, Mapping):
                entries.update(document)
        return entries

    def stack(self, directory: str, manifest_path: str, name: str, artifact: Mapping[str, Any],
              props: Mapping[str, Any], depth: int) -> None:
        template = props.get("templateFile")
        line = key_span(props, "templateFile", manifest_path).line
        display_name = artifact.get("displayName")
        stack = display_name if isinstance(display_name, str) else name
        if not isinstance(template, str) or not template:
            self.problem(manifest_path, f"stack {stack}: the manifest names no template file", line, ErrorKind.PARSE)
            return
        path = os.path.join(directory, template)
        if self.outside(manifest_path, path, f"stack {stack}: template file {template}", line):
            return
        if not os.path.isfile(path):
            self.problem(manifest_path, f"stack {stack}: template file {template} named in {MANIFEST} does not "
                                        f"exist in {self.display(directory)}", line)
            return
        paths = _metadata_paths(self._stack_metadata(directory, manifest_path, artifact), template)
        self.template(path, template, directory, stack, paths, depth)

    def template(self, path: str, relative: str, directory: str, stack: str, paths: _StackPaths,
                 depth: int) -> None:
        real = os.path.realpath(path)
        if real in self.seen or depth > MAX_DEPTH:
            return
        self.seen.add(real)
        file = self.display(path)
        loaded = load_file(path, explicit=True, name=file)
        if isinstance(loaded, Skipped):
            self.problem(path, f"stack {stack}: {relative} is not a CloudFormation template", kind=ErrorKind.PARSE)
            return
        copied = {f.name: getattr(loaded, f.name) for f in fields(Loaded)}
        result = CdkLoaded(**{**copied, "dialect": "cdk"}, stack=stack)
        self.loaded.append(result)
        if loaded.graph is None:
            return
        fallback = paths.by_template.get(os.path.normpath(relative), {})
        kept, framework = adapt(loaded.graph.resources, fallback)
        kept, note = _at_creation_lines(kept, paths.creation.get(os.path.normpath(relative), {}),
                                        app_root(directory), self.display)
        result.notes += [note] if note is not None else []
        result.graph = Graph(kept, loaded.graph.parameters)
        result.framework = [r.origin.label or r.logical_id for r in framework]
        result.framework_items = framework
        for resource in kept.values():
            if resource.type == "AWS::CloudFormation::Stack":
                self.nested(resource, result, directory, stack, paths, fallback, depth)

    def nested(self, resource: Resource, parent: CdkLoaded, directory: str, stack: str,
               paths: _StackPaths, fallback: Mapping[str, str], depth: int) -> None:
        asset = resource.metadata.get("aws:asset:path")
        construct = construct_path(resource, fallback)
        if not isinstance(asset, str):
            match = _NESTED_RESOURCE.match(construct or "")
            asset = paths.templates.get(match.group(1)) if match else None
        if not isinstance(asset, str):
            return  # a stack deployed from a URL outside the assembly: the template's loader noted it
        # its template is in the assembly after all (found by construct path): reviewed, not remote
        parent.notes = [n for n in parent.notes if not n.message.startswith(f"{resource.logical_id}: not reviewed")]
        name = construct_label(construct or resource.logical_id)
        relative = os.path.normpath(asset)
        nested_path = os.path.join(directory, relative)
        if not active(nested_path).inside(nested_path):
            parent.notes.append(Note(NoticeKind.OUTSIDE_PROJECT, f"nested stack {name}: template {asset} "
                                     "(aws:asset:path) is outside the project: not read, not reviewed",
                                     resource.span.line))
            return
        if not os.path.isfile(nested_path):
            parent.problems.append(Problem(ErrorKind.READ, f"nested stack {name}: template {asset} "
                                           "(aws:asset:path) does not exist in the cloud assembly",
                                           resource.span.line, resource.logical_id))
            return
        self.template(nested_path, relative, directory, name, paths, depth + 1)


def _at_creation_lines(resources: dict[str, Resource], frames: Mapping[str, list[list[object]]], root: str,
                       display: Callable[[str], str]) -> tuple[dict[str, Resource], Note | None]:
    """Each resource placed at the line of the user's code that created its construct, where the
    assembly records one; a notice saying how to have them recorded when it records none."""
    placed: dict[str, Resource] = {}
    for logical_id, resource in resources.items():
        found = placed_at(frames.get(logical_id, ()), root)
        if found is None:
            placed[logical_id] = resource
        else:  # the user's line for the whole construct: the template's own lines are cdk.out's
            path, line, column = found
            placed[logical_id] = replace(resource, span=SourceSpan(display(path), line, column), spans={})
    if not resources or any(p is not resources[k] for k, p in placed.items()):
        return placed, None
    how = ("stack traces stop before your code: synthesize with NODE_OPTIONS=--stack-trace-limit=100"
           if frames else "synthesize with 'cdk synth --debug' to record them")
    return placed, Note(NoticeKind.NO_CREATION_LINES, f"the assembly records no construct creation lines in your "
                                                      f"code, so findings point at cdk.out: {how}")


def synthesized_alone(loaded: Loaded) -> Loaded:
    """A template ``cdk synth`` wrote (``aws:cdk:path`` metadata) and scanned on its own, as in
    ``cdk synth > template.yaml``: named by construct path, with the CDK's own resources set apart,
    as one of an assembly's stacks is. Other templates are returned as they are."""
    graph = loaded.graph
    if graph is None or loaded.dialect != "cloudformation" or not any(
            CDK_PATH in r.metadata for r in graph.resources.values()):
        return loaded
    copied = {f.name: getattr(loaded, f.name) for f in fields(Loaded)}
    result = CdkLoaded(**{**copied, "dialect": "cdk"}, stack=os.path.splitext(os.path.basename(loaded.file))[0])
    kept, framework = adapt(graph.resources, {})
    result.graph = Graph(kept, graph.parameters)
    result.framework = [r.origin.label or r.logical_id for r in framework]
    result.framework_items = framework
    return result


def load_cloud_assembly(directory: str, display: Callable[[str], str]) -> list[Loaded]:
    """One :class:`CdkLoaded` per stack template (nested stacks and stages included), or per problem.

    ``display`` maps a real path to the path findings and errors show.
    """
    reader = _AssemblyReader(display)
    reader.assembly(directory)
    return reader.loaded

"""Terraform configurations (``*.tf``) and plans (``terraform show -json``) into the resource graph.

Resources are named by their Terraform address (``module.api.aws_sqs_queue.jobs``) and carry
CloudFormation types and property names, so every rule reads them as it reads a template.
"""

from __future__ import annotations

import os
import re
from contextlib import suppress
from dataclasses import replace
from typing import Any

from lark import Tree

from slens.kinds import ErrorKind
from slens.loaders.annotations import inline_suppressions
from slens.loaders.bounds import MAX_RESOURCES, Meter, TooLarge
from slens.loaders.files import Refused, active, confined
from slens.loaders.result import Loaded, Problem
from slens.loaders.terraform.assemble import Assembler, Stats
from slens.loaders.terraform.module import MAX_DEPTH, MAX_FILE, Module, Session
from slens.loaders.terraform.objects import Obj
from slens.loaders.terraform.syntax import HclError, literal_string, parse_file
from slens.model import Unknown, Value, as_int


def _instances(module: Module, block_attrs: dict[str, Any], file: str) -> tuple[bool, dict[str, Value]]:
    """Whether the resource exists (``count = 0`` or an empty ``for_each`` remove it) and a note on how many."""
    note: dict[str, Value] = {}
    evaluator = module.evaluator(file)
    for key in ("count", "for_each"):
        attribute = block_attrs.get(key)
        if attribute is None:
            continue
        value = evaluator.eval(attribute.expr, attribute.line)
        if (key == "count" and as_int(value) == 0) or (key == "for_each" and value in ({}, [])):
            return False, {}
        note["Terraform"] = {key: "mapped as one resource"}
    return True, note


def load_module_stats(files: list[str], names: dict[str, str], project_root: str | None = None,
                      ) -> tuple[Loaded, Stats]:
    """One module directory's graph (local modules expanded) and what was mapped by type; with
    ``project_root``, reads are confined to it instead of the scan's (or the files') project."""
    if project_root is None:
        return _load_module_stats(files, names)
    first = files[0] if files else "."
    with confined(replace(active(first), root=os.path.realpath(project_root))):
        return _load_module_stats(files, names)


def _load_module_stats(files: list[str], names: dict[str, str]) -> tuple[Loaded, Stats]:
    paths = [os.path.abspath(f) for f in files]
    real_names = {os.path.abspath(k): v for k, v in names.items()}
    root_dir = os.path.dirname(paths[0]) if paths else os.getcwd()
    shown = real_names.get(paths[0], paths[0]) if len(paths) == 1 else (
        os.path.dirname(real_names.get(paths[0], paths[0])) or ".") if paths else "."
    session = Session(root_dir)
    stats = Stats()
    try:
        root = Module(session, paths, real_names)
        root.read_tfvars()
        assembler = Assembler(session.spans)
        meter, units = session.spans.meter, 0
        for module in root.walk():
            for address, block in module.resources.items():
                exists, note = _instances(module, block.attributes, block.file)
                tf_type = address.split(".", 1)[0]
                if not exists:
                    assembler.stats.disabled[tf_type] += 1
                    continue
                obj = module.evaluate(block)
                # what the rules walk: a value that many resources share counts at each of them
                units += _units(obj, meter)
                if units > MAX_RESOURCES:
                    meter.stopped(TooLarge(f"the resources hold more than {MAX_RESOURCES:,} values once expanded: "
                                           "the rest are not reviewed", budget=True), block.file, block.line)
                    continue
                assembler.add(module.prefix + address, tf_type, obj, note)
        # variables play CloudFormation parameters' part: a name built from one is not hard-coded
        parameters: dict[str, Value] = {}
        for name in root.variables:
            value = root.variable(name)
            declaration: dict[str, Value] = {"Type": "String"}
            if value is not None and not isinstance(value, Unknown):
                declaration["Default"] = value
            if root.sensitive(name):
                declaration["NoEcho"] = True
            parameters[name] = declaration
        graph = assembler.finish(parameters)
        stats = assembler.stats
        for file, line, message in session.spans.meter.stops:
            session.problem(ErrorKind.PARSE, message, file, line)
    except RecursionError:
        return Loaded(shown, None, [*session.problems, Problem(ErrorKind.PARSE, "configuration nested too deeply")],
                      "terraform", notes=session.notes), stats
    loaded = Loaded(shown, graph, session.problems, "terraform", notes=session.notes)
    if len(paths) == 1:
        with suppress(Refused):  # already reported when the module read it
            loaded.suppressions.extend(inline_suppressions(active(paths[0]).read_text(paths[0])))
    return loaded, stats


def _units(obj: Obj, meter: Meter) -> int:
    return meter.size(obj.attrs) + sum(_units(child, meter) for blocks in obj.blocks.values() for child in blocks)


def load_module(files: list[str], names: dict[str, str]) -> Loaded:
    """The graph of one module directory: ``files`` are its ``.tf`` files, ``names`` their display paths."""
    return load_module_stats(files, names)[0]


def load_plan(document: dict[str, Any], path: str, name: str) -> Loaded:
    """The graph of a ``terraform show -json`` plan or state document."""
    from slens.loaders.terraform.plan import build_plan

    return build_plan(document, name)[0]


def is_plan(document: Any) -> bool:
    """True for ``terraform show -json`` output: ``format_version`` with ``planned_values`` or ``values``."""
    return isinstance(document, dict) and "format_version" in document and (
        "planned_values" in document or "values" in document)


__all__ = ["Stats", "is_plan", "load_module", "load_module_stats", "load_plan"]


#: a cheap first look: only the files that may call a local module are parsed to find out
_LOCAL_SOURCE = re.compile(r'\bsource\s*=\s*"\.{1,2}/')


def _local_sources(path: str) -> list[str]:
    """The local sources (``./``, ``../``) of the module blocks of one .tf file, as written."""
    try:
        text = replace(active(path), limit=MAX_FILE).read_text(path)
    except Refused:
        return []
    if not _LOCAL_SOURCE.search(text):
        return []
    try:  # parsed, not searched: a comment or a string that mentions a module block calls nothing
        root = parse_file(text, path)
    except HclError:
        return []
    sources: list[str] = []
    for block in root.children("module"):
        attribute = block.attributes.get("source")
        node = attribute.expr if attribute is not None else None
        while isinstance(node, Tree) and node.data == "expr_term" and len(node.children) == 1:
            node = node.children[0]
        source = literal_string(node) if isinstance(node, Tree) and node.data == "string" else ""
        if source.startswith(("./", "../")) and "${" not in source:
            sources.append(source)
    return sources


def local_module_dirs(files: list[str]) -> set[str]:
    """Folders of these .tf files that are reviewed as a local module of another folder of them,
    which expands them: not reviewed again on their own. Every folder is reviewed once, either
    way: one that calls itself, or folders that call each other with no caller above them, are not
    dropped, and neither is one deeper than the expansion goes."""
    folders = sorted({os.path.normpath(os.path.dirname(f)) for f in files})
    calls: dict[str, set[str]] = {folder: set() for folder in folders}
    for path in files:
        folder = os.path.normpath(os.path.dirname(path))
        for source in _local_sources(path):
            callee = os.path.normpath(os.path.join(folder, source))
            if callee != folder and callee in calls:
                calls[folder].add(callee)
    called = {callee for callees in calls.values() for callee in callees}
    kept: set[str] = set()
    covered: set[str] = set()
    for folder in [f for f in folders if f not in called] + [f for f in folders if f in called]:
        if folder in covered:
            continue
        kept.add(folder)
        level, seen = [folder], {folder}
        for _ in range(MAX_DEPTH):
            level = [c for f in level for c in calls[f] if c not in seen]
            seen.update(level)
        covered |= seen
    return covered - kept

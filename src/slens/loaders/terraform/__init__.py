"""Terraform configurations (``*.tf``) and plans (``terraform show -json``) into the resource graph.

Resources are named by their Terraform address (``module.api.aws_sqs_queue.jobs``) and carry
CloudFormation types and property names, so every rule reads them as it reads a template.
"""

from __future__ import annotations

import os
import re
from typing import Any

from slens.loaders.annotations import inline_suppressions
from slens.loaders.bounds import MAX_RESOURCES, Meter, TooLarge
from slens.loaders.cloudformation import Loaded, Problem
from slens.loaders.terraform.assemble import Assembler, Stats
from slens.loaders.terraform.module import Module, Session
from slens.loaders.terraform.objects import Obj
from slens.model import Unknown, Value, as_int


def _project_root(directory: str) -> str | None:
    """The enclosing repository (a folder with ``.git``): local modules must lie inside it."""
    current = directory
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


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
    """One module directory's graph (local modules expanded) and what was mapped by type."""
    paths = [os.path.abspath(f) for f in files]
    real_names = {os.path.abspath(k): v for k, v in names.items()}
    root_dir = os.path.dirname(paths[0]) if paths else os.getcwd()
    shown = real_names.get(paths[0], paths[0]) if len(paths) == 1 else (
        os.path.dirname(real_names.get(paths[0], paths[0])) or ".") if paths else "."
    session = Session(root_dir, project_root if project_root is not None else _project_root(root_dir))
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
            session.problem("parse", message, file, line)
    except RecursionError:
        return Loaded(shown, None, [*session.problems, Problem("parse", "configuration nested too deeply")],
                      "terraform", notes=session.notes), stats
    loaded = Loaded(shown, graph, session.problems, "terraform", notes=session.notes)
    if len(paths) == 1:
        try:
            with open(paths[0], encoding="utf-8-sig") as handle:
                loaded.suppressions.extend(inline_suppressions(handle.read()))
        except (OSError, UnicodeDecodeError):
            pass
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


_LOCAL_SOURCE = re.compile(r'\bsource\s*=\s*"(\.{1,2}/[^"]*)"')


def local_module_dirs(files: list[str]) -> set[str]:
    """Folders that these .tf files use as local modules (a folder scanned as part of its caller)."""
    found: set[str] = set()
    for path in files:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            continue
        for match in _LOCAL_SOURCE.finditer(text):
            found.add(os.path.normpath(os.path.join(os.path.dirname(path), match.group(1))))
    return found

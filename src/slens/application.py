"""Stacks of one scan that link to each other, reviewed as one application.

Each unit is reviewed on its own first (in the pool, or answered by the result cache), and its
outcome says what it shares with other stacks (:class:`~slens.model.stacks.StackLinks`: exports,
imports, SSM parameters written and read, local nested templates). :func:`link` then groups the
templates those names link (:func:`slens.model.stacks.applications`), loads each group's templates
again (the loaded-template cache spares the parse), merges them into one graph
(:func:`slens.model.stacks.merge`) and runs the rules once on it: each template's findings are then
the merged review's findings in that file. A template linked to no other keeps its own outcome.

Linking is redone on every scan from the names the outcomes carry, cached or not, so a template
whose partner changed is reviewed against the partner as it is now; a merged review is never
cached. A group of more than :data:`MAX_STACKS` templates is not merged (a notice says so).
Nested templates are matched only against the units the scan planned (every one inside the
project): linking never reads a file the scan would not have read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import replace

from slens.engine import Finding, Notice, NoticeKind, RuleCatalogue, run_rules
from slens.loaders import Loaded, LoadOptions
from slens.loaders.paths import display_path
from slens.loaders.units import Unit, UnitKind, confinement, load_unit
from slens.model.stacks import (
    Member,
    Stack,
    StackLinks,
    applications,
    merge,
    nested_templates,
    written_ids,
)
from slens.outcome import UnitOutcome

#: the most templates merged into one application
MAX_STACKS = 32


def _place(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def _child(unit: Unit, written: str) -> str | None:
    """The template a local ``TemplateURL`` names, when it lies inside the unit's project."""
    path = _place(os.path.join(os.path.dirname(_place(unit.path)), written))
    root = _place(unit.root) if unit.root else None
    if root is not None and os.path.commonpath([root, path]) != root:
        return None
    return path


def link(units: Sequence[Unit], results: list[list[UnitOutcome]], catalogue: RuleCatalogue,
         load: LoadOptions | None) -> tuple[list[list[UnitOutcome]], list[Notice]]:
    """``results`` (one list per unit) with the outcomes of linked templates replaced by their share
    of one review of the application they make; and the notices of groups too large to merge."""
    linked = [i for i, outcomes in enumerate(results) if units[i].kind is UnitKind.FILE and len(outcomes) == 1
              and not outcomes[0].skipped]
    if len(linked) < 2 or all(results[i][0].links is None for i in linked):
        return results, []
    members = []
    for i in linked:
        links = results[i][0].links or StackLinks()
        children = tuple(c for written in links.nested if (c := _child(units[i], written)) is not None)
        members.append(Member(_place(units[i].path), links, children))
    notices: list[Notice] = []
    results = list(results)
    for group in applications(members):
        indexes = [linked[g] for g in group]
        if len(indexes) > MAX_STACKS:
            notices.append(Notice(results[indexes[0]][0].file, None, NoticeKind.LARGE_APPLICATION,
                                  f"{len(indexes)} templates export, import, share SSM parameters or nest each "
                                  f"other: more than {MAX_STACKS}, so each was reviewed on its own"))
            continue
        merged = _review(indexes, units, results, catalogue, load)
        if merged is not None:
            for i, outcome in zip(indexes, merged, strict=True):
                results[i] = [outcome]
    return results, notices


def _loaded(unit: Unit, load: LoadOptions | None) -> Loaded | None:
    try:
        with confinement(unit, load):
            found = load_unit(unit, load)
    except Exception:  # reviewed on its own already: a failure here keeps that review
        return None
    loaded = found[0] if len(found) == 1 else None
    return loaded if isinstance(loaded, Loaded) and loaded.graph is not None else None


def _labels(files: Sequence[str]) -> list[str]:
    """The shortest path ending (without the extension) that tells each file from the others."""
    parts = [os.path.splitext(f)[0].replace(os.sep, "/").split("/") for f in files]
    for depth in range(1, max(len(p) for p in parts) + 1):
        labels = ["/".join(p[-depth:]) for p in parts]
        if len(set(labels)) == len(labels):
            return labels
    return list(files)


def _as_written(findings: list[Finding], written: dict[str, str]) -> list[Finding]:
    """Findings that name resources (and parameters, in messages) as their templates wrote them:
    suppressions, baselines and fingerprints of a template do not depend on its being linked."""
    if not written:
        return findings
    pattern = re.compile("|".join(re.escape(name) for name in sorted(written, key=len, reverse=True)))
    return [replace(f, resource=written.get(f.resource, f.resource),
                    generated_resource=written.get(f.generated_resource or "", f.generated_resource),
                    message=pattern.sub(lambda m: written[m.group(0)], f.message)) for f in findings]


def _review(indexes: list[int], units: Sequence[Unit], results: list[list[UnitOutcome]], catalogue: RuleCatalogue,
            load: LoadOptions | None) -> list[UnitOutcome] | None:
    """The group's outcomes from one review of its merged graph; None when a template no longer loads."""
    loaded = [_loaded(units[i], load) for i in indexes]
    if any(item is None for item in loaded):
        return None
    where = {_place(units[i].path): position for position, i in enumerate(indexes)}
    stacks: list[Stack] = []
    for position, (i, item, label) in enumerate(zip(indexes, loaded, _labels([results[i][0].file for i in indexes]),
                                                    strict=True)):
        assert item is not None and item.graph is not None
        children = {logical_id: where[child] for logical_id, written in nested_templates(item.graph).items()
                    if (child := _child(units[i], written)) in where and where[child] != position}
        stacks.append(Stack(label, item.graph, item.exports, children))
    files = [results[i][0].file for i in indexes]
    findings, errors = run_rules(catalogue, merge(stacks), display_path(units[indexes[0]].path))
    # a finding names the resource as its template wrote it: suppressions, baselines and
    # fingerprints of a template are the same whether or not it is linked
    findings = _as_written(findings, written_ids(stacks))
    outcomes: list[UnitOutcome] = []
    for position, i in enumerate(indexes):
        outcome = results[i][0]
        mine = [f for f in findings if f.span.file == files[position]
                or (position == 0 and f.span.file not in files)]
        # the loader's problems stay; the rules' errors are the merged review's
        kept = [e for e in outcome.errors if e.rule_id is None] + (errors if position == 0 else [])
        outcomes.append(replace(outcome, findings=mine, errors=kept))
    return outcomes


__all__ = ["MAX_STACKS", "link"]

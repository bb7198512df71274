"""Deployed resources joined with the templates that made them, once every unit has been reviewed.

Each unit's outcome carries a small index of plain values, which travels through the worker pool
and the result cache as the event flow does: for a template, its resources by logical id with
their lines and the literal values of the settings that comparing rules read; for an account, the
resources a CloudFormation stack made, by stack, with the same settings as deployed. After the
last unit, each stack is matched with the reviewed template that holds the most of its logical
ids; the findings on its resources then point at that template's lines, and the rules that
compare (:attr:`~slens.engine.rule.Rule.compares`) report where the account and the template
disagree. Rules never see two units at once: the join is the engine's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from slens.engine.result import Notice, NoticeKind
from slens.engine.rule import Deployed, Finding, Rule
from slens.engine.runner import deployed
from slens.model import Graph, PropertyPath, Resource, SourceSpan

#: what a compared setting may be: a template's literal, or what the account shows
Scalar = bool | int | float | str
#: a stack is named within its account and region
StackKey = tuple[str, str, str]


def _scalar(value: object) -> bool:
    return isinstance(value, bool | int | float | str)


@dataclass(frozen=True)
class Stated:
    """A compared setting a template writes as a literal, and where."""

    path: PropertyPath
    value: Scalar
    line: int | None
    column: int | None


@dataclass(frozen=True)
class Declared:
    """A template's resource, as a finding on it names and places it."""

    logical_id: str
    type: str
    line: int | None
    column: int | None
    #: as the user wrote it: the SAM resource of a resource the transform generated
    resource: str
    resource_type: str
    generated: str | None
    label: str | None
    resource_line: int | None
    settings: tuple[Stated, ...] = ()


@dataclass(frozen=True)
class Running:
    """A resource of an account that a CloudFormation stack made."""

    stack: str
    logical_id: str
    type: str
    deployed: Deployed
    #: compared settings as deployed: None where the account shows none (non-scalar values are left
    #: out, so that nothing is compared with them)
    settings: tuple[tuple[PropertyPath, Scalar | None], ...] = ()


@dataclass(frozen=True)
class UnitIndex:
    file: str
    declared: tuple[Declared, ...] = ()
    running: tuple[Running, ...] = ()

    def encode(self) -> list[Any]:
        return [self.file,
                [[d.logical_id, d.type, d.line, d.column, d.resource, d.resource_type, d.generated, d.label,
                  d.resource_line, [[list(s.path), s.value, s.line, s.column] for s in d.settings]]
                 for d in self.declared],
                [[r.stack, r.logical_id, r.type, [r.deployed.arn, r.deployed.account, r.deployed.region],
                  [[list(path), value] for path, value in r.settings]] for r in self.running]]

    @classmethod
    def decode(cls, value: Any) -> UnitIndex:
        file, declared, running = value
        return cls(str(file), tuple(
            Declared(str(i), str(t), line, column, str(res), str(res_type), generated, label, resource_line,
                     tuple(Stated(tuple(path), v, sline, scol) for path, v, sline, scol in settings))
            for i, t, line, column, res, res_type, generated, label, resource_line, settings in declared),
            tuple(Running(str(stack), str(i), str(t), Deployed(arn, str(account), str(region), str(stack), str(i)),
                          tuple((tuple(path), v) for path, v in settings))
                  for stack, i, t, (arn, account, region), settings in running))


def unit_index(graph: Graph, file: str, compares: Mapping[str, tuple[PropertyPath, ...]], *, live: bool,
               ) -> UnitIndex | None:
    """The index of one reviewed unit (None when it has nothing to join): ``compares`` are the
    settings that comparing rules read, by resource type."""
    if live:
        running = tuple(r for r in (_running(res, compares) for res in graph.resources.values()) if r is not None)
        return UnitIndex(file, running=running) if running else None
    declared = tuple(_declared(res, compares) for res in graph.resources.values())
    return UnitIndex(file, declared=declared) if declared else None


def _running(resource: Resource, compares: Mapping[str, tuple[PropertyPath, ...]]) -> Running | None:
    where = deployed(resource)
    if where is None or where.stack is None or where.logical_id is None:
        return None
    settings: list[tuple[PropertyPath, Scalar | None]] = []
    for path in compares.get(resource.type, ()):
        value = resource.prop(*path)
        if value is None or _scalar(value):
            settings.append((path, value))  # type: ignore[arg-type]
    return Running(where.stack, where.logical_id, resource.type, where, tuple(settings))


def _declared(resource: Resource, compares: Mapping[str, tuple[PropertyPath, ...]]) -> Declared:
    stated: list[Stated] = []
    # a setting under a condition may not be what the stack deployed: nothing to compare
    if resource.condition is None:
        for path in compares.get(resource.type, ()):
            value = resource.prop(*path)
            if _scalar(value):
                span = resource.span_of(path)
                stated.append(Stated(path, value, span.line, span.column))  # type: ignore[arg-type]
    origin = resource.origin
    return Declared(resource.logical_id, resource.type, resource.span.line or origin.span.line,
                    resource.span.column if resource.span.line else origin.span.column, origin.logical_id,
                    origin.type, resource.logical_id if resource.generated else None, origin.label,
                    origin.span.line, tuple(stated))


def match(stacks: Mapping[StackKey, Iterable[str]], templates: Mapping[str, Iterable[str]],
          ) -> tuple[dict[StackKey, str], dict[StackKey, tuple[str, ...]]]:
    """Each stack's template: the one that holds the most of the stack's logical ids, and at least
    half of them. Stacks that several templates hold equally well are matched with none (second
    value: the stack and those templates): a line in the wrong template would mislead."""
    holders: dict[str, list[str]] = defaultdict(list)
    for file, ids in templates.items():
        for logical_id in set(ids):
            holders[logical_id].append(file)
    matched: dict[StackKey, str] = {}
    tied: dict[StackKey, tuple[str, ...]] = {}
    for key, ids in stacks.items():
        wanted = set(ids)
        counts = Counter(file for logical_id in wanted for file in holders.get(logical_id, ()))
        if not counts:
            continue
        best = max(counts.values())
        if best * 2 < len(wanted):
            continue
        winners = tuple(sorted(file for file, count in counts.items() if count == best))
        if len(winners) == 1:
            matched[key] = winners[0]
        else:
            tied[key] = winners
    return matched, tied


def join(findings: list[Finding], indexes: Iterable[UnitIndex], rules: Iterable[Rule],
         ) -> tuple[list[Finding], list[Notice]]:
    """The findings with those on stack-made resources placed in their template, plus what the
    comparing ``rules`` report; and a notice per stack that no one template could be chosen for."""
    templates: dict[str, dict[str, Declared]] = {}
    stacks: dict[StackKey, dict[str, Running]] = defaultdict(dict)
    for index in indexes:
        if index.declared:
            templates.setdefault(index.file, {d.logical_id: d for d in index.declared})
        for running in index.running:
            stacks[(running.deployed.account, running.deployed.region, running.stack)][running.logical_id] = running
    if not stacks or not templates:
        return findings, []
    matched, tied = match(stacks, templates)
    notices = [Notice(f"aws://{account}/{region}", None, NoticeKind.AMBIGUOUS_STACK,
                      f"stack {stack} matches {' and '.join(files)} equally well: its findings keep their "
                      "account location and its settings are not compared with a template")
               for (account, region, stack), files in sorted(tied.items())]
    placed = [_placed(f, matched, templates) for f in findings]
    # the template states the same problem at the same place: one problem, one finding, the
    # template's (its fingerprint is the one baselines and suppressions of the template know)
    stated = {_problem(f) for f in placed if f.live is None}
    placed = [f for f in placed if f.live is None or _problem(f) not in stated]
    comparing = [r for r in rules if r.compares]
    for key, file in sorted(matched.items()):
        for logical_id, running in sorted(stacks[key].items()):
            declared = templates[file].get(logical_id)
            if declared is not None and declared.type == running.type:
                placed += _compared(comparing, declared, running, file)
    return placed, notices


def _problem(finding: Finding) -> tuple[str, str, str, str | None, tuple[str | int, ...]]:
    return (finding.rule.id, finding.span.file, finding.resource, finding.generated_resource, tuple(finding.path))


def _placed(finding: Finding, matched: Mapping[StackKey, str], templates: Mapping[str, Mapping[str, Declared]],
            ) -> Finding:
    live = finding.live
    if live is None or live.stack is None or live.logical_id is None:
        return finding
    file = matched.get((live.account, live.region, live.stack))
    declared = templates[file].get(live.logical_id) if file is not None else None
    # a logical id the template now gives another type is another resource
    if declared is None or declared.type != finding.resource_type:
        return finding
    return replace(finding, span=SourceSpan(file or "", declared.line, declared.column), resource=declared.resource,
                   resource_type=declared.resource_type, generated_resource=declared.generated,
                   label=declared.label, resource_line=declared.resource_line)


def _compared(rules: Iterable[Rule], declared: Declared, running: Running, file: str) -> list[Finding]:
    shown = dict(running.settings)
    found: list[Finding] = []
    for rule in rules:
        paths = rule.compares.get(declared.type, ())
        for stated in declared.settings:
            if stated.path not in paths or stated.path not in shown:
                continue
            message = rule.compare(declared.type, stated.path, stated.value, shown[stated.path])
            if message:
                found.append(Finding(rule, rule.severity, declared.resource, declared.resource_type,
                                     declared.generated, SourceSpan(file, stated.line or declared.line,
                                                                    stated.column if stated.line else declared.column),
                                     stated.path, message, declared.label, declared.resource_line, running.deployed))
    return found

"""What one unit contributes to a scan: its loaded result run through the rules, and how that is
added to the rest.

Wiring, not engine: an outcome carries the suppressions a template declares as the loaders read
them (:class:`~slens.loaders.RawSuppression`), which become suppressions only against the run's
catalogue when results are collected, so that a cached outcome serves any catalogue. The engine
may not import the loaders, so this sits beside the scan and the result cache, which know both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from slens.engine import ErrorKind, Finding, Notice, NoticeKind, RuleCatalogue, ScanError, checked_counts, run_rules
from slens.engine.assemble import Collected
from slens.engine.flow import EventFlow, event_flow
from slens.engine.join import UnitIndex, unit_index
from slens.engine.result import SkippedFile
from slens.engine.speech import Dialect
from slens.engine.suppressions import make
from slens.loaders import Loaded, RawSuppression, Skipped
from slens.loaders.result import LIVE_DIALECT, Note, Problem
from slens.loaders.words import CASES, called_by_label, words_of
from slens.model import PropertyPath, SourceSpan
from slens.model.stacks import StackLinks
from slens.model.stacks import links as stack_links

#: dialects whose resources a CloudFormation stack deploys under the same logical ids
_STACK_DIALECTS = frozenset({"cloudformation", "sam", "cdk", "serverless"})
#: dialects of a template that may link to other templates of the scan
_TEMPLATE_DIALECTS = frozenset({"cloudformation", "sam"})


@dataclass
class UnitOutcome:
    """What one reviewed file contributes; built in a worker process when scanning in parallel."""

    file: str
    skipped: bool = False
    errors: list[ScanError] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    raw_suppressions: list[RawSuppression] = field(default_factory=list)
    #: resources a framework (CDK) made for itself, left out of the review
    framework: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    skip_reason: str = ""
    #: rule id -> resources it checked in this file
    checked: dict[str, int] = field(default_factory=dict)
    flow: EventFlow | None = None
    #: what the unit offers the join of deployed resources with their templates
    index: UnitIndex | None = None
    #: what the template shares with other stacks of the scan (:mod:`slens.application`)
    links: StackLinks | None = None


def error(problem: Problem, file: str = "") -> ScanError:
    return ScanError(problem.file or file, problem.line, problem.kind, problem.message, None, problem.resource)


def notice(note: Note, file: str = "") -> Notice:
    return Notice(note.file or file, note.line, note.kind, note.message)


def review(loaded: Loaded | Skipped, catalogue: RuleCatalogue, explicit: bool = False) -> UnitOutcome:
    file = loaded.file
    if isinstance(loaded, Skipped):
        # a file named on the command line is one the user expected reviewed: say why it was not
        return UnitOutcome(file, skipped=True, skip_reason=loaded.reason, notices=[Notice(
            file, None, NoticeKind.NOT_A_TEMPLATE, f"{loaded.reason}, not reviewed")] if explicit else [])
    outcome = UnitOutcome(file, raw_suppressions=list(loaded.suppressions), framework=list(loaded.framework),
                          notices=[notice(n, file) for n in loaded.notes])
    outcome.errors.extend(error(p, file) for p in loaded.problems)
    if loaded.graph is not None:
        # a deployed resource's names are always literal and it has no parameters
        live = loaded.dialect == LIVE_DIALECT
        rules = [r for r in catalogue if not r.templates_only] if live else catalogue
        outcome.findings, rule_errors = run_rules(rules, loaded.graph, file, live=live, dialect=dialect_of(loaded))
        outcome.errors.extend(rule_errors)
        outcome.checked = checked_counts(rules, loaded.graph)
        outcome.flow = event_flow(loaded.graph, file)
        if live or loaded.dialect in _STACK_DIALECTS:
            outcome.index = unit_index(loaded.graph, file, _compared(catalogue), live=live)
        if loaded.dialect in _TEMPLATE_DIALECTS:
            outcome.links = stack_links(loaded.graph, loaded.exports) or None
    return outcome


def dialect_of(loaded: Loaded) -> Dialect:
    """How findings on ``loaded`` speak: its dialect's words for properties and names for resources."""
    return Dialect(loaded.dialect, words_of(loaded.dialect), called_by_label(loaded.dialect),
                   CASES.get(loaded.dialect))


def _compared(catalogue: RuleCatalogue) -> dict[str, tuple[PropertyPath, ...]]:
    """Every setting a comparing rule reads, by resource type."""
    paths: dict[str, dict[PropertyPath, None]] = {}
    for rule in catalogue:
        for type_, wanted in rule.compares.items():
            paths.setdefault(type_, {}).update(dict.fromkeys(wanted))
    return {type_: tuple(wanted) for type_, wanted in paths.items()}


def failed(file: str, exc: Exception) -> UnitOutcome:
    return UnitOutcome(file, errors=[ScanError(file, None, ErrorKind.INTERNAL, "slens could not review this input: "
                                               f"{type(exc).__name__}: {str(exc)[:300]}")])


def collect(outcomes: Iterable[UnitOutcome], catalogue: RuleCatalogue, into: Collected) -> None:
    for outcome in outcomes:
        into.notices.extend(outcome.notices)
        if outcome.skipped:
            into.skipped.append(SkippedFile(outcome.file, outcome.skip_reason))
            continue
        into.scanned.append(outcome.file)
        into.framework += [SkippedFile(outcome.file, name) for name in outcome.framework]
        into.errors.extend(outcome.errors)
        into.findings.extend(outcome.findings)
        into.checked.update(outcome.checked)
        into.flows += [outcome.flow] if outcome.flow is not None else []
        into.indexes += [outcome.index] if outcome.index is not None else []
        for raw in outcome.raw_suppressions:
            where = SourceSpan(raw.file or outcome.file, raw.line)
            made = make(raw.ids, raw.reason, raw.expires, catalogue, where, source=raw.source, scope=raw.scope,
                        file=where.file, line=raw.line, resource=raw.resource) if not raw.problem \
                else ScanError(where.file, raw.line, ErrorKind.CONFIG, raw.problem)
            (into.errors if isinstance(made, ScanError) else into.suppressions).append(made)  # type: ignore[arg-type]

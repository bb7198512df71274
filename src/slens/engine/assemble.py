"""The scan's result from what every unit contributed: deployed resources joined with their
templates (:mod:`slens.engine.join`), configured suppressions, severity overrides, suppressions
applied, the baseline, and everything in the order reports rely on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from slens import __version__
from slens.engine.catalogue import RuleCatalogue
from slens.engine.flow import EventFlow
from slens.engine.join import UnitIndex, join
from slens.engine.result import ErrorKind, Notice, ScanError, ScanResult, SkippedFile
from slens.engine.rule import Finding, Severity
from slens.engine.suppressions import Suppression, apply, make
from slens.model import SourceSpan


@dataclass
class Collected:
    """What the reviewed units contributed, in the order they were planned."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)
    #: resources a framework (the CDK) made for itself, left out of the review
    framework: list[SkippedFile] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)
    flows: list[EventFlow] = field(default_factory=list)
    #: what each unit offers the join of deployed resources with their templates
    indexes: list[UnitIndex] = field(default_factory=list)


def config_suppressions(entries: list[Mapping[str, Any]], catalogue: RuleCatalogue, config_file: str | None,
                        ) -> tuple[list[Suppression], list[ScanError]]:
    found: list[Suppression] = []
    errors: list[ScanError] = []
    for index, entry in enumerate(entries):
        where = SourceSpan(f"{config_file or 'configuration'} suppress[{index}]")
        # written by hand: one string stands for a list of one, and anything else is reported
        names = {"ids": "id" if "id" in entry and "ids" not in entry else "ids", "resources": "resources",
                 "paths": "paths"}
        lists = {key: [value] if isinstance(value, str) else value
                 for key, name in names.items() for value in [entry.get(name, [])]}
        wrong = [f"{names[key]} = {value!r}"[:80] for key, value in lists.items()
                 if not isinstance(value, list) or not all(isinstance(v, str) for v in value)]
        if wrong:
            errors.append(ScanError(where.file, None, ErrorKind.CONFIG, f"{'; '.join(wrong)}: expected a string "
                                    "or a list of strings"))
            continue
        made = make(lists["ids"], entry.get("reason"), entry.get("expires"), catalogue, where,
                    source="configuration", scope="config", resource_globs=tuple(lists["resources"]),
                    path_globs=tuple(lists["paths"]))
        (errors if isinstance(made, ScanError) else found).append(made)  # type: ignore[arg-type]
    return found, errors


def assemble(collected: Collected, catalogue: RuleCatalogue, today: date, *, fail_on: Severity | None,
             severity: Mapping[str, Severity], baseline: frozenset[str] | None) -> ScanResult:
    """``severity`` maps rule ids to the severity that replaces the rule's own; findings whose
    fingerprint ``baseline`` records are hidden (and counted)."""
    findings, joined = join(collected.findings, collected.indexes, catalogue)
    if severity:
        findings = [replace(f, severity=severity.get(f.rule.id, f.severity)) for f in findings]
    outcome = apply(findings, collected.suppressions, catalogue, today)
    kept = outcome.kept + outcome.meta
    hidden = 0
    if baseline is not None:
        hidden = sum(1 for f in kept if f.fingerprint in baseline)
        kept = [f for f in kept if f.fingerprint not in baseline]
    return ScanResult(
        findings=tuple(sorted(kept, key=Finding.sort_key)),
        errors=tuple(sorted(collected.errors, key=ScanError.sort_key)),
        files_scanned=len(collected.scanned),
        files_skipped=len(collected.skipped),
        tool_version=__version__,
        fail_on=fail_on,
        rules=tuple(catalogue),
        scanned_files=tuple(collected.scanned),
        suppressed=tuple(sorted(outcome.suppressed, key=lambda s: s.finding.sort_key())),
        baseline_hidden=hidden,
        framework_resources=tuple(collected.framework),
        notices=tuple(sorted([*collected.notices, *joined, *outcome.notices, *catalogue.rename_notices()],
                             key=Notice.sort_key)),
        skipped_files=tuple(collected.skipped),
        checked=tuple(sorted(collected.checked.items())),
        flows=tuple(collected.flows),
    )

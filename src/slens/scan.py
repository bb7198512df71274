"""The one entry point that wires loaders, engine and catalogue: ``scan(paths) -> ScanResult``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from fnmatch import fnmatchcase
from typing import Any

from slens import __version__
from slens.clock import today
from slens.engine import ErrorKind, Finding, RuleCatalogue, ScanError, ScanResult, Severity, run_rules
from slens.engine.suppressions import Suppression, apply, make
from slens.loaders import Loaded, LoadOptions, Missing, RawSuppression, Skipped, load_file, walk
from slens.model import SourceSpan


@dataclass
class ScanOptions:
    fail_on: Severity | None = Severity.MEDIUM
    load: LoadOptions | None = None
    #: path globs (relative, POSIX) left out of the scan
    exclude: tuple[str, ...] = ()
    #: rule id -> severity that replaces the rule's own
    severity: Mapping[str, Severity] = field(default_factory=dict)
    #: ``[[tool.slens.suppress]]`` entries, and the file they were read from
    config_suppressions: list[Mapping[str, Any]] = field(default_factory=list)
    config_file: str | None = None
    #: fingerprints recorded in a baseline: findings with these are hidden
    baseline: frozenset[str] | None = None
    today: date | None = None


def display_path(path: str) -> str:
    """Relative to the working directory where the file lies below it, POSIX separators."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd + os.sep):
        path = os.path.relpath(absolute, cwd)
    return path.replace(os.sep, "/")


def _excluded(path: str, globs: tuple[str, ...]) -> bool:
    parts = path.split("/")
    return any(fnmatchcase(path, g) or fnmatchcase(path, g.rstrip("/") + "/*")
               or any(fnmatchcase(p, g.strip("/")) for p in parts[:-1]) for g in globs)


def _template_suppressions(loaded: Loaded, file: str, catalogue: RuleCatalogue,
                           errors: list[ScanError]) -> list[Suppression]:
    found: list[Suppression] = []
    for raw in loaded.suppressions:
        where = SourceSpan(file, raw.line)
        if raw.problem:
            errors.append(ScanError(file, raw.line, ErrorKind.CONFIG, raw.problem))
            continue
        made = _make(raw, catalogue, where)
        if isinstance(made, ScanError):
            errors.append(made)
        else:
            found.append(made)
    return found


def _make(raw: RawSuppression, catalogue: RuleCatalogue, where: SourceSpan) -> Suppression | ScanError:
    return make(raw.ids, raw.reason, raw.expires, catalogue, where, source=raw.source, scope=raw.scope,
                file=where.file, line=raw.line, resource=raw.resource)


def config_suppressions(entries: list[Mapping[str, Any]], catalogue: RuleCatalogue, config_file: str | None,
                        ) -> tuple[list[Suppression], list[ScanError]]:
    found: list[Suppression] = []
    errors: list[ScanError] = []
    for index, entry in enumerate(entries):
        ids = entry.get("ids", [entry["id"]] if "id" in entry else [])
        where = SourceSpan(f"{config_file or 'configuration'} suppress[{index}]")
        made = make(ids if isinstance(ids, list) else [ids], entry.get("reason"), entry.get("expires"), catalogue,
                    where, source="configuration", scope="config",
                    resource_globs=tuple(entry.get("resources", ())), path_globs=tuple(entry.get("paths", ())))
        (errors if isinstance(made, ScanError) else found).append(made)  # type: ignore[arg-type]
    return found, errors


def scan(paths: Iterable[str], catalogue: RuleCatalogue, options: ScanOptions | None = None) -> ScanResult:
    options = options or ScanOptions()
    findings: list[Finding] = []
    errors: list[ScanError] = []
    scanned: list[str] = []
    skipped = 0
    suppressions, config_errors = config_suppressions(options.config_suppressions, catalogue, options.config_file)
    errors.extend(config_errors)
    for item in walk(list(paths) or ["."]):
        if isinstance(item, Missing):
            errors.append(ScanError(display_path(item.path), None, ErrorKind.READ, item.message))
            continue
        file = display_path(item.path)
        if options.exclude and _excluded(file, options.exclude):
            skipped += 1
            continue
        loaded = load_file(item.path, options.load, explicit=item.explicit, name=file)
        if isinstance(loaded, Skipped):
            skipped += 1
            continue
        scanned.append(file)
        errors.extend(ScanError(file, p.line, ErrorKind(p.kind), p.message, None, p.resource)
                      for p in loaded.problems)
        suppressions.extend(_template_suppressions(loaded, file, catalogue, errors))
        if loaded.graph is not None:
            file_findings, rule_errors = run_rules(catalogue, loaded.graph, file)
            findings.extend(file_findings)
            errors.extend(rule_errors)
    if options.severity:
        findings = [replace(f, severity=options.severity.get(f.rule.id, f.severity)) for f in findings]
    outcome = apply(findings, suppressions, catalogue, options.today or today())
    kept = outcome.kept + outcome.meta
    hidden = 0
    if options.baseline is not None:
        hidden = sum(1 for f in kept if f.fingerprint in options.baseline)
        kept = [f for f in kept if f.fingerprint not in options.baseline]
    return ScanResult(
        findings=tuple(sorted(kept, key=Finding.sort_key)),
        errors=tuple(sorted(errors, key=ScanError.sort_key)),
        files_scanned=len(scanned),
        files_skipped=skipped,
        tool_version=__version__,
        fail_on=options.fail_on,
        rules=tuple(catalogue),
        scanned_files=tuple(scanned),
        suppressed=tuple(sorted(outcome.suppressed, key=lambda s: s.finding.sort_key())),
        baseline_hidden=hidden,
    )

"""The one entry point that wires loaders, engine and catalogue: ``scan(paths) -> ScanResult``."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from slens import __version__
from slens.engine import ErrorKind, Finding, RuleCatalogue, ScanError, ScanResult, Severity, run_rules
from slens.loaders import LoadOptions, Loaded, Missing, Skipped, load_file, walk


@dataclass
class ScanOptions:
    fail_on: Severity | None = Severity.MEDIUM
    load: LoadOptions | None = None


def display_path(path: str) -> str:
    """Relative to the working directory where the file lies below it, POSIX separators."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd + os.sep):
        path = os.path.relpath(absolute, cwd)
    return path.replace(os.sep, "/")


def scan(paths: Iterable[str], catalogue: RuleCatalogue, options: ScanOptions | None = None) -> ScanResult:
    options = options or ScanOptions()
    findings: list[Finding] = []
    errors: list[ScanError] = []
    scanned: list[str] = []
    skipped = 0
    for item in walk(list(paths) or ["."]):
        if isinstance(item, Missing):
            errors.append(ScanError(display_path(item.path), None, ErrorKind.READ, item.message))
            continue
        file = display_path(item.path)
        loaded = load_file(item.path, options.load, explicit=item.explicit, name=file)
        if isinstance(loaded, Skipped):
            skipped += 1
            continue
        scanned.append(file)
        errors.extend(_errors(loaded, file))
        if loaded.graph is not None:
            file_findings, rule_errors = run_rules(catalogue, loaded.graph, file)
            findings.extend(file_findings)
            errors.extend(rule_errors)
    return ScanResult(
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        errors=tuple(sorted(errors, key=ScanError.sort_key)),
        files_scanned=len(scanned),
        files_skipped=skipped,
        tool_version=__version__,
        fail_on=options.fail_on,
        rule_count=len(catalogue),
        scanned_files=tuple(scanned),
    )


def _errors(loaded: Loaded, file: str) -> list[ScanError]:
    return [ScanError(file, p.line, ErrorKind(p.kind), p.message, None, p.resource) for p in loaded.problems]

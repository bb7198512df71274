"""What a scan produces: immutable values that every reporter reads and nothing else."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from slens.engine.flow import EventFlow
from slens.engine.rule import Finding, Rule, Severity
from slens.kinds import ErrorKind, NoticeKind
from slens.lens import Question

__all__ = ["ErrorKind", "Notice", "NoticeKind", "ScanError", "ScanResult", "SkippedFile", "Suppressed"]


@dataclass(frozen=True, order=True)
class ScanError:
    file: str
    line: int | None
    kind: ErrorKind
    message: str
    rule_id: str | None = None
    resource: str | None = None

    def sort_key(self) -> tuple[str, int, str]:
        return (self.file, self.line or 0, self.message)


@dataclass(frozen=True, order=True)
class Notice:
    """Something left out of the review for a reason outside the user's files; it never changes the exit code."""

    file: str
    line: int | None
    kind: NoticeKind
    message: str

    def sort_key(self) -> tuple[str, int, str]:
        return (self.file, self.line or 0, self.message)


@dataclass(frozen=True)
class SkippedFile:
    """A candidate file that was not reviewed, and why (not a template, excluded, part of a service)."""

    file: str
    reason: str


@dataclass(frozen=True)
class Suppressed:
    """A finding the team accepted on purpose, with the reason they gave."""

    finding: Finding
    reason: str
    #: where the suppression was written: "template metadata", "inline comment", "configuration"
    source: str
    expires: date | None = None


@dataclass(frozen=True)
class ScanResult:
    findings: tuple[Finding, ...]
    errors: tuple[ScanError, ...]
    files_scanned: int
    files_skipped: int
    tool_version: str
    fail_on: Severity | None = None
    #: the rules that ran, for reporters that describe them (SARIF ``tool.driver.rules``)
    rules: tuple[Rule, ...] = ()
    scanned_files: tuple[str, ...] = field(default=())
    suppressed: tuple[Suppressed, ...] = ()
    #: findings left out because a baseline already records them
    baseline_hidden: int = 0
    #: resources a framework (the CDK) created for itself, not reviewed: each its file and its name
    #: (the construct path), as :class:`SkippedFile` (``reason`` holds the name)
    framework_resources: tuple[SkippedFile, ...] = ()
    #: what could not be reviewed through no fault of the user's: reported, never failing the run
    notices: tuple[Notice, ...] = ()
    skipped_files: tuple[SkippedFile, ...] = ()
    #: (rule id, resources it checked) over every reviewed file, by rule id; rules that checked none
    #: are absent
    checked: tuple[tuple[str, int], ...] = ()
    #: each reviewed file's event flow, for reports that draw it
    flows: tuple[EventFlow, ...] = ()

    @property
    def framework_skipped(self) -> int:
        return len(self.framework_resources)

    def checked_by(self, rule_id: str) -> int:
        return dict(self.checked).get(rule_id, 0)

    @property
    def rule_count(self) -> int:
        return len(self.rules)

    def counts_by_severity(self) -> dict[str, int]:
        counts = Counter(f.severity.value for f in self.findings)
        return {s.value: counts.get(s.value, 0) for s in Severity}

    def counts_by_question(self) -> dict[str, int]:
        counts = Counter(f.rule.question.value for f in self.findings)
        return {q.value: counts.get(q.value, 0) for q in Question}

    @property
    def failing(self) -> tuple[Finding, ...]:
        if self.fail_on is None:
            return ()
        return tuple(f for f in self.findings if f.severity.rank >= self.fail_on.rank and f.fails)

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.failing else 0

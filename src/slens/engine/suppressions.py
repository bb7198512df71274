"""Suppressions: accepted risks, each with a reason, optionally until a date.

Applied after the rules ran. A suppression that matches nothing, or whose date has passed,
becomes a finding of the meta-rules ``unused-suppression`` and ``expired-suppression``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatchcase
from typing import Any

from slens.engine.catalogue import RuleCatalogue
from slens.engine.result import ErrorKind, Notice, NoticeKind, ScanError, Suppressed
from slens.engine.rule import Finding, Rule
from slens.model import SourceSpan

UNUSED_ID = "SLN001"
EXPIRED_ID = "SLN002"


@dataclass(frozen=True)
class Suppression:
    rule_ids: tuple[str, ...]
    reason: str
    source: str
    #: "file", "resource", "line" (written in a template) or "config"
    scope: str
    file: str | None = None
    line: int | None = None
    resource: str | None = None
    expires: date | None = None
    resource_globs: tuple[str, ...] = ()
    path_globs: tuple[str, ...] = ()
    #: what to tell about each rule it names by a former id or name (a renamed-rule notice)
    renamed: tuple[str, ...] = ()

    def covers(self, finding: Finding) -> bool:
        if finding.rule.id not in self.rule_ids:
            return False
        if self.scope == "config":
            names = [n for n in (finding.resource, finding.generated_resource, finding.label) if n]
            return (not self.path_globs or any(fnmatchcase(finding.span.file, g) for g in self.path_globs)) and (
                not self.resource_globs or any(fnmatchcase(n, g) for n in names for g in self.resource_globs))
        # a finding in a file its resource includes (a definition) is the resource's too
        in_file = finding.span.file == self.file
        in_resource_file = (finding.resource_file or finding.span.file) == self.file
        if not (in_file or in_resource_file):
            return False
        if self.scope == "resource":
            return finding.resource == self.resource
        if self.scope == "line":
            return (in_file and self.line == finding.span.line) or (
                in_resource_file and self.line == finding.resource_line)
        return True

    @property
    def where(self) -> SourceSpan:
        return SourceSpan(self.file or "(configuration)", self.line)


def make(ids: Iterable[str], reason: object, expires: object, catalogue: RuleCatalogue, where: SourceSpan,
         **fields: Any) -> Suppression | ScanError:
    """A checked suppression, or the config error that explains what is wrong with it."""
    def error(message: str) -> ScanError:
        return ScanError(where.file, where.line, ErrorKind.CONFIG, message)

    names = list(ids)
    if not names:
        return error("a suppression must name at least one rule id")
    rule_ids: list[str] = []
    renamed: list[str] = []
    for name in names:
        rule = catalogue.complete.get(name)  # a rule this run leaves out is still a rule
        if rule is None:
            return error(f"suppression names unknown rule {name!r}")
        rule_ids.append(rule.id)
        if catalogue.renamed_to(name) is not None:
            renamed.append(catalogue.rename_message(name))
    if not isinstance(reason, str) or not reason.strip():
        return error(f"suppression of {', '.join(names)} has no reason: say why the risk is accepted")
    until: date | None = None
    if isinstance(expires, date):
        until = expires
    elif expires is not None:
        try:
            until = date.fromisoformat(str(expires))
        except ValueError:
            return error(f"suppression of {', '.join(names)}: expires {expires!r} is not a date (YYYY-MM-DD)")
    return Suppression(rule_ids=tuple(rule_ids), reason=reason.strip(), expires=until, renamed=tuple(renamed),
                       **fields)


@dataclass
class Outcome:
    kept: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    meta: list[Finding] = field(default_factory=list)
    #: a renamed-rule notice for each suppression naming a rule by a former id or name
    notices: list[Notice] = field(default_factory=list)


def _meta_finding(rule: Rule, suppression: Suppression, message: str) -> Finding:
    return Finding(rule=rule, severity=rule.severity, resource=suppression.resource or "(template)",
                   resource_type="suppression", generated_resource=None, span=suppression.where,
                   path=(), message=message)


def apply(findings: Iterable[Finding], suppressions: list[Suppression], catalogue: RuleCatalogue,
          today: date) -> Outcome:
    """Split findings into kept and suppressed; report unused and expired suppressions."""
    outcome = Outcome()
    used: set[int] = set()
    active = [(i, s) for i, s in enumerate(suppressions) if s.expires is None or s.expires >= today]
    for finding in findings:
        match = next(((i, s) for i, s in active if s.covers(finding)), None)
        if match is None:
            outcome.kept.append(finding)
            continue
        used.add(match[0])
        outcome.suppressed.append(Suppressed(finding, match[1].reason, match[1].source, match[1].expires))
    unused, expired = catalogue.get(UNUSED_ID), catalogue.get(EXPIRED_ID)
    ran = {r.id for r in catalogue}
    for index, suppression in enumerate(suppressions):
        where = suppression.where
        outcome.notices += [Notice(where.file, where.line, NoticeKind.RENAMED_RULE, m) for m in suppression.renamed]
        names = ", ".join(suppression.rule_ids)
        if suppression.expires is not None and suppression.expires < today:
            if expired is not None:
                outcome.meta.append(_meta_finding(expired, suppression, f"the suppression of {names} expired on "
                                                  f"{suppression.expires.isoformat()} ({suppression.reason})"))
        elif index not in used and unused is not None and set(suppression.rule_ids) <= ran:
            outcome.meta.append(_meta_finding(unused, suppression, f"the suppression of {names} matches no "
                                              f"finding any more ({suppression.reason}); remove it"))
    return outcome

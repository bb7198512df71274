"""Runs the catalogue over each loaded graph; a rule that raises becomes an internal error."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache

from slens.engine.catalogue import RuleCatalogue
from slens.engine.result import ErrorKind, ScanError
from slens.engine.rule import Deployed, Finding, Rule, Severity, Violation
from slens.engine.speech import CLOUDFORMATION, Dialect, names, speak, written_by
from slens.model import Graph, Resource
from slens.model.secrets import environment_secrets, scrub, secret_values


@cache
def _environment_secrets() -> frozenset[str]:
    return environment_secrets(os.environ)


def deployed(resource: Resource) -> Deployed | None:
    """Where a resource read from an account runs, from the metadata its mapping gave it."""
    meta = resource.metadata

    def text(key: str) -> str | None:
        value = meta.get(key)
        return value if isinstance(value, str) and value else None

    account, region = text("aws:account"), text("aws:region")
    if account is None or region is None:
        return None
    stack, logical_id = text("aws:stack"), text("aws:logicalId")
    return Deployed(text("aws:arn"), account, region, stack if logical_id else None, logical_id if stack else None)


def to_finding(rule: Rule, violation: Violation, severity: Severity | None = None, live: bool = False,
               dialect: Dialect = CLOUDFORMATION, named: Mapping[str, str] | None = None) -> Finding:
    """``live``: the graph was read from an account, whose resources' metadata says where they run
    (a template's ``Metadata`` is the author's and is never read as such). ``dialect``: what the
    input was written in, whose words the message and the property path are told in."""
    resource = violation.resource
    message, said = speak(dialect, resource, violation.path, violation.message, named)
    # only a loader that knows the framework records what it wrote (a template's own Metadata cannot)
    written = written_by(resource, violation.path) if dialect.name == "cdk" else None
    if written is not None:
        by, prop = written
        message += (f" (a statement CDK writes itself: {by}; set by {prop})" if prop else
                    f" (a statement CDK writes itself: {by}; no construct property controls it, so it "
                    "does not fail the run)")
    span = resource.span_of(violation.path)
    return Finding(
        rule=rule,
        severity=severity or rule.severity,
        resource=resource.origin.logical_id,
        resource_type=resource.origin.type,
        generated_resource=resource.logical_id if resource.generated else None,
        span=span,
        path=violation.path,
        message=message,
        label=resource.origin.label,
        resource_line=resource.origin.span.line,
        live=deployed(resource) if live else None,
        dialect="live" if live else dialect.name,
        user_path=said,
        written_by=written[0] if written else None,
        resource_file=resource.origin.span.file if resource.origin.span.file != span.file else None,
        fails=written is None or written[1] is not None,
    )


def run_rules(catalogue: RuleCatalogue | Iterable[Rule], graph: Graph, file: str, live: bool = False,
              dialect: Dialect = CLOUDFORMATION) -> tuple[list[Finding], list[ScanError]]:
    """Findings of every rule on one graph, deduplicated and in a stable order; ``live`` when the
    graph is an account's, so that findings say where their resources run; ``dialect`` what the
    graph was written in, so that findings speak it."""
    findings: dict[tuple[object, ...], Finding] = {}
    errors: list[ScanError] = []
    named = names(dialect, graph.resources.values())
    for rule in catalogue:
        for type_ in rule.resource_types:
            if not graph.has_type(type_):
                continue
            for resource in graph.of_type(type_):
                try:
                    violations = list(rule.check(resource, graph))
                except Exception as exc:  # a rule bug must not cost the user the other findings
                    errors.append(ScanError(file, resource.span.line, ErrorKind.INTERNAL,
                                            f"rule {rule.id} ({rule.name}) failed on {resource.logical_id}: "
                                            f"{type(exc).__name__}: {exc}", rule.id, resource.logical_id))
                    continue
                for violation in violations:
                    finding = to_finding(rule, violation, live=live, dialect=dialect, named=named)
                    # SAM can expand one written resource into several that trip the same rule; the
                    # key holds what the fingerprint hashes, plus the message and the span
                    findings.setdefault((rule.id, finding.resource, finding.generated_resource, finding.path,
                                         finding.message, finding.span), finding)
    return _scrubbed(collapse(sorted(findings.values(), key=Finding.sort_key)), errors, graph)


def collapse(findings: list[Finding]) -> list[Finding]:
    """Identical findings (same rule, resource, file, line and message, e.g. on several resources that
    one written resource expands to) as one, the first, with their ``count``; order kept."""
    kept: dict[tuple[object, ...], Finding] = {}
    for finding in findings:
        key = (finding.rule.id, finding.resource, finding.span.file, finding.span.line, finding.message)
        first = kept.get(key)
        kept[key] = finding if first is None else replace(first, count=first.count + finding.count)
    return list(kept.values())


def checked_counts(catalogue: RuleCatalogue | Iterable[Rule], graph: Graph) -> dict[str, int]:
    """Rule id -> resources of its types in the graph, the ones ``run_rules`` calls it with: a rule
    with no finding on resources it checked is evidence that a review can cite, which no finding
    on resources it never saw is not."""
    counts: dict[str, int] = {}
    for rule in catalogue:
        count = sum(len(graph.of_type(type_)) for type_ in rule.resource_types if graph.has_type(type_))
        if count:
            counts[rule.id] = count
    return counts


def _scrubbed(findings: list[Finding], errors: list[ScanError], graph: Graph,
              ) -> tuple[list[Finding], list[ScanError]]:
    """No secret reaches a report, whichever rule (or exception) quoted it: the template's secret
    values and the environment's are masked in every message, here, once for all formats."""
    if not findings and not errors:
        return findings, errors
    secrets = secret_values(graph) | _environment_secrets()
    if not secrets:
        return findings, errors
    return ([f if (m := scrub(f.message, secrets)) == f.message else replace(f, message=m) for f in findings],
            [e if (m := scrub(e.message, secrets)) == e.message else replace(e, message=m) for e in errors])

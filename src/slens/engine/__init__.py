"""Catalogue, runner and results: the engine between the graph and the reporters."""

from slens.engine.catalogue import CatalogueError, RuleCatalogue, discover
from slens.engine.result import ErrorKind, Notice, NoticeKind, ScanError, ScanResult, SkippedFile, Suppressed
from slens.engine.rule import DOC_SECTIONS, SNIPPET_DIALECTS, Finding, Rule, Severity, Violation
from slens.engine.runner import checked_counts, run_rules, to_finding
from slens.engine.services import Service

__all__ = [
    "DOC_SECTIONS", "SNIPPET_DIALECTS", "CatalogueError", "ErrorKind", "Finding", "Notice", "NoticeKind", "Rule",
    "RuleCatalogue", "ScanError", "ScanResult", "Service", "Severity", "SkippedFile", "Suppressed", "Violation",
    "checked_counts", "discover", "run_rules", "to_finding",
]

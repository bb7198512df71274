"""The bundled example applications: the 'before' recipe app is flagged across the lens,
the reviewed 'after' app is clean at medium and above."""

from __future__ import annotations

from pathlib import Path

from slens.engine import Severity
from slens.rules import load_catalogue
from slens.scan import ScanOptions, scan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_examples_load_without_errors() -> None:
    result = scan([str(EXAMPLES)], load_catalogue())
    assert not result.errors, result.errors
    assert result.files_scanned == 4


def test_before_app_has_findings_under_every_lens_question() -> None:
    result = scan([str(EXAMPLES / "recipe-app" / "before")], load_catalogue())
    questions = {f.rule.question.value for f in result.findings}
    assert questions == {"OPS1", "OPS2", "SEC1", "SEC2", "SEC3", "REL1", "REL2", "PERF1", "COST1"}, questions
    by_rule = {(f.rule.id, f.resource) for f in result.findings}
    assert ("LAM001", "RecipeCrudFunction") in by_rule
    assert result.exit_code == 1


def test_after_app_is_clean_at_every_severity() -> None:
    result = scan([str(EXAMPLES / "recipe-app" / "after")], load_catalogue(), ScanOptions(fail_on=Severity.INFO))
    assert not result.findings, "\n".join(f"{f.span.line}: {f.rule.id} {f.message}" for f in result.findings)
    # the one accepted risk is written down with its reason
    assert [(s.finding.rule.id, s.source) for s in result.suppressed] == [("SM201", "template metadata")]
    assert result.exit_code == 0

"""The matching and counting of benchmarks/precision/run.py, on a tiny synthetic example: no scan runs."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "precision" / "run.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("slens_bench_precision", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


precision = _load()
Finding = precision.Finding
Label = precision.Label


def _finding(rule: str, resource: str, where: str = "", line: int = 1, message: str = "m") -> object:
    return Finding("app/template.yaml", rule, resource, where, line, message)


def _label(finding: object, label: str, cls: str = "", digest: str | None = None) -> object:
    f = finding
    return Label(f.file, f.rule, f.resource, f.where, f.digest if digest is None else digest,  # type: ignore[attr-defined]
                 label, "because", cls, f.line, f.message)  # type: ignore[attr-defined]


def test_findings_match_labels_by_identity_not_line_or_wording() -> None:
    tracing = _finding("LAM001", "Fn", "TracingConfig.Mode", line=10, message="no tracing")
    queue = _finding("SQS001", "Dlq", "RedrivePolicy", line=20)
    labels = [_label(tracing, "true"), _label(queue, "false", "dlq-recognition")]
    # lines moved and a message reworded: the labels still apply
    moved = _finding("LAM001", "Fn", "TracingConfig.Mode", line=12, message="function Fn has no X-Ray tracing")
    result = precision.match([moved, _finding("SQS001", "Dlq", "RedrivePolicy", line=25)], labels)
    assert [(f.rule, label.label) for f, label in result.matched] == [("LAM001", "true"), ("SQS001", "false")]
    assert result.unlabelled == [] and result.gone == []


def test_new_findings_are_unlabelled_and_vanished_ones_gone() -> None:
    old = _finding("SQS001", "Dlq", "RedrivePolicy")
    labels = [_label(old, "false", "dlq-recognition")]
    new = _finding("LAM101", "Fn")
    result = precision.match([new], labels)
    assert result.matched == []
    assert result.unlabelled == [new]
    assert [(g.rule, g.label, g.cls) for g in result.gone] == [("SQS001", "false", "dlq-recognition")]


def test_the_digest_tells_apart_findings_of_one_identity() -> None:
    first = _finding("IAM002", "Policy", "Statement", line=5, message="allows s3:* on *")
    second = _finding("IAM002", "Policy", "Statement", line=9, message="allows sqs:* on *")
    labels = [_label(second, "noise", "duplicate"), _label(first, "true")]
    result = precision.match([second, first], labels)
    assert {f.message: label.label for f, label in result.matched} == {
        "allows s3:* on *": "true", "allows sqs:* on *": "noise"}


def test_a_stub_is_not_a_label() -> None:
    finding = _finding("LAM002", "Fn", "MemorySize")
    stub = _label(finding, precision.UNLABELLED)
    result = precision.match([finding], [stub])
    assert result.matched == [] and result.unlabelled == [finding] and result.gone == []


def test_rates_are_taken_over_labelled_findings() -> None:
    findings = [_finding("LAM001", f"Fn{i}") for i in range(4)] + [_finding("SQS001", "Q")]
    kinds = ["true", "true", "noise", "false"]
    labels = [_label(f, kind) for f, kind in zip(findings[:4], kinds, strict=True)]
    rules, overall = precision.tally(precision.match(findings, labels))
    assert (overall.findings, overall.true, overall.noise, overall.false, overall.unlabelled) == (5, 2, 1, 1, 1)
    assert overall.rate(overall.true) == pytest.approx(0.5)
    assert overall.rate(overall.false) == pytest.approx(0.25)
    assert rules["SQS001"].rate(rules["SQS001"].true) is None
    table = precision.rule_table(rules, overall)
    assert table[2].startswith("| LAM001 | 4 | 2 | 1 | 1 | 0 | 50.0% | 25.0% | 25.0% |")


def test_labels_round_trip_and_reports_come_from_slens_json(tmp_path: Path) -> None:
    entry = {"rule_id": "SQS001", "resource": "Api", "generated_resource": "ApiProdStage", "line": 7,
             "file": str(tmp_path / "app" / "template.yaml"), "property_path": ["RedrivePolicy", 0],
             "message": "queue Q has no RedrivePolicy", "severity": "medium"}
    finding = precision.finding_from_report(entry, tmp_path)
    assert finding.key == ("app/template.yaml", "SQS001", "Api/ApiProdStage", "RedrivePolicy.0")
    path = tmp_path / "labels.json"
    precision.write_labels(path, [_label(finding, "false", "dlq-recognition")])
    assert json.loads(path.read_text())["labels"][0]["class"] == "dlq-recognition"
    (back,) = precision.read_labels(path)
    assert (back.key, back.label, back.cls, back.digest) == (finding.key, "false", "dlq-recognition", finding.digest)

"""Every output format: golden files for one hand-made scan result, plus each format's own contract.

Regenerate the golden files with ``SLENS_UPDATE_GOLDEN=1 pytest tests/test_reports.py``.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from slens.docs import render_rule
from slens.engine import ErrorKind, Finding, Rule, ScanError, ScanResult, Severity, Suppressed
from slens.engine.runner import collapse
from slens.model import SourceSpan
from slens.report import RENDERERS, github, markdown, sarif
from slens.report.json_report import finding_dict
from slens.rules import load_catalogue
from slens.scan import scan

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "golden"
EXTENSIONS = {"sarif": "sarif.json", "junit": "xml", "gitlab": "json", "github": "txt", "markdown": "md",
              "concise": "txt"}
TRICKY = "function OpenFunction: 100% public, anyone can invoke it\nsee <docs> | a_b *c*"


def _rule(rule_id: str) -> Rule:
    rule = load_catalogue().get(rule_id)
    assert rule is not None, f"rule {rule_id} is not in the catalogue"
    return rule


def _finding(rule_id: str, file: str, line: int | None, column: int | None, resource: str, message: str,
             generated: str | None = None, path: tuple[str | int, ...] = (), label: str | None = None,
             resource_type: str = "AWS::Serverless::Function") -> Finding:
    rule = _rule(rule_id)
    return Finding(rule, rule.severity, resource, resource_type, generated,
                   SourceSpan(file, line, column), path, message, label)


def sample_result() -> ScanResult:
    findings = (
        _finding("LAM001", "./templates/api.yaml", 13, 3, "ApiFunction",
                 "function ApiFunction has no X-Ray tracing (TracingConfig.Mode is not set)"),
        _finding("IAM001", "./templates/api.yaml", 34, 11, "ApiFunction",
                 "role ApiFunctionRole of function ApiFunction allows the wildcard action dynamodb:*",
                 generated="ApiFunctionRole", path=("Policies", 0, "Statement", 0, "Action")),
        _finding("LAM011", "stacks/my stack.yaml", None, None, "OpenFunction", TRICKY),
        _finding("SQS001", "stacks/my stack.yaml", 20, 3, "Queue",
                 "queue Queue has no RedrivePolicy", label="MyStack/Queue/Resource", resource_type="AWS::SQS::Queue"),
    )
    suppressed = (
        Suppressed(_finding("LAM006", "./templates/api.yaml", 13, 3, "ApiFunction",
                            "function ApiFunction has no on-failure destination"),
                   "Only invoked synchronously through API Gateway", "inline comment"),
        Suppressed(_finding("LAM001", "stacks/my stack.yaml", 5, 3, "OpenFunction",
                            "function OpenFunction has no X-Ray tracing"),
                   "Tracing is enabled by the platform team's account-wide setting", "configuration",
                   date(2027, 3, 31)),
    )
    errors = (
        ScanError("missing.yaml", None, ErrorKind.READ, "no such file or directory"),
        ScanError("templates/broken.yaml", 3, ErrorKind.PARSE, "mapping values are not allowed here"),
        ScanError("templates/api.yaml", 34, ErrorKind.INTERNAL, "rule crashed: KeyError 'Statement'",
                  rule_id="IAM001", resource="ApiFunction"),
    )
    rules = tuple(_rule(i) for i in ("LAM001", "IAM001", "LAM011", "SQS001", "LAM006"))
    scanned = ("templates/api.yaml", "stacks/my stack.yaml", "templates/broken.yaml", "templates/clean.yaml")
    return ScanResult(findings=findings, errors=errors, files_scanned=len(scanned), files_skipped=1,
                      tool_version="9.9.9", fail_on=Severity.MEDIUM, rules=rules, scanned_files=scanned,
                      suppressed=suppressed, baseline_hidden=2)


def _redact_rule_docs(text: str) -> str:
    """Rule documentation changes with every rule edit: the golden file keeps a placeholder and
    :func:`test_sarif_rules_carry_rule_docs` checks the real text."""
    document = json.loads(text)
    for descriptor in document["runs"][0]["tool"]["driver"]["rules"]:
        placeholder = f"<docs of {descriptor['id']}>"
        descriptor["fullDescription"]["text"] = placeholder
        descriptor["help"] = {"text": placeholder, "markdown": placeholder}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_golden(fmt: str) -> None:
    output = RENDERERS[fmt](sample_result(), False)
    if fmt == "sarif":
        output = _redact_rule_docs(output)
    golden = GOLDEN / f"{fmt}.{EXTENSIONS[fmt]}"
    if os.environ.get("SLENS_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run with SLENS_UPDATE_GOLDEN=1"
    assert output == golden.read_text(encoding="utf-8"), f"{fmt} differs from {golden.name}"


def test_renderers_registered() -> None:
    assert set(EXTENSIONS) | {"text", "json"} == set(RENDERERS)


def _validate_sarif(document: dict[str, Any]) -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_sarif_valid_and_complete() -> None:
    result = sample_result()
    document = json.loads(RENDERERS["sarif"](result, False))
    _validate_sarif(document)
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in result.rules]
    by_id = {r["id"]: r for r in rules}
    assert by_id["IAM001"]["properties"]["security-severity"] == "7.0"
    assert by_id["LAM011"]["properties"]["security-severity"] == "9.5"
    assert "security" in by_id["IAM001"]["properties"]["tags"]
    assert "security-severity" not in by_id["LAM001"]["properties"]
    assert "security" not in by_id["LAM001"]["properties"]["tags"]
    assert {"OPS1", "lambda"} <= set(by_id["LAM001"]["properties"]["tags"])
    assert by_id["LAM001"]["defaultConfiguration"]["level"] == "note"
    assert by_id["IAM001"]["helpUri"].endswith("/IAM001-function-role-with-wildcard-action.md")
    results = run["results"]
    assert len(results) == len(result.findings) + len(result.suppressed)
    for item in results:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        location = item["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("./")
        assert "slens/v1" in item["partialFingerprints"]
    first, iam, no_line = results[0], results[1], results[2]
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "templates/api.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 13, "startColumn": 3}}
    assert iam["locations"][0]["logicalLocations"] == [
        {"name": "ApiFunction", "fullyQualifiedName": "ApiFunction/ApiFunctionRole", "kind": "resource"}]
    assert "region" not in no_line["locations"][0]["physicalLocation"]
    assert no_line["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stacks/my%20stack.yaml"
    kinds = [r["suppressions"][0]["kind"] for r in results if "suppressions" in r]
    assert kinds == ["inSource", "external"]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert len(invocation["toolExecutionNotifications"]) == len(result.errors)


def test_sarif_fingerprint_ignores_lines() -> None:
    finding = sample_result().findings[0]
    moved = Finding(finding.rule, finding.severity, finding.resource, finding.resource_type, None,
                    SourceSpan(finding.span.file, 99, 1), finding.path, finding.message)
    assert moved.fingerprint == finding.fingerprint


def test_sarif_rules_carry_concise_help_that_points_at_the_docs() -> None:
    rule = _rule("LAM001")
    descriptor = sarif.rule_descriptor(rule)
    for text in descriptor["help"].values():
        assert rule.title in text and "slens rule LAM001" in text and descriptor["helpUri"] in text
        assert len(text) < len(render_rule(rule)) // 4  # not the whole page, with its fix snippets
    assert descriptor["fullDescription"]["text"] == rule.sections()["What it does"]
    assert descriptor["shortDescription"]["text"] == rule.title


def test_sarif_paths() -> None:
    assert sarif.artifact_location(".\\stacks\\a.yaml") == {"uri": "stacks/a.yaml", "uriBaseId": "%SRCROOT%"}
    assert sarif.artifact_location("/tmp/x y.yaml") == {"uri": "file:///tmp/x%20y.yaml"}
    assert sarif.artifact_location("C:\\work\\t.yaml") == {"uri": "file:///C:/work/t.yaml"}


def test_sarif_of_examples_scan() -> None:
    result = scan([str(ROOT / "examples")], load_catalogue())
    assert result.findings, "the examples are expected to have findings"
    document = json.loads(RENDERERS["sarif"](result, False))
    _validate_sarif(document)
    run = document["runs"][0]
    cited = {f.rule.id for f in result.findings} | {s.finding.rule.id for s in result.suppressed}
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == cited  # only the rules with results
    assert len(run["results"]) == len(result.findings) + len(result.suppressed)
    everything = json.loads(sarif.render(result, all_rules=True))
    _validate_sarif(everything)
    assert len(everything["runs"][0]["tool"]["driver"]["rules"]) == len(load_catalogue())


def test_junit_parses() -> None:
    root = ET.fromstring(RENDERERS["junit"](sample_result(), False))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["templates/api.yaml", "stacks/my stack.yaml", "templates/broken.yaml",
                            "templates/clean.yaml", "missing.yaml"]
    api = suites["templates/api.yaml"]
    assert (api.get("tests"), api.get("failures"), api.get("skipped"), api.get("errors")) == ("4", "2", "1", "1")
    failure = api.find("testcase/failure")
    assert failure is not None and failure.get("type") == "low"
    skipped = api.find("testcase/skipped")
    assert skipped is not None and "Only invoked synchronously" in (skipped.get("message") or "")
    assert suites["templates/broken.yaml"].find("testcase/error") is not None
    clean = suites["templates/clean.yaml"].findall("testcase")
    assert len(clean) == 1 and not list(clean[0])
    names = [c.get("name") for c in root.iter("testcase")]
    assert "IAM001 ApiFunction: role ApiFunctionRole of function ApiFunction allows the wildcard action dynamodb:*" \
        in names
    assert root.get("failures") == "4" and root.get("errors") == "3" and root.get("skipped") == "2"


def test_junit_without_findings_is_green() -> None:
    result = ScanResult(findings=(), errors=(), files_scanned=2, files_skipped=0, tool_version="9.9.9",
                        scanned_files=("a.yaml", "b.yaml"))
    root = ET.fromstring(RENDERERS["junit"](result, False))
    cases = list(root.iter("testcase"))
    assert [c.get("classname") for c in cases] == ["a.yaml", "b.yaml"]
    assert all(not list(c) for c in cases)


def test_junit_escapes_control_characters() -> None:
    finding = sample_result().findings[0]
    odd = Finding(finding.rule, finding.severity, 'A"<&>', finding.resource_type, None, finding.span,
                  (), "bad \x00\x1b byte & <tag> \"quoted\"")
    result = ScanResult(findings=(odd,), errors=(), files_scanned=1, files_skipped=0, tool_version="9.9.9")
    case = ET.fromstring(RENDERERS["junit"](result, False)).find("testsuite/testcase")
    assert case is not None and case.get("name") == 'LAM001 A"<&>: bad \ufffd\ufffd byte & <tag> "quoted"'


def test_gitlab_shape() -> None:
    issues = json.loads(RENDERERS["gitlab"](sample_result(), False))
    assert isinstance(issues, list) and len(issues) == 4 + 3
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str) and not issue["location"]["path"].startswith("./")
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert issues[0]["fingerprint"] == sample_result().findings[0].fingerprint
    assert issues[0]["description"].startswith("LAM001 ")
    assert [i["severity"] for i in issues[:4]] == ["minor", "critical", "blocker", "major"]


def test_github_escaping() -> None:
    lines = RENDERERS["github"](sample_result(), False).splitlines()
    tricky = next(line for line in lines if "title=LAM011" in line)
    assert tricky == ("::error file=stacks/my stack.yaml,title=LAM011 function-open-to-everyone::"
                      "function OpenFunction: 100%25 public, anyone can invoke it%0Asee <docs> | a_b *c*")
    assert github.escape_property("a:b,c%d\r\ne") == "a%3Ab%2Cc%25d%0D%0Ae"
    assert github.escape_data("a:b,c%d\r\ne") == "a:b,c%25d%0D%0Ae"
    assert github.command("warning", "m", file="x,y:z.yaml", line=3) == "::warning file=x%2Cy%3Az.yaml,line=3::m"
    assert all("\n" not in line for line in lines)


def test_markdown_folds_long_tables() -> None:
    result = sample_result()
    many = ScanResult(findings=result.findings * 5, errors=(), files_scanned=1, files_skipped=0,
                      tool_version="9.9.9", fail_on=Severity.MEDIUM)
    text = RENDERERS["markdown"](many, False)
    assert "<details>" in text and "<summary>20 findings</summary>" in text
    assert text.startswith("## ❌ slens:")
    short = RENDERERS["markdown"](ScanResult((), (), 1, 0, "9.9.9"), False)
    assert short.startswith("## ✅ slens: no findings")
    assert markdown.cell("a|b\n<c>*") == "a\\|b &lt;c&gt;\\*"


def test_identical_findings_collapse_into_one_with_a_count() -> None:
    same = "queue Queue has no RedrivePolicy"
    findings = [_finding("SQS001", "t.yaml", 20, 3, "Queue", same, generated="QueueA"),
                _finding("SQS001", "t.yaml", 20, 3, "Queue", same, generated="QueueB"),
                _finding("SQS001", "t.yaml", 20, 3, "Queue", same, generated="QueueC"),
                _finding("SQS001", "t.yaml", 21, 3, "Queue", same),
                _finding("SQS101", "t.yaml", 20, 3, "Queue", same)]
    collapsed = collapse(findings)
    assert [(f.rule.id, f.span.line, f.generated_resource, f.count) for f in collapsed] == [
        ("SQS001", 20, "QueueA", 3), ("SQS001", 21, None, 1), ("SQS101", 20, None, 1)]
    assert finding_dict(collapsed[0])["count"] == 3 and "count" not in finding_dict(collapsed[1])
    result = ScanResult(findings=tuple(collapsed), errors=(), files_scanned=1, files_skipped=0,
                        tool_version="9.9.9", fail_on=Severity.MEDIUM, rules=(_rule("SQS001"), _rule("SQS101")),
                        scanned_files=("t.yaml",))
    document = json.loads(RENDERERS["sarif"](result, False))
    _validate_sarif(document)
    assert [r.get("occurrenceCount") for r in document["runs"][0]["results"]] == [3, None, None]
    assert "no RedrivePolicy (3 identical findings)  [Queue -> QueueA]" in RENDERERS["text"](result, False)

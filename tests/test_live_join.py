"""Deployed resources joined with their templates (``slens scan --aws ./infra``): a finding on a
resource a stack made points at the line of that stack's template, with where it runs; a setting
the account shows differently from the template is a DRF001 finding at the template's line.

End to end against moto's server on 127.0.0.1 (tests/live_account.py: its stack "tiny" holds
StackQueue and StackTopic), and the matcher on plain values."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live_account import ACCOUNT, REGION, Account
from slens.engine import RuleCatalogue
from slens.engine.assemble import Collected, assemble
from slens.engine.join import Declared, Running, Stated, UnitIndex, match
from slens.engine.rule import Deployed
from slens.rules import load_catalogue
from test_rule_examples import expectations

ROOT = Path(__file__).resolve().parent.parent
DRIFT = ROOT / "src" / "slens" / "rules" / "live" / "examples" / "deployed_setting_drifted"
WHERE = f"aws://{ACCOUNT}/{REGION}"
TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Description: the stack "tiny" as deployed
Resources:
  StackQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: stack-queue
  StackTopic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: stack-topic
"""
#: another application's template: none of the stack's logical ids
OTHER = """\
Resources:
  Elsewhere:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: elsewhere
"""


@pytest.fixture(scope="module")
def account() -> Iterator[Account]:
    pytest.importorskip("moto.server", reason="the live review's tests need moto's server: pip install 'moto[server]'")
    from live_account import moto_account

    with moto_account() as seeded:
        yield seeded


@pytest.fixture(scope="module")
def snapshot(account: Account, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The account read once. moto answers a queue's URL on its own endpoint while CloudFormation
    records AWS's form as the queue's physical id: the stack's queue is still the stack's (lambda is
    read so that queue-without-consumer, a finding no template has, can be placed)."""
    path = tmp_path_factory.mktemp("join") / "account.json"
    done = _run("--aws", "--services", "sqs,sns,lambda,cloudformation", "--snapshot", str(path))
    assert done.returncode == 0, done.stderr
    return path


def _run(*args: str, fmt: str = "json") -> subprocess.CompletedProcess[str]:
    # the environment moto_account set: the emulator's endpoint, fake keys, no profile or config file
    return subprocess.run([sys.executable, "-m", "slens", "scan", *args, "--format", fmt, "--fail-on", "never",
                           "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=300)


def _document(*args: str) -> dict[str, Any]:
    done = _run(*args)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def _line(text: str, key: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith(key))


def _live(document: dict[str, Any], rule_id: str, logical_id: str) -> dict[str, Any]:
    return next(f for f in document["findings"] if f["rule_id"] == rule_id and f.get("deployed")
                and f["deployed"]["logical_id"] == logical_id)


def test_scan_aws_with_the_stacks_template_points_at_its_lines(account: Account, tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    # SNS002 is opt-in: turned on to see one problem give one finding
    document = _document("--aws", "--services", "sqs,sns,lambda,cloudformation", "--extend-select", "SNS002",
                         str(tmp_path))
    finding = _live(document, "LIV301", "StackQueue")
    assert (finding["file"], finding["line"]) == (f"{tmp_path}/template.yaml", _line(TEMPLATE, "StackQueue:"))
    assert finding["deployed"] == {"arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:stack-queue", "account": ACCOUNT,
                                   "region": REGION, "stack": "tiny", "logical_id": "StackQueue"}
    # the template says the topic is unencrypted, and so is the deployed topic: one problem, one
    # finding, the template's
    topic = [f for f in document["findings"] if f["rule_id"] == "SNS002" and f["resource"] == "StackTopic"]
    assert len(topic) == 1 and "deployed" not in topic[0]


def test_a_finding_on_a_stack_resource_points_at_its_template_line(snapshot: Path, tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    document = _document("--snapshot-in", str(snapshot), str(tmp_path))
    finding = _live(document, "LIV301", "StackQueue")
    assert (finding["file"], finding["line"]) == (f"{tmp_path}/template.yaml", _line(TEMPLATE, "StackQueue:"))
    assert finding["deployed"] == {"arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:stack-queue", "account": ACCOUNT,
                                   "region": REGION, "stack": "tiny", "logical_id": "StackQueue"}
    assert finding["resource"] == "StackQueue" and finding["resource_type"] == "AWS::SQS::Queue"
    # a problem both the template and the deployed queue have is the template's one finding
    same = [f for f in document["findings"] if f["rule_id"] == "SQS001" and f["resource"] == "StackQueue"]
    assert len(same) == 1 and "deployed" not in same[0]
    # resources no stack made keep the account's location
    loose = next(f for f in document["findings"] if f["rule_id"] == "SQS001" and f["resource"] == "Loose")
    assert loose["file"] == WHERE and loose["line"] is None and loose["deployed"]["stack"] is None
    assert not [f for f in document["findings"] if f["rule_id"] == "DRF001"]


def test_a_template_that_is_not_the_stacks_leaves_its_findings_in_the_account(snapshot: Path,
                                                                              tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(OTHER)
    document = _document("--snapshot-in", str(snapshot), str(tmp_path))
    finding = _live(document, "SQS001", "StackQueue")
    assert finding["file"] == WHERE and finding["line"] is None
    assert finding["deployed"]["stack"] == "tiny" and finding["deployed"]["logical_id"] == "StackQueue"
    # the same finding is the same whether or not its template was in the scan
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    placed = _live(_document("--snapshot-in", str(snapshot), str(tmp_path)), "LIV301", "StackQueue")
    unplaced = _live(document, "LIV301", "StackQueue")
    assert placed["fingerprint"] == unplaced["fingerprint"] and placed["file"] != WHERE == unplaced["file"]


def test_two_templates_that_match_equally_map_nothing_and_say_so(snapshot: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "template.yaml").write_text(TEMPLATE)
    document = _document("--snapshot-in", str(snapshot), str(tmp_path))
    assert _live(document, "SQS001", "StackQueue")["file"] == WHERE
    notice = next(n for n in document["notices"] if n["kind"] == "ambiguous-stack")
    assert notice["file"] == WHERE and "stack tiny" in notice["message"]
    assert f"{tmp_path}/a/template.yaml" in notice["message"] and f"{tmp_path}/b/template.yaml" in notice["message"]


def test_a_setting_changed_since_deployment_is_drift_at_the_template_line(snapshot: Path, tmp_path: Path) -> None:
    fixture = DRIFT / "fail_queue_changed_after_deploy.yaml"
    (tmp_path / "template.yaml").write_text(fixture.read_text())
    document = _document("--snapshot-in", str(snapshot), str(tmp_path))
    drift = [f for f in document["findings"] if f["rule_id"] == "DRF001"]
    assert [(f["file"], f["line"]) for f in drift] == [
        (f"{tmp_path}/template.yaml", line) for _, line in sorted(expectations(fixture))]
    assert drift[0]["property_path"] == ["VisibilityTimeout"]
    assert "is 30" in drift[0]["message"] and "says 45" in drift[0]["message"]
    assert drift[0]["deployed"]["stack"] == "tiny" and drift[0]["practice"] == "ops_ops_q2_a1"


def test_a_template_that_says_what_is_deployed_has_no_drift(snapshot: Path, tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text((DRIFT / "pass_queue_as_deployed.yaml").read_text())
    document = _document("--snapshot-in", str(snapshot), str(tmp_path))
    assert _live(document, "LIV301", "StackQueue")["file"] == f"{tmp_path}/template.yaml"
    assert not [f for f in document["findings"] if f["rule_id"] == "DRF001"]


def test_sarif_and_text_of_live_findings(snapshot: Path, tmp_path: Path) -> None:
    import jsonschema

    # the copy of ../shared/schemas/sarif-schema-2.1.0.json that test_reports validates against
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    done = _run("--snapshot-in", str(snapshot), str(tmp_path), fmt="sarif")
    assert done.returncode == 0, done.stderr
    sarif = json.loads(done.stdout)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert not [e.message for e in validator.iter_errors(sarif)]
    results = sarif["runs"][0]["results"]
    placed = next(r for r in results if r["ruleId"] == "LIV301" and r["properties"].get("deployed", {})
                  .get("logicalId") == "StackQueue")
    region = placed["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == _line(TEMPLATE, "StackQueue:")
    loose = next(r for r in results if r["ruleId"] == "SQS001" and r["properties"].get("deployed", {})
                 .get("arn", "").endswith(":loose"))
    location = loose["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": WHERE}
    assert location["logicalLocations"][0]["fullyQualifiedName"] == f"arn:aws:sqs:{REGION}:{ACCOUNT}:loose"
    text = _run("--snapshot-in", str(snapshot), str(tmp_path), fmt="text").stdout
    assert f"deployed as arn:aws:sqs:{REGION}:{ACCOUNT}:stack-queue" in text
    concise = _run("--snapshot-in", str(snapshot), str(tmp_path), fmt="concise").stdout
    assert f"{WHERE}: SQS001 " in concise and f"[arn:aws:sqs:{REGION}:{ACCOUNT}:loose]" in concise


# -- the matcher and the join on plain values ------------------------------------------------------

STACK = (ACCOUNT, REGION, "app")


@pytest.mark.parametrize(("templates", "matched", "tied"), [
    ({"a.yaml": ["A", "B", "C"], "b.yaml": ["A"]}, {STACK: "a.yaml"}, {}),
    # half of the stack's ids is enough; fewer is another application that shares a name
    ({"a.yaml": ["A", "B", "X"]}, {STACK: "a.yaml"}, {}),
    ({"a.yaml": ["A", "X", "Y"]}, {}, {}),
    ({"a.yaml": ["A", "B"], "b.yaml": ["C", "D"]}, {}, {STACK: ("a.yaml", "b.yaml")}),
    ({"a.yaml": ["A", "B"], "b.yaml": ["A", "C"], "c.yaml": ["A", "B", "C"]}, {STACK: "c.yaml"}, {}),
    ({}, {}, {}),
])
def test_a_stack_matches_the_template_that_holds_most_of_its_ids(templates: dict[str, list[str]],
                                                                 matched: dict[Any, str], tied: dict[Any, Any],
                                                                 ) -> None:
    assert match({STACK: ["A", "B", "C", "D"]}, templates) == (matched, tied)


def _running(logical_id: str, type_: str, **settings: Any) -> Running:
    where = Deployed(f"arn:aws:x:{REGION}:{ACCOUNT}:{logical_id}", ACCOUNT, REGION, "app", logical_id)
    return Running("app", logical_id, type_, where, tuple(((k,), v) for k, v in settings.items()))


def _declared(logical_id: str, type_: str, line: int, **settings: Any) -> Declared:
    return Declared(logical_id, type_, line, 3, logical_id, type_, None, None, line,
                    tuple(Stated((k,), v, line + 3, 7) for k, v in settings.items()))


def _joined(catalogue: RuleCatalogue, *indexes: UnitIndex) -> list[tuple[str, str, int | None, str]]:
    collected = Collected(indexes=list(indexes))
    result = assemble(collected, catalogue, date(2026, 1, 1), fail_on=None, severity={}, baseline=None)
    return [(f.rule.id, f.span.file, f.span.line, f.message) for f in result.findings]


def test_drift_compares_literal_settings_with_defaults_where_the_account_shows_none() -> None:
    catalogue = load_catalogue().select(["DRF001"])
    live = UnitIndex(WHERE, running=(
        _running("Fn", "AWS::Lambda::Function", Runtime="python3.12", Timeout=None, MemorySize=None),
        _running("Logs", "AWS::Logs::LogGroup", RetentionInDays=None)))
    template = UnitIndex("t.yaml", declared=(
        _declared("Fn", "AWS::Lambda::Function", 4, Runtime="python3.12", Timeout="3", MemorySize=256),
        _declared("Logs", "AWS::Logs::LogGroup", 12, RetentionInDays=14)))
    found = _joined(catalogue, live, template)
    # MemorySize: the account shows none, which is AWS's 128; a log group without retention shows
    # none either, but has no default to compare with; "3" is the same setting as 3
    assert [(rule, file, line) for rule, file, line, _ in found] == [("DRF001", "t.yaml", 7)]
    assert "MemorySize is 128 (the AWS default), the template says 256" in found[0][3]


def test_results_carry_the_join_through_the_cache(tmp_path: Path) -> None:
    from slens import result_cache
    from slens.outcome import UnitOutcome

    index = UnitIndex(WHERE, running=(_running("Q", "AWS::SQS::Queue", VisibilityTimeout=30),))
    outcome = UnitOutcome("x", index=index)
    decoded = result_cache.decode(json.loads(json.dumps(result_cache.encode(outcome))), load_catalogue())
    assert decoded is not None and decoded.index == index

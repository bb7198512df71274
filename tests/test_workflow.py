"""Suppressions (with reasons), configuration, baselines: accepting a risk on purpose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slens.cli import main

TEMPLATE = """\
Resources:
  Orders:
    Type: AWS::Lambda::Function
{metadata}    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/x
      Code: {{ZipFile: "x"}}
      MemorySize: 512{inline}
  Jobs:
    Type: AWS::SQS::Queue
"""


def write(tmp: Path, metadata: str = "", inline: str = "", name: str = "template.yaml") -> Path:
    path = tmp / name
    path.write_text(TEMPLATE.format(metadata=metadata, inline=inline))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["scan", "--format", "json", "--include-suppressed", *args])
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if captured.out.strip() else {"stderr": captured.err})


def rule_ids(doc: dict) -> list[str]:  # type: ignore[type-arg]
    return sorted(f["rule_id"] for f in doc["findings"])


@pytest.fixture(autouse=True)
def _cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("SLENS_SELECT", "SLENS_IGNORE", "SLENS_FAIL_ON", "SLENS_TODAY"):
        monkeypatch.delenv(name, raising=False)


def test_resource_metadata_suppression_needs_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "    Metadata:\n      slens:\n        ignore:\n          - id: LAM001\n"
                    "            reason: tracing via the OpenTelemetry layer\n")
    code, doc = run(capsys, "--select", "LAM001")
    assert rule_ids(doc) == [] and code == 0
    assert [(s["rule_id"], s["suppression"]["source"]) for s in doc["suppressed"]] == [("LAM001",
                                                                                       "template metadata")]
    write(tmp_path, "    Metadata:\n      slens:\n        ignore:\n          - id: LAM001\n")
    code, doc = run(capsys, "--select", "LAM001")
    assert code == 2
    assert doc["errors"][0]["kind"] == "config" and "no reason" in doc["errors"][0]["message"]
    assert doc["errors"][0]["line"] == 7


def test_inline_comment_on_resource_or_property_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path)
    path.write_text(path.read_text().replace("  Orders:\n", "  Orders:  # slens: ignore[LAM001] traced by vendor\n"))
    # the plain function has no context for LAM003 (JVM, image, S3 trigger): the team wants it everywhere
    (tmp_path / ".slens.toml").write_text("[rules.LAM003]\neverywhere = true\n")
    assert rule_ids(run(capsys, "--select", "LAM001,LAM003")[1]) == ["LAM003"]
    write(tmp_path, inline="\n      Timeout: 3  # slens: ignore[LAM003] expires=2999-01-01")
    assert "LAM003" not in rule_ids(run(capsys, "--select", "LAM003")[1])


def test_expired_suppression_returns_the_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "    Metadata:\n      slens:\n        ignore:\n          - id: LAM001\n"
                    "            reason: until the migration\n            expires: 2021-05-01\n")
    code, doc = run(capsys, "--select", "LAM001,SLN002")
    assert rule_ids(doc) == ["LAM001", "SLN002"] and code == 1


def test_bad_expiry_date_is_a_config_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "    Metadata:\n      slens:\n        ignore:\n          - id: LAM001\n"
                    "            reason: later\n            expires: next week\n")
    code, doc = run(capsys)
    assert code == 2 and "not a date" in doc["errors"][0]["message"]


def test_config_file_select_severity_and_suppress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.slens]\nselect = ["LAM001", "SQS001"]\nfail-on = "high"\n[tool.slens.severity]\nLAM001 = "high"\n'
        '[[tool.slens.suppress]]\nid = "SQS001"\nresources = ["Jo*"]\nreason = "jobs are idempotent and replayed"\n')
    code, doc = run(capsys)
    assert rule_ids(doc) == ["LAM001"] and doc["findings"][0]["severity"] == "high" and code == 1
    assert main(["config"]) == 0
    shown = capsys.readouterr().out
    assert "select = ['LAM001', 'SQS001']" in shown and "[tool.slens]" in shown


def test_precedence_cli_over_env_over_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path)
    (tmp_path / ".slens.toml").write_text('select = ["LAM001"]\n[rules.LAM003]\neverywhere = true\n')
    assert rule_ids(run(capsys)[1]) == ["LAM001"]
    monkeypatch.setenv("SLENS_SELECT", "SQS001")
    assert rule_ids(run(capsys)[1]) == ["SQS001"]
    assert rule_ids(run(capsys, "--select", "LAM003")[1]) == ["LAM003"]
    main(["config"])
    assert "environment SLENS_SELECT" in capsys.readouterr().out


@pytest.mark.parametrize("content, fragment", [
    ("select = [", "invalid TOML"),
    ('selekt = ["LAM001"]\n', "unknown key 'selekt'"),
    ('select = ["NOPE123"]\n', "unknown rule id(s): NOPE123"),
    ('fail-on = "sometimes"\n', "bad value for 'fail-on'"),
    ('[[suppress]]\nid = "LAM001"\n', "has no reason"),
    ('[rules.LAM001]\nfoo = 1\n', "has no option 'foo'"),
])
def test_bad_configuration_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
                                            fragment: str) -> None:
    write(tmp_path)
    (tmp_path / ".slens.toml").write_text(content)
    code = main(["scan", "--format", "json", "--output", "out.json"])
    captured = capsys.readouterr()
    assert code == 2
    assert fragment in captured.err + captured.out
    assert not (tmp_path / "out.json").exists() or "errors" in (tmp_path / "out.json").read_text()


def test_baseline_hides_known_findings_and_survives_line_moves(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path)
    assert main(["scan", "--write-baseline", ".slens-baseline.json", "--quiet"]) == 0  # recording is not failing
    capsys.readouterr()
    recorded = json.loads((tmp_path / ".slens-baseline.json").read_text())["findings"]
    assert recorded and all("line" not in entry for entry in recorded)
    path.write_text("# moved\n\n" + path.read_text() + "  Events:\n    Type: AWS::SNS::Topic\n    Properties:\n"
                    "      TopicName: events\n")
    code, doc = run(capsys, "--baseline", ".slens-baseline.json")
    assert {f["resource"] for f in doc["findings"]} == {"Events"}
    assert doc["summary"]["baseline_hidden"] == len(recorded) and code == 0
    (tmp_path / "broken.json").write_text("{")
    assert main(["scan", "--baseline", "broken.json"]) == 2
    assert "baseline is not valid JSON" in capsys.readouterr().err


def test_report_files_written_together(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path)
    assert main(["scan", "--quiet", "--report", "json=out.json", "--report", "text=out.txt"]) == 1
    assert json.loads((tmp_path / "out.json").read_text())["findings"]
    assert "finding" in (tmp_path / "out.txt").read_text()
    assert main(["scan", "--report", "nope=x"]) == 2

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from slens.cli import main

FUNCTION = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      MemorySize: 512
      Timeout: 10
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "template.yaml").write_text(FUNCTION)
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "template.yaml").write_text(FUNCTION)
    (tmp_path / "package.json").write_text('{"name": "x"}')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_json_report_document(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", "--format", "json", "--fail-on", "never"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert doc["schema_version"] == "1" and doc["tool"]["name"] == "slens"
    assert doc["summary"]["files_scanned"] == 1 and doc["summary"]["files_skipped"] == 1
    finding = next(f for f in doc["findings"] if f["rule_id"] == "LAM001")
    assert finding["file"] == "template.yaml" and finding["line"] == 3
    assert finding["resource"] == "Orders" and finding["resource_type"] == "AWS::Serverless::Function"
    assert finding["generated_resource"] == "Orders" and finding["question"] == "OPS1"
    assert set(finding) >= {"rule_id", "name", "title", "severity", "question", "pillar", "resource",
                            "resource_type", "generated_resource", "file", "line", "column", "message",
                            "fingerprint"}


def test_fingerprints_survive_line_moves(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["scan", "--format", "json"])
    before = {f["fingerprint"] for f in json.loads(capsys.readouterr().out)["findings"]}
    (project / "template.yaml").write_text("# a comment\n\n" + FUNCTION)
    main(["scan", "--format", "json"])
    after = json.loads(capsys.readouterr().out)["findings"]
    assert {f["fingerprint"] for f in after} == before and after[0]["line"] > 3


def test_exit_codes_follow_fail_on(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--select", "LAM001", "--fail-on", "low"]) == 1
    assert main(["scan", "--select", "LAM001", "--fail-on", "medium"]) == 0
    assert main(["scan", "--ignore", "LAM001", "--select", "LAM001"]) == 0
    assert main(["scan", "--select", "NOPE999"]) == 2
    assert main(["scan", "--bogus"]) == 2
    (project / "broken.yaml").write_text("Resources: [\n")
    assert main(["scan", "--fail-on", "never"]) == 2
    out = capsys.readouterr().out
    assert "broken.yaml:" in out and "LAM001" in out  # findings are still reported


def test_output_file_and_quiet(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["scan", "--format", "json", "--output", "report.json"])
    assert capsys.readouterr().out == ""
    assert json.loads((project / "report.json").read_text())["findings"]
    main(["scan", "--quiet"])
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "finding" in out[0]


def test_text_report_has_no_colour_when_piped(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-m", "slens", "scan"], capture_output=True, text=True, env=env)
    assert "\033[" not in out.stdout
    assert "template.yaml" in out.stdout and "OPS1" in out.stdout
    *_, summary, pointer = out.stdout.strip().splitlines()
    assert summary.startswith(tuple("0123456789")) and pointer.startswith("Run 'slens rule ID'")


def test_rules_listing_and_rule_docs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"id", "name", "severity", "question", "pillar", "services", "title"} <= set(rows[0])
    assert main(["rules"]) == 0
    assert "LAM001" in capsys.readouterr().out
    assert main(["rule", "LAM001"]) == 0
    page = capsys.readouterr().out
    assert "## Why it matters" in page and "## Non-compliant example" in page
    assert main(["rule", "function-without-tracing"]) == 0
    capsys.readouterr()
    assert main(["rule", "XXX000"]) == 2


def test_missing_path_is_a_read_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(tmp_path / "nope"), "--format", "json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["errors"][0]["kind"] == "read"


def test_every_format_from_one_run_over_the_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from slens.report import RENDERERS

    examples = Path(__file__).resolve().parent.parent / "examples"
    monkeypatch.chdir(tmp_path)
    reports = [f"{fmt}=out.{fmt}" for fmt in RENDERERS]
    args = ["scan", str(examples), "--quiet"] + [item for report in reports for item in ("--report", report)]
    assert main(args) == 1
    assert capsys.readouterr().out.strip().endswith("0 errors")
    for fmt in RENDERERS:
        assert (tmp_path / f"out.{fmt}").stat().st_size > 100, fmt
    assert set(RENDERERS) >= {"text", "json", "sarif", "junit", "gitlab", "github", "markdown", "concise"}


def test_a_pipe_named_as_the_output_is_written_to_not_replaced(tmp_path: Path) -> None:
    # an atomic rename over /dev/null or a FIFO would put a regular file in its place
    import os
    import stat

    from slens.outputs import write_atomically

    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # opened before the write: no race with a thread
    try:
        write_atomically(str(fifo), "{}\n")
        assert os.read(reader, 100) == b"{}\n" and stat.S_ISFIFO(os.stat(fifo).st_mode)
    finally:
        os.close(reader)


def test_a_pipe_nobody_reads_is_an_error_not_a_hang(tmp_path: Path) -> None:
    # a repository may hold a FIFO where its configuration puts the report
    import os

    from slens.outputs import Output, write_all

    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    [problem] = write_all([Output(str(fifo), "{}\n")], [], None)
    assert problem.startswith(f"cannot write {fifo}")

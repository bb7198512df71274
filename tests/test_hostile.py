"""Hostile input (issue 6) not covered by test_bad_input.py: each a clear error or a clean pass, in bounded time.

Most cases share one folder scanned once by the CLI in a subprocess (so that a crash of the
interpreter, a hang or a memory blow-up fails the test instead of killing pytest); every
case then checks its own file's error (kind, file, line where known) and that the good
template next to it was still scanned.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import slens.loaders.units
from slens.engine import ErrorKind
from slens.rules import load_catalogue
from slens.scan import scan

from .conftest import PEAK_RSS_LAUNCHER

DEPTH = 100_000
TIMEOUT = 60
GOOD = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Orders:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/x
      Code: {ZipFile: "x"}
"""
QUEUE = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Jobs:\n    Type: AWS::SQS::Queue\n"


@dataclass
class Run:
    report: dict[str, Any]
    seconds: float
    peak_mb: float
    returncode: int

    def errors(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.report["errors"] if Path(e["file"]).name == name]

    def finding_files(self) -> set[str]:
        return {Path(f["file"]).name for f in self.report["findings"]}


def run_cli(*args: str, cwd: Path, timeout: float = TIMEOUT) -> Run:
    """``slens scan ARGS --format json`` in a subprocess: its report, wall time and peak RSS.

    Linux carries a process's peak RSS over fork and exec, so a child of this (large) pytest
    process would report pytest's size. A small launcher process starts slens instead and
    reports its child's peak on the last line of stderr.
    """
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache-home")}
    command = [sys.executable, "-c", PEAK_RSS_LAUNCHER,
               sys.executable, "-m", "slens", "scan", *args, "--format", "json", "--fail-on", "never"]
    out, err = cwd / ".report.json", cwd / ".stderr.txt"
    start = time.perf_counter()
    with out.open("wb") as sink, err.open("wb") as errors:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=sink, stderr=errors, start_new_session=True)
    while True:
        pid, status, _ = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.killpg(process.pid, 9)
            os.wait4(process.pid, 0)
            pytest.fail(f"slens scan {' '.join(args)} did not finish in {timeout} s (hang?)")
        time.sleep(0.01)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    stderr = err.read_text(errors="replace")
    assert "Traceback" not in stderr, stderr
    stderr, _, peak_kb = stderr.rstrip("\n").rpartition("\n")
    if not peak_kb.strip().isdigit():
        stderr, peak_kb = f"{stderr}\n{peak_kb}", "0"
    try:
        report = json.loads(out.read_text())
    except json.JSONDecodeError:
        pytest.fail(f"no JSON report (exit {process.returncode}): {stderr[-2000:]}")
    return Run(report, seconds, int(peak_kb) / 1024, process.returncode)


def _wrong_types() -> str:
    """Wrong types everywhere a rule looks, in one template that must scan without an internal error."""
    return """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  Never: !Equals [a, b]
Globals:
  Function:
    Timeout: "thirty"
    Tracing: [Active]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: !If [IsProd, src/, [not, a, path]]
      Handler: !If [IsProd, app.handler, !Ref AWS::NoValue]
      Runtime: !If [IsProd, python3.12, 3.12]
      MemorySize: "1024"
      Timeout: !Sub "${Missing}"
      Tracing: !If [IsProd, Active, PassThrough]
      DeadLetterQueue: [SQS, !GetAtt Queue.Arn]
      EventInvokeConfig: !If [IsProd, {DestinationConfig: {OnFailure: {Type: SQS}}}, !Ref AWS::NoValue]
      Policies: !Ref Nowhere
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !If [IsProd, !GetAtt Queue.Arn, !Ref Nowhere]
            BatchSize: "ten"
        Topic:
          Type: SNS
          Properties: [Topic, !Ref Topic]
  Hidden:
    Type: AWS::Lambda::Function
    Condition: Never
    Properties:
      Runtime: nodejs4.3
      Handler: i.h
      Role: !GetAtt Role.Arn
      Code: {ZipFile: x}
      TracingConfig: [Mode, Active]
      DeadLetterConfig: "arn:aws:sqs:us-east-1:123456789012:dlq"
      Timeout: !Sub ["${A}${B}", {A: 1}]
  Queue:
    Type: AWS::SQS::Queue
    Condition: IsProd
    Properties:
      VisibilityTimeout: !If [IsProd, "30", [1, 2]]
      RedrivePolicy: !If [IsProd, "{\\"deadLetterTargetArn\\": \\"x\\"}", !Ref AWS::NoValue]
      KmsMasterKeyId: 42
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription: {Endpoint: !GetAtt Fn.Arn, Protocol: [lambda]}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: "{\\"Statement\\": []}"
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement: {Effect: Allow, Action: !Split [",", "s3:*,sqs:*"], Resource: [!Sub "${Nope.Arn}"]}
        - !If [IsProd, {PolicyName: q, PolicyDocument: [1]}, !Ref AWS::NoValue]
      ManagedPolicyArns: !Ref ManagedPolicies
  Perm:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !If [IsProd, !Ref Fn, !Ref Hidden]
      Action: [lambda:InvokeFunction]
      Principal: {Service: "*"}
      SourceArn: !Sub "arn:aws:s3:::${Missing}"
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Missing
      TracingEnabled: "true"
      AccessLogSetting: [DestinationArn, x]
      MethodSettings: {ThrottlingBurstLimit: "10"}
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification: !If [IsProd, {SSEEnabled: "yes"}, [SSEEnabled]]
      KeySchema: {AttributeName: pk}
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Sub ["${X}", {}]
      TracingConfiguration: true
      RoleArn: !GetAtt Role.Nope
  Rule:
    Type: AWS::Events::Rule
    Properties:
      Targets: {Arn: !GetAtt Fn.Arn, Id: "1"}
      EventPattern: [source]
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: [Fn]
      EventSourceArn: !ImportValue shared-stream
      DestinationConfig: {OnFailure: "arn"}
Outputs:
  Url:
    Value: !Sub "https://${ServerlessRestApi}.execute-api/${Missing}"
"""


def _write_tree(root: Path) -> None:
    (root / "good.yaml").write_text(GOOD)
    tags = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
    (root / "deep_seq.yaml").write_text(tags + "      Tags: " + "[" * DEPTH + "]" * DEPTH + "\n")
    (root / "deep_map.yaml").write_text(tags + "      Tags: " + "{a: " * DEPTH + "1" + "}" * DEPTH + "\n")
    (root / "deep_block.yaml").write_text(tags + "      Tags:\n" + "".join(
        " " * (8 + i) + "- \n" for i in range(2000)))  # block style: deep and wide
    (root / "deep_map.json").write_text('{"Resources": ' + '{"a": ' * DEPTH + "1" + "}" * DEPTH + "}")
    (root / "deep_seq.json").write_text('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Q": {"Type": '
                                        '"AWS::SQS::Queue", "Properties": {"Tags": ' + "[" * DEPTH + "]" * DEPTH
                                        + "}}}}")
    rng = random.Random(6)
    (root / "binary.yaml").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (root / "binary_marked.yaml").write_bytes(b"Resources:\n  Q:\n" + bytes(rng.randrange(256) for _ in range(4096)))
    (root / "invalid_utf8.yaml").write_bytes(QUEUE.encode() + b"    Properties:\n      QueueName: \xed\xa0\x80x\n")
    (root / "utf16le.yaml").write_bytes(QUEUE.encode("utf-16"))  # BOM + little endian
    (root / "utf16be.yaml").write_bytes(b"\xfe\xff" + QUEUE.encode("utf-16-be"))
    (root / "utf8bom.yaml").write_bytes(b"\xef\xbb\xbf" + QUEUE.encode())
    (root / "crlf.yaml").write_bytes(GOOD.replace("\n", "\r\n").encode())
    (root / "cr_only.yaml").write_bytes(GOOD.replace("\n", "\r").encode())
    (root / "tabs.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n\tQ:\n"
                                    "\t\tType: AWS::SQS::Queue\n")
    (root / "tabs_in_values.yaml").write_text(QUEUE + "    Properties:\n      QueueName: \"a\\tb\"\t# tab\n")
    (root / "dup_props.yaml").write_text(QUEUE + "    Properties:\n      VisibilityTimeout: 1\n"
                                         "      VisibilityTimeout: 2\n")
    (root / "dup_sections.yaml").write_text(QUEUE + "Resources:\n  Other:\n    Type: AWS::SNS::Topic\n")
    (root / "dup_keys.json").write_text('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"},\n'
                                        ' "Q": {"Type": "AWS::SNS::Topic"}}}')
    (root / "wrong_types.yaml").write_text(_wrong_types())
    (root / "empty.yaml").write_bytes(b"")
    (root / "only_bom.yaml").write_bytes(b"\xef\xbb\xbf")
    (root / "dangling.yaml").symlink_to(root / "deleted-before-the-scan.yaml")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    _write_tree(root)
    return root


@pytest.fixture(scope="module")
def run(tree: Path) -> Run:
    return run_cli(".", cwd=tree)


def _only_error(run: Run, name: str) -> dict[str, Any]:
    errors = run.errors(name)
    assert len(errors) == 1, (name, errors)
    return errors[0]


def test_the_hostile_tree_scans_quickly_and_the_good_template_still_reports(run: Run) -> None:
    assert "good.yaml" in run.finding_files()
    assert "crlf.yaml" in run.finding_files()
    assert run.seconds < 30, f"{run.seconds:.1f} s"
    assert not [e for e in run.report["errors"] if e["kind"] == "internal"], run.report["errors"]


@pytest.mark.parametrize("name", ["deep_seq.yaml", "deep_map.yaml", "deep_map.json", "deep_seq.json"])
def test_100k_levels_of_nesting_are_a_parse_error(run: Run, name: str) -> None:
    error = _only_error(run, name)
    assert error["kind"] == "parse" and "nesting deeper than" in error["message"], error
    if name.endswith(".yaml"):
        assert error["line"] == 6, error


def test_deep_block_style_nesting_is_a_parse_error(run: Run) -> None:
    error = _only_error(run, "deep_block.yaml")
    assert error["kind"] == "parse" and "nesting deeper than" in error["message"], error
    assert error["line"] is not None and error["line"] > 6, error


def test_binary_files_named_yaml(run: Run) -> None:
    assert not run.errors("binary.yaml")  # no template marker: skipped quietly, like any other non-template
    error = _only_error(run, "binary_marked.yaml")
    assert error["kind"] == "read" and "binary" in error["message"], error


def test_invalid_utf8_names_the_line(run: Run) -> None:
    error = _only_error(run, "invalid_utf8.yaml")
    assert error["kind"] == "read" and "invalid UTF-8" in error["message"] and error["line"] == 6, error


@pytest.mark.parametrize("name", ["utf16le.yaml", "utf16be.yaml", "utf8bom.yaml"])
def test_utf16_and_bom_encodings_load(run: Run, name: str) -> None:
    assert not run.errors(name)
    assert name in {Path(f).name for f in _scanned(run)}


def _scanned(run: Run) -> list[str]:
    files = run.report.get("scanned_files") or [f["file"] for f in run.report["findings"]]
    return list(files)


def test_crlf_keeps_line_numbers(run: Run) -> None:
    good = [(f["rule_id"], f["line"]) for f in run.report["findings"] if f["file"] == "good.yaml"]
    crlf = [(f["rule_id"], f["line"]) for f in run.report["findings"] if f["file"] == "crlf.yaml"]
    assert crlf == good and good


def test_bare_cr_line_endings_do_not_crash(run: Run) -> None:
    assert all(e["kind"] != "internal" for e in run.errors("cr_only.yaml"))


def test_tabs(run: Run) -> None:
    error = _only_error(run, "tabs.yaml")
    assert error["kind"] == "parse" and error["line"] == 3, error
    assert not run.errors("tabs_in_values.yaml")


@pytest.mark.parametrize(("name", "line"), [("dup_props.yaml", 7), ("dup_sections.yaml", 5), ("dup_keys.json", 2)])
def test_duplicate_keys_are_reported_where_they_repeat(run: Run, name: str, line: int) -> None:
    error = _only_error(run, name)
    assert error["kind"] == "parse" and "duplicate" in error["message"].lower() and error["line"] == line, error


def test_wrong_types_everywhere_give_no_internal_error(run: Run) -> None:
    errors = run.errors("wrong_types.yaml")
    assert all(e["kind"] in ("parse", "transform") for e in errors), errors


def test_wrong_types_in_plain_cloudformation_still_report_the_sound_resources(tmp_path: Path) -> None:
    text = _wrong_types().replace("Transform: AWS::Serverless-2016-10-31\n", "")
    text = text.split("Globals:")[0] + "Resources:" + text.split("\nResources:", 1)[1]
    text = text.replace("AWS::Serverless::Function", "AWS::Lambda::Function")
    (tmp_path / "t.yaml").write_text(text)
    result = scan([str(tmp_path / "t.yaml")], load_catalogue())
    assert not [e for e in result.errors if e.kind is ErrorKind.INTERNAL], result.errors
    again = scan([str(tmp_path / "t.yaml")], load_catalogue())
    assert [f.sort_key() for f in again.findings] == [f.sort_key() for f in result.findings]


@pytest.mark.parametrize("name", ["empty.yaml", "only_bom.yaml"])
def test_empty_files_are_skipped(run: Run, name: str) -> None:
    assert not run.errors(name)


def test_a_dangling_symlink_is_a_read_error(run: Run) -> None:
    error = _only_error(run, "dangling.yaml")
    assert error["kind"] == "read", error


def test_a_100_mb_file_is_rejected_by_size_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse: a header, then a hole up to 100 MB (written in microseconds)
        handle.write(QUEUE.encode())
        handle.truncate(100 * 1024 * 1024)
    quiet = tmp_path / "big_unmarked.yaml"
    with quiet.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    (tmp_path / "good.yaml").write_text(GOOD)
    result = run_cli(".", cwd=tmp_path)
    error = _only_error(result, "big.yaml")
    assert error["kind"] == "read" and "limit" in error["message"] and "100.0 MB" in error["message"], error
    assert not result.errors("big_unmarked.yaml")  # not a template by its first bytes: skipped unread
    assert "good.yaml" in result.finding_files()
    assert 0 < result.peak_mb < 150, f"peak RSS {result.peak_mb:.0f} MB: was the file read?"
    assert result.seconds < 20
    named = run_cli("big_unmarked.yaml", cwd=tmp_path)  # named on the command line: never skipped, so an error
    assert _only_error(named, "big_unmarked.yaml")["kind"] == "read"
    assert 0 < named.peak_mb < 150, f"peak RSS {named.peak_mb:.0f} MB: was the file read?"


def test_a_file_named_twice_is_scanned_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "t.yaml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    result = scan([".", "t.yaml", str(tmp_path / "t.yaml")], load_catalogue())
    assert result.files_scanned == 1, result.scanned_files


def test_the_size_limit_is_configurable(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(GOOD)
    result = run_cli("t.yaml", "--max-file-size", "100", cwd=tmp_path)
    assert _only_error(result, "t.yaml")["kind"] == "read"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_the_tree_or_on_the_command_line_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it for reading would block forever: no writer
    (tmp_path / "good.yaml").write_text(GOOD)
    result = run_cli(".", cwd=tmp_path, timeout=TIMEOUT)
    assert "good.yaml" in result.finding_files()
    assert all(e["kind"] != "internal" for e in result.report["errors"])
    explicit = run_cli("pipe.yaml", "good.yaml", cwd=tmp_path, timeout=TIMEOUT)
    assert "good.yaml" in explicit.finding_files()
    assert _only_error(explicit, "pipe.yaml")["kind"] == "read"  # named, so said, not silently skipped


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_a_device_named_yaml_does_not_hang(tmp_path: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    (tmp_path / "x.yaml").symlink_to(device)
    (tmp_path / "good.yaml").write_text(GOOD)
    result = run_cli(".", cwd=tmp_path)
    assert "good.yaml" in result.finding_files()
    assert result.peak_mb < 150, f"{result.peak_mb:.0f} MB: read from {device}?"
    explicit = run_cli("x.yaml", cwd=tmp_path)
    assert all(e["kind"] != "internal" for e in explicit.report["errors"])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="runs as root, where file permissions are not enforced: a read error is "
                           "checked on the reader itself (test_confined_reads.py, /proc/self/mem)")
def test_an_unreadable_file_is_a_read_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked.yaml"
    locked.write_text(GOOD)
    locked.chmod(0)
    (tmp_path / "good.yaml").write_text(GOOD)
    try:
        result = run_cli(".", cwd=tmp_path)
    finally:
        locked.chmod(0o644)
    error = _only_error(result, "locked.yaml")
    assert error["kind"] == "read" and "ermission" in error["message"], error
    assert "good.yaml" in result.finding_files()


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
@pytest.mark.parametrize("named", [False, True])
def test_a_link_to_proc_self_mem_is_outside_the_project(tmp_path: Path, named: bool) -> None:
    """/proc/self/mem is a regular file that opens and fails on read (EIO): behind a link it is
    outside the project, walked or named on the command line, and never opened (the read error
    itself is checked on the reader, test_confined_reads.py)."""
    (tmp_path / "eio.yaml").symlink_to("/proc/self/mem")
    (tmp_path / "good.yaml").write_text(GOOD)
    result = run_cli(*(("eio.yaml", "good.yaml") if named else (".",)), cwd=tmp_path)
    assert not result.errors("eio.yaml")
    assert [n["kind"] for n in result.report["notices"] if n["file"] == "eio.yaml"] == ["outside-project"]
    assert "good.yaml" in result.finding_files()


def test_a_file_that_vanishes_during_the_scan_is_a_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             ) -> None:
    (tmp_path / "a_vanishes.yaml").write_text(GOOD)
    (tmp_path / "b_good.yaml").write_text(GOOD)
    real_walk = slens.loaders.units.walk

    def walk_then_delete(roots: list[str], *args: Any, **kwargs: Any) -> Iterator[Any]:
        for item in real_walk(roots, *args, **kwargs):
            yield item
            if str(getattr(item, "path", "")).endswith("a_vanishes.yaml"):
                os.unlink(item.path)  # found, then gone before it is read

    monkeypatch.setattr(slens.loaders.units, "walk", walk_then_delete)
    result = scan([str(tmp_path)], load_catalogue())
    errors = [e for e in result.errors if e.file.endswith("a_vanishes.yaml")]
    assert [e.kind for e in errors] == [ErrorKind.READ], result.errors
    assert any(f.span.file.endswith("b_good.yaml") for f in result.findings)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_named_like_a_terraform_file_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.tf")
    (tmp_path / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    result = run_cli(".", cwd=tmp_path, timeout=TIMEOUT)
    assert "main.tf" in " ".join(result.finding_files())

"""Every kind of broken input gets a clear error naming the file, and the other files still scan."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from slens.engine import ErrorKind, Rule, RuleCatalogue, Service, Severity, Violation, run_rules
from slens.lens import Practices
from slens.loaders import Loaded, load_file
from slens.model import Graph, Resource
from slens.rules import load_catalogue
from slens.scan import scan

from .conftest import PEAK_RSS_LAUNCHER

GOOD = """\
Resources:
  Orders:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/x
      Code: {ZipFile: "x"}
"""

BAD: dict[str, tuple[str | bytes, ErrorKind, int | None, str]] = {
    "malformed.yaml": ("Resources:\n  A:\n    Type: [AWS::SQS::Queue\n", ErrorKind.PARSE, 4, "invalid YAML"),
    "malformed.json": ('{"Resources": {"A": {"Type": "AWS::SQS::Queue",}}}', ErrorKind.PARSE, 1, "invalid"),
    "not_mapping.yaml": ("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - a\n", ErrorKind.PARSE, 2,
                         "Resources is a list, not a mapping"),
    "no_type.yaml": ("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Broken:\n    Properties: {}\n",
                     ErrorKind.PARSE, 4, "resource Broken has no Type"),
    "bad_getatt.yaml": ("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                        "      QueueName: !GetAtt [Q]\n", ErrorKind.PARSE, 5, "Fn::GetAtt expects"),
    "bad_join.yaml": ("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                      "      QueueName: !Join [a, b, c]\n", ErrorKind.PARSE, 5, "Fn::Join expects"),
    "missing_ref.yaml": ("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                         "      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Nowhere.Arn\n",
                         ErrorKind.PARSE, 6, "'Nowhere', which is not a resource"),
    "missing_ref2.yaml": ("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                          "      QueueName: !Ref Nothing\n", ErrorKind.PARSE, 5, "Ref to 'Nothing'"),
    "bad_utf8.yaml": (b"Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    # caf\xe9\n", ErrorKind.READ, 4,
                      "invalid UTF-8"),
    "bomb.yaml": ("Resources:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                  + "".join(f"  {chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
                            for i in range(9)), ErrorKind.PARSE, None, "alias expansion limit"),
    "deep.yaml": ("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: "
                  + "[" * 5000 + "]" * 5000 + "\n", ErrorKind.PARSE, 5, "nesting deeper than"),
    "deep.json": ('{"Resources": ' + '{"a": ' * 20000 + "1" + "}" * 20000 + "}", ErrorKind.PARSE, None,
                  "nesting deeper than"),
    "sam_invalid.yaml": ("Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n"
                         "    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.b\n"
                         "      Runtime: python3.12\n      CodeUri: src/\n      Events:\n        E:\n"
                         "          Type: Nope\n", ErrorKind.TRANSFORM, 3, "Nope"),  # the user's value
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "good.yaml").write_text(GOOD)
    for name, (content, *_rest) in BAD.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    big = tmp_path / "big.yaml"
    with big.open("w") as handle:  # 50 MB, written in chunks
        handle.write("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n")
        chunk = "".join(f"  Q{i}:\n    Type: AWS::SQS::Queue\n" for i in range(1000))
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    (tmp_path / "notes.yaml").write_text("just: some config\n")
    return tmp_path


def test_each_bad_file_gets_its_own_clear_error_and_good_files_still_scan(tree: Path) -> None:
    result = scan([str(tree)], load_catalogue())
    errors = {Path(e.file).name: e for e in result.errors}
    for name, (_content, kind, line, fragment) in BAD.items():
        assert name in errors, f"no error for {name}: {result.errors}"
        error = errors[name]
        assert error.kind is kind, (name, error)
        assert fragment in error.message, (name, error.message)
        if line is not None:
            assert error.line == line, (name, error)
    assert errors["big.yaml"].kind is ErrorKind.READ and "limit" in errors["big.yaml"].message
    assert any(f.resource == "Orders" for f in result.findings)
    assert result.files_skipped == 1  # notes.yaml: not a template, skipped quietly
    assert result.exit_code == 2


def test_bad_input_stays_within_time_and_memory(tree: Path) -> None:
    code = ("import sys, time; from slens.scan import scan; from slens.rules import load_catalogue;"
            "t = time.time(); scan([sys.argv[1]], load_catalogue()); print(time.time() - t)")
    out = subprocess.run([sys.executable, "-c", PEAK_RSS_LAUNCHER, sys.executable, "-c", code, str(tree)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    seconds = float(out.stdout.split()[0])
    peak_kb = int(out.stderr.strip().splitlines()[-1])
    assert seconds < 60
    assert peak_kb < 250 * 1024, f"peak memory {peak_kb // 1024} MB"


def test_duplicate_keys_are_reported_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SNS::Topic\n")
    loaded = load_file(str(path))
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    assert [(p.line, p.kind) for p in loaded.problems] == [(4, ErrorKind.PARSE)]
    assert "first at line 2" in loaded.problems[0].message
    assert loaded.graph.resources["Q"].type == "AWS::SNS::Topic"


def test_utf16_with_bom_and_crlf_load(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode("utf-16"))
    loaded = load_file(str(path))
    assert isinstance(loaded, Loaded) and loaded.graph is not None and not loaded.problems
    assert loaded.graph.resources["Orders"].span.line == 2


def test_json_templates_keep_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"Resources": {"Q": {"Type": "AWS::SQS::Queue",
                                                    "Properties": {"VisibilityTimeout": 5}}}}, indent=2))
    loaded = load_file(str(path))
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    queue = loaded.graph.resources["Q"]
    assert queue.span.line == 3 and queue.span_of(("VisibilityTimeout",)).line == 6


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "t.yaml").write_text(GOOD)
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    result = scan([str(tmp_path)], load_catalogue())
    assert result.files_scanned == 1 and not result.errors


class _Crashes(Rule):
    """Crashes on purpose

    ## What it does
    x
    ## Why it matters
    x
    ## How to fix
    x
    ## When to ignore
    x
    """

    id = "TST001"
    name = "crashes"
    severity = Severity.HIGH
    practice = Practices.OPS1_TRACING
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    fix = {"SAM": "x", "CloudFormation": "x"}

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        yield self.violation(resource, "before the crash")
        raise ValueError("boom")


def test_a_crashing_rule_is_an_internal_error_and_other_rules_still_report(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(GOOD)
    loaded = load_file(str(path))
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    tracing = load_catalogue().get("LAM001")
    assert tracing is not None
    findings, errors = run_rules(RuleCatalogue([_Crashes(), tracing]), loaded.graph, str(path))
    assert [e.kind for e in errors] == [ErrorKind.INTERNAL]
    assert "TST001" in errors[0].message and "boom" in errors[0].message and errors[0].line == 2
    assert [f.rule.id for f in findings] == ["LAM001"]

"""Bounded work and nothing lost (issue 11): hostile input costs bounded time and memory, and a
failure on one input never costs the report of the others.

Every case runs ``slens scan`` as a subprocess limited to 30 seconds and 1 GiB of address space,
builds its input at test time, and checks that the scan finished, that the error names the
file (and line where known), and that the good template beside it was still reviewed.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from slens.engine import ErrorKind
from slens.loaders.bounds import MAX_VALUE, Meter, TooLarge
from slens.loaders.yamlparse import YamlError, parse_yaml
from slens.rules import load_catalogue
from slens.scan import scan

from .conftest import PEAK_RSS_LAUNCHER

TIMEOUT = 30
MEMORY = 1 << 30
GOOD = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Jobs:\n    Type: AWS::SQS::Queue\n"
#: every case's timings, for the slowest and largest at the end of a verbose run
MEASURED: dict[str, tuple[float, float]] = {}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def report(self) -> dict[str, Any]:
        try:
            document: dict[str, Any] = json.loads(self.stdout)
        except json.JSONDecodeError:
            pytest.fail(f"no JSON report (exit {self.returncode}): {self.stderr[-2000:]}")
        return document

    def errors(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.report["errors"] if Path(e["file"]).name == name or e["file"].endswith("/" + name)]

    def reviewed(self, name: str) -> bool:
        return any(Path(f["file"]).name == name for f in self.report["findings"])


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_slens(cwd: Path, *args: str, case: str = "", output: str = "json") -> Run:
    """``slens scan ARGS`` in a subprocess under the time and memory limits (a small launcher
    process reports its peak RSS: a child of pytest would inherit pytest's)."""
    command = [sys.executable, "-c", PEAK_RSS_LAUNCHER, sys.executable, "-m", "slens", "scan", *args,
               "--format", output, "--no-cache"]
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache-home")}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=_limit_memory, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"slens scan {' '.join(args)} did not finish in {TIMEOUT} s")
    seconds = time.perf_counter() - start
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text[-3000:]
    rest, _, peak = text.rstrip("\n").rpartition("\n")
    peak_kb = int(peak) if peak.strip().isdigit() else 0
    if case:
        MEASURED[case] = (seconds, peak_kb / 1024)
    return Run(process.returncode, stdout.decode("utf-8"), rest if peak.strip().isdigit() else text, seconds,
               peak_kb / 1024)


# -- exponential work -------------------------------------------------------------------------

def _doubling_locals(function: str) -> str:
    lines = ["locals {", '  a0 = ["x"]', '  s0 = "ab"']
    for i in range(1, 40):
        lines.append(f"  a{i} = {function.format(prev=f'local.a{i - 1}')}")
        lines.append(f'  s{i} = "${{local.s{i - 1}}}${{local.s{i - 1}}}"')
    lines += ["}", 'resource "aws_sqs_queue" "q" {', "  name = length(local.a39)", "  tags = { t = local.s39 }", "}"]
    return "\n".join(lines) + "\n"


def _doubling_serverless(strings: bool) -> str:
    lines = ["service: doubling", "provider:", "  name: aws", "  runtime: python3.12", "custom:", "  a0: [x]"]
    for i in range(1, 40):
        ref = f"${{self:custom.a{i - 1}}}"
        lines.append(f'  a{i}: "{ref}{ref}"' if strings else f'  a{i}: ["{ref}", "{ref}"]')
    lines += ["functions:", "  hello:", "    handler: app.handler", "    environment:",
              "      ITEMS: ${self:custom.a39}"]
    return "\n".join(lines) + "\n"


def _shared_by_many() -> str:
    """A local just under the cap of one value, used by a thousand resources."""
    lines = ["locals {", '  a0 = ["x"]'] + [f"  a{i} = concat(local.a{i - 1}, local.a{i - 1})" for i in range(1, 18)]
    lines.append("}")
    lines += [f'resource "aws_sqs_queue" "q{i}" {{\n  tags = {{ all = local.a17 }}\n}}' for i in range(1000)]
    return "\n".join(lines) + "\n"


CATASTROPHIC = "a" * 40 + "!"
EVALUATORS: dict[str, tuple[str, str]] = {
    # case -> (file, content)
    "tf-concat": ("main.tf", _doubling_locals("concat({prev}, {prev})")),
    "tf-tuple": ("main.tf", _doubling_locals("[{prev}, {prev}]")),
    "tf-flatten": ("main.tf", _doubling_locals("flatten([{prev}, {prev}])")),
    "tf-merge": ("main.tf", "locals {\n  m0 = { k = \"v\" }\n" + "".join(
        f"  m{i} = {{ a = local.m{i - 1}, b = local.m{i - 1} }}\n" for i in range(1, 40))
        + "}\nresource \"aws_sqs_queue\" \"q\" {\n  tags = merge(local.m39, {})\n}\n"),
    "tf-jsonencode": ("main.tf", _doubling_locals("[{prev}, {prev}]").replace(
        "length(local.a39)", "jsonencode(local.a39)")),
    "tf-shared": ("main.tf", _shared_by_many()),
    "tf-replace": ("main.tf", f'resource "aws_sqs_queue" "q" {{\n  name = replace("{CATASTROPHIC}", "/(a+)+$/", "")'
                              '\n}\n'),
    "tf-regex": ("main.tf", f'resource "aws_sqs_queue" "q" {{\n  name = regex("(a+)+$", "{CATASTROPHIC}")\n}}\n'),
    "tf-regexall": ("main.tf", f'resource "aws_sqs_queue" "q" {{\n  name = join("", regexall("(a|aa)+$", '
                               f'"{CATASTROPHIC * 3}"))\n}}\n'),
    "tf-replace-grows": ("main.tf", 'locals {\n  t0 = "aaaaaaaaaa"\n' + "".join(
        f'  t{i} = replace(local.t{i - 1}, "a", "aaaaaaaaaa")\n' for i in range(1, 12))
        + '}\nresource "aws_sqs_queue" "q" {\n  name = local.t11\n}\n'),
    "tf-numbers": ("main.tf", "locals {\n  n0 = " + "9" * 400 + "\n" + "".join(
        f"  n{i} = local.n{i - 1} * local.n{i - 1}\n" for i in range(1, 40))
        + "}\nresource \"aws_sqs_queue\" \"q\" {\n  delay_seconds = local.n39 / 7\n  visibility_timeout_seconds = "
        + "9" * 5000 + "\n  max_message_size = " + "9" * 400 + " / 3\n}\n"),
    "sls-lists": ("serverless.yml", _doubling_serverless(strings=False)),
    "sls-strings": ("serverless.yml", _doubling_serverless(strings=True)),
}
#: where the error must point: (a fragment of the message, the line) for the cases that are errors
EXPECTED: dict[str, tuple[str, int | None]] = {
    "tf-concat": ("value too large", None), "tf-tuple": ("value too large", None),
    "tf-flatten": ("value too large", None), "tf-merge": ("value too large", None),
    "tf-jsonencode": ("value too large", None), "tf-shared": ("the resources hold more than", None),
    "tf-replace-grows": ("value too large", None),
    "sls-lists": ("value too large", None), "sls-strings": ("value too large", None),
}


@pytest.fixture(scope="module")
def evaluators(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Run]]:
    """Each case in a folder of its own, beside a good template, scanned in one run."""
    root = tmp_path_factory.mktemp("evaluators")
    (root / "good.yaml").write_text(GOOD)
    for case, (name, content) in EVALUATORS.items():
        (root / case).mkdir()
        (root / case / name).write_text(content)
    yield root, run_slens(root, ".", "--fail-on", "never", case="evaluators")


def test_the_evaluator_cases_finish_within_limits_and_the_good_template_is_reviewed(
        evaluators: tuple[Path, Run]) -> None:
    _, run = evaluators
    assert run.report["summary"]["files_scanned"] == len(EVALUATORS) + 1
    assert run.reviewed("good.yaml")
    assert run.returncode == 2
    assert not [e for e in run.report["errors"] if e["kind"] == "internal"], run.report["errors"]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_exponential_values_stop_with_an_error_naming_file_and_line(evaluators: tuple[Path, Run], case: str) -> None:
    _, run = evaluators
    name = EVALUATORS[case][0]
    errors = [e for e in run.report["errors"] if e["file"] == f"{case}/{name}"]
    fragment, _line = EXPECTED[case]
    assert errors, f"no error for {case}: {run.report['errors']}"
    assert all(e["kind"] == "parse" for e in errors), errors
    assert any(fragment in e["message"] for e in errors), errors
    assert all(isinstance(e["line"], int) and e["line"] > 1 for e in errors), errors
    if name == "main.tf":  # Terraform messages name the file and line themselves
        assert any(e["message"].startswith(f"{case}/{name}:{e['line']}: ") for e in errors), errors


@pytest.mark.parametrize("case", ["tf-replace", "tf-regex", "tf-regexall", "tf-numbers"])
def test_regexes_and_big_numbers_evaluate_without_error(evaluators: tuple[Path, Run], case: str) -> None:
    _, run = evaluators
    errors = [e for e in run.report["errors"] if e["file"].startswith(f"{case}/")]
    assert not errors, errors
    assert any(f["file"].startswith(f"{case}/") for f in run.report["findings"])


def test_the_evaluator_cases_stay_small(evaluators: tuple[Path, Run]) -> None:
    _, run = evaluators
    assert run.seconds < TIMEOUT
    assert run.peak_mb < 600, f"peak memory {run.peak_mb:.0f} MB"


# -- the evaluators' caps, in the process ----------------------------------------------------

def test_the_meter_measures_shared_values_expanded_in_linear_time() -> None:
    meter = Meter()
    value: list[Any] = ["x"]
    for _ in range(60):
        value = [value, value]
    start = time.perf_counter()
    assert meter.size(value) > 2 ** 60
    assert time.perf_counter() - start < 1
    with pytest.raises(TooLarge, match="value too large"):
        meter.check(value, "the list")
    assert meter.check([["x"] * 10] * 10, "a small list") == 1 + 10 * (1 + 10)


def test_the_budget_is_reported_once() -> None:
    meter = Meter(max_built=10)
    stops = []
    for _ in range(3):
        try:
            meter.charge(20, "something")
        except TooLarge as exc:
            stops.append(meter.stopped(exc, "main.tf", 3))
    assert len(stops) == 3 and len(meter.stops) == 1


def test_terraform_regexes_follow_go_semantics() -> None:
    pytest.importorskip("re2")
    from slens.loaders.terraform.functions import call

    meter = Meter()
    assert call("replace", ["abc", "/b*/", "-"], meter) == "-a-c-"  # Go skips an empty match after a match
    assert call("replace", ["hello", "/(?P<x>l+)/", "[${x}$1$$]"], meter) == "he[llll$]o"
    assert call("replace", ["a1b2", "/(\\d)/", "<$1x>"], meter) == "a<>b<>"  # $1x names group "1x"
    assert call("regex", ["(\\d+)-(\\d+)", "v 12-34"], meter) == ["12", "34"]
    assert call("regex", ["(?P<a>\\d+)-(?P<b>\\d+)", "v 12-34"], meter) == {"a": "12", "b": "34"}
    assert call("regex", ["\\d+", "v 12"], meter) == "12"
    assert call("regexall", ["\\d", "a1b2"], meter) == ["1", "2"]
    for pattern in ("(a)\\1", "(?=a)", "(?<=a)b"):  # not RE2: unknown, as Terraform would reject it
        assert "invalid RE2 pattern" in str(call("regex", [pattern, "aa"], meter))
    start = time.perf_counter()
    assert call("replace", ["a" * 100_000 + "!", "/(a+)+$/", ""], meter) == "a" * 100_000 + "!"
    assert time.perf_counter() - start < 1


def test_yaml_counts_what_aliases_add_once() -> None:
    text = "a: &a [" + ", ".join(["x"] * 10) + "]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9))
    with pytest.raises(YamlError, match="alias expansion limit"):
        parse_yaml(text)
    big = "[" + ",".join(["1"] * 2_500_000) + "]"  # 2.5 million nodes written out: no alias, no limit
    assert len(parse_yaml(big)[0]) == 2_500_000


def test_yaml_merge_keys_are_overridden_by_the_keys_written_beside_them() -> None:
    document, warnings = parse_yaml(
        "base: &base {a: 1, b: 2}\nother: &other {b: 9, c: 3}\n"
        "before:\n  <<: *base\n  b: 5\nafter:\n  b: 5\n  <<: [*base, *other]\ntwice:\n  a: 1\n  a: 2\n")
    assert dict(document["before"]) == {"a": 1, "b": 5}
    assert dict(document["after"]) == {"b": 5, "a": 1, "c": 3}
    assert warnings == [(11, "duplicate key 'a' (first at line 10); the last value is used")]


def test_a_flood_of_warnings_is_summarised() -> None:
    _, warnings = parse_yaml("{" + "a," * 10_000 + "}")
    assert len(warnings) == 101 and "9899 more" in warnings[-1][1]


def test_a_cap_on_one_value_is_far_above_what_templates_hold() -> None:
    assert MAX_VALUE >= 100_000


# -- valid templates that the YAML reader rejected -------------------------------------------

def _schema(depth: int) -> dict[str, Any]:
    if depth == 0:
        return {"type": "string"}
    return {"type": "object", "properties": {"a": _schema(depth - 1), "b": {"type": "integer"}}}


def _sam_api(paths: int = 300) -> str:
    """About 800 KB of JSON: 300 OpenAPI paths of three operations with nested schemas."""
    def operation() -> dict[str, Any]:
        return {"responses": {"200": {"content": {"application/json": {"schema": _schema(9)}}}},
                "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": {
                    "Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/"
                               "invocations"}}}
    body = {"openapi": "3.0.1", "info": {"title": "api", "version": "1"},
            "paths": {f"/items{i}": {m: operation() for m in ("get", "put", "post")} for i in range(paths)}}
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Transform": "AWS::Serverless-2016-10-31",
                       "Resources": {
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "app.handler", "CodeUri": "s3://bucket/key"}},
        "Api": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "prod", "DefinitionBody": body}}}})


def _many_resources(count: int = 20_000) -> str:
    resources = {f"Q{i}": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": f"q{i}", "Tags": [
        {"Key": "team", "Value": "a"}, {"Key": "env", "Value": "b"}]}} for i in range(count)}
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources})


def _plan(count: int = 7000) -> str:
    resources = [{"address": f"aws_sqs_queue.q{i}", "mode": "managed", "type": "aws_sqs_queue", "name": f"q{i}",
                  "values": {"name": f"q{i}", "visibility_timeout_seconds": 30, "tags": {"team": "a", "env": "b"},
                             "policy": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["a", "b"]},
                                                       "Action": ["sqs:SendMessage"], "Resource": "*"}]}}}
                 for i in range(count)]
    return json.dumps({"format_version": "1.2", "planned_values": {"root_module": {"resources": resources}}}, indent=1)


VALID = {"api.json": _sam_api, "many.json": _many_resources, "plan.json": _plan}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_large_templates_under_the_size_limit_are_accepted(tmp_path: Path, name: str) -> None:
    text = VALID[name]()
    assert 600_000 < len(text) < 5 * 1024 * 1024
    (tmp_path / name).write_text(text)
    (tmp_path / "good.yaml").write_text(GOOD)
    run = run_slens(tmp_path, ".", "--fail-on", "never", case=f"valid {name}")
    assert run.errors(name) == [], run.errors(name)
    assert run.reviewed(name) and run.reviewed("good.yaml")
    assert run.returncode == 0


def test_a_merge_key_overridden_in_a_template_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  First:\n    Type: AWS::SQS::Queue\n"
        "    Properties: &defaults\n      VisibilityTimeout: 30\n      MessageRetentionPeriod: 60\n"
        "  Second:\n    Type: AWS::SQS::Queue\n    Properties:\n      <<: *defaults\n      VisibilityTimeout: 90\n")
    run = run_slens(tmp_path, ".", "--fail-on", "never", case="merge key")
    assert run.report["errors"] == []
    assert run.reviewed("template.yaml")


# -- nothing lost --------------------------------------------------------------------------------

LOST: dict[str, tuple[str, str | bytes]] = {
    # case -> (file, content)
    "hcl-400-digits": ("main.tf", 'resource "aws_sqs_queue" "q" {\n  delay_seconds = ' + "9" * 400
                       + " / 7\n  visibility_timeout_seconds = " + "9" * 400 + ".5\n}\n"),
    "yaml-5000-digits": ("template.yaml", GOOD.replace("Jobs", "Big") + "    Properties:\n      DelaySeconds: "
                         + "9" * 5000 + "\n"),
    "json-5000-digits": ("template.json", '{"Resources": {"Big": {"Type": "AWS::SQS::Queue", "Properties": '
                         '{"DelaySeconds": ' + "9" * 5000 + "}}}}"),
    "plan-resources-5": ("plan.json", '{"format_version": "1.2", "planned_values": {"root_module": '
                         '{"resources": 5, "child_modules": 7}}, "resource_changes": 3, "configuration": 1}'),
    "json-lone-surrogate": ("template.json", '{"Resources": {"Q\\ud800": {"Type": "AWS::SQS::Queue", '
                            '"Properties": {"QueueName": "x\\udcff"}}}}'),
    "hcl-lone-surrogate": ("main.tf", 'resource "aws_sqs_queue" "q\\ud800" {\n  name = "x\\udcff"\n}\n'),
    "comment-module": ("main.tf", '# reuse it with: module "x" { source = "./" }\n'
                       'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'),
    "self-module": ("main.tf", 'module "me" {\n  source = "./"\n}\nresource "aws_sqs_queue" "q" {\n  name = "q"\n}\n'),
}


@pytest.fixture(scope="module")
def lost(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Run]]:
    root = tmp_path_factory.mktemp("lost")
    (root / "good.yaml").write_text(GOOD)
    for case, (name, content) in LOST.items():
        (root / case).mkdir()
        path = root / case / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    yield root, run_slens(root, ".", "--fail-on", "never", case="nothing lost")


def test_no_input_loses_the_report(lost: tuple[Path, Run]) -> None:
    _, run = lost
    assert run.reviewed("good.yaml")
    assert run.report["summary"]["files_scanned"] == len(LOST) + 1
    assert not [e for e in run.report["errors"] if e["kind"] == "internal"], run.report["errors"]


@pytest.mark.parametrize("case", sorted(set(LOST) - {"plan-resources-5"}))
def test_each_odd_input_is_reviewed(lost: tuple[Path, Run], case: str) -> None:
    _, run = lost
    assert any(f["file"].startswith(f"{case}/") for f in run.report["findings"]), case
    errors = [(e["kind"], e["message"]) for e in run.report["errors"] if e["file"].startswith(f"{case}/")]
    if case == "self-module":  # reviewed once, and told that the call goes nowhere
        assert errors == [("read", f"{case}/main.tf:1: module me (source ./) includes itself")]
    else:
        assert not errors


def test_a_plan_whose_resources_are_not_a_list_is_a_parse_error(lost: tuple[Path, Run]) -> None:
    _, run = lost
    errors = [e for e in run.report["errors"] if e["file"] == "plan-resources-5/plan.json"]
    assert [e["kind"] for e in errors] == ["parse"] and "not a list" in errors[0]["message"]


def test_lone_surrogates_are_shown_escaped(lost: tuple[Path, Run]) -> None:
    _, run = lost
    resources = {f["resource"] for f in run.report["findings"] if "surrogate" in f["file"]}
    assert resources == {"Q\\ud800", "aws_sqs_queue.q\\ud800"}


FORMATS = ("json", "text", "sarif", "junit", "gitlab", "github", "markdown", "concise")


@pytest.fixture(scope="module")
def odd_name(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("odd-name")
    (root / "good.yaml").write_text(GOOD)
    with open(os.path.join(os.fsencode(root), b"caf\xe9-\xff.yaml"), "wb") as handle:
        handle.write(GOOD.replace("Jobs", "Odd").encode())
    return root


@pytest.mark.parametrize("output", FORMATS)
def test_a_file_name_that_is_not_utf8_works_in_every_format(odd_name: Path, output: str) -> None:
    run = run_slens(odd_name, ".", "--fail-on", "never", output=output, case=f"odd name {output}")
    assert run.returncode == 0, run.stderr
    assert "xe9-" in run.stdout and "xff.yaml" in run.stdout and "good.yaml" in run.stdout
    if output == "json":  # still valid JSON, the name's bytes escaped
        assert {Path(f["file"]).name for f in run.report["findings"]} == {"caf\\xe9-\\xff.yaml", "good.yaml"}
    elif output in ("sarif", "gitlab"):
        json.loads(run.stdout)


def test_a_huge_max_file_size_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / ".slens.toml").write_text("max-file-size = 99999999999999999999\n")
    run = run_slens(tmp_path, ".", case="max-file-size")
    assert run.returncode == 2
    assert "max-file-size" in run.stderr and "1 GiB" in run.stderr
    (tmp_path / ".slens.toml").write_text("max-file-size = 1073741824\n")
    run = run_slens(tmp_path, ".", "--fail-on", "never")
    assert run.returncode == 0 and run.reviewed("good.yaml")


@pytest.mark.parametrize("entry", ["id = 5", "ids = [5, 'SQS001']", "id = 'SQS001'\nresources = 5",
                                   "id = 'SQS001'\npaths = [1]"])
def test_a_suppression_of_the_wrong_type_is_a_configuration_error(tmp_path: Path, entry: str) -> None:
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / ".slens.toml").write_text(f"[[suppress]]\n{entry}\nreason = 'accepted'\n")
    run = run_slens(tmp_path, ".", case=f"suppression {entry.splitlines()[-1]}")
    assert run.returncode == 2
    assert "suppress[0]" in run.stderr and "expected a string or a list of strings" in run.stderr


def test_a_fifo_included_by_a_serverless_file_is_an_error_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD)
    service = tmp_path / "service"
    service.mkdir()
    os.mkfifo(service / "settings.yml")
    (service / "serverless.yml").write_text(
        "service: s\nprovider:\n  name: aws\n  runtime: python3.12\ncustom: ${file(./settings.yml)}\n"
        "functions:\n  hello:\n    handler: app.handler\n")
    run = run_slens(tmp_path, ".", "--fail-on", "never", case="fifo include")
    errors = run.errors("serverless.yml")
    assert [(e["kind"], e["line"]) for e in errors] == [("parse", 5)], errors
    assert "not a regular file" in errors[0]["message"]
    assert run.reviewed("good.yaml") and run.reviewed("serverless.yml")


def test_a_loader_failure_is_confined_to_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    import slens.loaders.terraform as terraform

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug in a loader")

    monkeypatch.setattr(terraform, "load_module", broken)
    result = scan([str(tmp_path)], load_catalogue())
    internal = [e for e in result.errors if e.kind is ErrorKind.INTERNAL]
    assert len(internal) == 1 and internal[0].file.endswith("infra")
    assert "RuntimeError: a bug in a loader" in internal[0].message
    assert any(f.span.file.endswith("good.yaml") for f in result.findings)
    assert result.exit_code == 2


def test_report_the_slowest_and_largest_case(capsys: pytest.CaptureFixture[str]) -> None:
    """Not a check: prints the measurements (``pytest -s``) for the record."""
    if MEASURED:
        slowest = max(MEASURED.items(), key=lambda item: item[1][0])
        largest = max(MEASURED.items(), key=lambda item: item[1][1])
        with capsys.disabled():
            print(f"\nslowest: {slowest[0]} {slowest[1][0]:.1f} s; largest: {largest[0]} {largest[1][1]:.0f} MB")

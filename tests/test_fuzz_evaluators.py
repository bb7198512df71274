"""Property-based robustness of the two evaluators of hostile input: Terraform expressions and
Serverless Framework variables.

The strategies draw configurations whose values refer to each other (cycles included), double
themselves, call every function slens evaluates (regexes that backtrack, numbers past any
float, JSON that does not parse), and put the results where the rules read. A scan must never
raise nor report an ``internal`` error, must give the same output twice, and must stay fast:
every cap of :mod:`slens.loaders.bounds` stops a value that grows.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slens.engine import ErrorKind, RuleCatalogue
from slens.rules import load_catalogue
from slens.scan import scan

#: generous: these configurations scan in well under a second; this catches hangs and blow-ups
TIME_BOUND = 10.0
EXAMPLES = int(os.environ.get("SLENS_FUZZ_EXAMPLES", "40"))
CATALOGUE: RuleCatalogue = load_catalogue()
LOCALS = 5
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- Terraform ------------------------------------------------------------------------------------

PATTERNS = ("(a+)+$", "(a|aa)+$", "^[a-z]+-(\\\\d+)$", "(?P<name>\\\\w+)", "(a)\\\\1", "(?=x)", "[", "", "(.*)*b",
            "\\\\s+")
NUMBERS = st.sampled_from(["0", "-1", "3.5", "1e999", "9" * 400, "9" * 5000, "0.000001", "30", "900"])
TEXTS = st.text(alphabet="ab-_ ./*:${}%\\\"'\u00e9\n", max_size=12)


def _string(text: str) -> str:
    """The body of an HCL string literal holding ``text`` (no interpolation: python-hcl2 cannot read an
    escaped one, ``$${``, that is not closed)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return escaped.replace("${", "$ {").replace("%{", "% {")


def _hcl_leaves() -> st.SearchStrategy[str]:
    local = st.integers(0, LOCALS - 1).map(lambda i: f"local.l{i}")
    return st.one_of(
        NUMBERS, st.sampled_from(["true", "false", "null", "var.name", "var.missing", "aws_sqs_queue.q0.arn",
                                  "data.aws_caller_identity.me.account_id", "path.module", "terraform.workspace",
                                  '"\\ud800"', '"${local.l0}${local.l0}"']),
        TEXTS.map(lambda t: f'"{_string(t)}"'), local, local, local)


def _hcl_nodes(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    two = st.tuples(children, children)
    pattern = st.sampled_from(PATTERNS)
    return st.one_of(
        two.map(lambda p: f"[{p[0]}, {p[1]}]"),
        two.map(lambda p: f"{{ a = {p[0]}, b = {p[1]} }}"),
        two.map(lambda p: f"concat({p[0]}, {p[1]})"),
        two.map(lambda p: f"merge({p[0]}, {p[1]})"),
        two.map(lambda p: f"flatten([{p[0]}, {p[1]}])"),
        two.map(lambda p: f'join("-", [{p[0]}, {p[1]}])'),
        two.map(lambda p: f'format("%s-%d-%v", {p[0]}, {p[1]})'),
        st.tuples(children, pattern, children).map(lambda p: f'replace({p[0]}, "/{p[1]}/", {p[2]})'),
        two.map(lambda p: f"replace({p[0]}, {p[1]}, {p[1]})"),
        st.tuples(pattern, children).map(lambda p: f'regex("{p[0]}", {p[1]})'),
        st.tuples(pattern, children).map(lambda p: f'regexall("{p[0]}", {p[1]})'),
        children.map(lambda c: f"jsonencode({c})"),
        children.map(lambda c: f"jsondecode({c})"),
        children.map(lambda c: f"length({c})"),
        children.map(lambda c: f"upper({c})"),
        children.map(lambda c: f"tolist({c})"),
        children.map(lambda c: f"distinct({c})"),
        children.map(lambda c: f"nosuchfunction({c})"),
        two.map(lambda p: f"lookup({p[0]}, {p[1]}, null)"),
        two.map(lambda p: f"element({p[0]}, {p[1]})"),
        two.map(lambda p: f"coalesce({p[0]}, {p[1]})"),
        two.map(lambda p: f"try({p[0]}, {p[1]})"),
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "&&", "||", "<", ">="]),
                  children).map(lambda p: f"({p[0]} {p[1]} {p[2]})"),
        st.tuples(children, children, children).map(lambda p: f"({p[0]} ? {p[1]} : {p[2]})"),
        children.map(lambda c: f"({c})[0]"),
        children.map(lambda c: f"({c}).a"),
        children.map(lambda c: f"({c})[*].a"),
        children.map(lambda c: f"[for x in {c} : x]"),
        children.map(lambda c: f'"prefix-${{{c}}}-suffix"'),
        children.map(lambda c: f"!{c}"),
    )


EXPRESSIONS = st.recursive(_hcl_leaves(), _hcl_nodes, max_leaves=5)
ATTRIBUTES = ("name", "delay_seconds", "visibility_timeout_seconds", "policy", "tags", "redrive_policy",
              "kms_master_key_id", "count")


@st.composite
def terraform_modules(draw: st.DrawFn) -> str:
    lines = ['variable "name" {\n  default = "jobs"\n}', "locals {"]
    lines += [f"  l{i} = {draw(EXPRESSIONS)}" for i in range(LOCALS)]
    lines.append("}")
    attributes = draw(st.lists(st.sampled_from(ATTRIBUTES), min_size=1, max_size=3, unique=True))
    body = "\n".join(f"  {attribute} = {draw(EXPRESSIONS)}" for attribute in attributes)
    lines.append(f'resource "aws_sqs_queue" "q0" {{\n{body}\n}}')
    lines.append(f'resource "aws_lambda_function" "fn" {{\n  function_name = {draw(EXPRESSIONS)}\n'
                 f'  runtime = "python3.8"\n  handler = "app.handler"\n  role = aws_iam_role.r.arn\n'
                 f'  timeout = {draw(EXPRESSIONS)}\n  environment {{\n    variables = {draw(EXPRESSIONS)}\n  }}\n}}')
    lines.append(f'resource "aws_iam_role" "r" {{\n  assume_role_policy = jsonencode({draw(EXPRESSIONS)})\n}}')
    return "\n".join(lines) + "\n"


# -- Serverless Framework -----------------------------------------------------------------------

CUSTOMS = 6


def _yaml_text(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def _reference(index: int) -> str:
    return f"${{self:custom.c{index}}}"


SLS_LEAVES = st.one_of(
    st.integers(0, CUSTOMS - 1).map(_reference),
    st.integers(0, CUSTOMS - 1).map(lambda i: _reference(i) + _reference(i)),
    st.integers(0, CUSTOMS - 1).map(lambda i: f"prefix-{_reference(i)}-${{sls:stage}}"),
    st.integers(0, CUSTOMS - 1).map(lambda i: f"${{self:custom.${{self:custom.c{i}}}}}"),
    st.sampled_from(["${opt:stage, 'dev'}", "${env:HOME, 'none'}", "${self:provider.region}", "${aws:accountId}",
                     "${file(./extra.yml):value}", "${file(./extra.json)}", "${file(./missing.yml)}",
                     "${file(../outside.yml)}", "${cf:stack.output}", "${ssm:/a/b}", "${self:nowhere}",
                     "${strToBool(true)}", "${self:custom.c0, 'fallback'}", "${{{{", "${self:}", "${}", "plain"]),
    TEXTS,
    st.sampled_from([0, 1, 30, 900, 10 ** 400, True, None, 3.5]),
)


def _sls_nodes(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(children, max_size=3), st.dictionaries(st.sampled_from(["a", "b", "c"]), children,
                                                                     max_size=3))


SLS_VALUES = st.recursive(SLS_LEAVES, _sls_nodes, max_leaves=6)


@st.composite
def serverless_services(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "service": "fuzz",
        "provider": {"name": "aws", "runtime": "python3.12", "timeout": draw(SLS_VALUES),
                     "environment": {"SHARED": draw(SLS_VALUES)}},
        "custom": {f"c{i}": draw(SLS_VALUES) for i in range(CUSTOMS)},
        "functions": {
            "hello": {"handler": "app.handler", "memorySize": draw(SLS_VALUES), "timeout": draw(SLS_VALUES),
                      "environment": {"ITEMS": draw(SLS_VALUES)},
                      "events": [{"sqs": {"arn": draw(SLS_VALUES), "batchSize": draw(SLS_VALUES)}},
                                 {"http": {"path": draw(SLS_VALUES), "method": "get"}}]},
            "other": draw(SLS_VALUES),
        },
        "resources": {"Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {
            "QueueName": draw(SLS_VALUES), "VisibilityTimeout": draw(SLS_VALUES)}}}},
    }


# -- checks -----------------------------------------------------------------------------------

def _outcome(path: Path) -> tuple[tuple[Any, ...], tuple[Any, ...], float]:
    start = time.perf_counter()
    result = scan([str(path)], CATALOGUE)
    seconds = time.perf_counter() - start
    findings = tuple((f.rule.id, f.resource, f.span.line, tuple(f.path), f.message) for f in result.findings)
    errors = tuple((e.kind.value, e.line, e.message) for e in result.errors)
    return findings, errors, seconds


def check(files: dict[str, str]) -> None:
    """Scan the files twice: no exception, no internal error, the same output, bounded time."""
    with tempfile.TemporaryDirectory(prefix="slens-fuzz-evaluators-") as folder:
        root = Path(folder)
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        findings, errors, first = _outcome(root)
        internal = [e for e in errors if e[0] == ErrorKind.INTERNAL.value]
        assert not internal, f"internal error(s): {internal}"
        again_findings, again_errors, second = _outcome(root)
    assert (again_findings, again_errors) == (findings, errors), "the output differs between two runs"
    assert max(first, second) < TIME_BOUND, f"scan took {max(first, second):.2f} s"


@pytest.fixture(scope="module", autouse=True)
def _private_cache() -> Iterator[None]:
    with tempfile.TemporaryDirectory(prefix="slens-fuzz-cache-") as folder, pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", folder)
        yield


@SETTINGS
@given(module=terraform_modules())
def test_random_terraform_expressions_never_crash_and_stay_bounded(module: str) -> None:
    check({"main.tf": module})


@SETTINGS
@given(service=serverless_services(), extra=SLS_VALUES)
def test_random_serverless_variables_never_crash_and_stay_bounded(service: dict[str, Any], extra: Any) -> None:
    check({"serverless.yml": json.dumps(service, indent=1), "extra.yml": json.dumps({"value": extra}),
           "extra.json": json.dumps(extra)})


def test_the_strategies_reach_the_caps() -> None:
    """Doubling a value forty times, the way the strategies can, ends in an error and not a hang."""
    doubled = ["locals {", '  l0 = ["x"]'] + [f"  l{i} = concat(local.l{i - 1}, local.l{i - 1})" for i in range(1, 40)]
    check({"main.tf": "\n".join([*doubled, "}", 'resource "aws_sqs_queue" "q" {\n  tags = local.l39\n}']) + "\n"})
    service: dict[str, Any] = {"service": "s", "provider": {"name": "aws", "runtime": "python3.12"},
                               "custom": {"c0": ["x"], **{f"c{i}": [_reference(i - 1), _reference(i - 1)]
                                                          for i in range(1, 40)}},
                               "functions": {"f": {"handler": "h.h", "environment": {"X": _reference(39)}}}}
    check({"serverless.yml": json.dumps(service)})

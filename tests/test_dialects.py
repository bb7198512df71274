"""Ten common problems, each written in all five dialects, are told in the words the user wrote.

The parity app (``tests/data/parity``, one app in SAM, CloudFormation, Serverless Framework, Terraform and
a synthesized CDK app) holds ten problems teams often have. For each problem and dialect: the same rule
fires; the finding names the property in that dialect (its ``user_path`` and its message), never in
CloudFormation's words where the dialect has others; the resource is called as the user named it; the
fix shown is a snippet in that dialect; and the finding points at a line of the file the user wrote (the
CDK app's own ``.ts`` file, not the synthesized template).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from slens.engine import Finding, ScanResult
from slens.engine.rule import DIALECT_FIX
from slens.report.json_report import finding_dict
from slens.rules import load_catalogue
from slens.scan import ScanOptions, scan

DATA = Path(__file__).resolve().parent / "data" / "parity"
DIALECTS = ("sam", "cloudformation", "serverless", "terraform", "cdk")
#: the file each dialect's findings must point into
FILES = {"sam": "template.yaml", "cloudformation": "template.yaml", "serverless": "serverless.yml",
         "terraform": "main.tf", "cdk": "lib/parity-stack.ts"}

#: rule -> dialect -> the property in the user's words (None: the finding is about the resource as a whole)
PROBLEMS: dict[str, dict[str, str | None]] = {
    "LAM001": {  # tracing off
        "sam": "Tracing", "cloudformation": "TracingConfig.Mode", "serverless": "tracing",
        "terraform": "tracing_config.mode", "cdk": "tracing"},
    "LAM006": dict.fromkeys(DIALECTS),  # async (SNS) invocations without an on-failure destination
    "API001": {  # no access logging
        "sam": "AccessLogSettings.DestinationArn", "cloudformation": "AccessLogSettings.DestinationArn",
        "serverless": "provider.logs.httpApi", "terraform": "access_log_settings.destination_arn",
        "cdk": "accessLogSettings.destinationArn"},
    "API004": {  # no default throttling
        "sam": "DefaultRouteSettings", "cloudformation": "DefaultRouteSettings",
        "serverless": "DefaultRouteSettings", "terraform": "default_route_settings", "cdk": "throttle"},
    "API005": {  # GET /orders without an authorizer
        "sam": "Body.paths./orders.get", "cloudformation": "AuthorizationType", "serverless": "authorizer",
        "terraform": "authorization_type", "cdk": "authorizer"},
    "SQS002": {  # visibility timeout below 6 x the function timeout
        "sam": "VisibilityTimeout", "cloudformation": "VisibilityTimeout", "serverless": "VisibilityTimeout",
        "terraform": "visibility_timeout_seconds", "cdk": "visibilityTimeout"},
    "SNS001": {  # subscription without a redrive policy
        "sam": "RedrivePolicy", "cloudformation": "RedrivePolicy", "serverless": "redrivePolicy",
        "terraform": "redrive_policy", "cdk": "deadLetterQueue"},
    "IAM001": {  # dynamodb:*
        "sam": "Policies[0].PolicyDocument.Statement[0].Action",
        "cloudformation": "Policies[0].PolicyDocument.Statement[0].Action",
        "serverless": "provider.iam.role.statements.Action", "terraform": "policy.Statement[0].Action",
        "cdk": "statements.Statement[0].Action"},
    "DDB301": {  # no point-in-time recovery
        "sam": "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
        "cloudformation": "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
        "serverless": "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled",
        "terraform": "point_in_time_recovery.enabled",
        "cdk": "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled"},
    "SFN301": {  # a Lambda task without Retry
        "sam": "DefinitionUri.States.Process", "cloudformation": "Definition.States.Process",
        "serverless": "definition.States.Process", "terraform": "definition.States.Process",
        "cdk": "definitionBody.States.Process"},
}

#: how each dialect names the function: the name the user gave it
FUNCTION = {"sam": "OrdersFunction", "cloudformation": "OrdersFunction", "serverless": "orders",
            "terraform": "aws_lambda_function.orders", "cdk": "ParityStack/OrdersFunction"}


@cache
def _scan(dialect: str) -> ScanResult:
    return scan([str(DATA / dialect)], load_catalogue(), ScanOptions(fail_on=None))


def _finding(dialect: str, rule_id: str) -> Finding:
    found = [f for f in _scan(dialect).findings if f.rule.id == rule_id]
    assert found, f"{rule_id} does not fire on the {dialect} app"
    return found[0]


CASES = [(rule_id, dialect) for rule_id in PROBLEMS for dialect in DIALECTS]


def test_ten_problems_in_five_dialects() -> None:
    assert len(PROBLEMS) == 10 and all(set(words) == set(DIALECTS) for words in PROBLEMS.values())


@pytest.mark.parametrize(("rule_id", "dialect"), CASES, ids=[f"{r}-{d}" for r, d in CASES])
def test_the_finding_speaks_the_dialect(rule_id: str, dialect: str) -> None:
    finding = _finding(dialect, rule_id)
    assert finding.dialect == dialect
    said = PROBLEMS[rule_id][dialect]
    document = finding_dict(finding)
    assert document["property"] == said
    written = ".".join(str(p) for p in finding.path if isinstance(p, str))
    if said is not None and said != written and dialect != "cloudformation":
        # the CloudFormation words are gone from what the user reads, but kept for tools
        assert document["property_path"] == [str(p) for p in finding.path]
        assert written not in finding.message, finding.message


@pytest.mark.parametrize(("rule_id", "dialect"), CASES, ids=[f"{r}-{d}" for r, d in CASES])
def test_the_fix_is_in_the_dialect(rule_id: str, dialect: str) -> None:
    finding = _finding(dialect, rule_id)
    fix = finding.rule.fix_for(finding.dialect)
    # a SAM template takes plain CloudFormation too: a SAM snippet is only written where SAM says it shorter
    assert fix is not None and fix[0] in {DIALECT_FIX[dialect], *(["CloudFormation"] if dialect == "sam" else [])}, fix
    assert finding_dict(finding)["fix"] == {"dialect": fix[0], "snippet": fix[1]}


@pytest.mark.parametrize(("rule_id", "dialect"), CASES, ids=[f"{r}-{d}" for r, d in CASES])
def test_the_finding_points_into_the_users_file(rule_id: str, dialect: str) -> None:
    finding = _finding(dialect, rule_id)
    assert Path(finding.span.file).resolve() == DATA / dialect / FILES[dialect] and finding.span.line, finding.span


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_function_is_called_by_the_users_name(dialect: str) -> None:
    for rule_id in ("LAM001", "LAM006"):
        message = _finding(dialect, rule_id).message
        assert message.startswith(f"function {FUNCTION[dialect]} "), message


def test_a_message_keeps_words_that_are_not_a_property() -> None:
    """Only whole property paths are replaced: a word that merely contains one stays as written."""
    from slens.engine.speech import Dialect, spoken

    words = {("Timeout",): "timeout", ("TracingConfig", "Mode"): "tracing_config.mode"}
    dialect = Dialect("terraform")
    assert spoken(dialect, "TracingConfig.Mode is not set; MyTimeoutQueue and Timeout=3", words) == \
        "tracing_config.mode is not set; MyTimeoutQueue and timeout=3"
    assert spoken(dialect, "Tracing.Mode, arn:aws:Timeout", words) == "Tracing.Mode, arn:aws:Timeout"

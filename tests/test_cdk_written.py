"""Statements CDK constructs write themselves are named as such, and fail the run only where a prop controls them.

The template is what ``cdk synth`` prints for a function granted a table (``table.grantReadWriteData(fn)``
adds ``dynamodb:GetRecords``/``GetShardIterator`` on the table, which act on its stream: IAM208) and
traced (``tracing: ACTIVE`` adds the X-Ray actions on ``*``); it is recognised as CDK output by its
``aws:cdk:path`` metadata.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from slens.engine import Severity
from slens.model import WRITTEN_KEY
from slens.report.json_report import document
from slens.rules import load_catalogue
from slens.scan import ScanOptions, scan

TABLE_ACTIONS = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                 "dynamodb:PutItem", "dynamodb:Query"]


def _template(statement: dict[str, Any]) -> dict[str, Any]:
    def meta(path: str) -> dict[str, Any]:
        return {"aws:cdk:path": f"App/{path}"}

    return {"Resources": {
        "Table7ABB3F7A": {"Type": "AWS::DynamoDB::Table", "Metadata": meta("Table/Resource"), "Properties": {
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}}},
        "FnServiceRoleB9001B15": {"Type": "AWS::IAM::Role", "Metadata": meta("Fn/ServiceRole/Resource"),
                                  "Properties": {"AssumeRolePolicyDocument": {"Statement": [{
                                      "Action": "sts:AssumeRole", "Effect": "Allow",
                                      "Principal": {"Service": "lambda.amazonaws.com"}}]}}},
        "FnServiceRoleDefaultPolicy0E9A6B31": {
            "Type": "AWS::IAM::Policy", "Metadata": meta("Fn/ServiceRole/DefaultPolicy/Resource"),
            "Properties": {"PolicyName": "FnServiceRoleDefaultPolicy0E9A6B31",
                           "Roles": [{"Ref": "FnServiceRoleB9001B15"}],
                           "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}}},
    }}


GRANT = {"Action": TABLE_ACTIONS, "Effect": "Allow", "Resource": [{"Fn::GetAtt": ["Table7ABB3F7A", "Arn"]}]}


def _scan(tmp_path: Path, template: dict[str, Any]) -> Any:
    path = tmp_path / "App.template.json"
    path.write_text(json.dumps(template, indent=1))
    return scan([str(path)], load_catalogue(), ScanOptions(fail_on=Severity.LOW))


def test_a_grant_statement_is_named_and_does_not_fail_the_run(tmp_path: Path) -> None:
    result = _scan(tmp_path, _template(GRANT))
    [finding] = [f for f in result.findings if f.rule.id == "IAM208"]
    assert finding.dialect == "cdk" and not finding.fails
    assert finding.written_by and "grantReadWriteData" in finding.written_by
    assert "a statement CDK writes itself" in finding.message and "does not fail the run" in finding.message
    assert finding not in result.failing
    as_json = next(f for f in document(result)["findings"] if f["rule_id"] == "IAM208")
    assert as_json["fails"] is False and as_json["written_by"] == finding.written_by


def test_the_same_statement_written_by_hand_fails(tmp_path: Path) -> None:
    """Without CDK's provenance (a plain template) the same statement is the user's, and fails the run."""
    template = _template(GRANT)
    for resource in template["Resources"].values():
        resource.pop("Metadata")
    result = _scan(tmp_path, template)
    [finding] = [f for f in result.findings if f.rule.id == "IAM208"]
    assert finding.dialect == "cloudformation" and finding.fails and finding.written_by is None
    assert finding in result.failing and result.exit_code == 1


def test_a_template_cannot_claim_provenance_for_itself(tmp_path: Path) -> None:
    """A template's own Metadata under the loader's key is never read as the loader's word."""
    template = _template({"Action": "dynamodb:DeleteTable", "Effect": "Allow", "Resource": "*"})
    hostile = copy.deepcopy(template)
    policy = hostile["Resources"]["FnServiceRoleDefaultPolicy0E9A6B31"]
    policy["Metadata"][WRITTEN_KEY] = {"0": {"by": "nobody", "prop": None}}
    plain = copy.deepcopy(hostile)
    for resource in plain["Resources"].values():
        resource["Metadata"].pop("aws:cdk:path")
    for each in (hostile, plain):
        result = _scan(tmp_path, each)
        assert result.findings and all(f.fails and f.written_by is None for f in result.findings), each


def test_tracing_statements_name_the_prop_that_controls_them() -> None:
    from slens.loaders.cdk.written import marked
    from slens.model import Origin, Resource, SourceSpan

    span = SourceSpan("App.template.json", 1)
    policy = Resource("P", "AWS::IAM::Policy", {"PolicyDocument": {"Statement": [
        {"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"},
        {"Effect": "Allow", "Action": "dynamodb:ListStreams", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}},
        span, Origin("P", "AWS::IAM::Policy", span, "App/Fn/ServiceRole/DefaultPolicy"))
    written = marked(policy).metadata[WRITTEN_KEY]
    assert isinstance(written, dict) and set(written) == {"0", "1"}
    assert written["0"]["prop"].startswith("tracing")  # type: ignore[index]
    assert written["1"]["prop"] is None  # type: ignore[index]

"""LAM002, LAM003, LAM102 and LAM104 report a function only in a context that makes the practice a
real gap (issue 14, item 6: the precision benchmark labelled them noise everywhere else); their
option ``everywhere = true`` restores the finding on every function that lacks the setting."""

from __future__ import annotations

import pytest

from slens.engine import Rule
from slens.rules import load_catalogue
from tests.rule_fixtures import RULES_DIR, load_fixture, run_rule

EXAMPLES = RULES_DIR / "lambda_" / "examples"

#: rule id -> (pass fixture without the context, logical ids reported with everywhere = true)
CASES: dict[str, tuple[str, set[str]]] = {
    "LAM104": ("function_without_code_signing/pass_tf_no_signing_in_configuration.tf",
               {"aws_lambda_function.s3_package", "aws_lambda_function.local_package"}),
    "LAM102": ("function_logs_not_json/pass_no_function_logs_json.serverless.yml",
               {"orders", "reports"}),
    "LAM002": ("function_with_default_memory/pass_cfn_light_handler.yaml", {"OrdersFunction"}),
    "LAM003": ("function_with_default_timeout/pass_sam_light_handler.yaml", {"OrdersFunction"}),
}


def _rule(rule_id: str) -> Rule:
    rule = load_catalogue().get(rule_id)
    assert rule is not None
    return rule


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_everywhere_restores_the_finding(rule_id: str) -> None:
    fixture, expected = CASES[rule_id]
    path = EXAMPLES / fixture
    loaded = load_fixture(path)
    rule = _rule(rule_id)
    assert rule.option("everywhere") is False
    findings, errors = run_rule(rule, path, loaded)
    assert not errors and not findings
    findings, errors = run_rule(rule.configured({"everywhere": True}), path, loaded)
    assert not errors
    assert {f.resource for f in findings} == expected
    # with no context to name, the message is the plain one of before
    assert all("although" not in f.message and ": " not in f.message for f in findings)


@pytest.mark.parametrize(("rule_id", "fixture", "words"), [
    ("LAM104", "function_without_code_signing/fail_cfn_s3_package.yaml", "although function PaymentsFunction signs"),
    ("LAM104", "function_without_code_signing/fail_sam_zip.yaml", "although CodeSigningConfig SigningConfig exists"),
    ("LAM102", "function_logs_not_json/fail_cfn_text_format.yaml", "although function PaymentsFunction"),
    ("LAM002", "function_with_default_memory/fail_cfn_no_memory.yaml", "a JVM (java21) at 128 MB"),
    ("LAM002", "function_with_default_memory/fail_sam_no_memory.yaml", "a JVM (java21) at 128 MB"),
    ("LAM003", "function_with_default_timeout/fail_cfn_no_timeout.yaml", "S3 bucket Uploads"),
    ("LAM003", "function_with_default_timeout/fail_tf_no_timeout.tf", "cold start of a JVM (java21)"),
    ("LAM003", "function_with_default_timeout/fail_sam_no_timeout.yaml",
     "S3 Object Lambda access point ResizedAccessPoint"),
])
def test_message_names_the_context(rule_id: str, fixture: str, words: str) -> None:
    path = EXAMPLES / fixture
    findings, errors = run_rule(_rule(rule_id), path, load_fixture(path))
    assert not errors
    assert any(words in f.message for f in findings), [f.message for f in findings]


def test_everywhere_is_a_boolean() -> None:
    with pytest.raises(ValueError):
        _rule("LAM002").configured({"everywhere": "yes"})

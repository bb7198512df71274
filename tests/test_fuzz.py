"""Property-based robustness: templates built from what the rules read, with random and wrong values.

The strategy draws resources of the types the rules (and the graph builder) look at, with the
property names they read, and fills them with anything: right values, wrong types (lists for
mappings, numbers as strings), ``Fn::If`` around properties, unresolved ``Ref``s,
``Fn::Sub`` with missing variables, conditions that hide resources, SAM events of every kind.
A scan must never raise nor report an ``internal`` error, must give the same output twice,
and must stay fast. CI uses a small fixed budget; ``benchmarks/fuzz.py`` runs the same
strategy for longer and keeps failing templates.
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
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slens.engine import ErrorKind, RuleCatalogue
from slens.rules import load_catalogue
from slens.scan import scan

#: generous: a real template scans in milliseconds; this only catches hangs and blow-ups
TIME_BOUND = 5.0
LOGICAL_IDS = ("Fn", "Fn2", "Queue", "Dlq", "Topic", "Table", "Role", "Api", "Stage", "Rule", "Bus", "Machine",
               "Logs", "Stream", "Mapping", "Perm", "Alarm", "Policy", "Sub", "Url", "Graph", "Config")
CONDITIONS = ("IsProd", "HasDlq", "Missing")
EVENT_TYPES = ("SQS", "SNS", "Api", "HttpApi", "Schedule", "ScheduleV2", "EventBridgeRule", "CloudWatchEvent",
               "DynamoDB", "Kinesis", "S3", "IoTRule", "CloudWatchLogs", "MSK", "Bogus")
#: per type, the properties the rules and the graph builder read (see the rule modules' resource_types)
PROPERTIES: dict[str, tuple[str, ...]] = {
    "AWS::Lambda::Function": ("FunctionName", "Runtime", "Handler", "Role", "Code", "Timeout", "MemorySize",
                              "TracingConfig", "DeadLetterConfig", "LoggingConfig", "Environment", "Layers",
                              "ReservedConcurrentExecutions", "Architectures", "VpcConfig"),
    "AWS::Serverless::Function": ("FunctionName", "Runtime", "Handler", "Role", "CodeUri", "InlineCode", "Timeout",
                                  "MemorySize", "Tracing", "DeadLetterQueue", "EventInvokeConfig", "Events",
                                  "Policies", "LoggingConfig", "FunctionUrlConfig", "AutoPublishAlias",
                                  "DeploymentPreference", "Environment"),
    "AWS::Serverless::Api": ("StageName", "TracingEnabled", "AccessLogSetting", "MethodSettings", "Auth",
                             "DefinitionBody", "Cors"),
    "AWS::Serverless::HttpApi": ("StageName", "AccessLogSettings", "DefaultRouteSettings", "Auth"),
    "AWS::Serverless::StateMachine": ("Definition", "DefinitionUri", "Tracing", "Logging", "Role", "Policies",
                                      "Events", "Type"),
    "AWS::Serverless::SimpleTable": ("PrimaryKey", "SSESpecification", "TableName"),
    "AWS::SQS::Queue": ("QueueName", "VisibilityTimeout", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId",
                        "SqsManagedSseEnabled", "FifoQueue"),
    "AWS::SNS::Topic": ("TopicName", "KmsMasterKeyId", "Subscription"),
    "AWS::SNS::Subscription": ("TopicArn", "Protocol", "Endpoint", "RedrivePolicy"),
    "AWS::DynamoDB::Table": ("TableName", "SSESpecification", "StreamSpecification", "KeySchema", "BillingMode"),
    "AWS::DynamoDB::GlobalTable": ("TableName", "SSESpecification", "StreamSpecification", "Replicas"),
    "AWS::Kinesis::Stream": ("Name", "StreamEncryption", "ShardCount"),
    "AWS::IAM::Role": ("AssumeRolePolicyDocument", "Policies", "ManagedPolicyArns", "RoleName"),
    "AWS::IAM::Policy": ("PolicyDocument", "Roles", "PolicyName"),
    "AWS::Lambda::Permission": ("FunctionName", "Action", "Principal", "SourceArn", "SourceAccount",
                                "FunctionUrlAuthType"),
    "AWS::Lambda::Url": ("TargetFunctionArn", "AuthType", "Qualifier"),
    "AWS::Lambda::EventSourceMapping": ("FunctionName", "EventSourceArn", "DestinationConfig", "BatchSize",
                                        "StartingPosition"),
    "AWS::Lambda::EventInvokeConfig": ("FunctionName", "Qualifier", "DestinationConfig"),
    "AWS::Logs::LogGroup": ("LogGroupName", "RetentionInDays"),
    "AWS::Events::Rule": ("EventPattern", "ScheduleExpression", "Targets", "EventBusName"),
    "AWS::StepFunctions::StateMachine": ("DefinitionString", "Definition", "TracingConfiguration",
                                         "LoggingConfiguration", "RoleArn"),
    "AWS::ApiGateway::RestApi": ("Name", "Body"),
    "AWS::ApiGateway::Stage": ("RestApiId", "StageName", "TracingEnabled", "AccessLogSetting", "MethodSettings",
                               "DeploymentId"),
    "AWS::ApiGateway::Deployment": ("RestApiId", "StageName", "StageDescription"),
    "AWS::ApiGateway::Method": ("RestApiId", "ResourceId", "HttpMethod", "AuthorizationType", "ApiKeyRequired",
                                "Integration"),
    "AWS::ApiGateway::Resource": ("RestApiId", "ParentId", "PathPart"),
    "AWS::ApiGatewayV2::Api": ("Name", "ProtocolType", "Target", "Body"),
    "AWS::ApiGatewayV2::Stage": ("ApiId", "StageName", "AccessLogSettings", "DefaultRouteSettings"),
    "AWS::ApiGatewayV2::Route": ("ApiId", "RouteKey", "AuthorizationType", "Target"),
    "AWS::ApiGatewayV2::Integration": ("ApiId", "IntegrationUri", "IntegrationType"),
    "AWS::AppSync::GraphQLApi": ("Name", "XrayEnabled", "AuthenticationType", "LogConfig"),
    "AWS::CloudWatch::Alarm": ("MetricName", "Namespace", "Dimensions", "Metrics", "AlarmActions"),
    "AWS::Scheduler::Schedule": ("Target", "ScheduleExpression", "FlexibleTimeWindow"),
    "AWS::IoT::TopicRule": ("TopicRulePayload",),
    "AWS::S3::Bucket": ("BucketName", "NotificationConfiguration"),
}
CATALOGUE = load_catalogue()
#: every other type a rule declares in ``resource_types`` gets property names from this pool
GENERIC_PROPERTIES = tuple(sorted({p for names in PROPERTIES.values() for p in names} | {
    "KmsKeyId", "Encrypted", "StorageEncrypted", "EncryptionConfiguration", "PolicyDocument", "Policies", "Name",
    "Tags", "Logging", "LogPublishingOptions", "Source", "SecretString", "Type", "Value", "Users",
    "PubliclyAccessible", "AuthenticationStrategy", "Description", "Properties", "ServiceToken"}))
for _type in sorted({t for rule in CATALOGUE for t in rule.resource_types} - set(PROPERTIES)):
    PROPERTIES[_type] = GENERIC_PROPERTIES
SAM_TYPES = tuple(t for t in PROPERTIES if t.startswith("AWS::Serverless::"))
PLAIN_TYPES = tuple(t for t in PROPERTIES if not t.startswith("AWS::Serverless::"))

logical_ids = st.sampled_from(LOGICAL_IDS)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "*", "30", "0x1F", "1e3", "yes", "Active", "PassThrough", "python3.12", "nodejs4.3",
                     "arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:lambda:us-east-1:123:function:f",
                     "sqs:*", "lambda:InvokeFunction", "events.amazonaws.com", "s3.amazonaws.com",
                     "/aws/lambda/x", "$LATEST", "NONE", "AWS_IAM", "JSON", "rate(1 minute)", "HTTP", "REST"]),
    st.text(max_size=12),
)


def _intrinsic(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The long-form intrinsics, well-formed and not: unresolved refs, missing Sub variables, bad arities."""
    return st.one_of(
        st.builds(lambda r: {"Ref": r}, st.one_of(logical_ids, st.sampled_from(
            ["AWS::Region", "AWS::NoValue", "AWS::AccountId", "Nowhere", "Stage"]), children)),
        st.builds(lambda r, a: {"Fn::GetAtt": [r, a]}, logical_ids,
                  st.sampled_from(["Arn", "StreamArn", "QueueName", "RootResourceId", "Nope"])),
        st.builds(lambda r: {"Fn::GetAtt": f"{r}.Arn"}, logical_ids),
        st.builds(lambda r: {"Fn::GetAtt": r}, children),
        st.builds(lambda c, a, b: {"Fn::If": [c, a, b]}, st.sampled_from(CONDITIONS), children, children),
        st.builds(lambda c: {"Fn::If": c}, children),
        st.builds(lambda r: {"Fn::Sub": f"arn:aws:sqs:${{AWS::Region}}:${{AWS::AccountId}}:${{{r}}}/${{Missing}}"},
                  logical_ids),
        st.builds(lambda v: {"Fn::Sub": ["${A}-${B}", {"A": v}]}, children),
        st.builds(lambda v: {"Fn::Sub": v}, children),
        st.builds(lambda v: {"Fn::Join": ["", v]}, st.lists(children, max_size=3)),
        st.builds(lambda v: {"Fn::Join": v}, children),
        st.builds(lambda v: {"Fn::Select": [0, v]}, children),
        st.builds(lambda v: {"Fn::ImportValue": v}, children),
        st.builds(lambda v: {"Fn::FindInMap": ["Map", v, "Key"]}, children),
        st.builds(lambda v: {"Fn::Base64": v}, children),
    )


values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["Mode", "Enabled", "TargetArn", "Destination", "OnFailure", "Type",
                                         "Arn", "Id", "deadLetterTargetArn", "maxReceiveCount", "Statement",
                                         "Effect", "Action", "Resource", "Principal", "Service", "Format",
                                         "DestinationArn", "Properties", "Variables", "Condition"]),
                        children, max_size=3),
        _intrinsic(children),
    ),
    max_leaves=8,
)

events = st.dictionaries(
    st.sampled_from(["E1", "E2", "E3"]),
    st.one_of(st.fixed_dictionaries({"Type": st.sampled_from(EVENT_TYPES)},
                                    optional={"Properties": st.one_of(values, st.dictionaries(
                                        st.sampled_from(["Queue", "Topic", "Stream", "Path", "Method", "Schedule",
                                                         "Pattern", "EventBusName", "Bucket", "Events",
                                                         "StartingPosition", "DestinationConfig", "RestApiId",
                                                         "ApiId", "Enabled", "DeadLetterConfig"]),
                                        values, max_size=4))}),
              values),
    max_size=3,
)


@st.composite
def resources(draw: st.DrawFn, sam: bool) -> dict[str, Any]:
    kind = draw(st.sampled_from(SAM_TYPES + PLAIN_TYPES if sam else PLAIN_TYPES))
    names = draw(st.lists(st.sampled_from(PROPERTIES[kind]), unique=True, max_size=6))
    props: dict[str, Any] = {}
    for name in names:
        props[name] = draw(events if name == "Events" and draw(st.booleans()) else values)
    body: dict[str, Any] = {"Type": kind}
    shape = draw(st.integers(0, 9))
    if shape == 0:  # Properties of the wrong type
        body["Properties"] = draw(st.one_of(st.lists(values, max_size=2), scalars))
    elif shape == 1:  # Fn::If around the whole Properties
        body["Properties"] = {"Fn::If": [draw(st.sampled_from(CONDITIONS)), props, {"Ref": "AWS::NoValue"}]}
    elif shape != 2:  # (2: no Properties at all)
        body["Properties"] = props
    if draw(st.integers(0, 4)) == 0:  # a condition that hides the resource, defined or not
        body["Condition"] = draw(st.sampled_from(CONDITIONS))
    if draw(st.integers(0, 6)) == 0:
        body["DependsOn"] = draw(st.one_of(logical_ids, st.lists(logical_ids, max_size=2), scalars))
    if draw(st.integers(0, 8)) == 0:
        body["Metadata"] = draw(st.one_of(values, st.just({"slens": {"ignore": draw(values)}})))
    return body


@st.composite
def templates(draw: st.DrawFn) -> dict[str, Any]:
    """One template as plain data (long-form intrinsics only, so safe_dump and json.dumps both work)."""
    sam = draw(st.booleans())
    template: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09"}
    if sam:
        template["Transform"] = draw(st.sampled_from(["AWS::Serverless-2016-10-31",
                                                      ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"]]))
        if draw(st.booleans()):
            template["Globals"] = draw(st.one_of(
                st.fixed_dictionaries({"Function": st.dictionaries(
                    st.sampled_from(PROPERTIES["AWS::Serverless::Function"]), values, max_size=3)}),
                values))
    if draw(st.booleans()):
        template["Parameters"] = draw(st.one_of(st.none(), st.dictionaries(
            st.sampled_from(["Stage", "Env"]), st.one_of(st.just({"Type": "String", "Default": "dev"}), values),
            max_size=2)))
    if draw(st.booleans()):
        template["Conditions"] = draw(st.one_of(
            st.just({"IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
                     "HasDlq": {"Fn::Not": [{"Condition": "IsProd"}]}}),
            st.dictionaries(st.sampled_from(CONDITIONS), values, max_size=2)))
    if draw(st.integers(0, 9)) == 0:
        template["Resources"] = draw(st.one_of(st.none(), st.lists(values, max_size=2), scalars))
    else:
        template["Resources"] = draw(st.dictionaries(logical_ids, resources(sam), min_size=1, max_size=6))
    if draw(st.integers(0, 4)) == 0:
        template["Outputs"] = {"Out": {"Value": draw(values)}}
    return template


def render(template: dict[str, Any], as_json: bool) -> str:
    if as_json:
        return json.dumps(template, indent=1)
    return yaml.safe_dump(template, sort_keys=False, default_flow_style=False, allow_unicode=True)


def _outcome(path: Path, catalogue: RuleCatalogue) -> tuple[tuple[Any, ...], tuple[Any, ...], float]:
    start = time.perf_counter()
    result = scan([str(path)], catalogue)
    seconds = time.perf_counter() - start
    findings = tuple((f.rule.id, f.severity.value, f.resource, f.generated_resource, f.span.line, f.span.column,
                      tuple(f.path), f.message, f.fingerprint) for f in result.findings)
    errors = tuple((e.kind.value, e.line, e.message, e.rule_id, e.resource) for e in result.errors)
    return findings, errors, seconds


def check_template(template: dict[str, Any], as_json: bool, catalogue: RuleCatalogue) -> float:
    """Scan twice; assert no exception, no internal error, the same output and bounded time. Returns seconds."""
    with tempfile.TemporaryDirectory(prefix="slens-fuzz-") as folder:
        path = Path(folder) / ("template.json" if as_json else "template.yaml")
        path.write_text(render(template, as_json), encoding="utf-8")
        findings, errors, first = _outcome(path, catalogue)
        internal = [e for e in errors if e[0] == ErrorKind.INTERNAL.value]
        assert not internal, f"internal error(s): {internal}"
        again_findings, again_errors, second = _outcome(path, catalogue)
    assert again_findings == findings, "findings differ between two runs"
    assert again_errors == errors, "errors differ between two runs"
    seconds = max(first, second)
    assert seconds < TIME_BOUND, f"scan took {seconds:.2f} s"
    return seconds


@pytest.fixture(scope="module", autouse=True)
def _private_cache() -> Iterator[None]:
    """Keep any cache slens writes away from the user's own folder."""
    with tempfile.TemporaryDirectory(prefix="slens-fuzz-cache-") as folder, pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", folder)
        yield



@settings(max_examples=int(os.environ.get("SLENS_FUZZ_EXAMPLES", "60")), deadline=None, derandomize=True,
          database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(template=templates(), as_json=st.booleans())
def test_random_templates_never_crash_and_scan_deterministically(template: dict[str, Any], as_json: bool) -> None:
    check_template(template, as_json, CATALOGUE)


def test_strategy_draws_every_type_the_rules_read() -> None:
    read = {t for rule in CATALOGUE for t in rule.resource_types}
    assert read <= set(PLAIN_TYPES + SAM_TYPES)
    assert len(PLAIN_TYPES) > 30 and len(SAM_TYPES) >= 5

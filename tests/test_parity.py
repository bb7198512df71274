"""One application written five times (SAM, CloudFormation, Serverless Framework, Terraform, CDK) gets the same review.

The fixtures in ``tests/data/parity`` describe the same app: a function (tracing off, default memory, explicit
timeout, arm64, log group with 14-day retention) fed by an SQS queue with a DLQ, subscribed to an encrypted SNS
topic without a failure destination, behind an unauthenticated HTTP API route, writing a DynamoDB table through a
``dynamodb:*`` statement, and invoked by a traced state machine whose task has no Retry or Catch.

The CDK version (``cdk/lib/parity-stack.ts``, L2 constructs) is read through its committed cloud assembly
(``cdk/cdk.out``, synthesized with ``cdk synth --no-staging``): its findings are at the lines of the
TypeScript stack, where each construct was created.

Each finding is mapped to the *role* its resource plays in the app, and every dialect must produce the same set of
(role, rule id) pairs. What a dialect legitimately cannot produce is listed in ``EXCEPTIONS`` with its reason;
what a loader gets wrong is listed in ``KNOWN_GAPS`` with a reproducer and an xfail test that passes once fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from slens.engine import Finding, ScanResult, run_rules
from slens.loaders import Loaded, Skipped, load_file
from slens.loaders.cdk import load_cloud_assembly
from slens.loaders.terraform import load_module
from slens.model import Graph, Invocation, Resource
from slens.model.apis import api_routes, api_stages
from slens.rules import load_catalogue
from slens.scan import ScanOptions, scan

DATA = Path(__file__).resolve().parent / "data" / "parity"
DIALECTS = ("sam", "cloudformation", "serverless", "terraform", "cdk")
#: the file findings point at, relative to the dialect's folder
FILES = {"sam": "template.yaml", "cloudformation": "template.yaml", "serverless": "serverless.yml",
         "terraform": "main.tf", "cdk": "lib/parity-stack.ts"}
#: the file the scan reads, where it is not the one findings point at
SCANNED = {**FILES, "cdk": "cdk.out/ParityStack.template.json"}

#: What each dialect names each part of the app: the finding's generated resource, else its resource.
ROLES: dict[str, dict[str, str]] = {
    "sam": {
        "OrdersFunction": "function",
        "OrdersFunctionRole": "function-role",
        "OrdersLogGroup": "log-group",
        "OrdersFunctionJobs": "queue-mapping",
        "OrdersFunctionNotices": "subscription",
        "OrdersFunctionNoticesPermission": "topic-permission",
        "OrdersFunctionGetOrdersPermission": "api-permission",
        "JobsQueue": "queue",
        "JobsDeadLetterQueue": "dlq",
        "NoticesTopic": "topic",
        "ServerlessHttpApi": "api",
        "ServerlessHttpApiApiGatewayDefaultStage": "api-stage",
        "OrdersTable": "table",
        "OrderFlow": "state-machine",
        "OrderFlowRole": "state-machine-role",
    },
    "cloudformation": {
        "OrdersFunction": "function",
        "OrdersFunctionRole": "function-role",
        "OrdersLogGroup": "log-group",
        "OrdersFunctionJobs": "queue-mapping",
        "OrdersFunctionNotices": "subscription",
        "OrdersFunctionNoticesPermission": "topic-permission",
        "OrdersFunctionGetOrdersPermission": "api-permission",
        "JobsQueue": "queue",
        "JobsDeadLetterQueue": "dlq",
        "NoticesTopic": "topic",
        "HttpApi": "api",
        "HttpApiDefaultStage": "api-stage",
        "GetOrdersIntegration": "api-integration",
        "GetOrdersRoute": "api-route",
        "OrdersTable": "table",
        "OrderFlow": "state-machine",
        "OrderFlowRole": "state-machine-role",
    },
    "serverless": {
        "OrdersLambdaFunction": "function",
        "IamRoleLambdaExecution": "function-role",
        "OrdersLogGroup": "log-group",
        "OrdersEventSourceMappingSQSJobsQueue": "queue-mapping",
        "OrdersSnsSubscriptionNotices": "subscription",
        "OrdersLambdaPermissionNoticesSNS": "topic-permission",
        "OrdersLambdaPermissionHttpApi": "api-permission",
        "JobsQueue": "queue",
        "JobsDeadLetterQueue": "dlq",
        "NoticesTopic": "topic",
        "HttpApi": "api",
        "HttpApiStage": "api-stage",
        "HttpApiIntegrationOrders": "api-integration",
        "HttpApiRouteGetOrders": "api-route",
        "OrdersTable": "table",
        "OrderFlowStepFunctionsStateMachine": "state-machine",
        "OrderFlowStepFunctionsStateMachineRole": "state-machine-role",
    },
    "terraform": {
        "aws_lambda_function.orders": "function",
        "aws_iam_role.orders": "function-role",
        # the inline policy of the role: what CloudFormation writes under the role's Policies
        "aws_iam_role_policy.orders_table": "function-role",
        "aws_cloudwatch_log_group.orders": "log-group",
        "aws_lambda_event_source_mapping.jobs": "queue-mapping",
        "aws_sns_topic_subscription.orders_notices": "subscription",
        "aws_lambda_permission.notices": "topic-permission",
        "aws_lambda_permission.get_orders": "api-permission",
        "aws_sqs_queue.jobs": "queue",
        "aws_sqs_queue.jobs_dlq": "dlq",
        "aws_sns_topic.notices": "topic",
        "aws_apigatewayv2_api.http": "api",
        "aws_apigatewayv2_stage.default": "api-stage",
        "aws_apigatewayv2_integration.get_orders": "api-integration",
        "aws_apigatewayv2_route.get_orders": "api-route",
        "aws_dynamodb_table.orders": "table",
        "aws_sfn_state_machine.order_flow": "state-machine",
        "aws_iam_role.order_flow": "state-machine-role",
        "aws_iam_role_policy.order_flow": "state-machine-role",
    },
    # logical ids of cdk/cdk.out/ParityStack.template.json (construct id + hash of the construct path)
    "cdk": {
        "OrdersFunctionC129706A": "function",
        "OrdersFunctionServiceRoleA7C5E86F": "function-role",
        # addToRolePolicy: the role's DefaultPolicy, an AWS::IAM::Policy beside the role
        "OrdersFunctionServiceRoleDefaultPolicyE0D62EE3": "function-role",
        "OrdersLogGroup507704C6": "log-group",
        "OrdersFunctionSqsEventSourceParityStackJobsQueueB1A6270C84678C57": "queue-mapping",
        "OrdersFunctionNoticesTopicF036149C": "subscription",
        "OrdersFunctionAllowInvokeParityStackNoticesTopic441CE0C66219BB53": "topic-permission",
        "HttpApiGETordersGetOrdersIntegrationPermissionE5711C68": "api-permission",
        "JobsQueue86ED6666": "queue",
        "JobsDeadLetterQueueE6E1CCE2": "dlq",
        "NoticesTopic98D133D1": "topic",
        "HttpApiF5A9A8A7": "api",
        "HttpApiDefaultStage3EEB07D6": "api-stage",
        "HttpApiGETordersGetOrdersIntegration9004BF72": "api-integration",
        "HttpApiGETorders4E114900": "api-route",
        "OrdersTable315BB997": "table",
        "OrderFlowA028A46E": "state-machine",
        "OrderFlowRole6DABD30D": "state-machine-role",
        "OrderFlowRoleDefaultPolicy55BB04A9": "state-machine-role",
    },
}

#: (dialect, resource name, rule id) -> role, where one resource of a dialect holds what is a separate part elsewhere
ROLE_OVERRIDES: dict[tuple[str, str, str], tuple[str, str]] = {
    ("sam", "ServerlessHttpApi", "API005"): (
        "api-route", "SAM writes HttpApi event routes into the OpenAPI body of ServerlessHttpApi, not as Route"),
}

#: What every dialect must report, on which part of the app.
EXPECTED: frozenset[tuple[str, str]] = frozenset({
    ("function", "LAM001"),  # tracing off
    ("function", "LAM002"),  # default memory
    ("function", "LAM006"),  # SNS (async) invocations without an on-failure destination
    ("function", "LAM009"),  # invoked by sns and apigateway principals
    ("function", "LAM101"),  # no alarms
    ("function", "LAM102"),  # plain-text logs
    ("function", "LAM103"),  # API-facing, deployed all at once
    ("function", "LAM104"),  # no code signing
    # (not LAM304, default retries: with no destination at all, LAM006 is the one finding)
    ("function-role", "IAM001"),  # dynamodb:*
    ("queue", "SQS002"),  # visibility timeout 30 s < 6 x 30 s function timeout
    ("queue", "SQS101"),  # no age alarm
    ("dlq", "SQS102"),  # no depth alarm on the DLQ
    ("subscription", "SNS001"),  # no redrive policy on the subscription
    ("api", "API101"),  # no 5xx/latency alarms
    ("api-stage", "API001"),  # no access logging
    ("api-stage", "API004"),  # no default throttling
    ("api-route", "API005"),  # GET /orders without an authorizer
    ("table", "DDB001"),  # AWS owned key
    ("table", "DDB301"),  # no point-in-time recovery
    ("state-machine", "SFN101"),  # no ExecutionsFailed alarm
    ("state-machine", "SFN102"),  # no logging
    ("state-machine", "SFN301"),  # Lambda task without Retry
    ("state-machine", "SFN302"),  # Lambda task without Catch
})


@dataclass(frozen=True)
class Difference:
    dialect: str
    role: str
    rule_id: str
    #: True: reported only by this dialect; False: never reported by this dialect
    extra: bool
    reason: str


#: What a dialect legitimately cannot express the same way.
EXCEPTIONS: tuple[Difference, ...] = (
    Difference("serverless", "function", "LAM002", False,
               "the Serverless Framework always sets MemorySize (1024 MB unless memorySize says otherwise)"),
)


@dataclass(frozen=True)
class Gap:
    """A loader that gets the app wrong: the finding the other dialects produce, and why this one does not."""

    dialect: str
    role: str
    rule_id: str
    extra: bool
    loader: str
    problem: str
    #: a minimal input that shows the gap, and the rule ids it should (or should not) get
    reproducer: str


KNOWN_GAPS: tuple[Gap, ...] = ()  # the three Terraform gaps found with this app are fixed
# a list, not a function: pytest 8.0 calls an ids function even on an empty parameter set
GAP_IDS = [f"{g.dialect}-{g.role}-{g.rule_id}" for g in KNOWN_GAPS]

#: rules that report a function only in a context (another function signs code or logs JSON, a JVM...):
#: the app has one plain function, and the parity is whether each loader gives them what they read
EVERYWHERE = {rule_id: {"everywhere": True} for rule_id in ("LAM002", "LAM003", "LAM102", "LAM104")}


@cache
def _scan(dialect: str) -> ScanResult:
    return scan([str(DATA / dialect)], load_catalogue().configure(EVERYWHERE), ScanOptions(fail_on=None))


@cache
def _graph(dialect: str) -> Graph:
    path = str(DATA / dialect / SCANNED[dialect])
    loaded: Loaded | Skipped
    if dialect == "cdk":
        app = DATA / "cdk"
        loaded, = load_cloud_assembly(str(app / "cdk.out"), lambda p: Path(p).relative_to(app).as_posix())
    elif dialect == "terraform":
        loaded = load_module([path], {path: FILES[dialect]})
    else:
        loaded = load_file(path)
    assert isinstance(loaded, Loaded) and loaded.graph is not None and not loaded.problems, loaded
    return loaded.graph


def _name(finding: Finding) -> str:
    return finding.generated_resource or finding.resource


def _role(dialect: str, finding: Finding) -> str:
    override = ROLE_OVERRIDES.get((dialect, _name(finding), finding.rule.id))
    if override is not None:
        return override[0]
    role = ROLES[dialect].get(_name(finding))
    assert role is not None, f"{dialect}: {finding.rule.id} on {_name(finding)} ({finding.resource_type}) " \
                             f"has no role in the app: {finding.message}"
    return role


def _pairs(dialect: str) -> set[tuple[str, str]]:
    return {(_role(dialect, f), f.rule.id) for f in _scan(dialect).findings}


def _gap_pairs(dialect: str) -> set[tuple[str, str]]:
    return {(g.role, g.rule_id) for g in KNOWN_GAPS if g.dialect == dialect}


def _expected(dialect: str) -> set[tuple[str, str]]:
    expected = set(EXPECTED)
    for difference in EXCEPTIONS:
        if difference.dialect == dialect:
            (expected.add if difference.extra else expected.discard)((difference.role, difference.rule_id))
    return expected


@pytest.mark.parametrize("dialect", DIALECTS)
def test_each_dialect_loads_without_errors(dialect: str) -> None:
    result = _scan(dialect)
    assert result.errors == ()
    assert [Path(f).resolve() for f in result.scanned_files] == [DATA / dialect / SCANNED[dialect]]
    for finding in result.findings:
        assert Path(finding.span.file).resolve() == DATA / dialect / FILES[dialect] and finding.span.line, finding


@pytest.mark.parametrize("dialect", DIALECTS)
def test_same_rules_fire_on_the_same_parts_of_the_app(dialect: str) -> None:
    gaps = _gap_pairs(dialect)
    assert _pairs(dialect) - gaps == _expected(dialect) - gaps


def test_exceptions_and_gaps_are_real() -> None:
    """Every listed difference is still a difference: nothing stays listed once it is no longer true."""
    for difference in EXCEPTIONS:
        pair = (difference.role, difference.rule_id)
        assert (pair in _pairs(difference.dialect)) is difference.extra, difference
        assert all(pair in _pairs(d) for d in DIALECTS if d != difference.dialect and not difference.extra)
    for dialect, name, rule_id in ROLE_OVERRIDES:
        assert any(_name(f) == name and f.rule.id == rule_id for f in _scan(dialect).findings), name
    for gap in KNOWN_GAPS:
        assert gap.extra or (gap.role, gap.rule_id) in EXPECTED, gap


@pytest.mark.parametrize("gap", KNOWN_GAPS, ids=GAP_IDS)
def test_known_gap(gap: Gap) -> None:
    """xfails while the loader gets the parity app wrong; fails once it is fixed, so the entry gets removed."""
    if ((gap.role, gap.rule_id) in _pairs(gap.dialect)) is gap.extra:
        pytest.xfail(f"{gap.loader}: {gap.problem}")
    raise AssertionError(f"gap fixed, remove it from KNOWN_GAPS: {gap}")


@pytest.mark.parametrize("gap", KNOWN_GAPS, ids=GAP_IDS)
def test_known_gap_reproducer(gap: Gap, tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text(gap.reproducer)
    loaded = load_module([str(path)], {str(path): "main.tf"})
    assert loaded.graph is not None and not loaded.problems, loaded.problems
    findings, errors = run_rules(load_catalogue(), loaded.graph, "main.tf")
    assert not errors
    fires = any(f.rule.id == gap.rule_id for f in findings)
    if fires is gap.extra:  # once fixed, a missing finding fires and an extra one does not
        pytest.xfail(f"{gap.loader}: {gap.problem}")
    raise AssertionError(f"reproducer no longer shows the gap, remove it from KNOWN_GAPS: {gap}")


def _granted_types(graph: Graph, role: Resource) -> list[str]:
    """Types of the graph resources that the role's Allow statements name."""
    return sorted({graph.resources[ref.target].type for s in graph.statements(role) if s.allows
                   for ref in s.resource_refs if ref.target in graph.resources})


def test_relations_are_the_same_in_every_dialect() -> None:
    """The graph behind the findings: who triggers the function, its log group, role, DLQ and route."""
    summaries = {}
    for dialect in DIALECTS:
        graph = _graph(dialect)
        function, = graph.functions
        role = graph.role_of(function)
        assert role is not None
        queue, = [q for q in graph.of_type("AWS::SQS::Queue") if graph.failure_targets(q)]
        api, = graph.of_type("AWS::ApiGatewayV2::Api")
        machine, = graph.of_type("AWS::StepFunctions::StateMachine")
        machine_role = graph.role_of(machine)
        assert machine_role is not None
        summaries[dialect] = {
            "triggers": sorted((t.service, t.invocation.name, t.source.type if t.source else "")
                               for t in graph.triggers(function)),
            "async": any(t.invocation is Invocation.ASYNC for t in graph.triggers(function)),
            "log groups": [g.type for g in graph.log_groups_of(function)],
            "permissions": len(graph.permissions_of(function)),
            "dlq": [e.target.type for e in graph.failure_targets(queue)],
            "consumers": [c.logical_id == function.logical_id for c in graph.consumers(queue)],
            "table granted": "AWS::DynamoDB::Table" in _granted_types(graph, role),
            "stages": [s.type for s in api_stages(graph, api)],
            "routes": [(r.method, r.path, r.authorization) for r in api_routes(graph, api)],
            "machine grants": _granted_types(graph, machine_role),
        }
    assert summaries["sam"] == {
        "triggers": [("apigateway", "SYNC", "AWS::ApiGatewayV2::Api"), ("sns", "ASYNC", "AWS::SNS::Topic"),
                     ("sqs", "QUEUE", "AWS::SQS::Queue"), ("states", "SYNC", "AWS::StepFunctions::StateMachine")],
        "async": True,
        "log groups": ["AWS::Logs::LogGroup"],
        "permissions": 2,
        "dlq": ["AWS::SQS::Queue"],
        "consumers": [True],
        "table granted": True,
        "stages": ["AWS::ApiGatewayV2::Stage"],
        "routes": [("GET", "/orders", "NONE")],
        "machine grants": ["AWS::Lambda::Function"],
    }
    for dialect in DIALECTS[1:]:
        assert summaries[dialect] == summaries["sam"], dialect

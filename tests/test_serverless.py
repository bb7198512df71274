"""Serverless Framework services: variables, the resources the framework deploys, relations, findings."""

from __future__ import annotations

import glob
from pathlib import Path
from textwrap import dedent

import pytest

from slens.engine import run_rules
from slens.kinds import ErrorKind, NoticeKind
from slens.loaders import Loaded, load_file
from slens.model import Composite, Graph, Invocation, Ref, Unknown
from slens.model.apis import api_routes, api_stages
from slens.rules import load_catalogue

from .conftest import SHARED

DATA = Path(__file__).parent / "data" / "serverless"
CORPUS = SHARED / "corpus" / "serverless-framework"


def load(tmp_path: Path, text: str, name: str = "serverless.yml") -> Loaded:
    path = tmp_path / name
    path.write_text(dedent(text))
    loaded = load_file(str(path))
    assert isinstance(loaded, Loaded), loaded
    return loaded


def graph_of(tmp_path: Path, text: str) -> Graph:
    loaded = load(tmp_path, text)
    assert loaded.graph is not None and not loaded.problems, loaded.problems
    return loaded.graph


HEAD = """\
service: shop
provider:
  name: aws
  runtime: python3.12
"""


# -- variables ------------------------------------------------------------------------------

def test_variables_resolve_offline_and_unknowns_are_explicit() -> None:
    loaded = load_file(str(DATA / "project" / "serverless.yml"))
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    fn = loaded.graph.resources["OrdersLambdaFunction"]
    env = fn.prop("Environment", "Variables")
    assert isinstance(env, dict)
    assert fn.prop("MemorySize") == 512  # ${file(./config/${sls:stage}.yml):memory}
    assert fn.prop("FunctionName") == "shop-dev-orders"
    assert env["REGION"] == "eu-west-1" and env["ACCOUNT"] == "123456789012"
    assert env["QUEUE"] == "shop-jobs"  # a variable inside the included file
    assert env["NESTED"] == "picked-dev"
    assert env["FALLBACK"] == "last"
    assert env["KEEP"] == "${AWS::Region}"  # CloudFormation's own syntax is left alone
    for key in ("TABLE", "PARAM", "BUCKET", "OUTSIDE", "CYCLE"):
        assert isinstance(env[key], Unknown), key
    messages = {p.message: p.line for p in loaded.problems}
    # reading outside the service's folder is a choice slens makes, not the user's mistake: a note
    assert not [m for m in messages if "outside" in m]
    [outside] = [n for n in loaded.notes if "outside the service's folder" in n.message]
    assert outside.kind is NoticeKind.OUTSIDE_PROJECT and outside.line == 17
    cycles = [line for m, line in messages.items() if "cyclic" in m]
    assert cycles and all(line in (24, 25) for line in cycles)


def test_option_default_and_missing_self_key(tmp_path: Path) -> None:
    loaded = load(tmp_path, HEAD + """\
  stage: ${opt:stage, 'prod'}
  timeout: ${self:custom.nothing}
functions:
  orders:
    handler: app.handler
    timeout: ${opt:timeout}
""")
    assert loaded.graph is not None
    fn = loaded.graph.resources["OrdersLambdaFunction"]
    assert fn.prop("FunctionName") == "shop-prod-orders"
    assert isinstance(fn.prop("Timeout"), Unknown)  # a CLI option without default: cannot judge
    assert [p.line for p in loaded.problems] == [6]
    assert "custom.nothing" in loaded.problems[0].message


def test_stage_default_and_file_missing(tmp_path: Path) -> None:
    loaded = load(tmp_path, HEAD + """\
  memorySize: ${file(./missing.yml):memory}
functions:
  orders:
    handler: app.handler
""")
    assert loaded.graph is not None
    assert loaded.graph.resources["OrdersLambdaFunction"].prop("FunctionName") == "shop-dev-orders"
    assert [(p.line, "missing.yml" in p.message) for p in loaded.problems] == [(5, True)]


def test_composite_name_keeps_relations(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD.replace("service: shop", "service: ${ssm:/name}") + """\
functions:
  orders:
    handler: app.handler
""")
    fn = graph.resources["OrdersLambdaFunction"]
    assert isinstance(fn.prop("FunctionName"), Composite)
    assert [g.logical_id for g in graph.log_groups_of(fn)] == ["OrdersLogGroup"]


# -- functions, roles, log groups -------------------------------------------------------------

def test_function_defaults_and_provider_settings(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD + """\
  architecture: arm64
  logRetentionInDays: 14
  tracing:
    lambda: true
  vpc:
    securityGroupIds: [sg-1]
    subnetIds: [subnet-1]
functions:
  get-user_v2:
    handler: app.handler
    reservedConcurrency: 5
    onError: arn:aws:sqs:us-east-1:123456789012:dlq
  plain:
    handler: app.handler
    timeout: 20
    memorySize: 256
""")
    fn = graph.resources["GetDashuserUnderscorev2LambdaFunction"]
    assert fn.origin.logical_id == "get-user_v2" and fn.origin.label == "get-user_v2"
    assert fn.prop("MemorySize") == 1024 and fn.prop("Timeout") == 6
    assert fn.prop("Architectures") == ["arm64"]
    assert fn.prop("TracingConfig", "Mode") == "Active"
    assert fn.span_of(("TracingConfig", "Mode")).line == 8
    assert fn.prop("ReservedConcurrentExecutions") == 5
    assert fn.prop("VpcConfig", "SubnetIds") == ["subnet-1"]
    assert fn.prop("DeadLetterConfig", "TargetArn") == "arn:aws:sqs:us-east-1:123456789012:dlq"
    plain = graph.resources["PlainLambdaFunction"]
    assert plain.span_of(("Timeout",)).line == 19 and plain.span_of(("MemorySize",)).line == 20
    group = graph.resources["GetDashuserUnderscorev2LogGroup"]
    assert group.prop("LogGroupName") == "/aws/lambda/shop-dev-get-user_v2"
    assert group.prop("RetentionInDays") == 14 and group.span_of(("RetentionInDays",)).line == 6
    assert graph.log_groups_of(fn) == [group]
    role = graph.role_of(fn)
    assert role is not None and role.logical_id == "IamRoleLambdaExecution" and graph.role_of(plain) is role
    assert any("AWSLambdaVPCAccessExecutionRole" in str(a) for a in role.prop("ManagedPolicyArns") or [])


def test_per_function_roles_and_external_role(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD + """\
plugins:
  - serverless-iam-roles-per-function
functions:
  reader:
    handler: app.handler
    iamRoleStatements:
      - Effect: Allow
        Action: s3:GetObject
        Resource: arn:aws:s3:::shop/*
  writer:
    handler: app.handler
    iamRoleStatements:
      - Effect: Allow
        Action: s3:PutObject
        Resource: arn:aws:s3:::shop/*
  external:
    handler: app.handler
    role: arn:aws:iam::123456789012:role/ops
  named:
    handler: app.handler
    role: CustomRole
resources:
  Resources:
    CustomRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument: {}
""")
    reader, writer = graph.resources["ReaderLambdaFunction"], graph.resources["WriterLambdaFunction"]
    reader_role, writer_role = graph.role_of(reader), graph.role_of(writer)
    assert reader_role is not None and reader_role.logical_id == "ReaderIamRoleLambdaExecution"
    assert writer_role is not None and writer_role is not reader_role
    assert reader_role.origin.logical_id == "reader"
    assert "IamRoleLambdaExecution" not in graph.resources
    assert graph.role_of(graph.resources["ExternalLambdaFunction"]) is None
    assert graph.resources["ExternalLambdaFunction"].prop("Role") == "arn:aws:iam::123456789012:role/ops"
    named_role = graph.role_of(graph.resources["NamedLambdaFunction"])
    assert named_role is not None and named_role.logical_id == "CustomRole"


def test_provider_role_arn_is_external(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD + """\
  iam:
    role: arn:aws:iam::123456789012:role/shared
functions:
  orders:
    handler: app.handler
""")
    assert "IamRoleLambdaExecution" not in graph.resources
    assert graph.resources["OrdersLambdaFunction"].prop("Role") == "arn:aws:iam::123456789012:role/shared"


# -- events ---------------------------------------------------------------------------------

def test_events_become_triggers(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD + """\
functions:
  worker:
    handler: app.handler
    destinations:
      onFailure: arn:aws:sqs:us-east-1:123456789012:failed
    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
          batchSize: 5
          functionResponseType: ReportBatchItemFailures
      - sns: alerts
      - sns:
          arn: !Ref Existing
          topicName: existing
      - s3:
          bucket: uploads
          event: s3:ObjectCreated:*
          rules:
            - prefix: in/
      - schedule: rate(5 minutes)
      - eventBridge:
          pattern:
            source: [shop]
      - stream:
          arn: !GetAtt Table.StreamArn
          bisectBatchOnFunctionError: true
          destinations:
            onFailure: !GetAtt Jobs.Arn
      - http: GET orders/{id}
      - httpApi: POST /orders
      - websocket: $connect
      - alb:
          listenerArn: >-
            arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2
          priority: 1
          conditions:
            path: /orders
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
    Existing:
      Type: AWS::SNS::Topic
    Table:
      Type: AWS::DynamoDB::Table
""")
    fn = graph.resources["WorkerLambdaFunction"]
    sources = {t.source.logical_id for t in graph.triggers(fn) if t.source is not None}
    assert sources >= {"Jobs", "SNSTopicAlerts", "Existing", "S3BucketUploads", "WorkerEventsRuleSchedule1",
                       "Shopdevworkerrule1EventBridgeRule", "Table", "ApiGatewayRestApi", "HttpApi",
                       "WebsocketsApi", "WorkerAlbTargetGroup50dc6c495c0c9188"}
    esm = graph.resources["WorkerEventSourceMappingSQSJobs"]
    assert esm.prop("BatchSize") == 5 and esm.prop("FunctionResponseTypes") == ["ReportBatchItemFailures"]
    assert esm.origin.logical_id == "worker" and esm.span_of(("BatchSize",)).line == 13
    stream = graph.resources["WorkerEventSourceMappingDynamodbTable"]
    assert stream.prop("BisectBatchOnFunctionError") is True
    assert [e.target.logical_id for e in graph.failure_targets(stream)] == ["Jobs"]
    assert graph.resources["WorkerSnsSubscriptionAlerts"].prop("TopicArn") == Ref("SNSTopicAlerts")
    assert {"ApiGatewayMethodOrdersIdVarGet", "ApiGatewayResourceOrdersIdVar", "HttpApiRoutePostOrders",
            "SconnectWebsocketsRoute", "WorkerLambdaPermissionApiGateway", "WorkerLambdaEvConf"} <= set(graph.resources)
    assert any(t.invocation is Invocation.ASYNC for t in graph.triggers(fn))
    assert graph.is_failure_target(graph.resources["Jobs"])
    role = graph.role_of(fn)
    assert role is not None
    actions = {a for s in graph.statements(role) for a in s.actions}
    assert {"sqs:receivemessage", "dynamodb:getrecords", "sqs:sendmessage"} <= actions


def test_api_stage_and_logs(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD + """\
  logRetentionInDays: 7
  tracing:
    apiGateway: true
  logs:
    restApi: true
functions:
  orders:
    handler: app.handler
    events:
      - http:
          path: orders
          method: get
          authorizer: aws_iam
""")
    api = graph.resources["ApiGatewayRestApi"]
    [stage] = api_stages(graph, api)
    assert stage.logical_id == "ApiGatewayStage" and stage.prop("TracingEnabled") is True
    assert [g.logical_id for g in graph.log_groups_of(stage)] == ["ApiGatewayLogGroup"]
    assert [(r.method, r.path, r.authorization) for r in api_routes(graph, api)] == [("GET", "/orders", "AWS_IAM")]


# -- resources, step functions ----------------------------------------------------------------

def test_resources_merge_into_generated(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD + """\
functions:
  orders:
    handler: app.handler
resources:
  Resources:
    OrdersLogGroup:
      Type: AWS::Logs::LogGroup
      Properties:
        RetentionInDays: 90
""")
    group = graph.resources["OrdersLogGroup"]
    assert group.prop("RetentionInDays") == 90 and group.span_of(("RetentionInDays",)).line == 13
    assert group.prop("LogGroupName") == "/aws/lambda/shop-dev-orders"


def test_step_functions(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD + """\
plugins:
  - serverless-step-functions
functions:
  work:
    handler: app.handler
stepFunctions:
  stateMachines:
    flow:
      type: EXPRESS
      tracingConfig:
        enabled: true
      loggingConfig:
        level: ALL
        destinations:
          - !GetAtt FlowLogs.Arn
      definition:
        StartAt: Work
        States:
          Work:
            Type: Task
            Resource: !GetAtt work.Arn
            End: true
resources:
  Resources:
    FlowLogs:
      Type: AWS::Logs::LogGroup
""")
    machine = graph.resources["FlowStepFunctionsStateMachine"]
    assert machine.origin.logical_id == "flow" and machine.prop("StateMachineType") == "EXPRESS"
    assert machine.span_of(("TracingConfiguration", "Enabled")).line == 15
    assert [t.source.logical_id for t in graph.triggers(graph.resources["WorkLambdaFunction"]) if t.source] == [
        "FlowStepFunctionsStateMachine"]
    assert [g.logical_id for g in graph.log_groups_of(machine)] == ["FlowLogs"]


# -- findings with real rules -------------------------------------------------------------------

def test_findings_name_function_keys_and_lines(tmp_path: Path) -> None:
    loaded = load(tmp_path, HEAD + """\
  iam:
    role:
      statements:
        - Effect: Allow
          Action: s3:*
          Resource: "*"
functions:
  get-orders:
    handler: app.handler
    runtime: python3.8
    events:
      - sns: order-events
""")
    assert loaded.graph is not None and not loaded.problems
    findings, errors = run_rules(load_catalogue(), loaded.graph, loaded.file)
    assert not errors
    found = {(f.rule.id, f.resource, f.span.line) for f in findings}
    assert {("LAM001", "get-orders", 12), ("LAM004", "get-orders", 14), ("LAM006", "get-orders", 12),
            ("LAM008", "get-orders", 12), ("SNS001", "get-orders", 16), ("IAM001", "IamRoleLambdaExecution", 9),
            ("IAM002", "IamRoleLambdaExecution", 10)} <= found
    assert all(f.label == "get-orders" for f in findings if f.resource == "get-orders")


def test_bad_input_never_raises(tmp_path: Path) -> None:
    loaded = load(tmp_path, HEAD + """\
functions:
  broken: 3
  odd:
    handler: app.handler
    events: nope
  odd2:
    handler: app.handler
    events:
      - 42
stepFunctions:
  stateMachines:
    bad: 1
resources:
  Resources:
    NoType:
      Properties: {}
""")
    assert loaded.graph is not None
    assert sorted(p.line for p in loaded.problems if p.line) == [6, 9, 13, 16, 19]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_corpus_loads_without_internal_error() -> None:
    catalogue = load_catalogue()
    files = sorted(glob.glob(str(CORPUS / "**" / "serverless.y*ml"), recursive=True))
    assert files
    for path in files:
        loaded = load_file(path)
        assert isinstance(loaded, Loaded) and loaded.graph is not None, path
        assert all(p.kind is ErrorKind.PARSE for p in loaded.problems), loaded.problems
        assert all("does not exist" in p.message for p in loaded.problems), loaded.problems
        _, errors = run_rules(catalogue, loaded.graph, path)
        assert not errors, errors


# -- settings translated for the rule fixtures --------------------------------------------------

def test_logging_snapstart_and_provisioned_concurrency(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD + """\
  logs:
    lambda:
      logFormat: JSON
      applicationLogLevel: INFO
functions:
  orders:
    handler: app.handler
    snapStart: true
    provisionedConcurrency: 3
    logs:
      applicationLogLevel: DEBUG
      logGroup: /shop/orders
""")
    fn = graph.resources["OrdersLambdaFunction"]
    assert fn.prop("LoggingConfig") == {"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG", "LogGroup": "/shop/orders"}
    assert fn.prop("SnapStart", "ApplyOn") == "PublishedVersions"
    assert "OrdersLogGroup" not in graph.resources  # the function logs to a group of its own choice
    alias = graph.resources["OrdersProvConcLambdaAlias"]
    assert alias.prop("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions") == 3
    assert graph.function_of(alias.prop("FunctionName")) is fn
    assert graph.resources["OrdersLambdaVersion"].type == "AWS::Lambda::Version"


def test_rest_api_extras(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD + """\
  apiGateway:
    apiKeys: [partners]
    usagePlan:
      throttle: {rateLimit: 10, burstLimit: 20}
  httpApi:
    authorizers:
      tenant: {type: request, functionName: auth, resultTtlInSeconds: 0}
functions:
  auth:
    handler: auth.handler
  orders:
    handler: app.handler
    events:
      - http:
          path: orders
          method: post
          cors: {origin: https://shop.example.com}
          authorizer: {name: auth, resultTtlInSeconds: 0}
          request:
            schemas:
              application/json: {type: object}
      - http: GET orders
      - httpApi: {path: /orders, method: get, authorizer: tenant}
""")
    resources = graph.resources
    post = resources["ApiGatewayMethodOrdersPost"]
    assert post.prop("RequestValidatorId") == Ref("ApiGatewayShopRequestValidator")
    assert post.prop("RequestModels") == {"application/json": Ref("ApiGatewayMethodOrdersPostApplicationJsonModel")}
    options = resources["ApiGatewayMethodOrdersOptions"]
    [response] = options.prop("Integration", "IntegrationResponses")
    assert response["ResponseParameters"] == {
        "method.response.header.Access-Control-Allow-Origin": "'https://shop.example.com'"}
    assert resources["AuthApiGatewayAuthorizer"].prop("AuthorizerResultTtlInSeconds") == 0
    assert resources["HttpApiAuthorizerTenant"].prop("AuthorizerResultTtlInSeconds") == 0
    assert resources["ApiGatewayUsagePlan"].prop("Throttle") == {"RateLimit": 10, "BurstLimit": 20}
    assert resources["ApiGatewayUsagePlanKey1"].prop("UsagePlanId") == Ref("ApiGatewayUsagePlan")
    assert resources["ApiGatewayApiKey1"].prop("Name") == "partners"


def test_rest_authorizer_caches_by_default(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, HEAD + """\
functions:
  auth:
    handler: auth.handler
  orders:
    handler: app.handler
    events:
      - http: {path: orders, method: get, cors: true, authorizer: auth}
""")
    assert graph.resources["AuthApiGatewayAuthorizer"].prop("AuthorizerResultTtlInSeconds") == 300
    [response] = graph.resources["ApiGatewayMethodOrdersOptions"].prop("Integration", "IntegrationResponses")
    assert response["ResponseParameters"]["method.response.header.Access-Control-Allow-Origin"] == "'*'"
    assert not graph.of_type("AWS::ApiGateway::UsagePlan")


def test_state_machine_alarms_and_logging(tmp_path: Path) -> None:
    loaded = load(tmp_path, HEAD + """\
plugins:
  - serverless-step-functions
stepFunctions:
  stateMachines:
    checkout:
      loggingConfig:
        level: ERROR
        destinations: [arn:aws:logs:us-east-1:123456789012:log-group:sfn]
      alarms:
        topics:
          alarm: arn:aws:sns:us-east-1:123456789012:ops
        metrics:
          - executionsFailed
          - metric: executionsTimedOut
            treatMissingData: notBreaching
      definition:
        StartAt: Done
        States:
          Done: {Type: Succeed}
""")
    graph = loaded.graph
    assert graph is not None and not loaded.problems
    machine = graph.resources["CheckoutStepFunctionsStateMachine"]
    assert machine.spans[("LoggingConfiguration", "Level")].line == 11
    failed = graph.resources["CheckoutStepFunctionsStateMachineExecutionsFailedAlarm"]
    assert failed.prop("Namespace") == "AWS/States" and failed.prop("MetricName") == "ExecutionsFailed"
    assert failed.prop("Dimensions") == [{"Name": "StateMachineArn", "Value": Ref(machine.logical_id)}]
    assert failed.prop("AlarmActions") == ["arn:aws:sns:us-east-1:123456789012:ops"]
    timed_out = graph.resources["CheckoutStepFunctionsStateMachineExecutionsTimedOutAlarm"]
    assert timed_out.prop("TreatMissingData") == "notBreaching"

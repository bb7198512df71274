"""The graph a realistic SAM app loads into: relations and spans are where the bugs live."""

from __future__ import annotations

from pathlib import Path

import pytest

from slens.loaders import Loaded, load_file
from slens.model import Composite, Graph, Invocation, Origin, Ref, Resource, SourceSpan, Unknown
from slens.model.alarms import alarms_for_metric
from slens.model.apis import api_routes, api_stages
from slens.model.buckets import public_access_openings
from slens.model.iam import managed_policy_arns
from slens.model.notifications import bucket_part

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def graph() -> Graph:
    loaded = load_file(str(DATA / "graph_app.yaml"))
    assert isinstance(loaded, Loaded) and loaded.graph is not None, loaded
    assert not loaded.problems, loaded.problems
    assert loaded.dialect == "sam" and loaded.local_paths == {"Worker": "src/worker/"}
    return loaded.graph


def test_generated_resources_know_the_sam_resource_they_came_from(graph: Graph) -> None:
    worker = graph.resources["Worker"]
    assert worker.type == "AWS::Lambda::Function" and worker.generated
    assert worker.origin.type == "AWS::Serverless::Function" and worker.span.line == 12
    role = graph.resources["WorkerRole"]
    assert role.origin.logical_id == "Worker"
    esm = graph.resources["WorkerJobs"]
    assert esm.origin.logical_id == "Worker" and esm.span.line == 24  # the event's line
    assert esm.span_of(("BatchSize",)).line == 28
    assert not graph.resources["JobsQueue"].generated


def test_properties_from_globals_point_at_globals(graph: Graph) -> None:
    worker = graph.resources["Worker"]
    assert worker.int_prop("Timeout") == 10
    assert worker.span_of(("Timeout",)).line == 10
    assert worker.span_of(("DeadLetterConfig", "TargetArn")).line == 22
    assert worker.span_of(("MemorySize",)).line == 12  # not written: the resource's line


def test_triggers_and_their_invocation_types(graph: Graph) -> None:
    worker = graph.resources["Worker"]
    kinds = {(t.source.logical_id if t.source else None, t.invocation) for t in graph.triggers(worker)}
    assert ("JobsQueue", Invocation.QUEUE) in kinds
    assert ("UploadBucket", Invocation.ASYNC) in kinds
    assert ("NoticeTopic", Invocation.ASYNC) in kinds
    assert ("ServerlessRestApi", Invocation.SYNC) in kinds
    assert any(t.invocation is Invocation.ASYNC for t in graph.triggers(worker))
    assert graph.consumers(graph.resources["JobsQueue"]) == [worker]
    assert [t.via.logical_id for t in graph.triggers(worker)
            if t.via is not None and t.via.type == "AWS::Lambda::EventSourceMapping"] == ["WorkerJobs"]


def test_roles_failures_logs_alarms(graph: Graph) -> None:
    worker = graph.resources["Worker"]
    role = graph.role_of(worker)
    assert role is not None and role.logical_id == "WorkerRole"
    assert graph.assumers_of(role) == [worker]
    assert [e.target.logical_id for e in graph.failure_targets(worker)] == ["WorkerDLQ"]
    assert graph.is_failure_target(graph.resources["JobsDLQ"])
    assert graph.is_failure_target(graph.resources["WorkerDLQ"])
    assert not graph.is_failure_target(graph.resources["JobsQueue"])
    assert [g.logical_id for g in graph.log_groups_of(worker)] == ["WorkerLogs"]
    assert [a.logical_id for a in alarms_for_metric(graph, worker, "Errors")] == ["WorkerErrors"]


def test_policy_templates_become_statements_on_the_wired_resources(graph: Graph) -> None:
    role = graph.resources["WorkerRole"]
    statements = graph.statements(role)
    assert any("dynamodb:getitem" in s.actions for s in statements)
    assert "Table" in {ref.target for s in statements if s.allows for ref in s.resource_refs}
    assert "AWSLambdaBasicExecutionRole" in [name for _, name in managed_policy_arns(role)]


def test_implicit_api_routes_and_stage(graph: Graph) -> None:
    api = graph.resources["ServerlessRestApi"]
    assert api.origin.logical_id == "Worker" and api.span.line == 38
    routes = api_routes(graph, api)
    assert [(r.method, r.path, r.authorization) for r in routes] == [("GET", "/items", "NONE")]
    stages = api_stages(graph, api)
    assert [s.type for s in stages] == ["AWS::ApiGateway::Stage"]


def test_references_are_resolved_values(graph: Graph) -> None:
    esm = graph.resources["WorkerJobs"]
    assert esm.prop("EventSourceArn") == Ref("JobsQueue", "Arn")
    assert graph.resolve(esm.prop("FunctionName")) is graph.resources["Worker"]


ROUTES = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}
Resources:
  GetFn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        List: {Type: Api, Properties: {Path: /recipes, Method: get}}
  PostFn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - AWSLambdaBasicExecutionRole
        - Statement:
            - Effect: Allow
              Action: s3:PutObject
              Resource: "*"
      Events:
        Create: {Type: Api, Properties: {Path: /recipes, Method: post}}
"""


def test_each_implicit_route_points_at_the_event_that_declared_it(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(ROUTES)
    loaded = load_file(str(path))
    assert isinstance(loaded, Loaded) and loaded.graph is not None and not loaded.problems
    api = loaded.graph.resources["ServerlessRestApi"]
    lines = {(r.method, api.span_of(r.holder_path).line) for r in api_routes(loaded.graph, api)}
    assert lines == {("GET", 9), ("POST", 20)}


def test_generated_role_statements_point_at_the_written_policy_item(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(ROUTES)
    loaded = load_file(str(path))
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    role = loaded.graph.resources["PostFnRole"]
    statement = next(s for s in loaded.graph.statements(role) if "s3:putobject" in s.actions)
    assert role.span_of((*statement.path, "Action")).line == 17


def test_local_state_machine_definition_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "statemachine").mkdir()
    (tmp_path / "statemachine" / "flow.asl.json").write_text(
        '{"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "${WorkerArn}", "End": true}}}')
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n"
        "    Properties:\n      DefinitionUri: statemachine/flow.asl.json\n      DefinitionSubstitutions:\n"
        "        WorkerArn: !GetAtt Worker.Arn\n      Policies: []\n  Worker:\n    Type: AWS::Serverless::Function\n"
        "    Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}\n")
    loaded = load_file(str(tmp_path / "template.yaml"))
    assert isinstance(loaded, Loaded) and loaded.graph is not None and not loaded.problems
    machine = loaded.graph.resources["Flow"]
    assert machine.has("DefinitionString") and not machine.has("DefinitionS3Location")
    assert loaded.local_paths["Flow"] == "statemachine/flow.asl.json"
    assert [f.logical_id for f in loaded.graph.consumers(machine)] == ["Worker"]


def test_a_function_naming_no_code_is_packaged_from_its_folder_as_the_sam_cli_does(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n"
                                     "    Type: AWS::Serverless::Function\n"
                                     "    Properties: {Runtime: python3.12, Handler: app.handler}\n")
    loaded = load_file(str(tmp_path / "t.yaml"))
    assert isinstance(loaded, Loaded) and loaded.graph is not None and not loaded.problems
    assert loaded.local_paths == {"Fn": "."}


def test_the_alarm_index_finds_exactly_what_checking_every_alarm_finds() -> None:
    # the index only narrows which metrics ``covers`` is asked about; over every fixture that
    # has alarms (literal names, "fn:alias" values, ARNs, refs to aliases, unknown names,
    # metric math) it must give what asking about every metric of the wanted name gives
    from slens.model.alarms import ALARM, WATCHED, _metrics_by_name, alarms_for_metric, covers

    root = Path(__file__).resolve().parent.parent
    templates = [p for p in sorted((root / "src" / "slens" / "rules").rglob("*.yaml"))
                 if "AWS::CloudWatch::Alarm" in p.read_text(encoding="utf-8")]
    assert len(templates) > 20
    names = ("Errors", "Throttles", "Duration", "ApproximateAgeOfOldestMessage", "5XXError", "5xx",
             "ExecutionsFailed", "ExecutionsTimedOut", "IteratorAge", "ApproximateNumberOfMessagesVisible")
    checked = 0
    for path in templates:
        loaded = load_file(str(path))
        assert isinstance(loaded, Loaded) and loaded.graph is not None, path
        g = loaded.graph
        if not g.of_type(ALARM):
            continue
        by_name = _metrics_by_name(g)
        for resource in [r for r in g.resources.values() if r.type in WATCHED]:
            for name in names:
                expected: dict[str, object] = {}
                for _, metric in sorted((m for key in (name.lower(), None) for m in by_name.get(key, ())),
                                        key=lambda pair: pair[0]):
                    if covers(g, metric, resource):
                        expected.setdefault(metric.alarm.logical_id, metric.alarm)
                assert alarms_for_metric(g, resource, name) == list(expected.values()), (path, resource, name)
                checked += bool(expected)
    assert checked > 20


def test_memo_builds_once_per_builder(graph: Graph) -> None:
    calls: list[int] = []

    def count_resources(g: Graph) -> int:
        calls.append(1)
        return len(g.resources)

    assert graph.memo(count_resources) == graph.memo(count_resources) == len(graph.resources)
    assert calls == [1]


def _resource(logical_id: str, type_: str, **properties: object) -> Resource:
    span = SourceSpan("t.yaml", 1, 1)
    return Resource(logical_id, type_, properties, span, Origin(logical_id, type_, span))  # type: ignore[arg-type]


def test_bucket_arns_name_the_bucket_by_reference_or_name_and_never_by_a_longer_id() -> None:
    bucket = _resource("Media", "AWS::S3::Bucket", BucketName=Unknown("parameter MediaName"))
    assert bucket_part(Ref("Media", "Arn"), bucket) == ""
    assert bucket_part(Composite((Ref("Media", "Arn"), "/in/*")), bucket) == "in/*"
    assert bucket_part(Composite((Ref("MediaLogs", "Arn"), "/*")), bucket) is None
    # the same template parameter names the same bucket; other unknowns do not
    assert bucket_part(Composite(("arn:aws:s3:::", Unknown("parameter MediaName"), "/*")), bucket) == "*"
    other = _resource("Other", "AWS::S3::Bucket", BucketName=Unknown("bucket name"))
    assert bucket_part(Composite(("arn:aws:s3:::", Unknown("bucket name"), "/*")), other) is None


def test_public_access_openings_default_to_blocked_and_unknowns_are_not_judged() -> None:
    assert public_access_openings(_resource("B", "AWS::S3::Bucket")) == []
    partial = _resource("B", "AWS::S3::Bucket", PublicAccessBlockConfiguration={"BlockPublicAcls": True})
    assert public_access_openings(partial) == ["BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"]
    unknown = _resource("B", "AWS::S3::Bucket", PublicAccessBlockConfiguration=Unknown("parameter Block"))
    assert public_access_openings(unknown) is None

"""The failure-path model: who sends failures where, in every form a template writes it."""

from __future__ import annotations

from pathlib import Path

from slens.engine import run_rules
from slens.loaders import Loaded, load_file
from slens.model import Composite, Graph, Ref, Unknown
from slens.model.asl import parse_definition
from slens.model.failures import (
    FailureKind,
    allows_redrive,
    failure_destinations,
    failure_only_states,
    failure_paths,
    failure_sources,
    has_failure_destination,
    is_dead_letter_target,
    redrive_policy,
)
from slens.model.flows import event_edges
from slens.model.values import json_document
from slens.report import json_report
from slens.rules import load_catalogue


def _graph(tmp_path: Path, text: str, name: str = "template.yaml") -> Graph:
    path = tmp_path / name
    path.write_text(text)
    loaded = load_file(str(path))
    assert isinstance(loaded, Loaded) and loaded.graph is not None, loaded
    return loaded.graph


def _paths(graph: Graph) -> set[tuple[str, str, str]]:
    return {(p.source.logical_id, p.destination.logical_id, p.kind.value) for p in failure_paths(graph)}


def test_json_document_reads_data_text_and_composites() -> None:
    assert json_document({"a": 1}) == {"a": 1}
    assert json_document('{"a": [1, "b"]}') == {"a": [1, "b"]}
    assert json_document("not json") is None
    assert json_document(Unknown("x")) == Unknown("x")
    sub = Composite(('{"deadLetterTargetArn": "', Ref("DLQ", "Arn"), '", "maxReceiveCount": ', Ref("Count"),
                     ', "name": "arn:', Unknown("AWS::Region"), ':q"}'))
    assert json_document(sub) == {"deadLetterTargetArn": Ref("DLQ", "Arn"), "maxReceiveCount": Ref("Count"),
                                  "name": Composite(("arn:", Unknown("AWS::Region"), ":q"))}


REDRIVE_FORMS = """
Resources:
  AsMapping:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: {deadLetterTargetArn: !GetAtt DLQ1.Arn, maxReceiveCount: 3}
  AsText:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: '{"deadLetterTargetArn": "arn:aws:sqs:eu-west-1:123456789012:dlq-two", "maxReceiveCount": 4}'
  AsSub:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: !Sub '{"deadLetterTargetArn": "${DLQ3.Arn}", "maxReceiveCount": 5}'
  AsJoin:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy: !Join ['', ['{"deadLetterTargetArn": "', !GetAtt DLQ4.Arn, '", "maxReceiveCount": 6}']]
  DLQ1: {Type: AWS::SQS::Queue}
  DLQ2: {Type: AWS::SQS::Queue, Properties: {QueueName: dlq-two}}
  DLQ3: {Type: AWS::SQS::Queue}
  DLQ4: {Type: AWS::SQS::Queue, Properties: {RedriveAllowPolicy: '{"redrivePermission": "denyAll"}'}}
  Shared: {Type: AWS::SQS::Queue, Properties: {RedriveAllowPolicy: {redrivePermission: allowAll}}}
  Plain: {Type: AWS::SQS::Queue}
"""


def test_sqs_redrive_in_every_written_form(tmp_path: Path) -> None:
    graph = _graph(tmp_path, REDRIVE_FORMS)
    assert _paths(graph) == {(f"As{form}", f"DLQ{n}", "sqs-redrive")
                             for n, form in enumerate(("Mapping", "Text", "Sub", "Join"), 1)}
    counts = [redrive_policy(graph.resources[f"As{f}"]).get("maxReceiveCount") for f in ("Mapping", "Text", "Sub",
                                                                                         "Join")]
    assert counts == [3, 4, 5, 6]
    assert [p.source.logical_id for p in failure_sources(graph, graph.resources["DLQ3"])] == ["AsSub"]
    assert [p.destination.logical_id for p in failure_destinations(graph, graph.resources["AsJoin"])] == ["DLQ4"]
    resources = graph.resources
    assert all(is_dead_letter_target(graph, resources[f"DLQ{n}"]) for n in range(1, 5))
    assert is_dead_letter_target(graph, resources["Shared"]) and allows_redrive(resources["Shared"])
    assert not allows_redrive(resources["DLQ4"])  # denyAll, yet a DLQ by the path into it
    assert not is_dead_letter_target(graph, resources["Plain"])
    assert not is_dead_letter_target(graph, resources["AsMapping"])


def test_terraform_redrive_forms(tmp_path: Path) -> None:
    graph = _graph(tmp_path, """
resource "aws_sqs_queue" "a" {
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.a_dlq.arn, maxReceiveCount = 3 })
}
resource "aws_sqs_queue" "a_dlq" {}
resource "aws_sqs_queue" "b" {
  redrive_policy = "{\\"deadLetterTargetArn\\": \\"${aws_sqs_queue.b_dlq.arn}\\", \\"maxReceiveCount\\": 4}"
}
resource "aws_sqs_queue" "b_dlq" {}
""", "main.tf")
    assert _paths(graph) == {("aws_sqs_queue.a", "aws_sqs_queue.a_dlq", "sqs-redrive"),
                             ("aws_sqs_queue.b", "aws_sqs_queue.b_dlq", "sqs-redrive")}
    assert redrive_policy(graph.resources["aws_sqs_queue.b"]).get("maxReceiveCount") == 4


def test_every_kind_of_failure_path(tmp_path: Path) -> None:
    graph = _graph(tmp_path, """
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/fn
      Code: {ZipFile: x}
      Handler: index.handler
      Runtime: python3.12
      DeadLetterConfig: {TargetArn: !GetAtt FnDLQ.Arn}
  FnConfig:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Fn
      Qualifier: $LATEST
      DestinationConfig: {OnFailure: {Destination: !Ref FailureTopic}}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Stream.Arn
      DestinationConfig: {OnFailure: {Destination: !GetAtt StreamDLQ.Arn}}
  Stream: {Type: AWS::Kinesis::Stream, Properties: {ShardCount: 1}}
  Topic: {Type: AWS::SNS::Topic}
  Subscription:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic
      Protocol: sqs
      Endpoint: !GetAtt Work.Arn
      RedrivePolicy: !Sub '{"deadLetterTargetArn": "${SubDLQ.Arn}"}'
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 hour)
      Targets: [{Id: fn, Arn: !GetAtt Fn.Arn, DeadLetterConfig: {Arn: !GetAtt RuleDLQ.Arn}}]
  Pipe:
    Type: AWS::Pipes::Pipe
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/pipe
      Source: !GetAtt Stream.Arn
      SourceParameters:
        KinesisStreamParameters: {StartingPosition: LATEST, DeadLetterConfig: {Arn: !GetAtt PipeDLQ.Arn}}
      Target: !GetAtt Work.Arn
  Work: {Type: AWS::SQS::Queue}
  FnDLQ: {Type: AWS::SQS::Queue}
  FailureTopic: {Type: AWS::SNS::Topic}
  StreamDLQ: {Type: AWS::SQS::Queue}
  SubDLQ: {Type: AWS::SQS::Queue}
  RuleDLQ: {Type: AWS::SQS::Queue}
  PipeDLQ: {Type: AWS::SQS::Queue}
""")
    assert _paths(graph) == {
        ("Fn", "FnDLQ", "lambda-dlq"), ("Fn", "FailureTopic", "lambda-on-failure-destination"),
        ("Mapping", "StreamDLQ", "event-source-mapping-on-failure"),
        ("Subscription", "SubDLQ", "sns-subscription-redrive"), ("Rule", "RuleDLQ", "eventbridge-target-dlq"),
        ("Pipe", "PipeDLQ", "pipe-dlq")}
    on_failure = [p for p in failure_destinations(graph, graph.resources["Fn"])
                  if p.kind is FailureKind.LAMBDA_ON_FAILURE]
    assert on_failure[0].via is graph.resources["FnConfig"]
    assert has_failure_destination(graph, graph.resources["Fn"])
    assert not is_dead_letter_target(graph, graph.resources["Work"])


CATCH = """
Resources:
  Failed: {Type: AWS::SQS::Queue, Properties: {QueueName: failed}}
  Parked: {Type: AWS::SQS::Queue}
  ByName: {Type: AWS::SQS::Queue, Properties: {QueueName: by-name}}
  Work: {Type: AWS::SQS::Queue}
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/m
      DefinitionSubstitutions: {ParkedUrl: !Ref Parked}
      DefinitionString: !Sub |
        {"StartAt": "Work",
         "States": {
           "Work": {"Type": "Task", "Resource": "arn:${AWS::Partition}:states:::sqs:sendMessage",
                    "Parameters": {"QueueUrl": "${Work}", "MessageBody.$": "$"},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Log"}], "Next": "Fan"},
           "Log": {"Type": "Pass", "Next": "Choose"},
           "Choose": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "ToFailed"}],
                      "Default": "Park"},
           "ToFailed": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                        "Parameters": {"QueueUrl": "${Failed}", "MessageBody.$": "$"}, "End": true},
           "Park": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "${!ParkedUrl}", "MessageBody.$": "$"}, "End": true},
           "Fan": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "Inner", "States": {
             "Inner": {"Type": "Pass", "Next": "Boom",
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Spill"}]},
             "Boom": {"Type": "Succeed"},
             "Spill": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                       "Parameters": {"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/by-name",
                                      "MessageBody": "x"}, "End": true}}}]}
         }}
"""


def test_step_functions_catch_paths(tmp_path: Path) -> None:
    graph = _graph(tmp_path, CATCH)
    machine = graph.resources["Machine"]
    definition = parse_definition(machine)
    assert definition is not None
    assert sorted(s.label for s in failure_only_states(definition)) == ["Choose", "Fan/branch 1/Spill", "Log",
                                                                         "Park", "ToFailed"]
    paths = failure_destinations(graph, machine)
    assert {(p.destination.logical_id, p.kind, p.state) for p in paths} == {
        ("Failed", FailureKind.STEPFUNCTIONS_CATCH, "ToFailed"),
        ("Parked", FailureKind.STEPFUNCTIONS_CATCH, "Park"),
        ("ByName", FailureKind.STEPFUNCTIONS_CATCH, "Fan/branch 1/Spill")}
    assert not is_dead_letter_target(graph, graph.resources["Work"])  # the normal path sends work to it
    drawn = {(s.logical_id, r, t.logical_id) for s, r, t in event_edges(graph) if r == "sends-failures-to"}
    assert drawn == {("Machine", "sends-failures-to", q) for q in ("Failed", "Parked", "ByName")}


IDENTICAL = """
Transform: AWS::Serverless-2016-10-31
Resources:
  Alerts: {Type: AWS::SNS::Topic}
  Notify:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      InlineCode: "def handler(e, c): return e"
      Events:
        A: {Type: SNS, Properties: {Topic: !Ref Alerts}}
"""


def test_related_rules_report_one_problem_once(tmp_path: Path) -> None:
    graph = _graph(tmp_path, IDENTICAL)
    catalogue = load_catalogue()
    rules = [catalogue.get("LAM006"), catalogue.get("LAM304")]
    findings, errors = run_rules([r for r in rules if r is not None], graph, "template.yaml")
    assert not errors
    assert [f.rule.id for f in findings if f.resource == "Notify"] == ["LAM006"]
    document = json_report.finding_dict(findings[0])
    assert document["related"] == ["LAM304"] and "count" not in document


def test_catch_paths_when_the_start_is_a_loop_target(tmp_path: Path) -> None:
    graph = _graph(tmp_path, """
Resources:
  Work: {Type: AWS::SQS::Queue}
  Failed: {Type: AWS::SQS::Queue}
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/m
      Definition:
        StartAt: Send
        States:
          Send:
            Type: Task
            Resource: arn:aws:states:::sqs:sendMessage
            Parameters: {QueueUrl: !Ref Work, MessageBody: x}
            Catch: [{ErrorEquals: [States.ALL], Next: Park}]
            Next: Again
          Again: {Type: Choice, Choices: [{Variable: $.more, BooleanEquals: true, Next: Send}], Default: Done}
          Done: {Type: Succeed}
          Park:
            Type: Task
            Resource: arn:aws:states:::sqs:sendMessage
            Parameters: {QueueUrl: !Ref Failed, MessageBody: x}
            End: true
          Map:
            Type: Map
            End: true
            ItemProcessor:
              StartAt: Inner
              States:
                Inner: {Type: Pass, Next: Back}
                Back: {Type: Pass, Next: Inner}
""")
    definition = parse_definition(graph.resources["Machine"])
    assert definition is not None
    assert [s.label for s in failure_only_states(definition)] == ["Park"]
    assert [p.destination.logical_id for p in failure_paths(graph)] == ["Failed"]

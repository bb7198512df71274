"""The service-roles view: which property hands a template role to which service, and whether the role
trusts that service (``slens.model.service_roles``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from slens.loaders import Loaded, load_file
from slens.model import Graph
from slens.model.service_roles import handoffs_of, trusts_service

TEMPLATE = """
Parameters:
  Service: {Type: String}
Conditions:
  Prod: !Equals [!Ref Service, prod]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: appsync.amazonaws.com}, Action: sts:AssumeRole}
          - {Effect: Allow, Principal: {Service: states.eu-west-1.amazonaws.com}, Action: "sts:*"}
          - {Effect: Allow, Principal: {Service: apigateway.amazonaws.com.cn}, Action: "*"}
          - {Effect: Allow, Principal: {Service: events.amazonaws.com}, Action: sts:AssumeRoleWithWebIdentity}
          - {Effect: Allow, Principal: {Service: pipes.amazonaws.com}, NotAction: iam:PassRole}
          - {Effect: Allow, Principal: {AWS: arn:aws:iam::123456789012:root}, Action: sts:AssumeRole}
  Conditional:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - !If [Prod, {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole},
                 !Ref AWS::NoValue]
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: {Name: api, ProtocolType: HTTP}
  Integration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref Api
      IntegrationType: AWS_PROXY
      IntegrationSubtype: SQS-SendMessage
      CredentialsArn: !GetAtt Role.Arn
  Account:
    Type: AWS::ApiGateway::Account
    Properties: {CloudWatchRoleArn: !GetAtt Role.Arn}
  Source:
    Type: AWS::AppSync::DataSource
    Properties: {ApiId: x, Name: s, Type: NONE, ServiceRoleArn: !GetAtt Role.Arn}
  Rule:
    Type: AWS::Events::Rule
    Properties:
      Targets:
        - {Id: a, Arn: arn:aws:sqs:eu-west-1:123456789012:q}
        - Id: b
          Arn: arn:aws:sqs:eu-west-1:123456789012:q
          RoleArn: !Sub "arn:aws:iam::${AWS::AccountId}:role/${Role}"
  Pipe:
    Type: AWS::Pipes::Pipe
    Properties: {RoleArn: !GetAtt Role.Arn, Source: s, Target: t}
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Conditional.Arn
      Code: {ZipFile: "x"}
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    path: Path = tmp_path_factory.mktemp("roles") / "template.yaml"
    path.write_text(TEMPLATE)
    loaded = load_file(str(path), explicit=True)
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    return loaded.graph


def test_every_handing_property_is_followed_to_the_template_role(graph: Graph) -> None:
    role = graph.resources["Role"]
    found = {(h.holder.logical_id, h.path, h.service) for h in handoffs_of(graph, role)}
    assert found == {
        ("Integration", ("CredentialsArn",), "apigateway"),
        ("Account", ("CloudWatchRoleArn",), "apigateway"),
        ("Source", ("ServiceRoleArn",), "appsync"),
        ("Rule", ("Targets", 1, "RoleArn"), "events"),
        ("Pipe", ("RoleArn",), "pipes"),
    }
    assert [h.service for h in handoffs_of(graph, graph.resources["Conditional"])] == ["lambda"]


@pytest.mark.parametrize(("service", "expected"), [
    ("appsync", True),  # global principal
    ("states", True),  # regional principal, sts:*
    ("apigateway", True),  # China partition, Action *
    ("events", False),  # named, but not for sts:AssumeRole
    ("pipes", None),  # NotAction: not judged
    ("scheduler", False),  # not named at all
])
def test_trust_is_read_per_service(graph: Graph, service: str, expected: bool | None) -> None:
    assert trusts_service(graph.resources["Role"], service) is expected


def test_a_statement_behind_a_condition_is_not_judged(graph: Graph) -> None:
    assert trusts_service(graph.resources["Conditional"], "lambda") is None

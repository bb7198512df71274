"""The live inventory (docs/inventory.md) mapped into the resource graph: the same rules find the same
problems on deployed resources as on their template twins, references become edges, malformed items
cost only themselves, and every resource carries its ARN, account, region and stack."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from slens.engine import run_rules
from slens.kinds import ErrorKind, NoticeKind
from slens.loaders import load_file
from slens.loaders.aws.mapping import map_inventory, map_partition
from slens.model import Graph, Ref, Relation

DATA = Path(__file__).resolve().parent / "data" / "live"

#: rules about how a template is written, which no deployed resource can break or keep: a physical
#: name or account id is always literal once deployed, and parameters do not exist live
TEMPLATE_ONLY = frozenset({"hard-coded-physical-name", "hard-coded-account-id", "secret-parameter-exposed"})
#: live resources a stack made but whose physical id the API does not report (a method's id is
#: made up by CloudFormation): named here by what they are
UNMATCHED = {"OrdersApiOrdersGETMethod": "OrdersMethod"}
#: template resources with no live counterpart in the mapping, and why
NOT_MAPPED = {"OrdersDeployment": "a deployment is a snapshot of the API, not read live; its stage is"}


def _partition(name: str) -> dict[str, Any]:
    document = json.loads((DATA / name).read_text())
    partition: dict[str, Any] = document["partitions"][0]
    return partition


def _findings(catalogue: Any, graph: Graph, file: str) -> list[Any]:
    findings, errors = run_rules(catalogue, graph, file)
    assert not errors, errors
    return [f for f in findings if f.rule.name not in TEMPLATE_ONLY]


def test_template_twin_gets_the_same_findings(catalogue: Any) -> None:
    template = load_file(str(DATA / "twin.yaml"))
    assert template.graph is not None and not template.problems
    live = map_partition(_partition("twin.json"))
    assert live.graph is not None and not live.problems and not live.notes

    def template_id(logical_id: str) -> str:
        assert live.graph is not None
        stack_id = live.graph.resources[logical_id].metadata.get("aws:logicalId")
        return str(stack_id) if stack_id else UNMATCHED[logical_id]

    expected = {(f.rule.name, f.resource) for f in _findings(catalogue, template.graph, template.file)
                if f.resource not in NOT_MAPPED}
    found = {(f.rule.name, template_id(f.resource)) for f in _findings(catalogue, live.graph, live.file)}
    assert found == expected, {"only live": sorted(found - expected), "only template": sorted(expected - found)}
    # the twins' known problems are among them
    for pair in [("function-without-tracing", "OrdersFunction"), ("queue-without-redrive-policy", "JobsQueue"),
                 ("function-without-log-retention", "OrdersLogGroup"),
                 ("function-role-with-wildcard-action", "OrdersRole"),
                 ("api-without-access-logging", "OrdersStage"), ("api-without-default-throttling", "OrdersStage")]:
        assert pair in found, pair


def test_every_template_resource_has_a_live_twin() -> None:
    template = load_file(str(DATA / "twin.yaml"))
    live = map_partition(_partition("twin.json"))
    assert template.graph is not None and live.graph is not None
    twins = {str(r.metadata.get("aws:logicalId") or UNMATCHED.get(r.logical_id)): r.type
             for r in live.graph.resources.values()}
    for logical_id, resource in template.graph.resources.items():
        if logical_id not in NOT_MAPPED:
            assert twins.get(logical_id) == resource.type, logical_id


def test_references_become_edges() -> None:
    live = map_partition(_partition("twin.json"))
    graph = live.graph
    assert graph is not None
    edges = {(e.source.logical_id, e.relation, e.target.logical_id) for e in graph.edges}
    assert ("OrdersHandler", Relation.ASSUMES_ROLE, "OrdersRole") in edges
    assert ("Notices", Relation.TRIGGERS, "OrdersHandler") in edges
    assert ("Jobs", Relation.TRIGGERS, "OrdersHandler") in edges
    assert ("OrdersApi", Relation.TRIGGERS, "OrdersHandler") in edges
    assert ("OrdersHandler", Relation.LOGS_TO, "AwsLambdaOrdersHandler") in edges
    function = graph.resources["OrdersHandler"]
    assert function.prop("Role") == Ref("OrdersRole", "Arn")
    assert function.prop("Environment", "Variables", "TABLE_NAME") == Ref("Orders")


def test_services_inventory_maps_every_type(catalogue: Any) -> None:
    live = map_partition(_partition("services.json"))
    graph = live.graph
    assert graph is not None
    assert not live.problems, live.problems
    types = {r.type for r in graph.resources.values()}
    for expected in ("AWS::Lambda::Function", "AWS::Lambda::Permission", "AWS::Lambda::EventSourceMapping",
                     "AWS::Lambda::EventInvokeConfig", "AWS::Lambda::Url", "AWS::Lambda::Alias", "AWS::SQS::Queue",
                     "AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::Events::EventBus", "AWS::Events::Rule",
                     "AWS::StepFunctions::StateMachine", "AWS::DynamoDB::Table", "AWS::Kinesis::Stream",
                     "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage", "AWS::ApiGatewayV2::Route",
                     "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Authorizer", "AWS::ApiGateway::UsagePlan",
                     "AWS::AppSync::GraphQLApi", "AWS::Logs::LogGroup", "AWS::CloudWatch::Alarm", "AWS::IAM::Role",
                     "AWS::IAM::ManagedPolicy", "AWS::KMS::Key"):
        assert expected in types, expected
    edges = {(e.source.logical_id, e.relation, e.target.logical_id) for e in graph.edges}
    assert ("Payments", Relation.SENDS_FAILURES_TO, "PaymentsDlq") in edges
    assert ("PayFunction", Relation.SENDS_FAILURES_TO, "PaymentsDlq") in edges
    assert ("PaymentsRule", Relation.TRIGGERS, "PayFunction") in edges
    assert ("PayFlow", Relation.TRIGGERS, "PayFunction") in edges
    assert ("HttpApi", Relation.TRIGGERS, "PayFunction") in edges
    assert ("PayBoundary", Relation.ATTACHED_TO, "PayRole") in edges
    queue = graph.resources["Payments"]
    assert queue.prop("RedrivePolicy") == {"deadLetterTargetArn": Ref("PaymentsDlq", "Arn"), "maxReceiveCount": 5}
    alias = graph.resources["PayFunctionLiveAlias"]
    assert alias.prop("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions") == 2
    alarm = graph.resources["PayErrors"]
    assert alarm.prop("Dimensions", 0, "Value") == Ref("PayFunction")
    findings, errors = run_rules(catalogue, graph, live.file)
    assert not errors, errors
    assert findings and all(f.span.file == "aws://210987654321/us-east-1" for f in findings)
    assert all(f.label for f in findings)


def test_metadata_carries_arn_account_region_and_stack() -> None:
    live = map_partition(_partition("twin.json"))
    assert live.graph is not None
    function = live.graph.resources["OrdersHandler"]
    assert function.metadata == {"aws:account": "123456789012", "aws:region": "eu-west-1", "aws:service": "lambda",
                                 "aws:arn": "arn:aws:lambda:eu-west-1:123456789012:function:orders-handler",
                                 "aws:stack": "twin", "aws:logicalId": "OrdersFunction"}
    assert function.origin.label == function.metadata["aws:arn"]
    assert str(function.span) == "aws://123456789012/eu-west-1" and function.span.line is None
    assert not function.generated
    services = map_partition(_partition("services.json"))
    assert services.graph is not None
    assert "aws:stack" not in services.graph.resources["PayFunction"].metadata


def test_malformed_items_give_problems_and_the_rest_maps() -> None:
    partition = _partition("services.json")
    bad = copy.deepcopy(partition)
    bad["services"]["lambda"]["functions"].append({"Configuration": {"Runtime": "python3.12"}})
    bad["services"]["lambda"]["functions"].append("not a function")
    bad["services"]["sqs"]["queues"].append({"QueueUrl": 42})
    bad["services"]["sns"]["subscriptions"].append({"Protocol": "sqs"})
    bad["services"]["dynamodb"]["tables"][0]["ContinuousBackups"] = "broken"
    bad["services"]["kinesis"] = ["not", "an", "object"]
    bad["services"]["iam"]["roles"][0]["AttachedPolicies"].append({"PolicyName": "no-arn"})
    loaded = map_partition(bad)
    assert loaded.graph is not None
    messages = [p.message for p in loaded.problems]
    assert all(p.kind is ErrorKind.PARSE for p in loaded.problems)
    assert any(m.startswith("lambda: function #2: FunctionName is missing") for m in messages), messages
    assert any(m.startswith("lambda: function #3: not an object") for m in messages), messages
    assert any(m.startswith("sqs: queue #3: QueueUrl") for m in messages), messages
    assert any(m.startswith("sns: subscription #2:") for m in messages), messages
    assert any(m.startswith("dynamodb: ") and "payments-ledger: unexpected shape" in m for m in messages), messages
    assert any(m.startswith("kinesis:") for m in messages), messages
    assert any(m.startswith("iam: pay-role: an attached policy") for m in messages), messages
    good = map_partition(partition)
    assert good.graph is not None
    # only the broken items are missing: the table with a broken backup description is dropped whole
    assert set(good.graph.resources) - set(loaded.graph.resources) <= {"PaymentsLedger", "Clicks"}
    assert "PayFunction" in loaded.graph.resources


def test_what_could_not_be_read_is_an_error_and_what_is_not_served_a_notice() -> None:
    partition = _partition("services.json")
    partition["errors"] = [
        {"service": "lambda", "operation": "ListFunctions", "code": "AccessDeniedException",
         "message": "not authorized", "resource": None},
        {"service": "sqs", "operation": "GetQueueAttributes", "code": "Throttling", "message": "rate exceeded",
         "resource": "https://sqs.us-east-1.amazonaws.com/210987654321/payments"},
        {"service": "lambda", "operation": "ListProvisionedConcurrencyConfigs", "code": "404",
         "message": "Not Found", "resource": "pay"},
        "garbage"]
    loaded = map_partition(partition)
    unread = [p for p in loaded.problems if p.kind is ErrorKind.READ]
    assert len(unread) == 2
    assert "lambda: ListFunctions could not be read (AccessDeniedException: not authorized)" in unread[0].message
    assert "payments" in unread[1].message
    assert [(n.kind, "ListProvisionedConcurrencyConfigs on pay" in n.message) for n in loaded.notes] == [
        (NoticeKind.NOT_READ, True)]
    assert [p.resource for p in loaded.problems if p.kind is not ErrorKind.READ] == ["errors"]


@pytest.mark.parametrize("document", [None, [], {"partitions": "x"}])
def test_not_an_inventory(document: Any) -> None:
    (loaded,) = map_inventory(document)
    assert loaded.graph is None and loaded.problems


def test_logical_ids_are_stable_and_unique() -> None:
    partition = _partition("services.json")
    first = map_partition(partition)
    shuffled = copy.deepcopy(partition)
    for service in shuffled["services"].values():
        for value in service.values():
            if isinstance(value, list):
                value.reverse()
    second = map_partition(shuffled)
    assert first.graph is not None and second.graph is not None
    assert set(first.graph.resources) == set(second.graph.resources)
    def by_origin(graph: Graph) -> dict[str, tuple[str, str | None]]:
        return {r.logical_id: (r.type, r.origin.label) for r in graph.resources.values()}

    assert by_origin(first.graph) == by_origin(second.graph)

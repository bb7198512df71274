"""The live reader against moto's server on 127.0.0.1: shape, read-only calls, faults, least privilege.

One server and one seeded account for the module; faults are injected with botocore ``before-send``
handlers on the test's own session, so nothing but the emulator is ever reached.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

pytest.importorskip("boto3")
pytest.importorskip("moto")

from slens.loaders.aws.calls import CALLS, SERVICES, UndeclaredCall
from slens.loaders.aws.read import AwsReadError, read_inventory
from slens.loaders.aws.snapshot import SnapshotError, read_snapshot, write_snapshot
from tests.live_account import (
    ACCESS_KEY_ID,
    ACCOUNT,
    REGION,
    SECRET_ACCESS_KEY,
    SECRET_VALUE,
    Account,
    moto_account,
)

ROOT = Path(__file__).resolve().parent.parent
#: reads that the API sends as POST (JSON and query protocols, CBOR): checked by name, one by one
POST_READS = frozenset({
    ("sts", "GetCallerIdentity"), ("ec2", "DescribeRegions"),
    ("sqs", "ListQueues"), ("sqs", "GetQueueAttributes"), ("sqs", "ListQueueTags"),
    ("sns", "ListTopics"), ("sns", "GetTopicAttributes"), ("sns", "ListSubscriptions"),
    ("sns", "GetSubscriptionAttributes"),
    ("events", "ListEventBuses"), ("events", "ListRules"), ("events", "ListTargetsByRule"),
    ("stepfunctions", "ListStateMachines"), ("stepfunctions", "DescribeStateMachine"),
    ("dynamodb", "ListTables"), ("dynamodb", "DescribeTable"), ("dynamodb", "DescribeContinuousBackups"),
    ("kinesis", "ListStreams"), ("kinesis", "DescribeStreamSummary"),
    ("logs", "DescribeLogGroups"), ("cloudwatch", "DescribeAlarms"), ("cloudwatch", "GetMetricData"),
    ("iam", "GetRole"), ("iam", "ListRolePolicies"), ("iam", "GetRolePolicy"), ("iam", "ListAttachedRolePolicies"),
    ("iam", "GetPolicy"), ("iam", "GetPolicyVersion"),
    ("kms", "DescribeKey"), ("kms", "GetKeyRotationStatus"),
    ("cloudformation", "DescribeStacks"), ("cloudformation", "ListStackResources"),
    ("organizations", "ListAccounts"), ("sts", "AssumeRole"),
    # AppSync's list is a GET
})
READ_PREFIXES = ("Get", "List", "Describe")
#: not reads by name, and still read-only: sts:AssumeRole is required for cross-account reads
#: (--org-role) and mutates nothing; it returns temporary credentials of a role that already exists
NOT_NAMED_AS_READS = frozenset({("sts", "AssumeRole")})


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def _failure(status: int, code: str, message: str) -> Any:
    from botocore.awsrequest import AWSResponse

    body = json.dumps({"__type": code, "message": message, "Message": message}).encode()
    headers = {"x-amzn-ErrorType": code, "Content-Type": "application/x-amz-json-1.1"}
    return AWSResponse("http://127.0.0.1/", status, headers, _Body(body))


def _session(faults: dict[str, Callable[[int], Any]] | None = None,
             seen: list[tuple[str, str, str]] | None = None) -> Any:
    """A boto3 session whose clients answer ``faults[Operation](attempt)`` instead of sending, when
    that returns a response, and record (service, operation, host) of every call in ``seen``."""
    import boto3

    session = boto3.Session(region_name=REGION)
    counts: dict[str, int] = {}

    def before_send(request: Any, event_name: str, **_: Any) -> Any:
        _, service, operation = event_name.split(".")
        if seen is not None:
            seen.append((service, operation, urlparse(request.url).hostname or ""))
        operation = f"{service}.{operation}"  # the key of ``faults``: lambda.GetPolicy, not iam.GetPolicy
        if faults and operation in faults:
            counts[operation] = counts.get(operation, 0) + 1
            return faults[operation](counts[operation])
        return None

    session.events.register("before-send", before_send)
    return session


@pytest.fixture(scope="module")
def account() -> Iterator[Account]:
    with moto_account() as seeded:
        yield seeded


@pytest.fixture(scope="module")
def baseline(account: Account) -> dict[str, Any]:
    calls: list[tuple[str, str]] = []
    hosts: list[tuple[str, str, str]] = []
    session = _session(seen=hosts)
    session.events.register("before-call", lambda model, **_: calls.append(
        (model.service_model.service_name, model.name)))
    steps: list[tuple[int, int]] = []
    inventory = read_inventory(jobs=4, session=session, progress=lambda d, t: steps.append((d, t)))
    return {"inventory": inventory, "calls": calls, "hosts": hosts, "steps": steps}


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's backoff, without the waiting: the attempts are what the tests count."""
    from botocore.retries import standard

    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda self, context: 0.001)


def _partition(inventory: dict[str, Any], region: str = REGION) -> dict[str, Any]:
    return next(p for p in inventory["partitions"] if p["region"] == region)


# --- read-only by construction ------------------------------------------------------------------

def test_generated_policy_is_up_to_date() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_iam_policy.py"), "--check"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    policy = json.loads((ROOT / "docs" / "iam-policy.json").read_text())
    actions = [a for s in policy["Statement"] for a in s["Action"]]
    assert "states:DescribeStateMachine" in actions and "cloudwatch:DescribeAlarms" in actions
    assert "apigateway:GET" in actions
    assert not [a for a in actions if a.startswith("apigateway:") and a != "apigateway:GET"]
    assert all(a.split(":")[1].startswith(READ_PREFIXES) for a in actions
               if not a.startswith("apigateway:") and tuple(a.split(":")) not in NOT_NAMED_AS_READS)


def test_every_declared_call_is_a_read() -> None:
    import botocore.session

    models = botocore.session.get_session()
    problems = []
    for service, operation in sorted(CALLS):
        method = models.get_service_model(service).operation_model(operation).http.get("method")
        if not operation.startswith(READ_PREFIXES) and (service, operation) not in NOT_NAMED_AS_READS:
            problems.append(f"{service}:{operation} is not named as a read")
        if method != "GET" and (service, operation) not in POST_READS:
            problems.append(f"{service}:{operation} is {method} and not a known POST read")
    assert not problems, problems


def test_the_guard_refuses_an_undeclared_call_before_sending(account: Account) -> None:
    from slens.loaders.aws.context import Clients
    from slens.loaders.aws.read import _config

    sent: list[str] = []
    session = _session()
    session.events.register("before-send", lambda **kw: sent.append(kw["event_name"]))
    client = Clients(session, _config()).get("lambda", REGION)
    with pytest.raises(UndeclaredCall, match="lambda:DeleteFunction"):
        client.delete_function(FunctionName="good-fn")
    assert not sent


def test_importing_the_reader_does_not_import_the_sdk() -> None:
    code = ("import sys, slens.loaders.aws.read, slens.loaders.aws.snapshot, slens.loaders.aws.policy; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"


def test_every_call_of_a_full_read_is_declared_and_on_loopback(baseline: dict[str, Any]) -> None:
    assert baseline["calls"] and set(baseline["calls"]) <= CALLS
    assert {host for _s, _o, host in baseline["hosts"]} == {"127.0.0.1"}
    done, total = baseline["steps"][-1]
    assert done == total == len(SERVICES)  # 13 regional services, IAM once, KMS for the one region


# --- the inventory ------------------------------------------------------------------------------

def test_the_inventory_has_the_seeded_account_in_the_documented_shape(account: Account,
                                                                    baseline: dict[str, Any]) -> None:
    inventory = baseline["inventory"]
    json.dumps(inventory)  # no default=: every value is JSON already
    assert inventory["slens_inventory"] == 1 and inventory["read_at"].endswith("Z")
    part = _partition(inventory)
    assert part["account"] == ACCOUNT and list(part["services"]) == list(SERVICES)
    services = part["services"]
    functions = {f["Configuration"]["FunctionName"]: f for f in services["lambda"]["functions"]}
    good, bad = functions["good-fn"], functions["bad-fn"]
    assert good["Configuration"]["TracingConfig"]["Mode"] == "Active"
    # moto 5.2 drops DeadLetterConfig (create and update alike): when it serves one, it is kept as served
    assert good["Configuration"].get("DeadLetterConfig", {}).get("TargetArn", account.seeded["dlq_arn"]) == \
        account.seeded["dlq_arn"]
    assert "DeadLetterConfig" not in bad["Configuration"] and bad["Configuration"]["Runtime"] == "python3.8"
    assert good["Policy"]["Statement"][0]["Principal"] == {"Service": "sns.amazonaws.com"} and bad["Policy"] is None
    assert good["Tags"] == {"team": "shop"} and good["Aliases"] == [] and good["UrlConfig"] is None
    assert good["Configuration"]["Environment"]["Variables"]["API_KEY"] == SECRET_VALUE  # in memory only
    assert services["lambda"]["event_source_mappings"][0]["FunctionArn"] == account.seeded["functions"]["good-fn"]
    queues = {q["QueueUrl"].rsplit("/", 1)[-1]: q for q in services["sqs"]["queues"]}
    assert "RedrivePolicy" in queues["orders"]["Attributes"] and "RedrivePolicy" not in queues["loose"]["Attributes"]
    assert queues["orders"]["Tags"] == {"team": "shop"}
    [subscription] = services["sns"]["subscriptions"]
    assert subscription["Protocol"] == "lambda" and subscription["Attributes"]["TopicArn"] == account.seeded["topic"]
    assert {t["TopicArn"] for t in services["sns"]["topics"]} >= {account.seeded["topic"]}
    [rule] = services["events"]["rules"]
    assert rule["Name"] == "nightly" and rule["Targets"][0]["Arn"] == account.seeded["functions"]["bad-fn"]
    [api] = services["apigateway"]["rest_apis"]
    assert [s["stageName"] for s in api["Stages"]] == ["prod"]
    [items] = [r for r in api["Resources"] if r.get("path") == "/items"]
    assert items["resourceMethods"]["GET"]["methodIntegration"]["type"] == "AWS_PROXY"
    assert [t["TableName"] for t in services["dynamodb"]["tables"]] == ["orders-table"]
    assert "PointInTimeRecoveryDescription" in services["dynamodb"]["tables"][0]["ContinuousBackups"]
    [machine] = services["stepfunctions"]["state_machines"]
    assert isinstance(machine["definition"], str) and machine["roleArn"].endswith("role/checkout-role")
    groups = {g["logGroupName"]: g for g in services["logs"]["log_groups"]}
    assert groups["/aws/lambda/good-fn"]["retentionInDays"] == 14
    assert "retentionInDays" not in groups["/aws/lambda/bad-fn"]
    assert [a["AlarmName"] for a in services["cloudwatch"]["alarms"]] == ["good-fn-errors"]
    # only the roles something names: unused-role is in the account and not in the inventory
    roles = {r["RoleName"]: r for r in services["iam"]["roles"]}
    assert set(roles) == {"good-fn-role", "bad-fn-role", "checkout-role"}
    assert roles["good-fn-role"]["InlinePolicies"]["queue-send"]["Statement"][0]["Action"] == "sqs:SendMessage"
    [attached] = roles["good-fn-role"]["AttachedPolicies"]
    assert attached["Document"]["Statement"][0]["Action"] == "dynamodb:GetItem"
    assert roles["bad-fn-role"]["AssumeRolePolicyDocument"]["Statement"][0]["Action"] == "sts:AssumeRole"
    assert "RoleLastUsed" in roles["bad-fn-role"]
    [stack] = services["cloudformation"]["stacks"]
    assert {r["LogicalResourceId"] for r in stack["Resources"]} == {"StackQueue", "StackTopic"}
    # what moto does not serve is said once, not per function
    assert [(e["operation"], e["resource"]) for e in part["errors"]] == [("ListProvisionedConcurrencyConfigs", None)]


def test_a_services_subset_reads_only_those(account: Account) -> None:
    inventory = read_inventory(services={"sqs", "iam"}, session=_session())
    part = _partition(inventory)
    assert list(part["services"]) == ["sqs", "iam"] and part["services"]["iam"] == {"roles": []}
    with pytest.raises(AwsReadError, match="unknown service"):
        read_inventory(services={"s3"}, session=_session())


# --- faults -------------------------------------------------------------------------------------

def test_throttling_is_retried_and_the_read_completes(account: Account, fast_retries: None,
                                                      baseline: dict[str, Any]) -> None:
    throttled = {"cloudwatch-logs.DescribeLogGroups":
                 lambda n: _failure(400, "ThrottlingException", "Rate exceeded") if n <= 2 else None}
    inventory = read_inventory(session=_session(throttled))
    part = _partition(inventory)
    assert len(part["services"]["logs"]["log_groups"]) == 2
    assert part["errors"] == _partition(baseline["inventory"])["errors"]


def test_a_persistent_5xx_is_recorded_and_the_other_services_complete(account: Account, fast_retries: None,
                                                                      baseline: dict[str, Any]) -> None:
    attempts: list[int] = []

    def broken(n: int) -> Any:
        attempts.append(n)
        return _failure(500, "InternalServerError", "boom")

    part = _partition(read_inventory(session=_session({"dynamodb.ListTables": broken})))
    assert len(attempts) == 9  # botocore's max_attempts counts the retries: the first call and 8 more
    [error] = [e for e in part["errors"] if e["service"] == "dynamodb"]
    assert error == {"service": "dynamodb", "operation": "ListTables", "code": "InternalServerError",
                     "message": "boom", "resource": None}
    assert part["services"]["dynamodb"] == {"tables": []}
    expected = _partition(baseline["inventory"])["services"]
    assert {s: v for s, v in part["services"].items() if s != "dynamodb"} == {
        s: v for s, v in expected.items() if s != "dynamodb"}


def test_access_denied_is_recorded_with_its_code_and_everything_else_kept(account: Account,
                                                                          baseline: dict[str, Any]) -> None:
    denied = {"lambda.GetPolicy": lambda n: _failure(
        403, "AccessDeniedException",
        f"User with key {ACCESS_KEY_ID} (secret {SECRET_ACCESS_KEY}) is not authorized to perform lambda:GetPolicy")}
    part = _partition(read_inventory(session=_session(denied)))
    errors = [e for e in part["errors"] if e["operation"] == "GetPolicy"]
    assert {e["resource"] for e in errors} == set(account.seeded["functions"].values())
    assert {e["code"] for e in errors} == {"AccessDeniedException"}
    text = json.dumps(part["errors"])
    assert ACCESS_KEY_ID not in text and SECRET_ACCESS_KEY not in text and "not authorized" in text
    functions = {f["Configuration"]["FunctionName"]: f for f in part["services"]["lambda"]["functions"]}
    assert functions["good-fn"]["Policy"] is None  # unknown, and said so in errors
    assert functions["good-fn"]["Configuration"]["TracingConfig"]["Mode"] == "Active"
    expected = _partition(baseline["inventory"])["services"]
    assert {s: v for s, v in part["services"].items() if s != "lambda"} == {
        s: v for s, v in expected.items() if s != "lambda"}


def test_an_unknown_and_a_disabled_region_are_reported_and_the_others_read(account: Account) -> None:
    from botocore.awsrequest import AWSResponse

    def disabled(request: Any, **_: Any) -> Any:
        # an opt-in region that is not enabled rejects the credentials
        if "/ap-east-1/" in request.headers.get("Authorization", b"").decode():
            body = b"<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>The security token included " \
                   b"in the request is invalid</Message></Error></ErrorResponse>"
            return AWSResponse(request.url, 403, {}, _Body(body))
        return None

    session = _session()
    session.events.register("before-send", disabled)
    inventory = read_inventory(regions=[REGION, "xx-nowhere-1", "ap-east-1"], services={"sqs"}, session=session)
    parts = {p["region"]: p for p in inventory["partitions"]}
    assert list(parts) == [REGION, "xx-nowhere-1", "ap-east-1"]
    assert len(parts[REGION]["services"]["sqs"]["queues"]) == 4 and not parts[REGION]["errors"]
    for region, code in (("xx-nowhere-1", "UnknownRegion"), ("ap-east-1", "InvalidClientTokenId")):
        [error] = parts[region]["errors"]
        assert error["code"] == code and error["resource"] == region and error["service"] is None
        assert parts[region]["services"] == {}


# --- snapshots ----------------------------------------------------------------------------------

def test_a_snapshot_has_no_secret_and_reads_back(baseline: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "snap.json"
    write_snapshot(path, baseline["inventory"])
    text = path.read_text()
    assert SECRET_VALUE not in text and SECRET_ACCESS_KEY not in text and ACCESS_KEY_ID not in text
    again = read_snapshot(path)
    good = next(f for f in _partition(again)["services"]["lambda"]["functions"]
                if f["Configuration"]["FunctionName"] == "good-fn")
    assert good["Configuration"]["Environment"]["Variables"] == {
        "API_KEY": f"<redacted: {len(SECRET_VALUE)} characters>", "STAGE": "<redacted: 4 characters>"}
    assert again["partitions"][0]["services"]["sqs"] == baseline["inventory"]["partitions"][0]["services"]["sqs"]


@pytest.mark.parametrize("content, said", [
    ("{not json", "not a JSON snapshot"),
    ('{"partitions": []}', "not an slens snapshot"),
    ('{"slens_inventory": 2, "partitions": []}', "version 2"),
    ('{"slens_inventory": 1, "partitions": [{"services": []}]}', "partitions"),
    ("x" * 200, "larger than 100 bytes"),
])
def test_a_bad_snapshot_is_refused_naming_the_file(tmp_path: Path, content: str, said: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(SnapshotError, match=said) as caught:
        read_snapshot(path, max_bytes=100)
    assert str(path) in str(caught.value)


# --- least privilege ----------------------------------------------------------------------------

def test_the_generated_policy_is_enough_under_moto_iam_enforcement(account: Account) -> None:
    """docs/iam-policy.json, enforced by moto. Gaps of moto 5.2's enforcement: in server mode it
    rejects the SigV4 signature of every REST-JSON request (Lambda, API Gateway, AppSync) whatever
    the policy (checked below, so this test says when that closes), and it would check API Gateway
    as ``apigateway:GetRestApis`` rather than the real ``apigateway:GET`` on a path; those services
    are left out. It also names actions by the signing name, ``monitoring:DescribeAlarms`` where IAM
    says ``cloudwatch:DescribeAlarms``: the emulator's spelling is added beside the real one."""
    import boto3
    import requests

    document = json.loads((ROOT / "docs" / "iam-policy.json").read_text())
    document["Statement"].append({"Sid": "MotoSpellsCloudWatchAsMonitoring", "Effect": "Allow", "Resource": "*",
                                  "Action": [a.replace("cloudwatch:", "monitoring:")
                                             for a in document["Statement"][0]["Action"]
                                             if a.startswith("cloudwatch:")]})
    policy = json.dumps(document)
    iam = boto3.Session(region_name=REGION).client("iam")
    iam.create_user(UserName="slens-reader")
    iam.put_user_policy(UserName="slens-reader", PolicyName="slens", PolicyDocument=policy)
    key = iam.create_access_key(UserName="slens-reader")["AccessKey"]
    reader = boto3.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                           region_name=REGION)
    rest_json = {"lambda", "apigateway", "apigatewayv2", "appsync"}
    requests.post(f"{account.endpoint}/moto-api/reset-auth", data=b"0", timeout=10).raise_for_status()
    try:
        # enforcement is on: credentials of no IAM user are refused
        with pytest.raises(Exception, match=r"InvalidClientTokenId|security token"):
            iam.create_user(UserName="nobody")
        part = _partition(read_inventory(session=reader, services=set(SERVICES) - rest_json))
        gap = _partition(read_inventory(session=reader, services={"lambda"}))
    finally:
        requests.post(f"{account.endpoint}/moto-api/reset-auth", data=b"inf", timeout=10).raise_for_status()
    assert not part["errors"], part["errors"]
    services = part["services"]
    assert len(services["sqs"]["queues"]) == 4 and len(services["cloudformation"]["stacks"]) == 1
    assert [r["RoleName"] for r in services["iam"]["roles"]] == ["checkout-role"]  # named by the state machine
    assert {e["message"].split()[0] for e in gap["errors"]} == {"SignatureDoesNotMatch"}, gap["errors"]

"""Many accounts (``--org-role``) against moto's server on 127.0.0.1: an organization of the seeded
management account and two members, each member read through a role assumed in it.

moto keeps each account's resources apart by the account of the access key (an assumed role's keys
belong to the role's account), so a member's function is seen only through that member's role. moto
does not check that the role exists or trusts the caller: AssumeRole succeeds for any ARN, so a denied
AssumeRole is injected with a botocore ``before-send`` handler, as AWS would answer it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import redirect_stdout
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

pytest.importorskip("boto3")
pytest.importorskip("moto.server")

from slens.loaders.aws.calls import CALLS
from slens.loaders.aws.context import NOT_IMPLEMENTED
from slens.loaders.aws.read import AwsReadError, read_inventory
from tests.live_account import ACCOUNT, REGION, TRUST, _zip, moto_account

ROLE = "slens-reader"


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def _denied(role_arn: str) -> Any:
    """STS's answer to an AssumeRole of a role that does not exist or does not trust the caller."""
    from botocore.awsrequest import AWSResponse

    body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: "
            f"arn:aws:iam::{ACCOUNT}:user/ci is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
            "</Message></Error><RequestId>1</RequestId></ErrorResponse>").encode()
    return AWSResponse("http://127.0.0.1/", 403, {"Content-Type": "text/xml"}, _Body(body))


def _hooks(session: Any, denied: set[str], seen: list[tuple[str, str, str]]) -> Any:
    """Records (service, operation, host) of every request; AssumeRole into ``denied`` accounts fails."""

    def before_send(request: Any, event_name: str, **_: Any) -> Any:
        _, service, operation = event_name.split(".")
        seen.append((service, operation, urlparse(request.url).hostname or ""))
        if operation == "AssumeRole":
            body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
            arn = parse_qs(body)["RoleArn"][0]
            if arn.split(":")[4] in denied:
                return _denied(arn)
        return None

    session.events.register("before-send", before_send)
    return session


@pytest.fixture(scope="module")
def org() -> Iterator[dict[str, Any]]:
    import boto3

    with moto_account() as account:
        yield {"endpoint": account.endpoint, **_organization(boto3.Session(region_name=REGION))}


def _organization(session: Any) -> dict[str, Any]:
    """Two members beside the seeded management account, a function in the first and a queue in the
    second, made through the role assumed in each (so that they land in that account)."""
    organizations = session.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    members = []
    for name in ("shop-prod", "shop-dev"):
        status = organizations.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
        members.append(status["AccountId"])
    sts = session.client("sts")
    for member in members:
        keys = sts.assume_role(RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole",
                               RoleSessionName="seed")["Credentials"]
        inside = type(session)(aws_access_key_id=keys["AccessKeyId"], aws_secret_access_key=keys["SecretAccessKey"],
                               aws_session_token=keys["SessionToken"], region_name=REGION)
        iam = inside.client("iam")
        iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}}]}))
        if member == members[0]:
            role = iam.create_role(RoleName="member-fn-role", AssumeRolePolicyDocument=json.dumps(TRUST))
            inside.client("lambda").create_function(
                FunctionName="member-fn", Runtime="python3.8", Role=role["Role"]["Arn"], Handler="index.handler",
                Code={"ZipFile": _zip()})
        else:
            inside.client("sqs").create_queue(QueueName="member-queue")
    return {"members": members}


def _read(denied: frozenset[str] = frozenset(), **kwargs: Any) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    import boto3

    seen: list[tuple[str, str, str]] = []
    inventory = read_inventory(session=_hooks(boto3.Session(region_name=REGION), set(denied), seen), jobs=4,
                               org_role=ROLE, **kwargs)
    return inventory, seen


def _by_account(inventory: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert all(p["region"] == REGION for p in inventory["partitions"])
    return {p["account"]: p for p in inventory["partitions"]}


def _failures(inventory: dict[str, Any]) -> list[dict[str, Any]]:
    """The errors, without the operations moto's server does not implement (one notice each)."""
    return [e for p in inventory["partitions"] for e in p["errors"] if e["code"] not in NOT_IMPLEMENTED]


def _names(partition: dict[str, Any], service: str, key: str, field: Callable[[dict[str, Any]], str]) -> set[str]:
    return {field(item) for item in partition["services"].get(service, {}).get(key, [])}


def test_every_account_of_the_organization_is_read_as_itself(org: dict[str, Any]) -> None:
    prod, dev = org["members"]
    inventory, seen = _read()
    parts = _by_account(inventory)
    assert set(parts) == {ACCOUNT, prod, dev}
    assert not _failures(inventory), _failures(inventory)
    functions = {a: _names(p, "lambda", "functions", lambda f: f["Configuration"]["FunctionName"])
                 for a, p in parts.items()}
    assert functions == {ACCOUNT: {"good-fn", "bad-fn"}, prod: {"member-fn"}, dev: set()}
    assert _names(parts[dev], "sqs", "queues", lambda q: q["QueueUrl"].rsplit("/", 1)[1]) == {"member-queue"}
    assert [r["RoleName"] for r in parts[prod]["services"]["iam"]["roles"]] == ["member-fn-role"]
    # our own account through our own credentials; every call declared, every request on loopback
    assumed = [op for _s, op, _h in seen if op == "AssumeRole"]
    assert len(assumed) == 2 and ("organizations", "ListAccounts") in {(s, o) for s, o, _h in seen}
    assert {o for _s, o, _h in seen} <= {o for _s, o in CALLS}
    assert {h for _s, _o, h in seen} == {"127.0.0.1"}


def test_an_account_whose_role_cannot_be_assumed_is_reported_and_the_others_read(org: dict[str, Any]) -> None:
    prod, dev = org["members"]
    inventory, _seen = _read(denied=frozenset({dev}))
    parts = _by_account(inventory)
    assert parts[dev]["services"] == {}
    [error] = parts[dev]["errors"]
    assert error["code"] == "AccessDenied" and error["operation"] == "AssumeRole"
    assert f"account {dev}" in error["message"] and f"arn:aws:iam::{dev}:role/{ROLE}" in error["message"]
    assert parts[prod]["services"]["lambda"]["functions"]
    assert {p["account"] for p in inventory["partitions"] if _failures({"partitions": [p]})} == {dev}
    assert parts[ACCOUNT]["services"]["lambda"]["functions"]


def test_the_given_accounts_are_read_without_listing_the_organization(org: dict[str, Any]) -> None:
    prod, _dev = org["members"]
    inventory, seen = _read(accounts=[prod])
    assert [p["account"] for p in inventory["partitions"]] == [prod]
    assert "ListAccounts" not in {o for _s, o, _h in seen}


@pytest.mark.parametrize(("kwargs", "said"), [
    ({"accounts": ["12345"]}, "not a 12-digit AWS account id"),
    ({"org_role": "bad role"}, "not an IAM role name"),
])
def test_bad_arguments_are_refused(org: dict[str, Any], kwargs: dict[str, Any], said: str) -> None:
    with pytest.raises(AwsReadError, match=said):
        read_inventory(**{"org_role": ROLE, **kwargs})


def _scan(monkeypatch: pytest.MonkeyPatch, denied: set[str], *args: str) -> tuple[int, dict[str, Any], list[str]]:
    """``slens scan --aws`` in this process: the denied AssumeRole is injected into the session the
    CLI makes, which a subprocess could not have."""
    import boto3

    from slens.cli import main

    real = boto3.Session
    hosts: list[tuple[str, str, str]] = []

    def session(*a: Any, **kw: Any) -> Any:
        made = real(*a, **kw)
        # the assumed sessions copy the first one's handlers: registering again would count twice
        return made if "botocore_session" in kw else _hooks(made, denied, hosts)

    monkeypatch.setattr(boto3, "Session", session)
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["scan", "--aws", "--org-role", ROLE, "--format", "json", "--fail-on", "never", "-j", "1", *args])
    return code, json.loads(out.getvalue()), [h for _s, _o, h in hosts]


def test_the_scan_reviews_what_was_read_names_the_failed_account_and_exits_2(org: dict[str, Any],
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    prod, dev = org["members"]
    code, report, hosts = _scan(monkeypatch, {dev})
    assert code == 2
    assert set(hosts) == {"127.0.0.1"}
    accounts = {f["deployed"]["account"] for f in report["findings"] if f.get("deployed")}
    assert {ACCOUNT, prod} <= accounts and dev not in accounts
    member = [f for f in report["findings"] if (f.get("deployed") or {}).get("account") == prod]
    assert any(f["deployed"]["arn"].endswith(":function:member-fn") for f in member), member
    assert all(f["file"] == f"aws://{prod}/{REGION}" for f in member)
    assert dev in json.dumps(report["errors"]) and "AssumeRole" in json.dumps(report["errors"])


def test_the_scan_of_given_accounts_reads_only_those(org: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    prod, _dev = org["members"]
    code, report, _hosts = _scan(monkeypatch, set(), "--accounts", prod)
    assert code == 0, report.get("errors")
    assert {f["deployed"]["account"] for f in report["findings"] if f.get("deployed")} == {prod}


@pytest.mark.parametrize(("args", "said"), [
    (["--org-role", ROLE], "--org-role needs --aws"),
    (["--aws", "--accounts", "123456789012"], "give --org-role too"),
])
def test_org_options_that_cannot_work_are_refused(org: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                                  args: list[str], said: str) -> None:
    from slens.cli import main

    assert main(["scan", *args]) == 2
    assert said in capsys.readouterr().err


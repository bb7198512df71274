"""Many accounts (``--org-role``): which accounts to read, and a session in each.

The reading principal's own credentials list the organization's accounts and assume the role in
each of the others; its own account is read with its own credentials, so that the management (or
delegated administrator) account needs no copy of the role. An account whose role cannot be assumed
is not a reason to stop: it becomes a ``Member`` without a session, and its error is reported in
each of its partitions.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from slens import __version__
from slens.loaders.aws.context import Partition

ACCOUNT_ID = re.compile(r"\d{12}")
#: a role name as IAM allows it, path included; anything else would make an ARN of something else
ROLE_NAME = re.compile(r"(?:/[\w+=,.@-]+)*/?[\w+=,.@-]{1,64}")


class AccountsError(RuntimeError):
    """The accounts to read cannot be known: the organization cannot be listed, or a bad argument."""


@dataclass
class Member:
    """One account to read: its session, or the errors that say why it has none."""

    account: str
    session: Any = None
    errors: list[dict[str, Any]] = field(default_factory=list)


def check(role: str, accounts: list[str] | None) -> None:
    if not ROLE_NAME.fullmatch(role):
        raise AccountsError(f"--org-role {role!r} is not an IAM role name")
    bad = [a for a in accounts or () if not ACCOUNT_ID.fullmatch(a)]
    if bad:
        raise AccountsError(f"--accounts: {', '.join(bad)} is not a 12-digit AWS account id")


def listed(who: Partition) -> list[str]:
    """The ACTIVE accounts of the organization. Suspended and closing accounts hold nothing to
    review and would fail every scan until AWS drops them (90 days): they are left out."""
    found = who.pages("organizations", "ListAccounts", "Accounts")
    if who.errors:
        error = who.errors[0]
        raise AccountsError(f"cannot list the organization's accounts: {error['code']}: {error['message']} "
                            "(give them with --accounts)")
    # State replaces Status in the API; either one says ACTIVE of an active account
    return sorted({str(a["Id"]) for a in found if "ACTIVE" in (a.get("State"), a.get("Status"))})


def member(who: Partition, session: Any, own: str, account: str, role: str, home: str) -> Member:
    """``account`` read as itself: our own session in our own account, else ``role`` assumed there."""
    if account == own:
        return Member(account, session)
    arn = f"arn:aws:iam::{account}:role/{role.strip('/')}"
    attempt = Partition(who.clients, account, home, None)
    answer = attempt.call("sts", "AssumeRole", resource=arn, RoleArn=arn, RoleSessionName=f"slens-{__version__}")
    if answer is None:
        errors = [{**e, "message": f"account {account}: cannot assume {arn}: {e['message']}"} for e in attempt.errors]
        return Member(account, None, errors or [{"service": "sts", "operation": "AssumeRole", "code": "Unknown",
                                                 "message": f"account {account}: cannot assume {arn}: no answer",
                                                 "resource": arn}])
    credentials = answer["Credentials"]
    return Member(account, assumed_session(session, credentials, home))


def assumed_session(session: Any, credentials: dict[str, Any], home: str) -> Any:
    """A session like ``session`` (its profile's settings, such as an endpoint, and its event
    handlers, which tests use to watch every request) with the assumed role's credentials."""
    import boto3
    import botocore.session

    source = session._session
    core = botocore.session.Session(event_hooks=copy.copy(source.get_component("event_emitter")),
                                    include_builtin_handlers=False, profile=source.profile)
    core.set_credentials(credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    return boto3.Session(botocore_session=core, region_name=home)

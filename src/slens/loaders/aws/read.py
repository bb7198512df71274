"""Reads an AWS account into the version-1 inventory of docs/inventory.md.

boto3 is imported here, inside ``read_inventory``, so that a scan of templates never loads it.
Three phases, each concurrent across regions and services: a probe per region (is it enabled,
do the credentials work there), the regional services, then what those name (IAM roles once
per account, KMS keys per region).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from typing import Any

from slens import __version__
from slens.loaders.aws import accounts as org
from slens.loaders.aws.apis import read_apigateway, read_apigatewayv2
from slens.loaders.aws.calls import SERVICES, UndeclaredCall
from slens.loaders.aws.context import Clients, Partition
from slens.loaders.aws.identity import named_keys, named_roles, read_keys, read_roles
from slens.loaders.aws.services import (
    read_appsync,
    read_cloudformation,
    read_cloudwatch,
    read_dynamodb,
    read_events,
    read_kinesis,
    read_lambda,
    read_logs,
    read_sns,
    read_sqs,
    read_stepfunctions,
)

INVENTORY_VERSION = 1
#: botocore's retries on top of which nothing of ours retries: throttling gets the client-side rate
#: limiter of "adaptive", and 8 attempts ride out a burst without hiding a persistent failure for long
RETRIES = {"mode": "adaptive", "max_attempts": 8}

REGIONAL: dict[str, Callable[[Partition], dict[str, Any]]] = {
    "lambda": read_lambda, "sqs": read_sqs, "sns": read_sns, "events": read_events,
    "stepfunctions": read_stepfunctions, "dynamodb": read_dynamodb, "kinesis": read_kinesis,
    "apigateway": read_apigateway, "apigatewayv2": read_apigatewayv2, "appsync": read_appsync, "logs": read_logs,
    "cloudwatch": read_cloudwatch, "cloudformation": read_cloudformation,
}
Progress = Callable[[int, int], None]


class AwsReadError(RuntimeError):
    """Nothing can be read: no credentials, the account cannot be identified, or a bad argument."""


def _config() -> Any:
    from botocore.config import Config

    return Config(retries=RETRIES, user_agent_extra=f"slens/{__version__}")


def _region_patterns(session: Any) -> list[re.Pattern[str]]:
    """The partitions' region-name patterns: a name that fits none of them is not a region, while a
    region newer than this botocore still fits its partition's pattern."""
    endpoints = session._session.get_data("endpoints")
    return [re.compile(p["regionRegex"]) for p in endpoints.get("partitions", []) if p.get("regionRegex")]


def _region_error(partition: dict[str, Any], code: str, message: str, operation: str | None) -> None:
    partition["errors"].append({"service": None, "operation": operation, "code": code,
                                "message": message, "resource": partition["region"]})


def _regions(session: Any, clients: Clients, home: str, regions: list[str] | None, all_regions: bool,
             notes: list[dict[str, Any]]) -> list[str]:
    if regions:
        return list(dict.fromkeys(regions))
    if not all_regions:
        return [home]
    probe = Partition(clients, "", home, None)
    listed = probe.call("ec2", "DescribeRegions", AllRegions=False)
    notes.extend(probe.errors)
    if listed is not None:
        return sorted(r["RegionName"] for r in listed.get("Regions", []))
    # denied: every region this botocore knows; the disabled ones are then reported by their probes
    return sorted(session.get_available_regions("sts"))


def read_inventory(profile: str | None = None, regions: list[str] | None = None, all_regions: bool = False,
                   services: set[str] | None = None, jobs: int = 8, progress: Progress | None = None,
                   session: Any = None, *, org_role: str | None = None,
                   accounts: list[str] | None = None) -> dict[str, Any]:
    """The version-1 inventory of the account the credentials belong to: ``regions`` (default: the
    configured region), or every enabled region with ``all_regions``; ``services`` of ``SERVICES``
    (default: all); ``jobs`` concurrent calls at most per phase; ``progress(done, total)`` after each
    region-and-service read. ``session``: a boto3 Session to use instead of ``profile``'s.

    With ``org_role``, every ACTIVE account of the organization (or ``accounts``) instead, each read
    through that role assumed in it (our own account through our own credentials), all accounts on
    the same bounded pools; an account that cannot be assumed has one partition per region, holding
    only the error."""
    wanted = list(SERVICES) if services is None else [s for s in SERVICES if s in services]
    if unknown := sorted(set(services or ()) - set(SERVICES)):
        raise AwsReadError(f"unknown service(s) {', '.join(unknown)}; known: {', '.join(SERVICES)}")
    if accounts is not None and org_role is None:
        raise AwsReadError("accounts are read through a role assumed in each: give org_role (--org-role)")
    try:
        if org_role is not None:
            org.check(org_role, accounts)
    except org.AccountsError as exc:
        raise AwsReadError(str(exc)) from None
    if session is None:
        import boto3

        try:
            session = boto3.Session(profile_name=profile)
        except Exception as exc:  # ProfileNotFound and its kin: say which profile
            raise AwsReadError(f"cannot use AWS profile {profile!r}: {exc}") from exc
    clients = Clients(session, _config())
    home = session.region_name or (regions[0] if regions else None)
    if home is None:
        raise AwsReadError("no AWS region: pass --region or --all-regions, or set AWS_REGION")
    read_at = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    who = Partition(clients, "", home, None)
    identity = who.call("sts", "GetCallerIdentity")
    if identity is None:
        error = who.errors[0] if who.errors else {"code": "Unknown", "message": "no answer"}
        raise AwsReadError(f"cannot identify the AWS account: {error['code']}: {error['message']}")
    own = str(identity["Account"])
    if org_role is None:
        notes: list[dict[str, Any]] = []
        names = _regions(session, clients, home, regions, all_regions, notes)
        with _pools(jobs) as (tasks, items):
            partitions = _read_account(session, clients, own, names, notes, wanted, (tasks, items), progress)
        return {"slens_inventory": INVENTORY_VERSION, "read_at": read_at, "partitions": partitions}
    try:
        ids = list(dict.fromkeys(accounts)) if accounts is not None else org.listed(who)
    except org.AccountsError as exc:
        raise AwsReadError(str(exc)) from None
    notes = []
    # an account whose role cannot be assumed cannot list its own regions: it is reported in ours
    names = _regions(session, clients, home, regions, all_regions, notes)
    counts = _Counts(progress)
    with _pools(jobs) as pools, ThreadPoolExecutor(max(1, min(jobs, len(ids) or 1)),
                                                   thread_name_prefix="slens-aws-accounts") as each:
        # an account's thread waits on the shared pools, never on its own pool: no deadlock
        def one(account: str, role: str = org_role) -> list[dict[str, Any]]:
            member = org.member(who, session, own, account, role, home)
            return _read_member(member, names, notes if account == own else [], regions, all_regions, wanted,
                                pools, counts.of(account))

        futures = [each.submit(one, a) for a in ids]
        partitions = [p for future in futures for p in future.result()]
    return {"slens_inventory": INVENTORY_VERSION, "read_at": read_at, "partitions": partitions}


class _Counts:
    """One progress over all accounts: each account's (done, total) summed as they come."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._each: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def of(self, account: str) -> Progress | None:
        if self._progress is None:
            return None

        def report(done: int, total: int) -> None:
            with self._lock:
                self._each[account] = (done, total)
                counts = list(self._each.values())
                assert self._progress is not None
                self._progress(sum(d for d, _ in counts), sum(t for _, t in counts))
        return report


@contextmanager
def _pools(jobs: int) -> Iterator[tuple[ThreadPoolExecutor, ThreadPoolExecutor]]:
    with ThreadPoolExecutor(max(1, jobs), thread_name_prefix="slens-aws") as tasks, \
            ThreadPoolExecutor(max(1, jobs), thread_name_prefix="slens-aws-items") as items:
        yield tasks, items


def _read_member(member: org.Member, names: list[str], notes: list[dict[str, Any]], regions: list[str] | None,
                 all_regions: bool, wanted: list[str], pools: tuple[ThreadPoolExecutor, ThreadPoolExecutor],
                 progress: Progress | None) -> list[dict[str, Any]]:
    if member.session is None:
        return [{"account": member.account, "region": r, "services": {},
                 "errors": [{**e, "resource": e.get("resource") or r} for e in member.errors]} for r in names]
    clients = Clients(member.session, _config())
    if all_regions and not regions:
        # each account has its own opt-in regions: asked of the account itself
        notes = list(notes)
        names = _regions(member.session, clients, names[0], None, True, notes)
    return _read_account(member.session, clients, member.account, names, notes, wanted, pools, progress)


def _read_account(session: Any, clients: Clients, account: str, names: list[str], notes: list[dict[str, Any]],
                  wanted: list[str], pools: tuple[ThreadPoolExecutor, ThreadPoolExecutor],
                  progress: Progress | None) -> list[dict[str, Any]]:
    """One account's partitions, read through ``clients`` on the shared pools."""
    tasks, items = pools
    parts = {r: Partition(clients, account, r, items) for r in names}
    out: dict[str, dict[str, Any]] = {r: {"account": account, "region": r, "services": {}, "errors": []}
                                      for r in names}
    out[names[0]]["errors"].extend(notes)
    readable = _probe(session, parts, out, tasks)
    _read(parts, out, readable, wanted, tasks, progress)
    for region in names:
        out[region]["errors"].extend(parts[region].errors)
        out[region]["services"] = {s: out[region]["services"][s] for s in SERVICES if s in out[region]["services"]}
    return [out[r] for r in names]


def _probe(session: Any, parts: dict[str, Partition], out: dict[str, dict[str, Any]],
           tasks: ThreadPoolExecutor) -> list[str]:
    """The regions that answer: a region that is disabled (an opt-in region not enabled), unknown or
    unreachable gets one error naming it, instead of one per service."""
    patterns = _region_patterns(session)
    probes: dict[str, tuple[Partition, Future[dict[str, Any] | None]]] = {}
    for region, part in parts.items():
        if not any(p.match(region) for p in patterns):
            _region_error(out[region], "UnknownRegion", f"{region} is not an AWS region name; not read", None)
            continue
        # a partition of its own, so that the probe's failure is said once, as the region's
        probe = Partition(part.clients, part.account, region, None)
        probes[region] = (probe, tasks.submit(probe.call, "sts", "GetCallerIdentity"))
    readable = []
    for region, (probe, future) in probes.items():
        if future.result() is not None:
            readable.append(region)
            continue
        error = probe.errors[0] if probe.errors else {"code": "Unknown", "message": "no answer"}
        _region_error(out[region], error["code"], f"region {region} could not be read (disabled, not opted in, "
                      f"or unreachable): {error['message']}", "GetCallerIdentity")
    return readable


def _run(tasks: ThreadPoolExecutor, jobs: Iterable[tuple[str, str, Callable[[], dict[str, Any]]]],
         out: dict[str, dict[str, Any]], parts: dict[str, Partition], done: list[int], total: int,
         progress: Progress | None) -> None:
    futures = [(region, service, tasks.submit(job)) for region, service, job in jobs]
    for region, service, future in futures:
        try:
            out[region]["services"][service] = future.result()
        except UndeclaredCall:
            raise
        except Exception as exc:  # a bug in a reader: report it, keep every other service
            parts[region].error(service, "", "ReaderFailed", f"{type(exc).__name__}: {exc}", None)
        done[0] += 1
        if progress is not None:
            progress(done[0], total)


def _read(parts: dict[str, Partition], out: dict[str, dict[str, Any]], readable: list[str], wanted: list[str],
          tasks: ThreadPoolExecutor, progress: Progress | None) -> None:
    regional = [s for s in wanted if s in REGIONAL]
    total = len(readable) * (len(regional) + ("kms" in wanted)) + bool(readable and "iam" in wanted)
    done = [0]
    if progress is not None:
        progress(0, total)
    _run(tasks, [(r, s, partial(REGIONAL[s], parts[r])) for r in readable for s in regional],
         out, parts, done, total, progress)
    # what the regional services name: roles are global, so read once, into the first region
    later: list[tuple[str, str, Callable[[], dict[str, Any]]]] = []
    if readable and "iam" in wanted:
        roles = sorted({n for r in readable for n in named_roles(out[r]["services"], parts[r].account)})
        later.append((readable[0], "iam", partial(read_roles, parts[readable[0]], roles)))
    if "kms" in wanted:
        later += [(r, "kms", partial(read_keys, parts[r], named_keys(out[r]["services"], r))) for r in readable]
    _run(tasks, later, out, parts, done, total, progress)

"""One account-and-region of the live inventory (docs/inventory.md) into the resource graph, in the
CloudFormation vocabulary every rule speaks: the same types, property names and shapes, and the
same references, so that the graph derives the edges a template of the same resources would.

It never calls AWS. What the reader could not read (the partition's ``errors``) becomes notices,
and a malformed item becomes a problem naming its service and resource while the rest is mapped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from slens.kinds import ErrorKind, NoticeKind
from slens.loaders.aws.mapping_apis import map_apis
from slens.loaders.aws.mapping_base import Context, items, text
from slens.loaders.aws.mapping_iam import map_iam
from slens.loaders.aws.mapping_lambda import map_lambda
from slens.loaders.aws.mapping_refs import resources
from slens.loaders.aws.mapping_services import map_services
from slens.loaders.result import LIVE_DIALECT, Loaded, Note, Problem
from slens.model import Graph

DIALECT = LIVE_DIALECT
#: codes of an operation the endpoint does not serve at all: nothing the account's owner can change
_UNSERVED = re.compile(r"NotImplemented|UnknownOperation|InvalidAction|^404$|^501$")


def location(account: str, region: str) -> str:
    """The ``file`` of a partition's findings and notices."""
    return f"aws://{account}/{region}"


def _notes(errors: Any, ctx: Context) -> tuple[list[Note], list[Problem]]:
    """An operation the endpoint does not serve is a notice; anything else that could not be read
    (access denied, throttled past the retries, a region that is disabled, a server error) is an
    error, so that the run says the review is incomplete (exit 2) while reviewing what was read."""
    notes: list[Note] = []
    problems: list[Problem] = []
    for error in errors if isinstance(errors, list) else []:
        if not isinstance(error, Mapping):
            ctx.problem("inventory", "errors", f"an error entry is not an object ({type(error).__name__})")
            continue
        service = error.get("service") or "?"
        operation = error.get("operation") or "?"
        code = error.get("code") or "error"
        resource = f" on {error['resource']}" if error.get("resource") else ""
        message = f": {error['message']}" if error.get("message") else ""
        said = f"{service}: {operation}{resource} could not be read ({code}{message}); what it would have shown " \
               "is not reviewed"
        if _UNSERVED.search(str(code)):
            notes.append(Note(NoticeKind.NOT_READ, said))
        else:
            problems.append(Problem(ErrorKind.READ, said))
    return notes, problems


def map_partition(partition: Any, file: str | None = None) -> Loaded:
    """The graph of one partition (``{"account", "region", "services", "errors"}``), its problems
    and the notices of what could not be read; ``file`` names it in findings (``aws://account/region``
    by default)."""
    if not isinstance(partition, Mapping):
        return Loaded(file or location("unknown", "unknown"), None,
                      [Problem(ErrorKind.PARSE, "the inventory partition is not an object "
                                                f"({type(partition).__name__})")], DIALECT)
    account = text(partition, "account") or "unknown"
    region = text(partition, "region") or "unknown"
    ctx = Context(account, region)
    if "unknown" in (account, region):
        ctx.problem("inventory", location(account, region), "the partition names no account or region")
    services = partition.get("services")
    if not isinstance(services, Mapping):
        if services is not None:
            ctx.problem("inventory", "services", f"not an object ({type(services).__name__})")
        services = {}
    notes, unread = _notes(partition.get("errors"), ctx)
    lambda_ = services.get("lambda")
    map_lambda(ctx, lambda_ if isinstance(lambda_, Mapping) else {})
    map_services(ctx, services)
    map_apis(ctx, services)
    map_iam(ctx, services)
    cloudformation = services.get("cloudformation")
    stacks = items(cloudformation, "stacks")
    where = file or location(account, region)
    graph = Graph(resources(ctx.drafts, account, region, stacks, where))
    return Loaded(where, graph, [*unread, *ctx.problems], DIALECT, notes=notes)


def map_inventory(inventory: Any) -> list[Loaded]:
    """Every partition of an inventory document, one :class:`Loaded` each."""
    if not isinstance(inventory, Mapping) or not isinstance(inventory.get("partitions"), list):
        return [Loaded(location("unknown", "unknown"), None,
                       [Problem(ErrorKind.PARSE, "not a slens inventory (no list of partitions)")], DIALECT)]
    return [map_partition(partition) for partition in inventory["partitions"]]

"""What every service reader shares: clients, calls that record their failures, pagination, fan-out.

A failed call never raises out of a reader: it becomes an entry in the partition's ``errors`` and
the reader carries on with what it has, so one denied or broken operation loses nothing else.
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from datetime import UTC, datetime
from typing import Any, TypeVar

from slens.loaders.aws.calls import UndeclaredCall, guard

T = TypeVar("T")
R = TypeVar("R")

#: access key ids as AWS prints them; scrubbed from every message even when they are not ours
ACCESS_KEY = re.compile(r"\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b")
#: an endpoint answering this for an operation does not implement it (an emulator, an old partition)
NOT_IMPLEMENTED = frozenset({"404", "501", "NotImplemented", "NotImplementedException"})


def plain(value: Any) -> Any:
    """A botocore response as JSON values: datetimes as ISO 8601, bytes as base64, no ResponseMetadata."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() == UTC.utcoffset(None):
            return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class Clients:
    """One client per (service, region), made on first use under a lock: a boto3 Session is not
    thread-safe, the clients it makes are. Every client refuses undeclared operations."""

    def __init__(self, session: Any, config: Any) -> None:
        self._session = session
        self._config = config
        self._lock = threading.Lock()
        self._made: dict[tuple[str, str], Any] = {}
        secrets: list[str] = []
        try:
            credentials = session.get_credentials()
            frozen = credentials.get_frozen_credentials() if credentials is not None else None
        except Exception:  # a broken profile surfaces on the first call, with AWS's own message
            frozen = None
        if frozen is not None:
            secrets = [s for s in (frozen.access_key, frozen.secret_key, frozen.token) if s]
        self._secrets = tuple(secrets)

    def get(self, service: str, region: str) -> Any:
        with self._lock:
            client = self._made.get((service, region))
            if client is None:
                client = self._session.client(service, region_name=region, config=self._config)
                client.meta.events.register("before-call", guard)
                self._made[(service, region)] = client
            return client

    def scrub(self, text: str) -> str:
        """The message without our credentials or anything shaped like an access key id."""
        for secret in self._secrets:
            text = text.replace(secret, "<redacted credential>")
        return ACCESS_KEY.sub("<redacted access key>", text)


def _transport_errors() -> tuple[type[Exception], ...]:
    """What a call raises besides an API error: no connection, a timeout, an answer that does not
    parse (ResponseParserError is not a BotoCoreError)."""
    from botocore.exceptions import BotoCoreError
    from botocore.parsers import ResponseParserError

    return (BotoCoreError, ResponseParserError)


def describe(exc: Exception) -> tuple[str, str, int | None]:
    """(code, message, HTTP status) of a botocore failure."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        error = response.get("Error") or {}
        status = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
        return str(error.get("Code") or status or "Unknown"), str(error.get("Message") or exc), status
    return type(exc).__name__, str(exc), None


class Partition:
    """One account-and-region being read: its clients, its errors, and the pool its readers fan out on."""

    def __init__(self, clients: Clients, account: str, region: str, items: Executor | None) -> None:
        self.clients = clients
        self.account = account
        self.region = region
        self.errors: list[dict[str, Any]] = []
        self._items = items
        self._lock = threading.Lock()
        self._unsupported: set[tuple[str, str]] = set()

    def error(self, service: str, operation: str, code: str, message: str, resource: str | None) -> None:
        # an endpoint may answer with a whole HTML page: one line of its text is enough
        text = " ".join(re.sub(r"<[^>]*>", " ", message).split())
        entry = {"service": service, "operation": operation, "code": code,
                 "message": self.clients.scrub(text[:500]), "resource": resource}
        with self._lock:
            self.errors.append(entry)

    def _failed(self, service: str, operation: str, exc: Exception, resource: str | None) -> None:
        code, message, _status = describe(exc)
        if code in NOT_IMPLEMENTED:
            # said once per partition, not once per function: the endpoint lacks the operation
            with self._lock:
                if (service, operation) in self._unsupported:
                    return
                self._unsupported.add((service, operation))
            message = f"the endpoint does not implement {operation} (HTTP {_status or code}); not read in this region"
            resource = None
        self.error(service, operation, code, message, resource)

    def call(self, service: str, operation: str, *, resource: str | None = None, absent: Iterable[str] = (),
             **params: Any) -> dict[str, Any] | None:
        """The response (plain JSON values), or None when it failed (recorded) or the thing is absent
        (an error code in ``absent``, such as a function with no resource policy: not a failure)."""
        from botocore import xform_name
        from botocore.exceptions import ClientError

        if (service, operation) in self._unsupported:
            return None
        client = self.clients.get(service, self.region)
        try:
            response = getattr(client, xform_name(operation))(**params)
        except UndeclaredCall:
            raise
        except ClientError as exc:
            if describe(exc)[0] not in set(absent):
                self._failed(service, operation, exc, resource)
            return None
        except _transport_errors() as exc:
            self._failed(service, operation, exc, resource)
            return None
        result: dict[str, Any] = plain(response)
        return result

    def pages(self, service: str, operation: str, key: str, *, resource: str | None = None,
              absent: Iterable[str] = (), **params: Any) -> list[Any]:
        """Every item under ``key`` of every page: botocore's paginator where it has one, else a
        NextToken loop. On a failure the items of the pages already read are kept."""
        from botocore import xform_name
        from botocore.exceptions import ClientError

        if (service, operation) in self._unsupported:
            return []
        client = self.clients.get(service, self.region)
        method = xform_name(operation)
        items: list[Any] = []
        try:
            if client.can_paginate(method):
                for page in client.get_paginator(method).paginate(**params):
                    items.extend(plain(page.get(key) or []))
            else:
                token: str | None = None
                while True:
                    page = getattr(client, method)(**params, **({"NextToken": token} if token else {}))
                    items.extend(plain(page.get(key) or []))
                    token = page.get("NextToken")
                    if not token:
                        break
        except UndeclaredCall:
            raise
        except ClientError as exc:
            if describe(exc)[0] not in set(absent):
                self._failed(service, operation, exc, resource)
        except _transport_errors() as exc:
            self._failed(service, operation, exc, resource)
        return items

    def each(self, work: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """``work`` on every item on the item pool, results in the items' order. ``work`` must not
        fan out itself: the pool's threads never wait on the pool, so it cannot deadlock."""
        if self._items is None:
            return [work(item) for item in items]
        return list(self._items.map(work, items))

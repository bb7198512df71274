"""POSTing JSON to a webhook with bounded retries: the standard library only, nothing of slens.

A webhook URL is a credential (whoever holds a Slack incoming-webhook URL may post to the
channel), so nothing here puts it in a message: errors name the scheme and host only.
"""

from __future__ import annotations

import http.client
import json
import random
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

ATTEMPTS = 5
#: every attempt and every wait fit in this many seconds: a CI job is not held up by a chat outage
BUDGET = 30.0
TIMEOUT = 10.0
_BASE_DELAY, _MAX_DELAY = 1.0, 8.0


class WebhookError(Exception):
    """Why nothing was delivered, in words that never hold the URL's path or query."""


def where(url: str) -> str:
    """What may be said of ``url``: its scheme and host (a Slack URL's secret is its path)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "?"
        host = f"[{host}]" if ":" in host else host  # an IPv6 address, as a URL writes it
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "an invalid URL"
    return f"{parts.scheme}://{host}{port}"


def check(url: str) -> str | None:
    """Why ``url`` cannot be a webhook, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return "not a valid URL"
    if parts.scheme not in ("http", "https"):
        return f"only http and https URLs are posted to (the scheme is {parts.scheme!r})" if parts.scheme \
            else "not a URL (http:// or https:// expected)"
    if not parts.hostname:
        return "a URL without a host"
    if not url.isprintable() or " " in url:
        return "a URL with spaces or control characters"
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # a redirect would carry the findings to a host the user never named: it is a failure instead
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


def post(url: str, body: Any, user_agent: str, *, sleep: Callable[[float], None] = time.sleep,
         clock: Callable[[], float] = time.monotonic, jitter: Callable[[], float] = random.random) -> int:
    """POST ``body`` as JSON; the number of attempts it took. Connection errors, 429 and 5xx are
    retried with exponential backoff and jitter (a 429's or 503's ``Retry-After`` is honoured), up
    to :data:`ATTEMPTS` within :data:`BUDGET` seconds; anything else raises WebhookError at once."""
    if (problem := check(url)) is not None:
        raise WebhookError(problem)
    data = json.dumps(body, ensure_ascii=False).encode()
    opener = urllib.request.build_opener(_NoRedirect)
    deadline = clock() + BUDGET
    last = "no attempt"
    for attempt in range(1, ATTEMPTS + 1):
        request = urllib.request.Request(url, data=data, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": user_agent})
        wait: float | None = None
        try:
            with opener.open(request, timeout=max(1.0, min(TIMEOUT, deadline - clock()))) as response:
                response.read(65536)
                return attempt
        except urllib.error.HTTPError as exc:
            with exc:
                if exc.code != 429 and exc.code < 500:
                    raise WebhookError(f"HTTP {exc.code} {exc.reason}" + (
                        " (redirects are not followed)" if 300 <= exc.code < 400 else "")) from None
                last = f"HTTP {exc.code} {exc.reason}"
                wait = _retry_after(exc.headers.get("Retry-After")) if exc.code in (429, 503) else None
        except urllib.error.URLError as exc:
            last = str(exc.reason)
        except (OSError, http.client.HTTPException) as exc:
            last = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        except ValueError as exc:  # http.client's InvalidURL: the URL is wrong, not the receiver
            raise WebhookError(f"{type(exc).__name__}") from None
        if attempt == ATTEMPTS:
            break
        if wait is None:  # equal jitter: never a burst of immediate retries, never in lockstep
            step = min(_MAX_DELAY, _BASE_DELAY * 2 ** (attempt - 1))
            wait = step / 2 + jitter() * step / 2
        if clock() + wait > deadline:
            raise WebhookError(f"{last}; giving up after {attempt} attempt{'s' if attempt > 1 else ''} "
                               f"(the next would pass the {BUDGET:.0f} s budget)")
        sleep(wait)
    raise WebhookError(f"{last}; giving up after {ATTEMPTS} attempts")

"""What the live inventory measures about a deployed resource, as the rules read it.

These facts are in a live resource's metadata (``aws:invocations``, ``aws:storedBytes``,
``aws:roleLastUsed``...), never in its properties: a template cannot carry them, so a rule that
needs one can never fire on a template, and every reader here answers None when it is absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from slens.model import Resource

#: CloudWatch Logs storage, per GB-month, in us-east-1 (other regions cost a little more)
LOG_STORAGE_PRICE = 0.03
_GB = 1024 ** 3


def moment(value: object) -> datetime | None:
    """An ISO 8601 time of the inventory as an aware UTC datetime; None when it is not one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@dataclass(frozen=True)
class Invocations:
    """A function's ``Invocations`` over the window the reader read, up to when it read them."""

    days: int
    end: datetime
    total: float
    last: datetime | None

    def idle_days(self) -> int | None:
        """Whole days without an invocation before the read; None when it had one that day."""
        if self.last is None:
            return self.days
        return (self.end - self.last).days or None

    def said(self) -> str:
        """The last invocation, as a finding says it."""
        if self.last is None:
            return f"no invocation in the {self.days} days before the account was read"
        return f"last invoked on {self.last.date().isoformat()}"


def invocations(function: Resource) -> Invocations | None:
    found = function.metadata.get("aws:invocations")
    if not isinstance(found, Mapping):
        return None
    days, total, end = found.get("days"), found.get("sum"), moment(found.get("end"))
    if not isinstance(days, int) or isinstance(days, bool) or not isinstance(total, int | float) or end is None:
        return None
    last = moment(found.get("last"))
    if found.get("last") is not None and last is None:
        return None  # a last invocation that cannot be read is no evidence of none
    return Invocations(days, end, float(total), last)


def stored_bytes(log_group: Resource) -> int | None:
    found = log_group.metadata.get("aws:storedBytes")
    return found if isinstance(found, int) and not isinstance(found, bool) else None


def storage_cost(log_group: Resource) -> str:
    """``"; it stores 1.2 GB, about $0.04 a month ..."`` for a live log group, else ``""``."""
    stored = stored_bytes(log_group)
    if stored is None:
        return ""
    size = f"{stored / _GB:.2f} GB" if stored >= _GB // 100 else f"{stored:,} bytes"
    return (f"; it stores {size}, about ${stored / _GB * LOG_STORAGE_PRICE:,.2f} a month and growing (an estimate at "
            f"${LOG_STORAGE_PRICE} per GB-month, the us-east-1 storage price)")


def day_of(value: datetime) -> date:
    return value.astimezone(UTC).date()

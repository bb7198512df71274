"""Today's date, overridable so reports and tests can be reproduced as of another day."""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    """``SLENS_TODAY`` (an ISO date) when set, else the real date."""
    pinned = os.environ.get("SLENS_TODAY", "").strip()
    if not pinned:
        return date.today()
    try:
        return date.fromisoformat(pinned)
    except ValueError:
        raise ValueError(f"SLENS_TODAY={pinned!r} is not an ISO date (YYYY-MM-DD)") from None

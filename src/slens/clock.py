"""Today's date, overridable so reports and tests can be reproduced as of another day."""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    """``SLENS_TODAY`` (an ISO date) when set, else the real date."""
    override = os.environ.get("SLENS_TODAY")
    return date.fromisoformat(override) if override else date.today()

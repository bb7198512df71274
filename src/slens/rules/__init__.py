"""The rule catalogue: one module per rule, grouped by the service a finding is anchored on."""

from __future__ import annotations

import sys
from functools import cache

from slens.engine import RuleCatalogue, discover


@cache
def load_catalogue() -> RuleCatalogue:
    """Every built-in rule, validated; raises CatalogueError listing every problem."""
    return RuleCatalogue(discover(sys.modules[__name__]))

"""The rule catalogue: one module per rule, grouped by the service a finding is anchored on.

Third-party rules join through the ``slens.rules`` entry-point group: each entry point names
a module (every ``Rule`` subclass defined in it is taken) or a single ``Rule`` subclass. They
are written exactly like the built-in ones and validated with them.
"""

from __future__ import annotations

import inspect
import sys
from functools import cache
from importlib.metadata import entry_points

from slens.engine import CatalogueError, Rule, RuleCatalogue, discover
from slens.engine.catalogue import rule_classes

ENTRY_POINT_GROUP = "slens.rules"


def plugin_rules() -> list[Rule]:
    found: list[Rule] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            target = entry.load()
        except Exception as exc:  # a broken plugin must say which one it is
            raise CatalogueError(f"plugin {entry.name!r} ({entry.value}) cannot be loaded: "
                                 f"{type(exc).__name__}: {exc}") from exc
        if inspect.ismodule(target):
            found.extend(cls() for cls in rule_classes(target))
        elif isinstance(target, type) and issubclass(target, Rule):
            found.append(target())
        else:
            raise CatalogueError(f"plugin {entry.name!r} ({entry.value}) is neither a module nor a Rule class")
    return found


@cache
def load_catalogue() -> RuleCatalogue:
    """Every built-in and plugin rule, validated; raises CatalogueError listing every problem."""
    return RuleCatalogue([*discover(sys.modules[__name__]), *plugin_rules()])

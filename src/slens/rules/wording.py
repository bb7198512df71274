"""How findings name things: shared by the rules of several areas, so that every message says a
route, a stage, a function's role or a long list the same way. The model gives the facts
(``slens.model.apis``, ``stages``, ``roles``); the words are the rules'."""

from __future__ import annotations

from collections.abc import Sequence

from slens.model import Graph, Resource, Route, as_str
from slens.model.roles import role_functions, trusted_by_lambda
from slens.model.stages import stage_api


def short_list(items: Sequence[str], limit: int = 3) -> str:
    """``a, b, c and 2 more``."""
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def route_label(route: Route) -> str:
    return f"{route.method} {route.path}"


def stage_label(stage: Resource, graph: Graph) -> str:
    """``stage prod of API OrdersApi``, or ``stage prod (ProdStage)`` when the API is not in the template."""
    name = as_str(stage.prop("StageName")) or stage.logical_id
    api = stage_api(stage, graph)
    return f"stage {name} of API {api.logical_id}" if api is not None else f"stage {name} ({stage.logical_id})"


def function_role_label(role: Resource, graph: Graph) -> str | None:
    """How a message names the functions running with ``role``; None when it is no function role."""
    functions = [f.logical_id for f in role_functions(role, graph)]
    if functions:
        return f"role {role.logical_id} of function{'s' if len(functions) > 1 else ''} {', '.join(functions)}"
    return f"role {role.logical_id} (trusted by Lambda)" if trusted_by_lambda(role) else None

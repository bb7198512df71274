"""Which roles are function roles, and how messages name them (shared by the IAM rules)."""

from slens.model.graph import Graph
from slens.model.iam import principals, trust_statements
from slens.model.relations import FUNCTION
from slens.model.resources import Resource


def function_role_label(role: Resource, graph: Graph) -> str | None:
    """How a message names the functions running with ``role``; None when it is no function role."""
    functions = [a.logical_id for a in graph.assumers_of(role) if a.type == FUNCTION]
    if functions:
        return f"role {role.logical_id} of function{'s' if len(functions) > 1 else ''} {', '.join(functions)}"
    trusted = any(s.allows and "lambda.amazonaws.com" in principals(s.principal)
                  for s in trust_statements(role))
    return f"role {role.logical_id} (trusted by Lambda)" if trusted else None

"""IAM rules; how their messages name a function role."""

from slens.model import Graph, Resource
from slens.model.roles import role_functions, trusted_by_lambda


def function_role_label(role: Resource, graph: Graph) -> str | None:
    """How a message names the functions running with ``role``; None when it is no function role."""
    functions = [f.logical_id for f in role_functions(role, graph)]
    if functions:
        return f"role {role.logical_id} of function{'s' if len(functions) > 1 else ''} {', '.join(functions)}"
    return f"role {role.logical_id} (trusted by Lambda)" if trusted_by_lambda(role) else None

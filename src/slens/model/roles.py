"""Which roles are function roles (shared by the IAM rules)."""

from slens.model.graph import Graph
from slens.model.iam import principals, trust_statements
from slens.model.relations import FUNCTION
from slens.model.resources import Resource


def role_functions(role: Resource, graph: Graph) -> list[Resource]:
    """The template's functions that run with ``role``."""
    return [a for a in graph.assumers_of(role) if a.type == FUNCTION]


def trusted_by_lambda(role: Resource) -> bool:
    """Whether the role's trust policy lets the Lambda service assume it."""
    return any(s.allows and "lambda.amazonaws.com" in principals(s.principal) for s in trust_statements(role))

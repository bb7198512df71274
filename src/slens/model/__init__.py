"""The resource graph in CloudFormation vocabulary: pure data, no I/O, no template syntax."""

from slens.model.apis import Route
from slens.model.graph import ASYNC_SERVICES, Graph, Invocation, Trigger
from slens.model.iam import Statement, principals, trust_statements
from slens.model.relations import FUNCTION, Edge, Relation
from slens.model.resources import WRITTEN_KEY, Origin, Resource
from slens.model.source import SourceSpan
from slens.model.values import (
    Composite,
    PropertyPath,
    Ref,
    Unknown,
    Value,
    as_bool,
    as_int,
    as_list,
    as_mapping,
    as_str,
    is_unknown,
    lookup,
    refs_in,
    text_of,
)

__all__ = [
    "ASYNC_SERVICES", "FUNCTION", "WRITTEN_KEY", "Composite", "Edge", "Graph", "Invocation", "Origin", "PropertyPath",
    "Ref", "Relation", "Resource", "Route", "SourceSpan", "Statement", "Trigger", "Unknown", "Value",
    "as_bool", "as_int", "as_list", "as_mapping", "as_str", "is_unknown", "lookup", "principals",
    "refs_in", "text_of", "trust_statements",
]

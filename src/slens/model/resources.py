"""Resources in CloudFormation vocabulary, whatever dialect they were written in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from slens.model.source import SourceSpan
from slens.model.values import PropertyPath, Value, as_bool, as_int, as_str, lookup

#: metadata under which a loader records the statements of a policy a framework wrote itself, by index:
#: ``{"2": {"by": "a Table grant", "prop": None}}`` (:mod:`slens.loaders.cdk.written`); a loader that sets
#: it drops what a template's own ``Metadata`` said under it
WRITTEN_KEY = "slens:written-by"


@dataclass(frozen=True)
class Origin:
    """The resource as the user wrote it (a SAM function for the role SAM generated from it)."""

    logical_id: str
    type: str
    span: SourceSpan
    #: a human name beyond the id: a CDK construct path or a Terraform address
    label: str | None = None


@dataclass(frozen=True, eq=False)
class Resource:
    """One resource of the graph; ``properties`` hold :mod:`slens.model.values` values."""

    logical_id: str
    type: str
    properties: Mapping[str, Value]
    span: SourceSpan
    origin: Origin
    #: property path -> where it was written; paths missing here fall back to their parent
    spans: Mapping[PropertyPath, SourceSpan] = field(default_factory=dict)
    metadata: Mapping[str, Value] = field(default_factory=dict)
    condition: str | None = None

    @property
    def generated(self) -> bool:
        """Made by a transform or framework from what the user wrote (a SAM function's role, or the
        function itself, expanded from ``AWS::Serverless::Function``), not written as it is."""
        return self.origin.logical_id != self.logical_id or self.origin.type.startswith("AWS::Serverless::")

    def prop(self, *path: str | int) -> Value:
        """The property at ``path``, or None when it is not set."""
        return lookup(self.properties, path)

    def has(self, *path: str | int) -> bool:
        return self.prop(*path) is not None

    def str_prop(self, *path: str | int) -> str | None:
        return as_str(self.prop(*path))

    def int_prop(self, *path: str | int) -> int | None:
        return as_int(self.prop(*path))

    def bool_prop(self, *path: str | int) -> bool | None:
        return as_bool(self.prop(*path))

    def span_of(self, path: PropertyPath) -> SourceSpan:
        """Where ``path`` was written: the deepest written prefix, else the resource itself."""
        for end in range(len(path), 0, -1):
            span = self.spans.get(path[:end])
            if span is not None:
                return span
        return self.span

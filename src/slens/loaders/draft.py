"""A resource under construction, shared by the front ends that build resources themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from slens.model import Origin, PropertyPath, SourceSpan, Value

P = TypeVar("P")


@dataclass
class Draft(Generic[P]):
    """A resource in CloudFormation vocabulary that is still being filled: the Serverless Framework
    merges ``resources`` into what it generated, Terraform folds helper resources (event targets,
    policy attachments ...) into their hosts. It becomes a :class:`~slens.model.Resource` once
    complete. ``P`` is what ``properties`` hold: raw intrinsics for Serverless (converted when the
    resource is made), model values for Terraform."""

    logical_id: str
    type: str
    properties: dict[str, P]
    span: SourceSpan
    origin: Origin
    spans: dict[PropertyPath, SourceSpan] = field(default_factory=dict)
    metadata: dict[str, Value] = field(default_factory=dict)


__all__ = ["Draft"]

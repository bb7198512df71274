"""What a function's own settings say about the work it does: the context in which a default
(memory, timeout) is likely wrong rather than merely unset (LAM002, LAM003)."""

from __future__ import annotations

from slens.model import Graph, Resource, as_str

#: a function behind an S3 Object Lambda access point transforms every object read through it
_OBJECT_LAMBDA = ("AWS::S3ObjectLambda::AccessPoint",)


def heavy_runtime(fn: Resource) -> str | None:
    """A phrase naming the function's runtime when it has a slow, memory-hungry start (JVM, .NET)."""
    runtime = as_str(fn.prop("Runtime"))
    if runtime is None:
        return None
    if runtime.startswith("java"):
        return f"a JVM ({runtime})"
    if runtime.startswith("dotnet"):
        return f"a .NET runtime ({runtime})"
    return None


def is_image(fn: Resource) -> bool:
    """The function is deployed as a container image."""
    return as_str(fn.prop("PackageType")) == "Image"


def object_work(fn: Resource, graph: Graph) -> str | None:
    """A phrase naming the S3 objects the function processes (an S3 trigger, an S3 Object Lambda
    access point): image and document work, memory- and CPU-bound; None when it processes none."""
    for trigger in graph.triggers(fn):
        if trigger.service == "s3":
            bucket = f" {trigger.source.logical_id}" if trigger.source is not None else ""
            return f"it processes objects of S3 bucket{bucket}"
    for point in graph.referrers(fn, _OBJECT_LAMBDA):
        return f"it transforms the objects read through S3 Object Lambda access point {point.logical_id}"
    return None

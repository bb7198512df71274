"""What a function's own settings say about the work it does: the context in which a default
(memory, timeout) is likely wrong rather than merely unset (LAM002, LAM003)."""

from __future__ import annotations

from slens.model import Resource, as_str


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

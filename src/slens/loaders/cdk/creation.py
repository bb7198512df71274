"""Where the user's code created each construct: the line a CDK finding belongs at.

``cdk synth`` records each construct's creation stack (``aws:cdk:creationStack`` in the stack's
metadata): frames like ``new OrdersStack (/home/dev/app/lib/orders-stack.ts:35:22)``. The paths
are those of the machine that synthesized, so a frame is mapped onto the project holding
``cdk.json`` by the longest tail of its path that names a file there. Frames in the CDK's own
code (``node_modules``) are passed over; a frame that maps to nothing, or outside the project,
gives no line and the finding stays in the template.

Node keeps 10 frames of a stack by default, and the CDK records what it gets: a construct the
library creates deep in its own code (a role's ``DefaultPolicy`` made by the first grant, a queue's
``Policy`` made by a bucket notification) is recorded with no user frame at all
(``"(no user code in 10 frames, ...)"``). Such a construct is placed where the nearest construct
enclosing it was created (``Fn/ServiceRole/DefaultPolicy/Resource`` at the line of
``Fn/ServiceRole/Resource``, else of the stack), rather than in the template.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

from slens.loaders.files import active

CREATION_STACK = "aws:cdk:creationStack"
#: ``(path:line:column)`` at the end of a frame, or the frame being just that
_FRAME = re.compile(r"\(?(?P<path>[^()]+?):(?P<line>\d{1,9}):(?P<column>\d{1,9})\)?\s*$")
_LIBRARY = ("node_modules", "aws-cdk-lib", "/constructs/", "node:internal", "internal/")
#: frames read per construct, and path parts tried per frame (the input is the assembly's, bounded)
MAX_FRAMES = 32
MAX_PARTS = 64
#: enclosing constructs tried for a construct whose own creation stack names no user code
MAX_ENCLOSING = 16
#: the child that stands for its construct (an L2's CloudFormation resource, a stack's CDKMetadata aside)
DEFAULT_CHILDREN = ("Resource", "Default")


def app_root(assembly: str) -> str:
    """The folder of the CDK app an assembly belongs to: the nearest one up with ``cdk.json``
    (within the project), else the assembly's parent."""
    folder = os.path.dirname(os.path.abspath(assembly))
    reader = active(folder)
    probe = folder
    while reader.inside(probe):
        if os.path.isfile(os.path.join(probe, "cdk.json")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    return folder


def user_frame(frames: Iterable[object], root: str) -> tuple[str, int, int] | None:
    """``(path, line, column)`` in the app of the first frame in the user's code, or None."""
    reader = active(root)
    for index, frame in enumerate(frames):
        if index >= MAX_FRAMES:
            break
        if not isinstance(frame, str) or any(marker in frame for marker in _LIBRARY):
            continue
        match = _FRAME.search(frame)
        if match is None:
            continue
        parts = [p for p in re.split(r"[\\/]", match.group("path").strip()) if p and p != ".."][-MAX_PARTS:]
        for start in range(len(parts)):
            candidate = os.path.join(root, *parts[start:])
            # never a line outside the project, whatever the frame says
            if os.path.isfile(candidate) and reader.inside(candidate):
                return candidate, int(match.group("line")), int(match.group("column"))
    return None


def creation_stacks(path: str, frames: Mapping[str, list[object]]) -> list[list[object]]:
    """The creation stacks that may place the construct at ``path`` (construct paths without the
    leading ``/``, as keys of ``frames``), nearest first: its own, then for each enclosing construct
    from the innermost out, the stacks of that construct and of its default child."""
    out: list[list[object]] = [frames[path]] if path in frames else []
    parts = path.split("/")
    for end in range(len(parts) - 1, max(len(parts) - 1 - MAX_ENCLOSING, 0), -1):
        enclosing = "/".join(parts[:end])
        for candidate in (enclosing, *(f"{enclosing}/{child}" for child in DEFAULT_CHILDREN)):
            if candidate != path and candidate in frames:
                out.append(frames[candidate])
    return out


def placed_at(stacks: Iterable[list[object]], root: str) -> tuple[str, int, int] | None:
    """``(path, line, column)`` of the first of ``stacks`` (see :func:`creation_stacks`) with a frame in
    the user's code, or None."""
    for frames in stacks:
        found = user_frame(frames, root)
        if found is not None:
            return found
    return None


__all__ = ["CREATION_STACK", "app_root", "creation_stacks", "placed_at", "user_frame"]

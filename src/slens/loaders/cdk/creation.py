"""Where the user's code created each construct: the line a CDK finding belongs at.

``cdk synth`` records each construct's creation stack (``aws:cdk:creationStack`` in the stack's
metadata): frames like ``new OrdersStack (/home/dev/app/lib/orders-stack.ts:35:22)``. The paths
are those of the machine that synthesized, so a frame is mapped onto the project holding
``cdk.json`` by the longest tail of its path that names a file there. Frames in the CDK's own
code (``node_modules``) are passed over; a frame that maps to nothing, or outside the project,
gives no line and the finding stays in the template.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from slens.loaders.files import active

CREATION_STACK = "aws:cdk:creationStack"
#: ``(path:line:column)`` at the end of a frame, or the frame being just that
_FRAME = re.compile(r"\(?(?P<path>[^()]+?):(?P<line>\d{1,9}):(?P<column>\d{1,9})\)?\s*$")
_LIBRARY = ("node_modules", "aws-cdk-lib", "/constructs/", "node:internal", "internal/")
#: frames read per construct, and path parts tried per frame (the input is the assembly's, bounded)
MAX_FRAMES = 32
MAX_PARTS = 64


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


__all__ = ["CREATION_STACK", "app_root", "user_frame"]

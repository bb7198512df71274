"""What a loader returns, whichever format it reads: shared by every loader, the loaded-template
cache and the scan, so it lives in no one loader.

``Problem.kind`` and ``Note.kind`` are the enums of :mod:`slens.kinds`, which the engine reports
as they are: the loaders cannot import the engine, and the engine never converts a string.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slens.kinds import ErrorKind, NoticeKind
from slens.loaders.annotations import RawSuppression
from slens.model import Graph, Value


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input (parse, transform or read): an error in the report."""

    kind: ErrorKind
    message: str
    line: int | None = None
    resource: str | None = None
    #: the file the line is in, when not the loaded one (a fragment a serverless.yml includes)
    file: str | None = None


@dataclass(frozen=True)
class Note:
    """What a loader could not see though nothing is wrong with the input (a remote module, a macro):
    reported as a notice, never as an error."""

    kind: NoticeKind
    message: str
    line: int | None = None
    #: the file the line is in, when not the loaded one
    file: str | None = None


#: the dialect of what a live account's inventory loads into (:mod:`slens.loaders.aws.mapping`)
LIVE_DIALECT = "aws"


@dataclass
class Loaded:
    file: str
    graph: Graph | None
    problems: list[Problem] = field(default_factory=list)
    dialect: str = "cloudformation"
    #: SAM logical id -> local artifact path (kept for handler code analysis)
    local_paths: dict[str, str] = field(default_factory=dict)
    suppressions: list[RawSuppression] = field(default_factory=list)
    #: resources a framework (the CDK) created for itself, left out of the graph
    framework: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    #: the stack's exports: ``Outputs.*.Export.Name`` -> the output's value
    exports: dict[str, Value] = field(default_factory=dict)


@dataclass
class Skipped:
    """A file that is not a template (not an error)."""

    file: str
    reason: str = "not a template"
    problems: list[Problem] = field(default_factory=list)

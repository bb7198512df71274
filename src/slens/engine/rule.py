"""The rule contract: metadata declared once per rule, a check that yields violations."""

from __future__ import annotations

import copy
import hashlib
import inspect
import re
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import ClassVar

from slens.engine.services import Service
from slens.lens import Pillar, Practice, Question
from slens.model import Graph, PropertyPath, Resource, SourceSpan, Value


class Severity(Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.CRITICAL: 4, Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1, Severity.INFO: 0}

#: what a rule id looks like (``LAM001``): a prefix naming the area, three digits
ID_PATTERN = re.compile(r"^[A-Z]{2,4}\d{3}$")
#: what ``Rule.since`` looks like: a release number (``0.1.0``)
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")

DOC_SECTIONS = ("What it does", "Why it matters", "How to fix", "When to ignore")
SNIPPET_DIALECTS = ("SAM", "CloudFormation")
#: fix snippets kept as files in the rule's ``examples/<rule module>/fix/`` folder, by file name: real
#: Terraform, ``serverless.yml`` and CDK code that the tests apply, type-check and synthesize
FIX_FILES = {"terraform.tf": "Terraform", "serverless.yml": "Serverless Framework", "cdk.ts": "CDK TypeScript",
             "cdk.py": "CDK Python"}
#: the code fence language of each fix dialect that is not YAML (docs, the Markdown report)
FIX_FENCES = {"Terraform": "hcl", "CDK TypeScript": "ts", "CDK Python": "python"}
#: the fix dialect each source dialect (:attr:`Origin.dialect`) reads first
DIALECT_FIX = {"sam": "SAM", "cloudformation": "CloudFormation", "terraform": "Terraform",
               "serverless": "Serverless Framework", "cdk": "CDK TypeScript", "live": "CloudFormation"}
#: a snippet file may hold more than the snippet (imports, the stack around it, for the type check):
#: what a user is shown lies between these two marker comments
FIX_START, FIX_END = "fix:start", "fix:end"


@dataclass(frozen=True)
class Violation:
    """What a rule reports: the resource, the property path it is about, and the specifics."""

    resource: Resource
    message: str
    path: PropertyPath = ()


class Rule:
    """Base class of every rule. Subclasses declare the class attributes and ``check``.

    The class docstring is the rule's documentation: a one-line title, then the sections
    of :data:`DOC_SECTIONS` as ``## Heading`` blocks.
    """

    id: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    practice: ClassVar[Practice]
    services: ClassVar[tuple[Service, ...]]
    #: resource types (CloudFormation vocabulary) ``check`` is called with
    resource_types: ClassVar[tuple[str, ...]]
    #: fix snippets per dialect (keys from :data:`SNIPPET_DIALECTS`, more allowed)
    fix: ClassVar[Mapping[str, str]]
    #: the ids and names the rule had before, oldest first (``("LAM001", "old-name")`` for a rule once
    #: called LAM001 old-name): each still selects, ignores, configures and suppresses it, with a
    #: renamed-rule notice naming the current id. Never reuse one for another rule (the catalogue checks).
    aliases: ClassVar[tuple[str, ...]] = ()
    #: the slens release that introduced the rule. Every rule written before the first tag (there is none
    #: yet) is "0.1.0", the only version slens has had; a new rule states the release it will ship in.
    since: ClassVar[str] = "0.1.0"
    #: off unless a team turns it on once (``extend-select``): a practice most apps choose not to follow
    #: (customer-managed keys, code signing, tuned retry settings), where a finding on every resource
    #: would be noise; the precision benchmark (``benchmarks/precision``) shows why for each
    opt_in: ClassVar[bool] = False
    #: ids of the same check in other tools (``serverless-rules:WS1000``, ``checkov:CKV_AWS_50``)
    equivalents: ClassVar[tuple[str, ...]] = ()
    #: ids of the catalogue's rules about the same problem: where two describe one problem on a resource,
    #: the more specific reports it and the other stays silent for that resource (the docstrings say which)
    related: ClassVar[tuple[str, ...]] = ()
    #: a rule about the review itself (suppressions), fed by the engine rather than by resources
    meta: ClassVar[bool] = False
    #: about how a template is written (literal names, parameters): a deployed account has none of it
    templates_only: ClassVar[bool] = False
    #: for a rule fed by the engine's join of deployed resources with their templates (:mod:`slens.engine.join`)
    #: rather than by resources: resource type -> the property paths it compares, which the engine
    #: collects from both sides as plain values so that they travel through workers and the cache
    compares: ClassVar[Mapping[str, tuple[PropertyPath, ...]]] = {}
    #: options a team may set in the configuration, with their defaults (documented in the docstring)
    options: ClassVar[Mapping[str, object]] = {}
    _settings: Mapping[str, object] = {}

    def option(self, name: str) -> object:
        return self._settings.get(name, self.options[name])

    def configured(self, settings: Mapping[str, object]) -> Rule:
        """A copy of this rule with some options set; raises ValueError on an unknown or mistyped one."""
        for key, value in settings.items():
            if key not in self.options:
                raise ValueError(f"rule {self.id} has no option {key!r} (options: {', '.join(self.options) or 'none'})")
            default = self.options[key]
            if not isinstance(value, type(default)) or (isinstance(value, bool) and not isinstance(default, bool)):
                raise ValueError(f"option {key!r} of rule {self.id} must be a {type(default).__name__}")
        clone = copy.copy(self)
        clone._settings = {**self._settings, **settings}
        return clone

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        raise NotImplementedError

    def compare(self, type_: str, path: PropertyPath, declared: Value, deployed: Value) -> str | None:
        """For a rule that :attr:`compares`: what to report when the template states ``declared`` at
        ``path`` and the account has ``deployed`` there (None when the account shows nothing)."""
        return None

    def violation(self, resource: Resource, message: str, *path: str | int) -> Violation:
        return Violation(resource, message, tuple(path))

    @property
    def fingerprint_id(self) -> str:
        """The id the rule was first given: the oldest alias that is an id, else :attr:`id`. Finding
        fingerprints (hence baselines) hash it, so that renaming a rule changes none of them."""
        return next((a for a in self.aliases if ID_PATTERN.match(a)), self.id)

    @property
    def fixes(self) -> Mapping[str, str]:
        """Fix snippets by dialect: :attr:`fix`, then the snippet files of the rule's ``fix`` folder."""
        return _fixes(type(self))

    def fix_for(self, dialect: str) -> tuple[str, str] | None:
        """The snippet to show a finding in ``dialect`` (:data:`DIALECT_FIX`), with its dialect name:
        the user's own dialect when the rule has one, else CloudFormation, else the first there is."""
        fixes = self.fixes
        for name in (DIALECT_FIX.get(dialect, "CloudFormation"), "CloudFormation", *fixes):
            if name in fixes:
                return name, fixes[name]
        return None

    @property
    def question(self) -> Question:
        return self.practice.question

    @property
    def pillar(self) -> Pillar:
        return self.practice.question.pillar

    @property
    def title(self) -> str:
        return _title(type(self))

    @property
    def module(self) -> str:
        return type(self).__module__

    def sections(self) -> dict[str, str]:
        """The docstring's ``## Heading`` sections, by heading."""
        found: dict[str, list[str]] = {}
        current: list[str] | None = None
        for line in (inspect.getdoc(type(self)) or "").splitlines()[1:]:
            if line.startswith("## "):
                current = found.setdefault(line[3:].strip(), [])
            elif current is not None:
                current.append(line)
        return {k: "\n".join(v).strip() for k, v in found.items()}


_TITLES: dict[type[Rule], str] = {}
_FIXES: dict[type[Rule], Mapping[str, str]] = {}


def fix_folder(rule: type[Rule]) -> Path:
    """Where a rule's snippet files live: ``fix`` in the folder of its fixtures."""
    path = Path(inspect.getfile(rule))
    return path.parent / "examples" / path.stem / "fix"


def snippet_of(text: str) -> str:
    """What a snippet file shows a user: the lines between the marker comments, dedented, else all of it."""
    lines = text.splitlines()
    marked = [i for i, line in enumerate(lines) if FIX_START in line or FIX_END in line]
    if len(marked) == 2 and FIX_START in lines[marked[0]]:
        lines = lines[marked[0] + 1:marked[1]]
    return textwrap.dedent("\n".join(lines)).strip("\n") + "\n"


def _fixes(rule: type[Rule]) -> Mapping[str, str]:
    if rule not in _FIXES:
        found = dict(rule.fix)
        folder = fix_folder(rule)
        if folder.is_dir():
            for name, dialect in FIX_FILES.items():
                if (folder / name).is_file():
                    found[dialect] = snippet_of((folder / name).read_text(encoding="utf-8"))
        _FIXES[rule] = found
    return _FIXES[rule]


def _title(rule: type[Rule]) -> str:
    """The docstring's first line (asked for every finding a report shows: cleaned once per rule)."""
    if rule not in _TITLES:
        _TITLES[rule] = (inspect.getdoc(rule) or "").strip().splitlines()[0].strip() if rule.__doc__ else ""
    return _TITLES[rule]


@dataclass(frozen=True)
class Deployed:
    """Where a finding's resource runs in AWS: read from an account, not a template."""

    arn: str | None
    account: str
    region: str
    #: the CloudFormation stack that made it, and the logical id it has there
    stack: str | None = None
    logical_id: str | None = None

    @property
    def location(self) -> str:
        """The account and region as findings that no template line anchors are filed under."""
        return f"aws://{self.account}/{self.region}"

    @property
    def identity(self) -> str:
        """What names the resource whether or not its template was in the scan."""
        if self.arn:
            return self.arn
        return f"{self.location}/{self.stack}/{self.logical_id}" if self.stack else ""


@dataclass(frozen=True)
class Finding:
    """One immutable finding, anchored where the user wrote the resource or property."""

    rule: Rule
    severity: Severity
    resource: str
    resource_type: str
    generated_resource: str | None
    span: SourceSpan
    path: PropertyPath
    message: str
    #: a human name beyond the id (CDK construct path, Terraform address)
    label: str | None = None
    #: the line of the resource's logical id, where a suppression comment may cover all its findings
    resource_line: int | None = None
    #: set when the resource was read from an AWS account
    live: Deployed | None = None
    #: how many identical findings (same rule, resource, line and message) this one stands for
    count: int = 1
    #: what the user wrote the resource in (``cloudformation``, ``sam``, ``cdk``, ``terraform``,
    #: ``serverless``, ``live``): the message speaks it, and the fix shown is in it where the rule has one
    dialect: str = "cloudformation"
    #: :attr:`path` in the user's words (``tracing_config.mode``, ``tracing``), where they differ
    user_path: str | None = None
    #: about what a framework wrote itself (a statement a CDK grant adds): who wrote it
    written_by: str | None = None
    #: the file of :attr:`resource_line` when the finding is in another (a state of a definition the
    #: resource includes from its own file), so that the resource's suppressions still cover it
    resource_file: str | None = None
    #: False when the user has no setting that changes what the finding is about (the framework wrote
    #: it and no property of theirs controls it): reported, but never failing the run
    fails: bool = True

    @property
    def fingerprint(self) -> str:
        """Stable across runs and line moves: rule, file, resource and property path, never lines. A
        deployed resource's is its account, region and ARN instead, so that it is the same whether
        or not its template was in the scan and its finding points there. The rule is named by its
        first id (:attr:`Rule.fingerprint_id`), so that a renamed rule keeps its baselines."""
        live = self.live
        rule_id = self.rule.fingerprint_id
        if live is not None and live.identity:
            parts = [rule_id, live.location, live.identity, "", "/".join(map(str, self.path))]
        else:
            parts = [rule_id, self.span.file, self.resource, self.generated_resource or "",
                     "/".join(map(str, self.path))]
        key = "\x1f".join(parts)
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.file, self.span.line or 0, self.span.column or 0, self.rule.id, self.message)

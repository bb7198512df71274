"""Modules: variables, locals, outputs, references between resources and local module expansion."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from slens.kinds import ErrorKind, NoticeKind
from slens.loaders.files import Confinement, Refusal, Refused, active
from slens.loaders.result import Note, Problem
from slens.loaders.terraform.evaluate import Evaluator, Step, apply_steps, unknown
from slens.loaders.terraform.installed import installed_modules, tf_files
from slens.loaders.terraform.objects import Obj, reference
from slens.loaders.terraform.policy import policy_document
from slens.loaders.terraform.spantable import SpanTable
from slens.loaders.terraform.syntax import Attribute, Block, HclError, parse_file
from slens.loaders.text import printable
from slens.model import SourceSpan, Unknown, Value

_META_ARGUMENTS = {"count", "for_each", "depends_on", "provider", "providers", "lifecycle"}
_SKIPPED_BLOCKS = {"lifecycle", "provisioner", "connection", "timeouts"}
_MODULE_ARGUMENTS = {"source", "version", "count", "for_each", "depends_on", "providers"}
MAX_FILE = 2 * 1024 * 1024
MAX_DEPTH = 12


@dataclass
class Session:
    """What every module of one load shares: problems, spans of built values, the evaluation stack."""

    root_dir: str
    problems: list[Problem] = field(default_factory=list)
    spans: SpanTable = field(default_factory=SpanTable)
    stack: list[str] = field(default_factory=list)
    reported_cycles: set[frozenset[str]] = field(default_factory=set)
    #: what is not reviewed through no fault of the configuration (a module not downloaded yet)
    notes: list[Note] = field(default_factory=list)
    #: module key (``a.b``) -> folder of ``terraform init``'s copy, from ``.terraform/modules/modules.json``
    installed: dict[str, str] | None = None

    def note(self, message: str, file: str | None, line: int | None) -> None:
        self.notes.append(Note(NoticeKind.REMOTE_MODULE, message, line, file))

    def problem(self, kind: ErrorKind, message: str, file: str | None, line: int | None,
                resource: str | None = None) -> None:
        where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
        self.problems.append(Problem(kind, where + message, line, resource))

    def refused(self, refusal: Refused, file: str | None, line: int | None, prefix: str = "") -> None:
        """A read the confinement refused: outside the project is slens's boundary (a notice), the
        rest (a FIFO, a device, too large, not UTF-8) is the input's problem (an error)."""
        if refusal.reason is Refusal.OUTSIDE:
            self.notes.append(Note(NoticeKind.OUTSIDE_PROJECT, prefix + refusal.message, line, file))
        else:
            self.problem(ErrorKind.READ, prefix + refusal.message, file, line)


def _confinement(path: str) -> Confinement:
    """The scan's confinement, with Terraform's own, smaller, size limit for a configuration file."""
    confinement = active(path)
    return replace(confinement, limit=min(confinement.limit, MAX_FILE))


def _display(real: str, names: dict[str, str], root_dir: str, root_display: str) -> str:
    if real in names:
        return names[real]
    relative = printable(os.path.relpath(real, root_dir))  # a folder name that is not UTF-8
    return os.path.normpath(os.path.join(root_display, relative)) if root_display else relative


class Module:
    def __init__(self, session: Session, files: list[str], names: dict[str, str], prefix: str = "",
                 inputs: dict[str, tuple[Attribute, Module]] | None = None, depth: int = 0,
                 chain: tuple[str, ...] = ()) -> None:
        self.session = session
        self.prefix = prefix
        self.names = names
        self.depth = depth
        self.directory = os.path.dirname(os.path.abspath(files[0])) if files else session.root_dir
        self.chain = (*chain, self.directory)
        self.inputs = inputs or {}
        self.variables: dict[str, Block] = {}
        self.locals: dict[str, Attribute] = {}
        self.outputs: dict[str, Attribute] = {}
        self.resources: dict[str, Block] = {}
        self.data: dict[str, Block] = {}
        self.calls: dict[str, Block] = {}
        self.children: dict[str, Module | None] = {}
        self.tfvars: dict[str, Value] = {}
        self._cache: dict[str, Value] = {}
        for path in files:
            self._read(path)

    @property
    def path(self) -> list[str]:
        """The names of the module calls that lead here (``module.a.module.b.`` -> ``[a, b]``)."""
        return self.prefix.rstrip(".").split(".")[1::2] if self.prefix else []

    # -- reading -------------------------------------------------------------------------------

    def display(self, real: str) -> str:
        root_display = os.path.dirname(next(iter(self.names.values()), ""))
        return _display(os.path.abspath(real), self.names, self.session.root_dir, root_display)

    def _read(self, path: str) -> None:
        name = self.display(path)
        try:
            text = _confinement(path).read_text(path, name)
        except Refused as exc:
            self.session.refused(exc, name, None)
            return
        try:
            root = parse_file(text, name)
        except HclError as exc:
            self.session.problem(ErrorKind.PARSE, exc.message, name, exc.line)
            return
        for block in root.blocks:
            self._declare(block)

    def _declare(self, block: Block) -> None:
        labels = block.labels
        if block.type == "resource" and len(labels) >= 2:
            self.resources[f"{labels[0]}.{labels[1]}"] = block
        elif block.type == "data" and len(labels) >= 2:
            self.data[f"{labels[0]}.{labels[1]}"] = block
        elif block.type == "variable" and labels:
            self.variables[labels[0]] = block
        elif block.type == "locals":
            self.locals.update(block.attributes)
        elif block.type == "output" and labels and "value" in block.attributes:
            self.outputs[labels[0]] = block.attributes["value"]
        elif block.type == "module" and labels:
            self.calls[labels[0]] = block

    def read_tfvars(self) -> None:
        """Values of ``terraform.tfvars`` and ``*.auto.tfvars`` beside the root module."""
        try:
            names = sorted(os.listdir(self.directory))
        except OSError:
            return
        for file in [n for n in names if n == "terraform.tfvars"] + [n for n in names if n.endswith(".auto.tfvars")]:
            path = os.path.join(self.directory, file)
            shown = self.display(path)
            try:
                root = parse_file(_confinement(path).read_text(path, shown), shown)
            except Refused as exc:  # the variables keep their defaults; the user is told why
                self.session.refused(exc, shown, None)
                continue
            except HclError as exc:
                self.session.problem(ErrorKind.PARSE, exc.message, shown, exc.line)
                continue
            for attribute in root.attributes.values():
                self.tfvars[attribute.name] = self.evaluator(attribute.file).eval(attribute.expr, attribute.line)

    # -- evaluation ----------------------------------------------------------------------------

    def evaluator(self, file: str) -> Evaluator:
        return Evaluator(self, file, self.session.spans, self.read_text)

    def read_text(self, value: Value) -> Value:
        if not isinstance(value, str):
            return unknown("file() of a path only known at deploy time", value)
        path = value if os.path.isabs(value) else os.path.join(self.session.root_dir, value)
        try:
            text = _confinement(path).read_text(path, value)
        except Refused as exc:  # never the content of a file outside the project, nor a FIFO's wait
            # a missing or binary file is often a build artifact (a zip, a rendered policy): its
            # value is unknown, as at plan time before the build; the rest is said
            if exc.reason not in (Refusal.MISSING, Refusal.UNREADABLE):
                self.session.refused(exc, None, None, f"file({value!r}): ")
            return Unknown(f"file {value} is not read ({exc.reason.value})")
        # a JSON document in the file (a state machine definition) keeps its lines there
        return self.session.spans.written(text, text, self.display(path), 1)

    def _guarded(self, key: str, attribute: Attribute, module: Module) -> Value:
        """Evaluate ``attribute`` once, reporting a reference cycle instead of recursing forever."""
        full = f"{self.prefix}{key}"
        if full in self._cache:
            return self._cache[full]
        stack = self.session.stack
        if full in stack:
            cycle = [*stack[stack.index(full):], full]
            if frozenset(cycle) not in self.session.reported_cycles:
                self.session.reported_cycles.add(frozenset(cycle))
                self.session.problem(ErrorKind.PARSE, "cyclic reference: " + " -> ".join(cycle), attribute.file,
                                     attribute.line)
            return Unknown("cyclic reference: " + " -> ".join(cycle))
        if len(stack) > 200:
            return Unknown("references nested too deeply")
        stack.append(full)
        try:
            value = module.evaluator(attribute.file).eval(attribute.expr, attribute.line)
        finally:
            stack.pop()
        self._cache[full] = value
        return value

    def variable(self, name: str) -> Value:
        if name in self.inputs:
            attribute, parent = self.inputs[name]
            return self._guarded(f"var.{name}", attribute, parent)
        if name in self.tfvars:
            return self.tfvars[name]
        block = self.variables.get(name)
        if block is None:
            return Unknown(f"variable {name} is not declared")
        default = block.attributes.get("default")
        if default is None:  # the root module's inputs play CloudFormation parameters' part
            return Unknown(f"parameter {name}" if not self.prefix else
                           f"variable {name} has no default ({block.file}:{block.line})")
        return self._guarded(f"var.{name}", default, self)

    def sensitive(self, name: str) -> bool:
        """``sensitive = true`` on a variable: Terraform hides its value, as ``NoEcho`` does."""
        block = self.variables.get(name)
        attribute = block.attributes.get("sensitive") if block is not None else None
        if block is None or attribute is None:
            return False
        return self.evaluator(block.file).eval(attribute.expr, attribute.line) is True

    def local(self, name: str) -> Value:
        attribute = self.locals.get(name)
        if attribute is None:
            return Unknown(f"local.{name} is not declared")
        return self._guarded(f"local.{name}", attribute, self)

    def output(self, name: str) -> Value:
        attribute = self.outputs.get(name)
        if attribute is None:
            return Unknown(f"output {name} is not declared in module {self.prefix.rstrip('.')}")
        return self._guarded(f"output.{name}", attribute, self)

    def traverse(self, root: str, steps: list[Step], line: int) -> Value:
        names = [str(key) for kind, key in steps if kind == "attr"]
        first = names[0] if names else ""
        rest = steps[1:]
        if root == "var":
            return apply_steps(self.variable(first), rest)
        if root == "local":
            return apply_steps(self.local(first), rest)
        if root == "module":
            return apply_steps(self.module_output(first, names[1] if len(names) > 1 else ""), steps[2:])
        if root == "data":
            return self.data_value(first, names[1] if len(names) > 1 else "", steps[2:])
        if root == "path":
            return self.directory if first == "module" else self.session.root_dir
        if root == "terraform":
            # the workspace is chosen at deploy time: names built from it differ per stage
            return Unknown(f"terraform.{first}")
        if root in ("count", "each", "self"):
            return Unknown(f"{root}.{first} differs between instances")
        address = f"{root}.{first}"
        if address not in self.resources:
            return Unknown(f"{address} is not declared in this module")
        after = [s for s in rest if s[0] != "index"]
        splat = any(kind == "splat" for kind, _ in rest)
        attribute = next((str(key) for kind, key in after if kind == "attr"), None)
        ref = reference(self.prefix + address, attribute)
        if len([s for s in after if s[0] == "attr"]) > 1:
            return unknown(f"{address}.{'.'.join(names[1:])} is known at deploy time", ref)
        return [ref] if splat else ref

    def module_output(self, name: str, output: str) -> Value:
        child = self.child(name)
        if child is None:
            call = self.calls.get(name)
            source = call.attributes.get("source") if call else None
            text = self.evaluator("").eval(source.expr) if source else None
            return Unknown(f"output {output} of module {name} (source {text}) cannot be read offline")
        return child.output(output)

    def data_value(self, type_: str, name: str, steps: list[Step]) -> Value:
        block = self.data.get(f"{type_}.{name}")
        if block is not None and type_ == "aws_iam_policy_document":
            key = f"data.{type_}.{name}"
            full = self.prefix + key
            if full not in self._cache:
                if full in self.session.stack:
                    return Unknown(f"cyclic reference through {key}")
                self.session.stack.append(full)
                try:
                    self._cache[full] = policy_document(self.evaluate(block), self.session.spans)
                finally:
                    self.session.stack.pop()
            return apply_steps(self._cache[full], steps[1:])
        return Unknown(f"data.{type_}.{name} is read at deploy time")

    # -- blocks --------------------------------------------------------------------------------

    def evaluate(self, block: Block, evaluator: Evaluator | None = None) -> Obj:
        ev = evaluator or self.evaluator(block.file)
        obj = Obj({}, SourceSpan(block.file, block.line, block.column))
        for name, attribute in block.attributes.items():
            if name in _META_ARGUMENTS:
                continue
            obj.attrs[name] = ev.eval(attribute.expr, attribute.line)
            obj.lines[name] = SourceSpan(attribute.file, attribute.line, attribute.column)
        for child in block.blocks:
            if child.type in _SKIPPED_BLOCKS:
                continue
            if child.type == "dynamic" and child.labels:
                content = child.children("content")
                iterator = child.attributes.get("iterator")
                label = child.labels[0]
                var = ev.eval(iterator.expr) if iterator else label
                bound = ev.bind({str(var): Unknown(f"dynamic block {label} iterator")})
                for item in content[:1]:
                    item = Block(label, [], item.file, child.line, item.attributes, item.blocks, child.column)
                    obj.blocks.setdefault(label, []).append(self.evaluate(item, bound))
                continue
            obj.blocks.setdefault(child.type, []).append(self.evaluate(child, ev))
            obj.lines.setdefault(child.type, SourceSpan(child.file, child.line, child.column))
        return obj

    # -- modules -------------------------------------------------------------------------------

    def child(self, name: str) -> Module | None:
        if name in self.children:
            return self.children[name]
        self.children[name] = None
        call = self.calls.get(name)
        if call is None:
            return None
        source_attr = call.attributes.get("source")
        source = self.evaluator(call.file).eval(source_attr.expr) if source_attr else None
        where = (call.file, call.line)
        if not isinstance(source, str):  # Terraform itself wants a literal string
            self.session.problem(ErrorKind.READ, f"module {name} (source {source}): the source is not a string", *where,
                                 f"module.{name}")
            return None
        if not source.startswith(("./", "../")):
            directory = self._installed(name, source, call)
            return self._expand(name, source, directory, call) if directory is not None else None
        directory = os.path.normpath(os.path.join(self.directory, source))
        if not _confinement(directory).inside(directory):
            # slens's own boundary, not the configuration's mistake: noted, and the rest reviewed
            self.session.notes.append(Note(NoticeKind.OUTSIDE_PROJECT, f"module {name} (source {source}) lies "
                                           "outside the project: slens does not read it", call.line, call.file))
            return None
        if not tf_files(directory):
            self.session.problem(ErrorKind.READ, f"module {name} (source {source}): no .tf files in {directory}",
                                 *where, f"module.{name}")
            return None
        return self._expand(name, source, directory, call)

    def _installed(self, name: str, source: str, call: Block) -> str | None:
        """The folder where ``terraform init`` put a registry, git or URL module, or None (with a note)."""
        key = ".".join([*self.path, name])
        shown = f"module {name} (source {source})"
        if self.session.installed is None:
            self.session.installed = installed_modules(self.session.root_dir, MAX_FILE)
        manifest = self.session.installed
        where = (call.file, call.line)
        if key not in manifest:
            self.session.note(f"{shown} is not reviewed: it is downloaded by `terraform init`; run it and slens "
                              "reviews the module from .terraform/modules", *where)
            return None
        directory = manifest[key]
        if not tf_files(directory):
            self.session.note(f"{shown} is not reviewed: .terraform/modules has no .tf files for it; run "
                              "`terraform init` again", *where)
            return None
        return directory

    def _expand(self, name: str, source: str, directory: str, call: Block) -> Module | None:
        if directory in self.chain or self.depth >= MAX_DEPTH:
            self.session.problem(ErrorKind.READ, f"module {name} (source {source}) includes itself", call.file,
                                 call.line, f"module.{name}")
            return None
        files = tf_files(directory)
        inputs = {k: (a, self) for k, a in call.attributes.items() if k not in _MODULE_ARGUMENTS}
        module = Module(self.session, files, self.names, f"{self.prefix}module.{name}.", inputs, self.depth + 1,
                        self.chain)
        self.children[name] = module
        return module

    def walk(self) -> Iterator[Module]:
        yield self
        for name in self.calls:
            child = self.child(name)
            if child is not None:
                yield from child.walk()

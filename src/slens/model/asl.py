"""Amazon States Language: the states of a state machine's definition, and what their tasks invoke.

A definition is written as ``Definition`` (an object), ``DefinitionString`` (a JSON string, or a
``Fn::Sub``/``Fn::Join`` composite of one) and ``DefinitionSubstitutions``. Every reference
inside the text becomes a ``${name}`` placeholder whose value :meth:`Definition.values` returns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from slens.model.graph import Graph
from slens.model.resources import Resource
from slens.model.values import Composite, PropertyPath, Ref, Unknown, Value, as_list, as_mapping, as_str, is_unknown
from slens.model.values import tokenise as _tokenise

_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")
#: errors of the Lambda service that AWS recommends every Lambda task retries
LAMBDA_TRANSIENT_ERRORS = frozenset({"Lambda.ServiceException", "Lambda.AWSLambdaException",
                                     "Lambda.SdkClientException", "Lambda.TooManyRequestsException"})
#: error names that also match those errors in a retrier or catcher
CATCH_ALL_ERRORS = frozenset({"States.ALL", "States.TaskFailed"})


@dataclass(frozen=True)
class State:
    """One state; ``where`` names its enclosing Parallel/Map states (empty at the top level)."""

    name: str
    type: str
    body: Mapping[str, object]
    where: tuple[str, ...] = ()
    #: where the state is written in its resource (``DefinitionString``, ``States``, name...): a
    #: finding about the state points at its line when the loader knows it
    path: PropertyPath = ()
    #: names of the enclosing Parallel/Map states, innermost last
    enclosing: tuple[str, ...] = ()
    #: reached only through a ``Catch``: the state handles another state's failure
    handles_errors: bool = False

    @property
    def label(self) -> str:
        return "/".join((*self.where, self.name))

    @property
    def resource(self) -> str:
        """The task's Resource text (placeholders kept as ``${name}``), or ``""``."""
        return as_str(self.body.get("Resource")) or ""

    def get(self, key: str) -> object:
        return self.body.get(key)

    @property
    def is_lambda_task(self) -> bool:
        """A Task that invokes a Lambda function (the optimised integration or a bare function ARN)."""
        if self.type != "Task":
            return False
        resource = self.resource
        return ":states:::lambda:invoke" in resource or (":lambda:" in resource and ":function:" in resource)

    @property
    def is_service_integration(self) -> bool:
        """A task of an optimised or SDK integration (``arn:aws:states:::sqs:sendMessage``)."""
        return ":states:::" in self.resource

    @property
    def tolerates_failures(self) -> bool:
        """A Map state that lets some items fail without failing (``ToleratedFailure*``)."""
        return self.type == "Map" and any(
            self.body.get(k) not in (None, 0, "0") for k in (
                "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount",
                "ToleratedFailureCountPath"))

    @property
    def is_distributed_map(self) -> bool:
        """A Map state that runs its items as child executions (``ProcessorConfig.Mode: DISTRIBUTED``)."""
        processor = as_mapping(as_mapping(self.body.get("ItemProcessor")).get("ProcessorConfig"))
        return self.type == "Map" and as_str(processor.get("Mode")) == "DISTRIBUTED"

    @property
    def is_callback_task(self) -> bool:
        """A Task that waits for a callback: a task token or an activity worker."""
        resource = self.resource
        return self.type == "Task" and (resource.endswith(".waitForTaskToken") or ":activity:" in resource)


@dataclass
class Definition:
    """A parsed definition: its states (nested ones included) and the placeholder values."""

    states: list[State] = field(default_factory=list)
    substitutions: dict[str, Value] = field(default_factory=dict)
    #: the property a finding about the definition anchors on (SAM's ``Definition`` when written so)
    key: str = "DefinitionString"
    #: the definition's own ``TimeoutSeconds`` as written (None when not set)
    timeout: object = None

    def state(self, name: str) -> State | None:
        return next((s for s in self.states if s.name == name), None)

    def failure_tolerated_around(self, state: State) -> bool:
        """Whether an enclosing Map state lets items fail by design (``ToleratedFailure*``) and
        catches the failure beyond that: an item's failure is then the Map's to handle."""
        for name in state.enclosing:
            outer = self.state(name)
            if outer is not None and outer.tolerates_failures and outer.get("Catch"):
                return True
        return False

    def values(self, text: object) -> list[Value]:
        """The values standing behind ``text``: itself if it is a value, else its placeholders' values."""
        if isinstance(text, Ref | Unknown | Composite):
            return [text]
        found: list[Value] = []
        for name in _PLACEHOLDER.findall(as_str(text) or ""):
            if name in self.substitutions:
                found.append(self.substitutions[name])
            else:  # a placeholder nobody substitutes (a pseudo parameter, or left for deploy time)
                found.append(Unknown(name))
        return found

    def waits_for_callback(self, state: State, graph: Graph) -> bool:
        """A task token or activity task, the activity named by reference included."""
        if state.is_callback_task:
            return True
        return state.type == "Task" and any(
            (res := graph.resolve(v)) is not None and res.type == "AWS::StepFunctions::Activity"
            for v in self.values(state.get("Resource")))

    def is_unknown(self, text: object) -> bool:
        return any(is_unknown(v) for v in self.values(text))

    def invoked_function(self, state: State, graph: Graph) -> Resource | None:
        """The graph function a Lambda task invokes, when it can be known."""
        params = as_mapping(state.get("Parameters")) or as_mapping(state.get("Arguments"))
        target: object = params.get("FunctionName") if ":states:::lambda:invoke" in state.resource \
            else state.get("Resource")
        for value in self.values(target):
            fn = graph.function_of(value)
            if fn is not None:
                return fn
        name = as_str(target)
        if not name or _PLACEHOLDER.search(name):
            return None
        name = name.split(":function:", 1)[-1].split(":", 1)[0]
        return next((f for f in graph.functions if as_str(f.prop("FunctionName")) == name), None)


def _targets(body: Mapping[str, object], with_catch: bool) -> Iterator[str]:
    """Names a state moves on to: ``Next``, ``Default``, Choice rules (and ``Catch`` when asked)."""
    for key in ("Next", "Default"):
        if isinstance(name := body.get(key), str):
            yield name
    for choice in as_list(body.get("Choices")):
        if isinstance(name := as_mapping(choice).get("Next"), str):
            yield name
    if with_catch:
        for catcher in as_list(body.get("Catch")):
            if isinstance(name := as_mapping(catcher).get("Next"), str):
                yield name


def _reachable(states: Mapping[str, object], start: object) -> set[str]:
    """States reached from ``start`` without taking a ``Catch``."""
    seen: set[str] = set()
    todo = [start] if isinstance(start, str) else []
    while todo:
        name = todo.pop()
        body = states.get(name)
        if name in seen or not isinstance(body, dict):
            continue
        seen.add(name)
        todo.extend(_targets(body, with_catch=False))
    return seen


def _walk(scope: Mapping[str, object], where: tuple[str, ...], enclosing: tuple[str, ...],
          path: PropertyPath) -> Iterator[State]:
    states = as_mapping(scope.get("States"))
    normal = _reachable(states, scope.get("StartAt"))
    handlers: set[str] = set()
    for body in states.values():
        for catcher in as_list(as_mapping(body).get("Catch")):
            handlers |= _reachable(states, as_mapping(catcher).get("Next"))
    handlers -= normal
    for name, body in states.items():
        if not isinstance(body, dict):
            continue
        here: PropertyPath = (*path, "States", name)
        state = State(name, as_str(body.get("Type")) or "", body, where, here, enclosing, name in handlers)
        yield state
        for index, branch in enumerate(as_list(body.get("Branches"))):
            yield from _walk(as_mapping(branch), (*where, name, f"branch {index + 1}"), (*enclosing, name),
                             (*here, "Branches", index))
        for key in ("ItemProcessor", "Iterator"):
            inner = as_mapping(body.get(key))
            if inner:
                yield from _walk(inner, (*where, name), (*enclosing, name), (*here, key))


def parse_definition(machine: Resource) -> Definition | None:
    """The state machine's definition, or None when it is not in the template or cannot be read."""
    definition = Definition()
    for key, value in as_mapping(machine.prop("DefinitionSubstitutions")).items():
        definition.substitutions[key] = value
    raw: object = machine.prop("Definition")
    if raw is not None or ("Definition",) in machine.spans:
        definition.key = "Definition"
    if raw is None:
        raw = machine.prop("DefinitionString")
        if isinstance(raw, Composite):
            raw = _tokenise(raw, definition.substitutions)
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                return None
    if not isinstance(raw, dict) or not isinstance(raw.get("States"), dict):
        return None
    definition.states = list(_walk(raw, (), (), (definition.key,)))
    definition.timeout = raw.get("TimeoutSeconds")
    return definition


def lambda_tasks(machine: Resource, graph: Graph) -> Iterator[tuple[State, Resource | None, Definition]]:
    """Every Lambda task of the machine, with the graph function it invokes (None when unknown)."""
    definition = parse_definition(machine)
    if definition is None:
        return
    for state in definition.states:
        if state.is_lambda_task:
            yield state, definition.invoked_function(state, graph), definition
        elif state.type == "Task" and not state.is_service_integration:
            # a bare ARN is a function or an activity: a function of the template, or one whose ARN
            # arrives through a parameter or SSM, is judged as a Lambda task all the same
            values = definition.values(state.get("Resource"))
            fn = next((f for v in values if (f := graph.function_of(v))), None)
            literal = " ".join(v for v in values if isinstance(v, str))
            other = ":states:::" in literal or ":activity:" in literal or definition.waits_for_callback(state, graph)
            if fn is not None or (values and _only_placeholders(state.resource) and not other):
                yield state, fn, definition


def _only_placeholders(text: str) -> bool:
    return bool(text) and not _PLACEHOLDER.sub("", text).strip()


def handles(rules: object, errors: frozenset[str]) -> bool | None:
    """Whether a ``Retry`` or ``Catch`` list covers any of ``errors``; None when it cannot be known."""
    if isinstance(rules, Unknown | Composite):
        return None
    if not isinstance(rules, list):
        return False
    for rule in rules:
        names = as_mapping(rule).get("ErrorEquals")
        if not isinstance(names, list):
            return None if names is not None else False
        if any(as_str(n) in errors or as_str(n) in CATCH_ALL_ERRORS for n in names):
            return True
    return False


__all__ = ["Definition", "State", "handles", "lambda_tasks", "parse_definition"]

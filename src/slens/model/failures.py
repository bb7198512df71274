"""Failure paths: who sends the events it could not process where, in every form it is written.

One model for every rule that asks "is this a dead-letter queue" or "where do failures go":

* an SQS queue's ``RedrivePolicy`` (a mapping, JSON text, or a ``Fn::Sub``/``Fn::Join`` of JSON text;
  Terraform's ``jsonencode`` arrives as a mapping) and its ``RedriveAllowPolicy``;
* a function's ``DeadLetterConfig`` and the ``OnFailure`` destination of its event invoke configs;
* an event source mapping's ``DestinationConfig.OnFailure``;
* an SNS subscription's ``RedrivePolicy``;
* an EventBridge rule's (or Scheduler schedule's) target ``DeadLetterConfig``;
* an EventBridge pipe's source ``DeadLetterConfig``;
* a Step Functions task sending to a queue (``arn:aws:states:::sqs:sendMessage``, with or without
  ``.waitForTaskToken``) in a state only reached through a ``Catch``.

The declarative connections are the graph's ``sends-failures-to`` edges; this module names their kind
and adds what only a parsed state machine definition shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from slens.model.asl import Definition, State, parse_definition
from slens.model.graph import Graph
from slens.model.relations import FUNCTION, Relation
from slens.model.resources import Resource
from slens.model.values import Value, as_list, as_mapping, as_str, is_unknown, json_document

QUEUE = "AWS::SQS::Queue"
_SEND_MESSAGE = ":states:::sqs:sendMessage"


class FailureKind(Enum):
    SQS_REDRIVE = "sqs-redrive"
    LAMBDA_DLQ = "lambda-dlq"
    LAMBDA_ON_FAILURE = "lambda-on-failure-destination"
    EVENT_SOURCE_MAPPING_ON_FAILURE = "event-source-mapping-on-failure"
    SNS_SUBSCRIPTION_REDRIVE = "sns-subscription-redrive"
    EVENTBRIDGE_TARGET_DLQ = "eventbridge-target-dlq"
    PIPE_DLQ = "pipe-dlq"
    STEPFUNCTIONS_CATCH = "stepfunctions-catch"


_EDGE_KINDS = {
    QUEUE: FailureKind.SQS_REDRIVE,
    "AWS::Lambda::EventSourceMapping": FailureKind.EVENT_SOURCE_MAPPING_ON_FAILURE,
    "AWS::SNS::Subscription": FailureKind.SNS_SUBSCRIPTION_REDRIVE,
    "AWS::Events::Rule": FailureKind.EVENTBRIDGE_TARGET_DLQ,
    "AWS::Scheduler::Schedule": FailureKind.EVENTBRIDGE_TARGET_DLQ,
    "AWS::Pipes::Pipe": FailureKind.PIPE_DLQ,
}


@dataclass(frozen=True)
class FailurePath:
    """``source`` sends what it failed to process to ``destination``."""

    source: Resource
    destination: Resource
    kind: FailureKind
    #: the resource that declares the path when it is not the source (an event invoke config)
    via: Resource | None = None
    #: for a Step Functions path, the state (``Parallel/branch 1/SendToDLQ``) that sends
    state: str | None = None


def failure_paths(graph: Graph) -> list[FailurePath]:
    """Every failure path of the graph (built once per graph)."""
    return graph.memo(_failure_paths)


def _failure_paths(graph: Graph) -> list[FailurePath]:
    found: list[FailurePath] = []
    for edge in graph.edges:
        if edge.relation is not Relation.SENDS_FAILURES_TO:
            continue
        if edge.source.type == FUNCTION:
            kind = FailureKind.LAMBDA_DLQ if edge.via is None else FailureKind.LAMBDA_ON_FAILURE
        else:
            kind = _EDGE_KINDS.get(edge.source.type, FailureKind.LAMBDA_ON_FAILURE)
        found.append(FailurePath(edge.source, edge.target, kind, edge.via))
    for machine in graph.of_type("AWS::StepFunctions::StateMachine"):
        found.extend(_catch_paths(machine, graph))
    return found


def _by_destination(graph: Graph) -> dict[str, list[FailurePath]]:
    index: dict[str, list[FailurePath]] = defaultdict(list)
    for path in failure_paths(graph):
        index[path.destination.logical_id].append(path)
    return index


def _by_source(graph: Graph) -> dict[str, list[FailurePath]]:
    index: dict[str, list[FailurePath]] = defaultdict(list)
    for path in failure_paths(graph):
        index[path.source.logical_id].append(path)
    return index


def failure_destinations(graph: Graph, source: Resource) -> list[FailurePath]:
    """The paths along which ``source`` (a queue, function, mapping, subscription, rule, pipe, state
    machine) sends its failures, in graph order."""
    return list(graph.memo(_by_source).get(source.logical_id, ()))


def failure_sources(graph: Graph, destination: Resource) -> list[FailurePath]:
    """The paths that end in ``destination``: who sends their failures to it."""
    return list(graph.memo(_by_destination).get(destination.logical_id, ()))


def is_dead_letter_target(graph: Graph, resource: Resource) -> bool:
    """True for a resource that receives failures (a dead-letter queue, an on-failure destination), or a
    queue whose ``RedriveAllowPolicy`` lets other queues use it as theirs (possibly from other stacks)."""
    return bool(failure_sources(graph, resource)) or (resource.type == QUEUE and allows_redrive(resource))


# -- SQS redrive ------------------------------------------------------------------------------


def redrive_policy(queue: Resource) -> Mapping[str, Value]:
    """The queue's ``RedrivePolicy`` as a mapping, whichever way it was written ({} when not readable)."""
    return as_mapping(json_document(queue.prop("RedrivePolicy")))


def allows_redrive(queue: Resource) -> bool:
    """Whether the queue declares itself a dead-letter queue for other queues: a ``RedriveAllowPolicy``
    other than ``denyAll`` (one that cannot be read counts: it was written to allow something)."""
    allow = queue.prop("RedriveAllowPolicy")
    if allow is None:
        return False
    policy = json_document(allow)
    if policy is None or is_unknown(policy):
        return True
    return as_str(as_mapping(policy).get("redrivePermission")) != "denyAll"


# -- Lambda -----------------------------------------------------------------------------------


def has_failure_destination(graph: Graph, function: Resource) -> bool:
    """Whether the function's failed asynchronous events go somewhere: a dead-letter queue or an
    on-failure destination, in the template or outside it (an ARN written as text)."""
    if function.has("DeadLetterConfig", "TargetArn") or failure_destinations(graph, function):
        return True
    return any(c.has("DestinationConfig", "OnFailure", "Destination") for c in graph.invoke_configs(function))


# -- Step Functions -----------------------------------------------------------------------------


def _transitions(state: State) -> list[str]:
    """The states ``state`` moves to on success (``Next``, a Choice's rules and default)."""
    found = [as_str(state.get("Next")) or "", as_str(state.get("Default")) or ""]
    found.extend(as_str(as_mapping(choice).get("Next")) or "" for choice in as_list(state.get("Choices")))
    return [name for name in found if name]


def _catches(state: State) -> list[str]:
    return [name for c in as_list(state.get("Catch")) if (name := as_str(as_mapping(c).get("Next")))]


def _reach(starts: Iterable[str], scope: Mapping[str, State], follow_catch: bool) -> set[str]:
    seen: set[str] = set()
    todo = [name for name in starts if name in scope]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        state = scope[name]
        todo.extend(n for n in (*_transitions(state), *(_catches(state) if follow_catch else ())) if n in scope)
    return seen


def _starts(definition: Definition) -> dict[tuple[str, ...], str]:
    """The ``StartAt`` of each nested scope (a Parallel branch, a Map's processor), by its ``where``."""
    found: dict[tuple[str, ...], str] = {}
    for state in definition.states:
        for index, branch in enumerate(as_list(state.get("Branches"))):
            start = as_str(as_mapping(branch).get("StartAt"))
            if start:
                found[(*state.where, state.name, f"branch {index + 1}")] = start
        for key in ("ItemProcessor", "Iterator"):
            start = as_str(as_mapping(state.get(key)).get("StartAt"))
            if start:
                found[(*state.where, state.name)] = start
    return found


def failure_only_states(definition: Definition) -> list[State]:
    """States only reached through a ``Catch``: what a state machine does with its failures. A nested
    scope starts at its ``StartAt``; the top level (whose ``StartAt`` the definition does not keep) at
    the states no other state moves to, else (a loop back to ``StartAt``) at its first state."""
    scopes: dict[tuple[str, ...], dict[str, State]] = defaultdict(dict)
    for state in definition.states:
        scopes[state.where][state.name] = state
    starts = _starts(definition)
    found: list[State] = []
    for where, scope in scopes.items():
        targets = {n for s in scope.values() for n in (*_transitions(s), *_catches(s))}
        entries = [starts[where]] if where in starts else [n for n in scope if n not in targets] or list(scope)[:1]
        normal = _reach(entries, scope, follow_catch=False)
        handlers = _reach([n for s in scope.values() for n in _catches(s)], scope, follow_catch=True)
        found.extend(scope[n] for n in scope if n in handlers and n not in normal)
    return found


def _catch_paths(machine: Resource, graph: Graph) -> list[FailurePath]:
    definition = parse_definition(machine)
    if definition is None:
        return []
    found: list[FailurePath] = []
    for state in failure_only_states(definition):
        if state.type != "Task" or _SEND_MESSAGE not in state.resource:
            continue
        queue = _sent_to(state, definition, graph)
        if queue is not None:
            found.append(FailurePath(machine, queue, FailureKind.STEPFUNCTIONS_CATCH, state=state.label))
    return found


def _sent_to(state: State, definition: Definition, graph: Graph) -> Resource | None:
    """The template queue a ``sqs:sendMessage`` task sends to (by reference, or by its literal URL)."""
    params = as_mapping(state.get("Parameters")) or as_mapping(state.get("Arguments"))
    url = params.get("QueueUrl")
    for value in definition.values(url):
        queue = graph.resolve(value)
        if queue is not None and queue.type == QUEUE:
            return queue
    name = (as_str(url) or "").rstrip("/").rsplit("/", 1)[-1]
    if not name or "${" in name:
        return None
    return next((q for q in graph.of_type(QUEUE) if as_str(q.prop("QueueName")) == name), None)


__all__ = ["FailureKind", "FailurePath", "allows_redrive", "failure_destinations", "failure_only_states",
           "failure_paths", "failure_sources", "has_failure_destination", "is_dead_letter_target",
           "redrive_policy"]

"""Every rule's Serverless Framework fix snippet (``examples/<rule>/fix/serverless.yml``) is applied to
the rule's failing ``*.serverless.yml`` fixtures: the rule stops firing.

The snippet a user is shown (the text between the ``fix:start`` and ``fix:end`` markers, else the whole
file: :func:`slens.engine.rule.snippet_of`) is parsed, deep-merged into the fixture, the patched service
is written out and loaded by the real Serverless loader, and only the snippet's rule runs on it. It must
report nothing on the resources it flagged before, nor on resources the snippet brought in; and each
resource it flagged must still be there (a fix that deletes what it fixes, or renames it away, is no fix
a merge can prove).

Merging: mappings merge recursively, the snippet's scalars and lists replace the fixture's, except where
said below. The snippet is applied once per flagged resource (its *subject*): the function it was
generated from (its origin), the state machine, or the ``resources.Resources`` entry itself.

Placeholders. A snippet is written for any service, so it names things the user has with placeholder
names that start with ``my``/``My``:

* ``functions.myFunction`` (any key ``my[A-Z]...`` the fixture lacks) stands for the subject's function;
  when the subject came from no function (a provider-level API, the shared role, a raw resource), for
  the functions other subjects came from, and when none did, for every function of the fixture. Other
  function names the fixture lacks are added as new functions (an authorizer); a name the fixture has
  merges into it.
* ``provider.httpApi.authorizers.myAuthorizer`` (any placeholder name the fixture lacks) stands for
  each of the authorizers the fixture declares there.
* ``stepFunctions.stateMachines.myStateMachine`` likewise stands for the subject's state machine (else
  those of the other subjects, else all of them); in a ``definition``, a state the fixture lacks that
  has a ``Type`` merges into the fixture's top-level states of that ``Type`` (``MyTask: {Type: Task,
  Retry: ...}``).
* The logical ids the framework derives from a placeholder, or from ``myFunction`` and
  ``myStateMachine`` when the snippet has no such section (``MyFunctionLambdaFunction``,
  ``MyStateMachineStepFunctionsStateMachine``) and any id that begins like one (an alarm
  ``MyFunctionErrorsAlarm``) are renamed for the subject (``OrdersLambdaFunction``,
  ``OrdersErrorsAlarm``), wherever they appear (keys, ``Ref``, ``Fn::GetAtt``, ``Fn::Sub`` text).
* Any other ``My...`` id the snippet mentions that neither the fixture's graph nor the snippet defines,
  and whose last word names the subject's type (``MyQueue`` for an ``AWS::SQS::Queue``, ``MyTable``,
  ``MyBucket``), stands for the subject: it and the ids beginning with it are renamed the same way;
  where it names the type of exactly one resource of the fixture (the queue a policy is for, the
  table a role writes to), it stands for that resource.
* In ``resources.Resources`` a ``My...`` entry the fixture lacks, with a ``Type``, merges into the
  subject when the subject is of that type and written there; else it is added (a dead-letter queue
  the fix brings in), and so is a CloudWatch alarm always. In ``resources.Parameters`` a ``My...``
  parameter the fixture lacks merges into each of the fixture's parameters of its ``Type``.

Events. A function's ``events`` list is merged by kind, not replaced: each event of the snippet merges
into every event of the same kind the fixture's function has (a shorthand string such as
``http: GET orders`` or ``sns: order-events`` is first expanded to its mapping form), and is appended
when the function has none of that kind. The keys that say *which* source an event is (``arn``,
``topicName``, ``path``, ``method``, ``route``, ``bucket``, ``rate``, ``pattern``, ``type``...) are
placeholders too: the fixture's values are kept where it has them; but where some of the fixture's
events of that kind have the snippet's value (``method: post``), the snippet merges into those only.

A fixture a merge cannot clear is listed in ALLOWED with the reason (``(rule, fixture)`` for the whole
fixture, ``(rule, fixture, logical id)`` for one resource of it that may keep its finding); a rule of
the catalogue whose fix Serverless Framework cannot express in ``serverless.yml`` (a live-account rule,
a rule about suppressions) is in NOT_EXPRESSIBLE, with the reason: every other rule has a snippet.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from slens.docs import examples_dir
from slens.engine import Finding, Rule
from slens.engine.rule import fix_folder, snippet_of
from slens.loaders.serverless.common import FUNCTION_ORIGIN, STATE_MACHINE_ORIGIN, normalized
from slens.loaders.yamlparse import parse_yaml
from slens.rules import load_catalogue
from tests.rule_fixtures import last_word, load_fixture, rule_of, run_rule

SNIPPET = "serverless.yml"
#: the parity set: the rules whose serverless.yml snippet came first (every rule of the catalogue is
#: covered: it has a snippet or NOT_EXPRESSIBLE says why not)
PARITY = ("LAM001", "LAM006", "API001", "API004", "API005", "SQS002", "SNS001", "IAM001", "DDB301", "SFN301")

_LIVE = "a live-account rule: it reads the deployed account (metrics, stacks, usage), not a template, so no " \
        "serverless.yml change is its fix"
_SUPPRESSION = "a review rule about slens's own suppressions (.slens.yml, inline comments): the fix is to the " \
               "suppression, not to the service"
#: rule id -> why its fix has no serverless.yml form
NOT_EXPRESSIBLE: dict[str, str] = {
    "DRF001": "a live-account rule: it compares the deployed resources with the template; the fix is to deploy "
              "the template (or to change it to what is deployed), not a serverless.yml change",
    "LIV102": _LIVE,
    "LIV103": "a live-account rule: a stack in a failed state is fixed by continuing or rolling back the update "
              "in the account, not by a serverless.yml change",
    "LIV201": _LIVE,
    "LIV301": _LIVE,
    "LIV401": _LIVE,
    "SLN001": _SUPPRESSION,
    "SLN002": _SUPPRESSION,
}

_NEW_EVENT = "the fix turns a schedule event into an eventBridge event (schedule events take no dead-letter " \
             "queue in the framework's schema): a merge does not change an event's kind"
_OWN_ROLES = "the fix gives each function a role of its own (serverless-iam-roles-per-function): the shared " \
             "role it flags is no longer generated, so it is gone rather than fixed"
_SPLIT = "the fix splits the function, one per kind of invoker: a merge neither deletes an event nor moves " \
         "it to another function"
# DDB401's merge leaves ProvisionedThroughput beside BillingMode: PAY_PER_REQUEST (which CloudFormation
# rejects; the snippet says to remove it): the rule reads the billing mode, so the fixture is applied.
#: (rule id, fixture file name[, logical id]) -> why the snippet does not clear that fixture (or resource)
ALLOWED: dict[tuple[str, ...], str] = {
    ("EVB001", "fail_event_bridge_and_schedule.serverless.yml", "OrdersEventsRuleSchedule1"): _NEW_EVENT,
    ("API401", "fail_regional_proxy_api.serverless.yml"): "the fix moves the http events to httpApi events: a "
                                                          "merge does not change an event's kind nor delete one",
    ("IAM003", "fail_shared_execution_role.serverless.yml", "IamRoleLambdaExecution"): _OWN_ROLES,
    ("LAM205", "fail_http_crud.serverless.yml", "IamRoleLambdaExecution"): _OWN_ROLES,
    ("LAM009", "fail_http_and_sns.serverless.yml"): _SPLIT,
    ("LAM405", "fail_http_api_to_queue.serverless.yml"): "the fix deletes the function (API Gateway sends to the "
                                                         "queue itself): a merge does not delete a function",
    ("LAM203", "fail_plain_text_key.serverless.yml"): "the fix deletes the plain-text variables (the function "
                                                      "gets the secret's ARN instead): a merge does not delete a key",
}

PLACEHOLDER = re.compile(r"^[mM]y[A-Z0-9]")
ADDITIVE = frozenset({"AWS::CloudWatch::Alarm"})
#: what says which source an event is: the fixture's value is kept
IDENTITY_KEYS = frozenset({"arn", "topicName", "path", "method", "route", "bucket", "rate", "pattern", "type",
                           "queue", "stream", "eventBus", "event", "existing", "name"})


# -- reading ---------------------------------------------------------------------------------------

def snippet_text(rule: Rule) -> str | None:
    path = fix_folder(type(rule)) / SNIPPET
    return snippet_of(path.read_text(encoding="utf-8")) if path.is_file() else None


def parse(text: str) -> Any:
    """YAML as plain data, short-form tags in their long form; invalid YAML or an unknown tag fails."""
    value, warnings = parse_yaml(text)
    assert not warnings, f"YAML warnings: {warnings}"
    return json.loads(json.dumps(value))


def fixtures_of(rule: Rule, prefix: str = "fail_") -> list[Path]:
    folder = examples_dir(rule)
    return sorted(folder.glob(f"{prefix}*.serverless.yml"))



# -- placeholders ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Subject:
    """A flagged resource, and the function or state machine of the fixture it was generated from."""

    resource: str
    type: str
    function: str | None
    machine: str | None


def generated(finding: Finding) -> str:
    """The logical id of the resource a finding is about (the framework's, for a generated one)."""
    return finding.generated_resource or finding.resource


def subjects_of(findings: list[Finding], path: Path) -> list[Subject]:
    graph = load_fixture(path).graph
    assert graph is not None
    found: dict[str, Subject] = {}
    for finding in findings:
        resource = graph.resources.get(generated(finding))
        if resource is None or resource.logical_id in found:
            continue
        origin = resource.origin
        found[resource.logical_id] = Subject(resource.logical_id, resource.type,
                                          origin.logical_id if origin.type == FUNCTION_ORIGIN else None,
                                          origin.logical_id if origin.type == STATE_MACHINE_ORIGIN else None)
    return list(found.values())


def strings(node: Any) -> set[str]:
    """Every identifier-like word in the node's keys and string values."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            found.update(re.findall(r"[A-Za-z][A-Za-z0-9]*", str(key)))
            found.update(strings(value))
    elif isinstance(node, list):
        for item in node:
            found.update(strings(item))
    elif isinstance(node, str):
        found.update(re.findall(r"[A-Za-z][A-Za-z0-9]*", node))
    return found



def rename(node: Any, names: dict[str, str]) -> Any:
    """The node with every word beginning with a placeholder id renamed (keys and strings alike)."""
    if not names:
        return node
    pattern = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + ")")

    def sub(text: str) -> str:
        return pattern.sub(lambda m: names[m.group(1)], text)

    if isinstance(node, dict):
        return {sub(str(k)): rename(v, names) for k, v in node.items()}
    if isinstance(node, list):
        return [rename(item, names) for item in node]
    if isinstance(node, str):
        return sub(node)
    return node


def bind(snippet: dict[str, Any], subject: Subject, doc: dict[str, Any], known: dict[str, str]) -> dict[str, Any]:
    """The snippet with its placeholder ids renamed for the subject (see the module's docstring)."""
    names: dict[str, str] = {}
    functions = list(doc.get("functions") or {})
    function = subject.function or (functions[0] if len(functions) == 1 else None)
    placeholders = {key for key in (snippet.get("functions") or {}) if PLACEHOLDER.match(key)} | {"myFunction"}
    for key in placeholders:
        if key not in functions and function:
            names[normalized(key)] = normalized(function)
    machines = list((doc.get("stepFunctions") or {}).get("stateMachines") or {})
    machine = subject.machine or (machines[0] if len(machines) == 1 else None)
    placeholders = {key for key in ((snippet.get("stepFunctions") or {}).get("stateMachines") or {})
                    if PLACEHOLDER.match(key)} | {"myStateMachine"}
    for key in placeholders:
        if key not in machines and machine:
            names[normalized(key)] = normalized(machine)
    snippet = rename(snippet, names)
    defined = set((snippet.get("resources") or {}).get("Resources") or {})
    kind = last_word(subject.type.rsplit("::", 1)[-1])
    for word in sorted(strings(snippet) - set(known) - defined):
        if not (word.startswith("My") and PLACEHOLDER.match(word)):
            continue
        alike = [name for name, type_ in known.items() if last_word(type_.rsplit("::", 1)[-1]) == last_word(word)]
        if last_word(word) == kind:
            snippet = rename(snippet, {word: subject.resource})
        elif len(alike) == 1:  # the fixture's only queue, table, rule...
            snippet = rename(snippet, {word: alike[0]})
    return snippet


# -- merging ---------------------------------------------------------------------------------------

def merge(base: Any, patch: Any) -> Any:
    """Mappings merge recursively; the patch's scalars and lists replace."""
    if isinstance(patch, dict) and isinstance(base, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = merge(out.get(key), value)
        return out
    return copy.deepcopy(patch)


def expand(kind: str, config: Any) -> Any:
    """An event's shorthand string in its mapping form."""
    if not isinstance(config, str):
        return config
    if kind in ("http", "httpApi"):
        method, _, path = config.partition(" ")
        return {"method": method, "path": path} if path else {"method": "*", "path": config}
    if kind == "sns":
        return {"arn": config} if config.startswith("arn:") else {"topicName": config}
    if kind in ("sqs", "stream"):
        return {"arn": config}
    if kind == "schedule":
        return {"rate": config}
    if kind == "s3":
        return {"bucket": config}
    if kind == "websocket":
        return {"route": config}
    return config


def merge_event(base: Any, patch: Any) -> Any:
    if not isinstance(patch, dict) or not isinstance(base, dict):
        return copy.deepcopy(patch)
    out = dict(base)
    for key, value in patch.items():
        if key in IDENTITY_KEYS and key in base:
            continue
        out[key] = merge(base.get(key), value)
    return out


def merge_events(base: Any, patch: Any) -> list[Any]:
    events = [copy.deepcopy(e) for e in base] if isinstance(base, list) else []
    for item in patch if isinstance(patch, list) else []:
        (kind, config), = item.items()
        same = [i for i, e in enumerate(events) if isinstance(e, dict) and kind in e]
        wanted = expand(kind, config)
        for key, value in (wanted.items() if isinstance(wanted, dict) else ()):
            if key in IDENTITY_KEYS:  # a value the fixture's events have picks those events
                chosen = [i for i in same if isinstance(expand(kind, events[i][kind]), dict)
                          and str(expand(kind, events[i][kind]).get(key)).lower() == str(value).lower()]
                same = chosen or same
        for i in same:
            events[i] = {kind: merge_event(expand(kind, events[i][kind]), expand(kind, config))}
        if not same:
            events.append(copy.deepcopy(item))
    return events


def merge_function(base: Any, patch: dict[str, Any]) -> dict[str, Any]:
    out = dict(base) if isinstance(base, dict) else {}
    for key, value in patch.items():
        out[key] = merge_events(out.get(key), value) if key == "events" else merge(out.get(key), value)
    return out


def merge_named(base: dict[str, Any], patch: dict[str, Any], targets: list[str], merger: Any) -> None:
    """Entries of ``patch`` into ``base`` by name; a placeholder name into ``targets``."""
    for key, value in patch.items():
        if key in base:
            base[key] = merger(base[key], value)
        elif PLACEHOLDER.match(key):
            for target in targets:
                base[target] = merger(base[target], value)
        else:
            base[key] = merger(None, value)


def merge_machine(base: Any, patch: dict[str, Any]) -> dict[str, Any]:
    out = dict(base) if isinstance(base, dict) else {}
    for key, value in patch.items():
        if key == "definition" and isinstance(out.get(key), dict) and isinstance(value, dict):
            definition = dict(out[key])
            for part, body in value.items():
                if part == "States" and isinstance(definition.get(part), dict) and isinstance(body, dict):
                    definition[part] = merge_typed(definition[part], body, None, frozenset())
                else:
                    definition[part] = merge(definition.get(part), body)
            out[key] = definition
        else:
            out[key] = merge(out.get(key), value)
    return out


def merge_typed(base: dict[str, Any], patch: dict[str, Any], subject: Subject | None,
                additive: frozenset[str]) -> dict[str, Any]:
    """Named entries with a ``Type`` (resources, parameters, states): a placeholder name the base lacks
    merges into the subject when it is of its type, or with no subject (states, parameters) into every
    entry of its type; it is added when its type is additive, and so is any other new name."""
    out = dict(base)
    for key, value in patch.items():
        kind = value.get("Type") if isinstance(value, dict) else None
        same = [name for name, entry in out.items() if isinstance(entry, dict) and entry.get("Type") == kind]
        if key in out:
            out[key] = merge(out[key], value)
        elif kind is None or kind in additive or not same or not PLACEHOLDER.match(key):
            out[key] = copy.deepcopy(value)
        elif subject is None or subject.resource in same:
            for name in [subject.resource] if subject is not None else same:
                out[name] = merge(out[name], value)
        else:  # a resource the fix brings in (a dead-letter queue, a log group)
            out[key] = copy.deepcopy(value)
    return out


def apply(doc: dict[str, Any], snippet: dict[str, Any], subject: Subject, others: list[Subject]) -> dict[str, Any]:
    """The snippet merged into the service for one subject (``others``: all the subjects)."""
    doc = copy.deepcopy(doc)
    for section, value in snippet.items():
        if section == "functions" and isinstance(value, dict):
            functions = doc.setdefault("functions", {})
            owners = [s.function for s in others if s.function]
            targets = [subject.function] if subject.function else owners or list(functions)
            merge_named(functions, value, [t for t in targets if t in functions], merge_function)
        elif section == "stepFunctions" and isinstance(value, dict):
            steps = doc.setdefault("stepFunctions", {})
            for key, body in value.items():
                if key == "stateMachines" and isinstance(body, dict):
                    machines = steps.setdefault("stateMachines", {})
                    owners = [s.machine for s in others if s.machine]
                    targets = [subject.machine] if subject.machine else owners or list(machines)
                    merge_named(machines, body, [t for t in targets if t in machines], merge_machine)
                else:
                    steps[key] = merge(steps.get(key), body)
        elif section == "resources" and isinstance(value, dict):
            resources = doc.setdefault("resources", {})
            assert isinstance(resources, dict), "a fixture whose resources is a list"
            for key, body in value.items():
                if key == "Resources" and isinstance(body, dict):
                    resources["Resources"] = merge_typed(resources.get("Resources") or {}, body, subject, ADDITIVE)
                elif key == "Parameters" and isinstance(body, dict):
                    resources["Parameters"] = merge_typed(resources.get("Parameters") or {}, body, None, frozenset())
                else:
                    resources[key] = merge(resources.get(key), body)
        elif section == "provider" and isinstance(value, dict):
            doc["provider"] = merge_provider(doc.get("provider"), value)
        else:
            doc[section] = merge(doc.get(section), value)
    return doc


def merge_provider(base: Any, patch: dict[str, Any]) -> Any:
    """``provider``, with a placeholder authorizer of ``httpApi.authorizers`` merged into each of the
    fixture's authorizers (added when the fixture declares none)."""
    http = patch.get("httpApi")
    if not isinstance(http, dict) or not isinstance(http.get("authorizers"), dict):
        return merge(base, patch)
    found = ((base or {}).get("httpApi") or {}).get("authorizers") if isinstance(base, dict) else None
    declared: dict[str, Any] = dict(found) if isinstance(found, dict) else {}
    if declared:
        merge_named(declared, http["authorizers"], list(declared), merge)
    else:
        declared = copy.deepcopy(http["authorizers"])
    out = merge(base, {**patch, "httpApi": {k: v for k, v in http.items() if k != "authorizers"}})
    out["httpApi"]["authorizers"] = declared
    return out


# -- checking --------------------------------------------------------------------------------------

def findings_of(rule: Rule, path: Path) -> list[Finding]:
    findings, errors = run_rule(rule, path, load_fixture(path))
    assert not errors, errors
    return findings


def write(doc: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "serverless.yml"
    out.write_text(json.dumps(doc, indent=1))  # JSON is YAML
    return out


def check(rule: Rule, text: str, fixture: Path, tmp_path: Path, kept: frozenset[str] = frozenset()) -> list[str]:
    """What is left wrong after the snippet was applied to the fixture (nothing when it clears it)."""
    doc = parse(fixture.read_text(encoding="utf-8"))
    assert isinstance(doc, dict), f"{fixture} is no service"
    source = write(doc, tmp_path / f"source-{fixture.stem}")
    before = findings_of(rule, source)
    assert before, f"{fixture.name} does not fail {rule.id} to begin with"
    graph = load_fixture(source).graph
    assert graph is not None
    known = {name: resource.type for name, resource in graph.resources.items()}
    snippet = parse(text)
    assert isinstance(snippet, dict) and snippet, "the snippet is no YAML mapping"
    patched = doc
    subjects = subjects_of(before, source)
    for subject in subjects:
        patched = apply(patched, bind(snippet, subject, doc, known), subject, subjects)
    out = write(patched, tmp_path / f"patched-{fixture.stem}")
    after_graph = load_fixture(out).graph
    assert after_graph is not None
    flagged = {generated(f) for f in before} - kept
    gone = sorted(flagged - set(after_graph.resources))
    problems = [f"{fixture.name}: {name} is gone after the fix" for name in gone]
    problems += [f"{fixture.name}: {generated(f)}: {f.message}" for f in findings_of(rule, out)
                 if generated(f) not in kept and (generated(f) in flagged or generated(f) not in known)]
    return problems


def with_snippet() -> list[str]:
    return [rule.id for rule in load_catalogue() if snippet_text(rule) is not None]


@pytest.mark.parametrize("rule_id", with_snippet())
def test_serverless_snippet_clears_the_failing_fixtures(rule_id: str, tmp_path: Path) -> None:
    rule = rule_of(rule_id)
    text = snippet_text(rule)
    assert text is not None
    parse(text)
    fixtures = fixtures_of(rule)
    assert fixtures, f"{rule_id} has a serverless.yml snippet but no fail_*.serverless.yml fixture"
    problems: list[str] = []
    for fixture in fixtures:
        if (rule_id, fixture.name) not in ALLOWED:
            kept = frozenset(key[2] for key in ALLOWED if key[:2] == (rule_id, fixture.name) and len(key) == 3)
            problems.extend(check(rule, text, fixture, tmp_path, kept))
    assert not problems, f"the serverless.yml fix of {rule_id} leaves findings:\n" + "\n".join(problems)


def test_a_wrong_snippet_leaves_the_finding(tmp_path: Path) -> None:
    """The harness can fail: API Gateway tracing is no fix for LAM001, nor is pass-through tracing."""
    rule = rule_of("LAM001")
    fixture = next(p for p in fixtures_of(rule) if p.name == "fail_function_key.serverless.yml")
    assert check(rule, "provider:\n  tracing:\n    apiGateway: true\n", fixture, tmp_path / "a")
    assert check(rule, "functions:\n  myFunction:\n    tracing: PassThrough\n", fixture, tmp_path / "b")
    text = snippet_text(rule)
    assert text is not None
    assert not check(rule, text, fixture, tmp_path / "c")


def test_a_fix_that_deletes_the_event_is_caught(tmp_path: Path) -> None:
    """Events merge by kind: a snippet cannot clear SNS001 by dropping the flagged subscription, and a
    function renamed away is reported as gone."""
    rule = rule_of("SNS001")
    fixture = fixtures_of(rule)[0]
    dropped = "functions:\n  myFunction:\n    events:\n      - sqs: arn:aws:sqs:us-east-1:123456789012:q\n"
    assert check(rule, dropped, fixture, tmp_path / "a")
    rule = rule_of("SFN001")
    fixture = fixtures_of(rule)[0]
    renamed = "stepFunctions:\n  stateMachines:\n    myStateMachine:\n      name: Elsewhere\n" \
              "      tracingConfig:\n        enabled: true\n"
    assert any("is gone after the fix" in problem for problem in check(rule, renamed, fixture, tmp_path / "b"))


def test_every_rule_has_a_snippet_or_says_why_not() -> None:
    """Every rule of the catalogue has a serverless.yml snippet, or NOT_EXPRESSIBLE says why Serverless
    Framework cannot express its fix; the lists name only what exists."""
    have = set(with_snippet())
    catalogue = [rule.id for rule in load_catalogue()]
    assert all(rule_id in catalogue for rule_id in PARITY)
    missing = [rule_id for rule_id in catalogue if rule_id not in have and rule_id not in NOT_EXPRESSIBLE]
    assert not missing, f"rules without a serverless.yml snippet: {missing}"
    assert not [rule_id for rule_id in PARITY if rule_id in NOT_EXPRESSIBLE], "the parity set is all expressible"
    assert not set(NOT_EXPRESSIBLE) & have, "a rule both has a snippet and is listed as not expressible"
    assert set(NOT_EXPRESSIBLE) <= set(catalogue), "NOT_EXPRESSIBLE names rules that do not exist"
    assert all(reason.strip() for reason in NOT_EXPRESSIBLE.values())
    stale = [key for key in ALLOWED if key[0] not in have
             or key[1] not in {p.name for p in fixtures_of(rule_of(key[0]))}]
    assert not stale, f"ALLOWED names snippets or fixtures that do not exist: {stale}"


def test_every_snippet_rule_has_a_passing_serverless_fixture() -> None:
    """A rule with a serverless.yml snippet shows the fixed service too."""
    lacking = [rule_id for rule_id in with_snippet() if not fixtures_of(rule_of(rule_id), "pass_")]
    assert not lacking, f"rules with a serverless.yml snippet but no pass_*.serverless.yml fixture: {lacking}"

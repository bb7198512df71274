"""Every rule's published ``fix`` snippet is applied to the rule's failing fixtures: the rule stops firing.

A snippet is advice printed in docs/rules/ and in SARIF; here it is run. Each SAM snippet is applied to
the rule's ``fail_*`` fixtures with the SAM transform, each CloudFormation snippet to those without
(YAML and JSON; Terraform, Serverless Framework and inventory fixtures have their own dialects). A rule
with no fixture in the snippet's dialect borrows the other dialect's (SAM accepts plain CloudFormation;
the transform is added). The patched template is written out, loaded by the real loaders (SAM through
aws-sam-translator) and only the snippet's rule runs on it: it must report nothing on the resources it
flagged before, nor on those the snippet added.

How a snippet is applied depends on its shape:

* a template fragment (only section keys: ``Globals``, ``Resources``, ``Parameters``...) is merged
  into the template;
* a resource fragment (``Name: {Type: ..., Properties: ...}``) is merged into each flagged resource of
  that type (the snippet's logical id is a placeholder for it); its other resources are merged into the
  fixture's resource of the same name, or added;
* a property fragment (``Events: ...``, ``Environment: ...``) is merged into the flagged resources'
  ``Properties``;
* a resource fragment with several resources of the flagged one's type, none referring to another,
  splits it (one function per caller): each takes the flagged resource's settings, the snippet's
  properties replacing its own.

A resource of the snippet whose type is not flagged is merged into the fixture's resources of that type
that refer to a flagged one or that it refers to (its stage, its role), else added; an alarm is always
added.

Merging: mappings merge recursively, the snippet's scalars and lists replace the fixture's. Names in a
snippet are placeholders where the fixture has its own: a named entry with a ``Type`` (a SAM event, a
resource) merges into the fixture's entries of that type when the fixture has no entry of its name; a
reference to a resource the fixture lacks stands for the flagged resource when its last word names the
flagged resource's type (``MyFunction``, ``MyStateMachine``), and otherwise does not replace a value the
fixture already has (``Queue: !GetAtt Work.Arn`` keeps the fixture's queue); where it is new, a stand-in
resource of that name is added (the user's own topic, key or role).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from slens.docs import examples_dir
from slens.engine import Finding, Rule
from slens.loaders.yamlparse import parse_yaml
from slens.rules import load_catalogue
from tests.rule_fixtures import last_word, load_fixture, rule_of, run_rule

SAM, CFN = "SAM", "CloudFormation"
SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
SECTIONS = frozenset({"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings",
                      "Conditions", "Transform", "Globals", "Resources", "Outputs", "Rules"})
SUFFIXES = (".yaml", ".yml", ".json")
NOT_TEMPLATES = (".serverless.yml", ".inventory.json")
#: what stands in for a resource a snippet refers to and the fixture lacks (the user's topic, key, role)
STAND_IN = "AWS::CloudFormation::WaitConditionHandle"
#: resource types a snippet adds beside the fixture's rather than merging into them
ADDITIVE = frozenset({"AWS::CloudWatch::Alarm"})

_LIVE = "judges an account's inventory: its fixtures are *.inventory.json, no template"
#: (rule id, dialect) -> why the snippet is not applied to any fixture
NOT_APPLIED: dict[tuple[str, str], str] = {
    ("DRF001", SAM): "compares the template with the account it was deployed to (tests/test_live_join.py)",
    ("DRF001", CFN): "compares the template with the account it was deployed to (tests/test_live_join.py)",
    **{(rule_id, dialect): _LIVE for rule_id in ("LIV102", "LIV103", "LIV201", "LIV301", "LIV401")
       for dialect in (SAM, CFN)},
    ("SLN001", CFN): "the fix deletes a suppression comment: there is nothing to merge",
}

_REPLACES_FUNCTION = "the fix replaces the function with a direct integration: a merge cannot"
#: a definition written as a JSON string: a YAML fragment does not merge into text
_JSON_DEFINITION = "the definition is a JSON string (DefinitionString): a merge does not reach into text"
#: (rule id, dialect, fixture file name) -> why the snippet does not clear that fixture
ALLOWED: dict[tuple[str, str, str], str] = {
    ("CFN201", CFN, "fail_cfn_secret_default.yaml"): "the fix deletes the parameter's Default: a merge cannot",
    ("LAM203", SAM, "fail_sam_api_key.yaml"): "each secret variable, under the user's own name, becomes a "
                                              "secret's ARN: a merge of one example variable does not",
    ("LAM203", CFN, "fail_cfn_access_key_attribute.yaml"): "the fix deletes the access key variables: "
                                                           "a merge cannot",
    ("SNS001", CFN, "fail_cfn_inline_topic_subscription.yaml"): "the fix moves the inline subscription out "
                                                                "of the topic: a merge cannot delete it",
    ("API005", SAM, "fail_sam_auth_overrides.yaml"): "the fix deletes the events' Auth: {Authorizer: NONE}: "
                                                     "a merge cannot",
    ("API005", CFN, "fail_cfn_methods_and_routes.yaml"): "a WebSocket $connect route and a "
                                                         "quick-create Target need their own authorizer: one "
                                                         "fragment does not fit both",
    ("API005", CFN, "fail_cfn_openapi_body.yaml"): "an OpenAPI body's security is written in the body: a "
                                                   "CloudFormation fragment does not reach into it",
    ("API101", SAM, "fail_sam_rest_api_latency_missing.yaml"): "a REST alarm names the API by its literal "
                                                               "ApiName, which a placeholder snippet cannot know",
    ("API401", CFN, "fail_cfn_proxy_methods.yaml"): "the fix replaces the REST API with an HTTP API: a merge cannot",
    ("DDB401", SAM, "fail_sam_simple_table.yaml"): "the fix deletes ProvisionedThroughput: a merge cannot",
    ("LAM405", SAM, "fail_sam_api_to_queue.yaml"): _REPLACES_FUNCTION,
    ("LAM405", CFN, "fail_cfn_rest_to_topic.yaml"): _REPLACES_FUNCTION,
    ("SFN301", SAM, "fail_sam_definition.yaml"): "the task sits in a Parallel branch: the snippet's top-level "
                                                 "state does not reach it",
    ("SFN301", CFN, "fail_cfn_definition_string_sub.yaml"): _JSON_DEFINITION,
    ("SFN303", CFN, "fail_cfn_activity.yaml"): _JSON_DEFINITION,
    ("SFN304", CFN, "fail_cfn_substitution.yaml"): _JSON_DEFINITION,
    ("SFN301", CFN, "fail_cfn_function_arn_from_parameter.yaml"): _JSON_DEFINITION,
}

#: the day a rule judges dates as of, where a snippet writes one (a suppression's expiry)
TODAY = {"SLN002": "2026-12-01"}


# -- reading ---------------------------------------------------------------------------------------

def parse_snippet(text: str) -> Any:
    """The snippet as data, short-form tags in their long form; invalid YAML or an unknown tag fails."""
    value, warnings = parse_yaml(text)
    assert not warnings, f"snippet warnings: {warnings}"
    return value


def read_template(path: Path) -> dict[str, Any]:
    text = path.read_text()
    document = json.loads(text) if path.suffix == ".json" else parse_yaml(text)[0]
    assert isinstance(document, dict), f"{path} is not a template"
    return document


def is_sam(template: dict[str, Any]) -> bool:
    transform = template.get("Transform")
    return transform == SAM_TRANSFORM or (isinstance(transform, list) and SAM_TRANSFORM in transform)


def template_fixtures(rule: Rule) -> list[Path]:
    folder = examples_dir(rule)
    return sorted(p for p in folder.glob("fail_*")
                  if p.name.endswith(SUFFIXES) and not p.name.endswith(NOT_TEMPLATES))


def targets(rule: Rule, dialect: str) -> list[tuple[Path, bool]]:
    """The fixtures a snippet is applied to, and whether the SAM transform is to be added."""
    fixtures = [(p, is_sam(read_template(p))) for p in template_fixtures(rule)]
    own = [(p, False) for p, sam in fixtures if sam == (dialect == SAM)]
    if own:
        return own
    if dialect == SAM:  # SAM accepts plain CloudFormation
        return [(p, True) for p, _ in fixtures]
    return [(p, False) for p, _ in fixtures]  # CloudFormation resources work in a SAM template too


# -- references ------------------------------------------------------------------------------------

SUB_NAME = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


def intrinsic(node: Any) -> bool:
    """``{Ref: X}``, ``{Fn::GetAtt: ...}`` and the like: a value, not a mapping to merge into."""
    if not isinstance(node, dict) or len(node) != 1:
        return False
    key = str(next(iter(node)))
    return key in ("Ref", "Condition") or key.startswith("Fn::")


def references(node: Any) -> set[str]:
    """Logical ids the node refers to (Ref, Fn::GetAtt, Fn::Sub), pseudo parameters left out."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                found.add(value)
            elif key == "Fn::GetAtt" and isinstance(value, list) and value and isinstance(value[0], str):
                found.add(value[0])
            elif key == "Fn::Sub":
                text = value[0] if isinstance(value, list) and value else value
                if isinstance(text, str):
                    found.update(SUB_NAME.findall(text))
                found.update(references(value))
            else:
                found.update(references(value))
    elif isinstance(node, list):
        for item in node:
            found.update(references(item))
    return {name for name in found if not name.startswith("AWS::")}


def rename(node: Any, names: dict[str, str]) -> Any:
    """The node with references to ``names`` pointing at their new names."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                out[key] = names.get(value, value)
            elif key == "Fn::GetAtt" and isinstance(value, list) and value and isinstance(value[0], str):
                out[key] = [names.get(value[0], value[0]), *value[1:]]
            elif key == "Fn::Sub" and isinstance(value, (str, list)):
                text = value[0] if isinstance(value, list) else value
                if isinstance(text, str):
                    text = SUB_NAME.sub(lambda m: m.group(0).replace(m.group(1), names.get(m.group(1), m.group(1)), 1),
                                        text)
                out[key] = [text, *[rename(v, names) for v in value[1:]]] if isinstance(value, list) else text
            else:
                out[key] = rename(value, names)
        return out
    if isinstance(node, list):
        return [rename(item, names) for item in node]
    return node



# -- merging ---------------------------------------------------------------------------------------

def merge(base: Any, patch: Any, dangling: set[str]) -> Any:
    """``patch`` merged into ``base``: see the module's docstring."""
    if isinstance(patch, dict) and not intrinsic(patch):
        out = dict(base) if isinstance(base, dict) and not intrinsic(base) else {}
        for key, value in patch.items():
            typed = isinstance(value, dict) and isinstance(value.get("Type"), str)
            same_type = [name for name, entry in out.items()
                         if typed and isinstance(entry, dict) and entry.get("Type") == value["Type"]]
            if key in out:
                out[key] = merge(out[key], value, dangling)
            elif same_type:  # the snippet's name is a placeholder for the fixture's entries of its type
                for name in same_type:
                    out[name] = merge(out[name], value, dangling)
            else:
                out[key] = merge(None, value, dangling)
        return out
    if base is not None and intrinsic(patch) and references(patch) & dangling:
        return base  # a placeholder reference does not replace what the fixture has
    return copy.deepcopy(patch)


def flagged_of(findings: list[Finding], resources: dict[str, Any]) -> dict[str, str]:
    """The flagged resources of the template: logical id -> type."""
    return {f.resource: str(resources[f.resource].get("Type")) for f in findings
            if isinstance(resources.get(f.resource), dict)}


def bind(snippet: Any, template: dict[str, Any], flagged_id: str, flagged_type: str,
         defined: set[str]) -> tuple[Any, set[str]]:
    """References to resources the fixture lacks, renamed to the flagged resource where their last word
    names its type; and the names still dangling."""
    known = set(template.get("Resources") or {}) | set(template.get("Parameters") or {}) | defined
    names = {name: flagged_id for name in references(snippet) - known
             if flagged_type.rsplit("::", 1)[-1].endswith(last_word(name))}
    snippet = rename(snippet, names)
    return snippet, references(snippet) - known


def split(resources: dict[str, Any], snippet: dict[str, Any], flagged_id: str, flagged_type: str) -> set[str]:
    """A snippet with several resources of the flagged one's type splits it: each takes its settings,
    the snippet's properties replacing its own whole (its events, its policies)."""
    flagged = resources.pop(flagged_id)
    added: set[str] = set()
    for name, entry in snippet.items():
        if entry["Type"] == flagged_type:
            entry = {**copy.deepcopy(flagged), **{k: v for k, v in entry.items() if k != "Properties"},
                     "Properties": {**copy.deepcopy(flagged.get("Properties") or {}), **entry.get("Properties", {})}}
            resources[name] = copy.deepcopy(entry)
        else:  # what refers to the split resource, told which part to use
            resources[name] = merge(resources.get(name), entry, set())
        added.add(name)
    return added


def apply(template: dict[str, Any], snippet: Any, flagged: dict[str, str]) -> tuple[dict[str, Any], set[str]]:
    """The patched template, and the logical ids the snippet changed or added."""
    template = copy.deepcopy(template)
    resources: dict[str, Any] = template.setdefault("Resources", {})
    assert isinstance(snippet, dict) and snippet, "the snippet is no YAML mapping"
    touched: set[str] = set()
    if set(snippet) <= SECTIONS:
        for key, value in snippet.items():
            template[key] = merge(template.get(key), value, set())
        return template, set(snippet.get("Resources") or {}) | set(flagged)
    original = set(resources)
    if all(isinstance(v, dict) and "::" in str(v.get("Type")) for v in snippet.values()):
        flagged_types = set(flagged.values())
        for flagged_id, flagged_type in flagged.items() or [("", "")]:
            same = {name for name, entry in snippet.items() if entry["Type"] == flagged_type}
            if len(same) > 1 and not any(references(snippet[name]) & same for name in same):
                touched |= split(resources, snippet, flagged_id, flagged_type)
                continue
            bound: set[str] = set()
            names: dict[str, str] = {}
            plan: list[tuple[str, list[str]]] = []
            for name, entry in snippet.items():
                kind = entry["Type"]
                if name in original:
                    plan.append((name, [name]))
                elif kind == flagged_type and kind not in bound:
                    names[name] = flagged_id
                    plan.append((name, [flagged_id]))
                elif kind in flagged_types and kind not in bound:
                    pass  # a placeholder for another flagged resource, patched in its own turn
                else:
                    # a resource of the flagged one (its stage, its invoke config) takes the snippet's
                    # settings; an alarm is one more beside those the fixture has
                    others = [n for n in original if resources[n].get("Type") == kind and n not in flagged
                              and kind not in ADDITIVE and (flagged_id in references(resources[n])
                                                            or n in references(resources.get(flagged_id)))]
                    if kind in bound or not others:
                        others = [name if len(flagged) < 2 else f"{name}{flagged_id}"]
                    if len(others) == 1:
                        names[name] = others[0]
                    plan.append((name, others))
                bound.add(kind)
            renamed, dangling = bind(rename(snippet, names), template, flagged_id, flagged_type, set(snippet))
            for name, into in plan:
                for target in into:
                    resources[target] = merge(resources.get(target), renamed[name], dangling)
                    touched.add(target)
        return template, touched
    assert not set(snippet) & SECTIONS, "the snippet mixes template sections and properties"
    for flagged_id, flagged_type in flagged.items():
        renamed, dangling = bind(snippet, template, flagged_id, flagged_type, set())
        resource = resources[flagged_id]
        resource["Properties"] = merge(resource.get("Properties") or {}, renamed, dangling)
        touched.add(flagged_id)
    return template, touched


# -- the tests -------------------------------------------------------------------------------------


def snippets() -> Iterator[tuple[str, str]]:
    for rule in load_catalogue():
        for dialect in (SAM, CFN):
            if dialect in (rule.fix or {}):
                yield rule.id, dialect


def findings_of(rule: Rule, path: Path) -> list[Finding]:
    findings, errors = run_rule(rule, path, load_fixture(path))
    assert not errors, errors
    return findings


def check(rule: Rule, dialect: str, snippet_text: str, path: Path, add_transform: bool,
          tmp_path: Path) -> list[str]:
    """What is left wrong after the snippet was applied to the fixture (nothing when it clears it)."""
    template = read_template(path)
    if add_transform:
        template["Transform"] = SAM_TRANSFORM
    source = tmp_path / f"source-{path.stem}.json"
    source.write_text(json.dumps(template, indent=1))
    before = findings_of(rule, source)
    assert before, f"{path.name} does not fail {rule.id} to begin with"
    patched, touched = apply(template, parse_snippet(snippet_text),
                             flagged_of(before, template.get("Resources") or {}))
    resources = patched["Resources"]
    for name in sorted(references(patched) - set(resources) - set(patched.get("Parameters") or {})):
        resources[name] = {"Type": STAND_IN}  # a resource the snippet names and the user has: a topic, a key
    out = tmp_path / f"patched-{path.stem}.json"
    out.write_text(json.dumps(patched, indent=1))
    left = [f for f in findings_of(rule, out) if f.resource in touched or f.resource in {b.resource for b in before}]
    return [f"{path.name}: {f.resource}: {f.message}" for f in left]


@pytest.mark.parametrize(("rule_id", "dialect"), list(snippets()), ids=lambda v: str(v))
def test_fix_snippet_clears_the_failing_fixtures(rule_id: str, dialect: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    rule = rule_of(rule_id)
    text = rule.fix[dialect]
    parse_snippet(text)  # published YAML, whether or not it is applied
    if (rule_id, dialect) in NOT_APPLIED:
        return
    if rule_id in TODAY:
        monkeypatch.setenv("SLENS_TODAY", TODAY[rule_id])
    applied = targets(rule, dialect)
    assert applied, f"{rule_id} has no fail fixture a {dialect} snippet applies to: add one or list it in NOT_APPLIED"
    problems: list[str] = []
    for path, add_transform in applied:
        if (rule_id, dialect, path.name) not in ALLOWED:
            problems.extend(check(rule, dialect, text, path, add_transform, tmp_path))
    assert not problems, f"the {dialect} fix of {rule_id} leaves findings:\n" + "\n".join(problems)


def test_a_wrong_snippet_leaves_the_finding(tmp_path: Path) -> None:
    """The harness can fail: pass-through tracing is no fix for LAM001."""
    rule = rule_of("LAM001")
    fixture = next(path for path, _ in targets(rule, SAM) if path.name == "fail_sam_no_tracing.yaml")
    wrong = "Globals:\n  Function:\n    Tracing: PassThrough\n"
    assert check(rule, SAM, wrong, fixture, False, tmp_path)
    assert not check(rule, SAM, rule.fix[SAM], fixture, False, tmp_path)


def test_every_snippet_is_applied_or_says_why_not() -> None:
    """No silent skip: each SAM and CloudFormation snippet of every rule is parametrised above, and
    reaches a fixture unless NOT_APPLIED says why; the lists name only snippets and fixtures that exist."""
    covered = set(snippets())
    wanted = {(rule.id, dialect) for rule in load_catalogue() for dialect in (SAM, CFN)}
    assert covered == wanted, f"rules without a SAM or CloudFormation snippet: {sorted(wanted - covered)}"
    unreached = [key for key in sorted(covered - set(NOT_APPLIED))
                 if not targets(rule_of(key[0]), key[1])]
    assert not unreached, f"snippets no fixture is in reach of: {unreached}"
    assert set(NOT_APPLIED) <= covered
    applied_to = {(rule_id, dialect, path.name) for rule_id, dialect in covered - set(NOT_APPLIED)
                  for path, _ in targets(rule_of(rule_id), dialect)}
    stale = sorted(set(ALLOWED) - applied_to)
    assert not stale, f"ALLOWED names snippets or fixtures that are not applied: {stale}"

"""Every rule's Terraform fix snippet (``examples/<rule>/fix/terraform.tf``) clears its failing fixtures.

A Terraform snippet is advice shown to a user whose finding is in a ``.tf`` file; here it is run. Each
snippet file is applied to each of the rule's ``fail_*.tf`` fixtures, the patched configuration is loaded
by the real Terraform loader (:func:`slens.loaders.terraform.load_module`) and only the snippet's rule
runs on it: it must report nothing on the resources it flagged before, nor on those the snippet added or
changed. The patched configuration refers to no resource it does not declare (the loader would read an
unknown value there, which no rule judges).

What is applied is the whole file: the shown snippet (between the ``fix:start`` and ``fix:end`` markers)
and what lies around it, which declares what the snippet refers to and the user already has (their
function, their queue), so that the file is real Terraform on its own.

How a snippet file is applied to a fixture, for each resource the rule flagged there:

* the snippet's ``resource`` blocks of the flagged resource's type (one, its name a placeholder) are
  merged into the flagged resource's block: the snippet's top-level attributes and nested blocks
  replace the fixture's of the same name (every nested block of that name), the others are added;
* references to the placeholder (``aws_lambda_function.example.arn``) are rewritten to name the flagged
  resource;
* each other ``resource`` or ``data`` block of the snippet tied to the placeholder (a stage, an invoke
  configuration, a policy document) is merged the same way into the fixture's blocks of its type that
  are tied to the flagged resource (see :func:`linked`), the closest ones; else, and for the snippet's
  other blocks, it is added, with a name of its own per flagged resource (but a data source that refers
  to none of the snippet's blocks, the account or the region, is added once, under its own name). An
  alarm (:data:`ADDITIVE`) is always added. References to a block merged into one of the fixture's are
  rewritten to name it;
* ``variable``, ``locals`` and ``output`` blocks are added when the fixture has none of that name;
  ``terraform`` and ``provider`` blocks are left out;
* the snippet's resources of another type the rule judges or flags, not tied to the placeholder, show
  another case (an HTTP API's stage beside a REST API's): they are left out, with the blocks tied to
  them only;
* blocks outside the markers are context, the user's own: one of the flagged resource's type only names
  the placeholder; another stands for the fixture's one block of its type tied to the flagged resource
  (references to it are rewritten to name that block), else it is added when the fixture has no block
  of its name.

The merge is textual, on the spans python-hcl2's parse tree gives (the same parser slens reads
Terraform with): the fixture's text is kept but for the replaced attributes and blocks. An attribute is
replaced whole: a state machine's ``definition`` is the snippet's (its retriers, its catchers), not the
fixture's states with the snippet's merged in.

Each snippet file is also loaded on its own (no load problem, no finding of its rule) and, where
Terraform is installed, is as ``terraform fmt`` writes it.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lark import Token, Tree

from slens.docs import examples_dir
from slens.engine import Finding, Rule
from slens.engine.rule import FIX_END, FIX_START, fix_folder, snippet_of
from slens.loaders.terraform import load_module
from slens.loaders.terraform.mapping import TYPES
from slens.loaders.terraform.syntax import literal_string, parse_tree
from slens.rules import load_catalogue
from tests.rule_fixtures import rule_of, run_rule

SNIPPET = "terraform.tf"
#: resource types a snippet adds beside the fixture's rather than merging into them
ADDITIVE = frozenset({"aws_cloudwatch_metric_alarm"})
#: types whose blocks tie together those that refer to them: a role's policies belong to its function
OWNERS = frozenset({"aws_iam_role"})
#: top-level blocks of a snippet file that are not applied (a fixture is a module of its own)
SKIPPED = frozenset({"terraform", "provider"})

_LIVE = "a live-account rule: it judges what the account reports (its metrics, its stacks), not a configuration"
_SUPPRESSION = ("a rule about slens's own suppressions: the fix is to remove or renew the `slens: ignore` comment, "
                "not Terraform")

#: rule id -> why no Terraform snippet is written for it
NOT_EXPRESSIBLE: dict[str, str] = {
    "DRF001": "a live-account rule: it compares the deployed settings with the template's, and the fix is to deploy "
              "the template again (or to write the console's change into it)",
    "LIV102": _LIVE,
    "LIV103": _LIVE,
    "LIV201": _LIVE,
    "LIV301": _LIVE,
    "LIV401": _LIVE,
    "SLN001": _SUPPRESSION,
    "SLN002": _SUPPRESSION,
}

#: (rule id, fixture file name) -> why the snippet does not clear that fixture
ALLOWED: dict[tuple[str, str], str] = {
    ("API401", "fail_tf_proxy_methods.tf"): "the fix replaces the REST API with an HTTP API: a merge cannot delete "
                                            "the REST API (the snippet is still read and judged on its own)",
    ("IAM207", "fail_tf_roles.tf"): "each role is trusted by the service that uses it: the snippet shows a state "
                                    "machine's, not an event target's, an API's or a data source's "
                                    "(fail_tf_state_machine_role.tf is its case)",
    ("LAM009", "fail_tf_two_services.tf"): "the fix moves one invoker to a function of its own: a merge cannot "
                                           "repoint the fixture's permission at it",
    ("LAM205", "fail_tf_methods.tf"): "the fix moves the write routes to a function of their own: a merge cannot "
                                      "repoint the fixture's integrations at it",
    ("LAM309", "fail_tf_queue_and_bucket.tf"): "the snippet shows an S3 trigger's case: a queue consumer's fix is "
                                               "to drop sqs:SendMessage, not to write to another bucket",
    ("LAM405", "fail_tf_api_to_topic.tf"): "the fix replaces the function with a direct service integration: a "
                                           "merge cannot delete the function",
    ("IAM003", "fail_tf_shared.tf"): "the fix gives one of the functions a role of its own: a merge cannot tell "
                                     "which of the fixture's functions moves to it",
}


# -- reading Terraform text ------------------------------------------------------------------------

#: a reference to a resource or data source (an unknown value to the loader when it is not declared)
REFERENCE = re.compile(r"(?<![\w.\-])(?:data\.)?aws_[a-z0-9_]+\.[A-Za-z_][\w\-]*")
_TRAILING_BLANKS = re.compile(r"[ \t]+$", re.M)


def normalized(text: str) -> str:
    """The text as slens's parser reads it (its spans count in this text)."""
    text = _TRAILING_BLANKS.sub("", text.replace("\r\n", "\n"))
    return text if text.endswith("\n") else text + "\n"


@dataclass
class Item:
    """An attribute (key: its name) or a nested block (key: its type) of a block's body."""

    key: str
    start: int
    end: int


@dataclass
class TopBlock:
    kind: str  # resource, data, variable...
    labels: list[str]
    start: int
    end: int
    brace: int  # where the body's "{" is
    items: list[Item] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.labels[0] if self.labels else ""

    @property
    def name(self) -> str:
        return self.labels[-1] if self.labels else ""

    @property
    def address(self) -> str:
        return ".".join(self.labels) if self.kind == "resource" else ".".join([self.kind, *self.labels])


def _text_of(node: Tree[Token] | Token) -> str:
    if isinstance(node, Token):
        return str(node)
    if node.data == "string":
        return literal_string(node)
    return "".join(_text_of(c) for c in node.children)


def _body_items(body: Tree[Token]) -> list[Item]:
    items: list[Item] = []
    for child in body.children:
        if isinstance(child, Tree) and child.data in ("attribute", "block"):
            items.append(Item(_text_of(child.children[0]).strip(), child.meta.start_pos, child.meta.end_pos))
    return items


def top_blocks(text: str) -> list[TopBlock]:
    """The top-level blocks of normalized Terraform text, with their spans and their bodies' items."""
    tree = parse_tree(text)
    body = next(c for c in tree.children if isinstance(c, Tree) and c.data == "body")
    found: list[TopBlock] = []
    for node in body.children:
        if not (isinstance(node, Tree) and node.data == "block"):
            continue
        heads = [c for c in node.children if isinstance(c, Tree) and c.data in ("identifier", "string")]
        brace = next(c for c in node.children if isinstance(c, Token) and str(c) == "{")
        inner = next((c for c in node.children if isinstance(c, Tree) and c.data == "body"), None)
        block = TopBlock(_text_of(heads[0]).strip(), [_text_of(h).strip() for h in heads[1:]],
                         node.meta.start_pos, node.meta.end_pos, brace.start_pos or 0)
        if inner is not None:
            block.items = _body_items(inner)
        found.append(block)
    return found


def reference(block: TopBlock) -> re.Pattern[str]:
    """How other blocks refer to this one (``aws_sqs_queue.jobs``, ``data.aws_iam_policy_document.x``)."""
    if block.kind == "resource":
        return re.compile(rf"(?<![\w.\-]){re.escape(block.type)}\.{re.escape(block.name)}(?![\w\-])")
    return re.compile(rf"(?<![\w.\-]){re.escape(block.address)}(?![\w\-])")


def refers(text: str, source: TopBlock, target: TopBlock) -> bool:
    return bool(reference(target).search(text[source.start:source.end]))


# -- applying --------------------------------------------------------------------------------------

def merged(fixture: str, block: TopBlock, snippet: str, patch: TopBlock) -> str:
    """The fixture's block with the snippet block's items replacing those of the same key, others added."""
    keys = {item.key for item in patch.items}
    kept: list[str] = []
    cursor = block.brace + 1
    for item in block.items:
        if item.key in keys:
            kept.append(fixture[cursor:item.start])
            cursor = item.end
    kept.append(fixture[cursor:block.end - 1].rstrip())
    added = "\n".join("  " + snippet[item.start:item.end] for item in patch.items)
    return fixture[block.start:block.brace + 1] + "".join(kept) + "\n" + added + "\n}"


def renamed_block(snippet: str, patch: TopBlock, name: str) -> str:
    labels = " ".join(f'"{label}"' for label in [*patch.labels[:-1], name])
    return f"{patch.kind} {labels} " + snippet[patch.brace:patch.end]


def linked(text: str, blocks: list[TopBlock], one: TopBlock, other: TopBlock, *, direct_only: bool = False
           ) -> bool:
    """Whether one block refers to the other, or (unless ``direct_only``) a block between them ties them:
    it refers to both (a role's policy, an event source mapping) or is a link of a chain of references.
    Two blocks that refer to one same block (a queue) are not tied by it, unless it is one of
    :data:`OWNERS` (a role's policy is tied to the function that has the role)."""
    def to(a: TopBlock, b: TopBlock) -> bool:
        return refers(text, a, b)

    if to(one, other) or to(other, one):
        return True
    return not direct_only and any(
        (to(mid, one) and to(mid, other)) or (to(one, mid) and to(mid, other)) or (to(other, mid) and to(mid, one))
        or (mid.type in OWNERS and to(one, mid) and to(other, mid))
        for mid in blocks if mid is not one and mid is not other)


def tied_to(text: str, blocks: list[TopBlock], patch: TopBlock, target: TopBlock) -> list[TopBlock]:
    """The fixture's blocks of the patch's kind and type tied to the target: the closest ones."""
    same = [b for b in blocks if b.kind == patch.kind and b.type == patch.type and b is not target]
    return ([b for b in same if linked(text, blocks, b, target, direct_only=True)]
            or [b for b in same if linked(text, blocks, b, target)])


def shown_span(text: str) -> tuple[int, int]:
    """Where the shown snippet lies in the file: between the marker lines, else all of it."""
    lines = text.splitlines(keepends=True)
    offsets = [sum(len(line) for line in lines[:i]) for i in range(len(lines) + 1)]
    marked = [i for i, line in enumerate(lines) if FIX_START in line or FIX_END in line]
    if len(marked) == 2 and FIX_START in lines[marked[0]]:
        return offsets[marked[0] + 1], offsets[marked[1]]
    return 0, len(text)


def apply(fixture: str, snippet: str, flagged: list[str], kinds: frozenset[str] = frozenset()
          ) -> tuple[str, set[str]]:
    """The patched fixture, and the addresses of the blocks the snippet changed or added. ``kinds`` are
    the Terraform types the rule judges or flags: the snippet's resources of those types but the flagged one's
    show another case (an HTTP API's stage beside a REST API's), left out with what belongs to them."""
    fixture, snippet = normalized(fixture), normalized(snippet)
    low, high = shown_span(snippet)
    touched: set[str] = set()
    for address in flagged:
        fixture = normalized(fixture)  # a merge leaves blank lines with spaces, which the parser's spans skip
        blocks = top_blocks(fixture)
        target = next((b for b in blocks if b.kind == "resource" and b.address == address), None)
        assert target is not None, f"no top-level resource block {address} in the fixture"
        patches = [p for p in top_blocks(snippet) if p.kind not in SKIPPED]
        placeholder = next((p for p in patches if p.kind == "resource" and p.type == target.type), None)
        others = [p for p in patches if p.kind == "resource" and p.type in kinds and p.type != target.type
                  and not (placeholder is not None and linked(snippet, patches, p, placeholder))]
        suffix = f"_{target.name}" if len(flagged) > 1 else ""
        # what each other block of the snippet becomes: merged into the fixture's blocks, or added
        plan: list[tuple[int, list[TopBlock], str]] = []  # (index in patches, blocks merged into, new name)
        text = snippet
        for index, patch in enumerate(patches):
            if patch is placeholder or patch in others:
                continue
            if any(linked(snippet, patches, patch, other) for other in others) and not (
                    placeholder is not None and linked(snippet, patches, patch, placeholder)):
                continue  # it belongs to another case
            if not low <= patch.start < high:  # context: the user's own
                own = tied_to(fixture, blocks, patch, target) if patch.kind in ("resource", "data") and (
                    placeholder is not None and linked(snippet, patches, patch, placeholder)) else []
                if len(own) == 1:  # the fixture's block of that type the flagged resource has
                    text = reference(patch).sub(own[0].address, text)
                elif not any(b.kind == patch.kind and b.labels == patch.labels for b in blocks):
                    plan.append((index, [], patch.name))
                continue
            if patch.kind not in ("resource", "data"):
                if not any(b.kind == patch.kind and b.labels == patch.labels for b in blocks):
                    plan.append((index, [], patch.name))
                continue
            into: list[TopBlock] = []
            if patch.type not in ADDITIVE and placeholder is not None and linked(snippet, patches, patch, placeholder):
                into = tied_to(fixture, blocks, patch, target)
            if into:
                plan.append((index, into, patch.name))
                if len(into) == 1:  # the snippet's name stands for the fixture's block
                    text = reference(patch).sub(into[0].address, text)
            elif patch.kind == "data" and not any(refers(snippet, patch, p) for p in patches if p is not patch):
                # a data source of nothing in the snippet (the account, the region): one for all
                if not any(b.kind == "data" and b.labels == patch.labels for b in blocks):
                    plan.append((index, [], patch.name))
            else:
                plan.append((index, [], patch.name + suffix))
                if suffix:
                    text = reference(patch).sub(f"{patch.address}{suffix}", text)
        if placeholder is not None:
            text = reference(placeholder).sub(target.address, text)
        renamed = [p for p in top_blocks(text) if p.kind not in SKIPPED]  # the same blocks, spans moved
        assert len(renamed) == len(patches)
        edits: list[tuple[TopBlock, str]] = []
        additions: list[str] = []
        if placeholder is not None and low <= placeholder.start < high:
            edits.append((target, merged(fixture, target, text, renamed[patches.index(placeholder)])))
            touched.add(target.address)
        for index, into, name in plan:
            new = renamed[index]
            for block in into:
                edits.append((block, merged(fixture, block, text, new)))
                touched.add(block.address)
            if not into:
                additions.append(renamed_block(text, new, name) if new.labels else text[new.start:new.end])
                if new.kind in ("resource", "data"):
                    touched.add(".".join([new.type, name]) if new.kind == "resource" else f"data.{new.type}.{name}")
        starts = [block.start for block, _ in edits]
        assert len(set(starts)) == len(starts), f"two blocks of the snippet merge into one of the fixture: {edits}"
        for block, new_text in sorted(edits, key=lambda e: e[0].start, reverse=True):
            fixture = fixture[:block.start] + new_text + fixture[block.end:]
        if additions:
            fixture = fixture.rstrip("\n") + "\n\n" + "\n\n".join(additions) + "\n"
    return fixture, touched


# -- running ---------------------------------------------------------------------------------------


def snippet_file(rule: Rule) -> Path:
    return fix_folder(type(rule)) / SNIPPET


def tf_fixtures(rule: Rule) -> list[Path]:
    folder = examples_dir(rule)
    return sorted(folder.glob("fail_*.tf"))


def findings_in(rule: Rule, path: Path) -> list[Finding]:
    loaded = load_module([str(path)], {str(path): path.name})
    assert loaded.graph is not None and not loaded.problems, f"{path.name} does not load cleanly: {loaded.problems}"
    findings, errors = run_rule(rule, path, loaded)
    assert not errors, errors
    return findings


@functools.cache
def kinds_of(rule: Rule) -> frozenset[str]:
    """The Terraform types the rule judges, and those it flags in its fixtures (an API's methods)."""
    judged = {tf for tf, (cfn, _, _) in TYPES.items() if cfn in rule.resource_types}
    flagged = {f.resource.rsplit(".", 2)[-2] for path in tf_fixtures(rule) for f in findings_in(rule, path)
               if "." in f.resource}
    return frozenset(judged | flagged)


def check(rule: Rule, snippet: str, fixture: Path, tmp_path: Path) -> list[str]:
    """What is left wrong once the snippet was applied to the fixture (nothing when it clears it)."""
    before = findings_in(rule, fixture)
    assert before, f"{fixture.name} does not fail {rule.id} to begin with"
    flagged = sorted({f.resource for f in before})
    patched, touched = apply(fixture.read_text(encoding="utf-8"), snippet, flagged, kinds_of(rule))
    folder = tmp_path / fixture.stem
    folder.mkdir(parents=True)
    out = folder / "main.tf"
    out.write_text(patched, encoding="utf-8")
    addresses = [b.address for b in top_blocks(normalized(patched)) if b.kind in ("resource", "data")]
    twice = sorted({a for a in addresses if addresses.count(a) > 1})
    assert not twice, f"{fixture.name}: the patched configuration declares {twice} twice:\n{patched}"
    declared = set(addresses)
    dangling = sorted({m.group(0) for m in REFERENCE.finditer(patched)} - declared)
    assert not dangling, f"{fixture.name}: the patched configuration refers to undeclared {dangling}:\n{patched}"
    left = [f for f in findings_in(rule, out) if f.resource in touched or f.resource in flagged]
    return [f"{fixture.name}: {f.resource}: {f.message}" for f in left]


def snippet_rules() -> list[str]:
    return sorted(rule.id for rule in load_catalogue() if snippet_file(rule).is_file())


@pytest.mark.parametrize("rule_id", snippet_rules())
def test_terraform_snippet_clears_the_failing_fixtures(rule_id: str, tmp_path: Path) -> None:
    rule = rule_of(rule_id)
    text = snippet_file(rule).read_text(encoding="utf-8")
    assert "expect:" not in snippet_of(text), "a shown snippet carries no fixture annotation"
    fixtures = tf_fixtures(rule)
    assert fixtures, f"{rule_id} has no fail_*.tf fixture: add one"
    problems: list[str] = []
    for fixture in fixtures:
        if (rule_id, fixture.name) not in ALLOWED:
            problems.extend(check(rule, text, fixture, tmp_path))
    assert not problems, f"the Terraform fix of {rule_id} leaves findings:\n" + "\n".join(problems)


@pytest.mark.parametrize("rule_id", snippet_rules())
def test_terraform_snippet_file_is_clean_terraform(rule_id: str, tmp_path: Path) -> None:
    """The file on its own loads without problems, and its rule finds nothing in it."""
    rule = rule_of(rule_id)
    folder = tmp_path / "snippet"
    folder.mkdir()
    (folder / "main.tf").write_text(snippet_file(rule).read_text(encoding="utf-8"), encoding="utf-8")
    assert not [f.message for f in findings_in(rule, folder / "main.tf")]


def test_a_wrong_snippet_leaves_the_finding(tmp_path: Path) -> None:
    """The harness can fail: pass-through tracing is no fix for LAM001."""
    rule = rule_of("LAM001")
    fixture = next(p for p in tf_fixtures(rule) if p.name == "fail_tf_no_tracing.tf")
    wrong = 'resource "aws_lambda_function" "example" {\n  tracing_config {\n    mode = "PassThrough"\n  }\n}\n'
    left = check(rule, wrong, fixture, tmp_path / "wrong")
    assert len(left) == 2, left
    right = snippet_file(rule).read_text(encoding="utf-8")
    assert not check(rule, right, fixture, tmp_path / "right")


def test_the_merge_replaces_and_adds() -> None:
    fixture = ('resource "aws_lambda_function" "fn" {\n  runtime = "python3.13"\n  tracing_config {\n'
               '    mode = "PassThrough"\n  }\n}\n')
    snippet = ('resource "aws_lambda_function" "example" {\n  tracing_config {\n    mode = "Active"\n  }\n}\n\n'
               'resource "aws_cloudwatch_metric_alarm" "errors" {\n'
               '  dimensions = { FunctionName = aws_lambda_function.example.function_name }\n}\n')
    patched, touched = apply(fixture, snippet, ["aws_lambda_function.fn"])
    assert "PassThrough" not in patched and 'mode = "Active"' in patched and 'runtime = "python3.13"' in patched
    assert "aws_lambda_function.fn.function_name" in patched and "example" not in patched
    assert touched == {"aws_lambda_function.fn", "aws_cloudwatch_metric_alarm.errors"}
    twice, touched = apply(fixture.replace('"fn"', '"a"') + fixture.replace('"fn"', '"b"'), snippet,
                           ["aws_lambda_function.a", "aws_lambda_function.b"])
    assert {"aws_cloudwatch_metric_alarm.errors_a", "aws_cloudwatch_metric_alarm.errors_b"} <= touched
    assert "aws_lambda_function.b.function_name" in twice


def test_every_rule_has_a_snippet_or_says_why_not() -> None:
    """The whole catalogue: a rule added without a Terraform fix fails here until it has one or a reason."""
    have = set(snippet_rules())
    catalogue = {rule.id for rule in load_catalogue()}
    missing = sorted(catalogue - have - set(NOT_EXPRESSIBLE))
    assert not missing, f"rules without terraform.tf nor a reason in NOT_EXPRESSIBLE: {missing}"
    assert not set(NOT_EXPRESSIBLE) & have, "a rule with a snippet is listed in NOT_EXPRESSIBLE"
    assert set(NOT_EXPRESSIBLE) <= catalogue, "NOT_EXPRESSIBLE names a rule that is not in the catalogue"
    stale = [key for key in ALLOWED if key[0] not in have
             or key[1] not in {p.name for p in tf_fixtures(rule_of(key[0]))}]
    assert not stale, f"ALLOWED names snippets or fixtures that do not exist: {stale}"


def test_another_case_is_left_out_and_context_stands_for_the_fixture() -> None:
    """A REST stage's snippet is not added to an HTTP API's fixture, nor what belongs to it; a context
    block (outside the markers) names the fixture's block the flagged resource has."""
    fixture = ('resource "aws_apigatewayv2_stage" "live" {\n  api_id = aws_apigatewayv2_api.mine.id\n}\n\n'
               'resource "aws_apigatewayv2_api" "mine" {\n  name = "mine"\n}\n')
    snippet = ('resource "aws_apigatewayv2_api" "theirs" {\n  name = "theirs"\n}\n\n# fix:start\n'
               'resource "aws_api_gateway_stage" "prod" {\n  xray_tracing_enabled = true\n}\n\n'
               'resource "aws_api_gateway_method_settings" "all" {\n'
               '  stage_name = aws_api_gateway_stage.prod.stage_name\n}\n\n'
               'resource "aws_apigatewayv2_stage" "default" {\n  api_id = aws_apigatewayv2_api.theirs.id\n'
               '  default_route_settings {\n    throttling_burst_limit = 100\n  }\n}\n# fix:end\n')
    kinds = frozenset({"aws_api_gateway_stage", "aws_apigatewayv2_stage"})
    patched, touched = apply(fixture, snippet, ["aws_apigatewayv2_stage.live"], kinds)
    assert touched == {"aws_apigatewayv2_stage.live"}
    assert "aws_api_gateway" not in patched and "theirs" not in patched
    assert "api_id = aws_apigatewayv2_api.mine.id" in patched and "throttling_burst_limit = 100" in patched


def test_a_reference_to_an_undeclared_resource_fails(tmp_path: Path) -> None:
    """A snippet whose fix is a reference the patched configuration does not declare proves nothing (the
    loader reads an unknown value there): the harness says so rather than passing."""
    rule = rule_of("LAM006")
    fixture = tf_fixtures(rule)[0]
    dangling = ('resource "aws_lambda_function" "example" {\n  runtime = "python3.13"\n}\n\n# fix:start\n'
                'resource "aws_lambda_function_event_invoke_config" "example" {\n'
                '  function_name = aws_lambda_function.example.function_name\n'
                '  destination_config {\n    on_failure {\n      destination = aws_sqs_queue.nowhere.arn\n'
                '    }\n  }\n}\n# fix:end\n')
    with pytest.raises(AssertionError, match=r"undeclared \['aws_sqs_queue.nowhere'\]"):
        check(rule, dangling, fixture, tmp_path)


def test_terraform_snippet_files_are_formatted() -> None:
    """As ``terraform fmt`` writes them (where Terraform is installed: it needs no provider for this)."""
    terraform = shutil.which("terraform")
    if terraform is None:
        pytest.skip("terraform is not installed")
    files = [str(snippet_file(rule_of(rule_id))) for rule_id in snippet_rules()]
    done = subprocess.run([terraform, "fmt", "-check", "-list=true", *files], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, f"not formatted (run terraform fmt on them):\n{done.stdout}"

"""Rule documentation, generated from each rule's metadata and its tested fixtures.

The same text backs ``slens rule ID`` and the pages under ``docs/rules/``; a test fails
when the committed pages differ from what this module generates.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from slens.engine import Rule, RuleCatalogue, Service
from slens.engine.rule import FIX_FENCES
from slens.lens import Question

_EXPECT = re.compile(r"\s*#\s*expect:.*$")
#: an expectation inside a JSON document that takes no comments (a heredoc, a block scalar): a
#: ``"Comment": "# expect: ID"`` member, shown without it (and its comma)
_EXPECT_MEMBER = re.compile(r'"[^"\n]*":\s*"#\s*expect:[^"\n]*",\s*|,\s*"[^"\n]*":\s*"#\s*expect:[^"\n]*"')


def examples_dir(rule: Rule) -> Path:
    module = sys.modules[rule.module]
    path = Path(module.__file__ or "")
    return path.parent / "examples" / path.stem


#: how a fixture that is a live inventory (docs/inventory.md) is named; its expectations are the
#: top-level ``"//expect"`` key (and ``"//today"`` pins the day), since JSON has no comments
INVENTORY_SUFFIX = ".inventory.json"
#: dialect -> (how fixture names end, code fence language)
DIALECTS = {
    "CloudFormation / SAM": ((".yaml", ".yml", ".json"), "yaml"),
    "Serverless Framework": ((".serverless.yml",), "yaml"),
    "Terraform": ((".tf",), "hcl"),
    "Live account (snapshot)": ((INVENTORY_SUFFIX,), "json"),
}


def _dialect(path: Path) -> str:
    name = path.name
    if name.endswith(".serverless.yml"):
        return "Serverless Framework"
    if name.endswith(INVENTORY_SUFFIX):
        return "Live account (snapshot)"
    return "Terraform" if name.endswith(".tf") else "CloudFormation / SAM"


def fixtures(rule: Rule, kind: str, dialect: str | None = None) -> list[Path]:
    folder = examples_dir(rule)
    found = sorted(folder.glob(f"{kind}_*")) if folder.is_dir() else []
    return [p for p in found if dialect is None or _dialect(p) == dialect]


def _strip_expectations(text: str) -> str:
    if text.lstrip().startswith("{") and '"slens_inventory"' in text:
        document = json.loads(text)
        return json.dumps({k: v for k, v in document.items() if not k.startswith("//")}, indent=2) + "\n"
    lines = []
    for line in text.splitlines():
        if line.strip().startswith("#") and _EXPECT.match(line):
            continue
        lines.append(_EXPECT.sub("", _EXPECT_MEMBER.sub("", line)))
    return "\n".join(lines).strip() + "\n"


def _smallest(paths: list[Path]) -> Path | None:
    return min(paths, key=lambda p: (len(p.read_text()), p.name)) if paths else None


def page_name(rule: Rule) -> str:
    return f"{rule.id}-{rule.name}.md"


def render_rule(rule: Rule) -> str:
    sections = rule.sections()
    practice = rule.practice
    out = [
        f"# {rule.id} {rule.name}",
        "",
        f"**{rule.title}**",
        "",
        "| | |",
        "|---|---|",
        f"| Severity | {rule.severity.value} |",
        f"| Lens question | {rule.question.value}: {rule.question.title} |",
        f"| Best practice | {practice.title} ({practice.level.value}; `{practice.choice_id}`) |",
        f"| Pillar | {rule.pillar.title} |",
        f"| Services | {', '.join(s.value for s in rule.services)} |",
        # a comparing rule is fed by the join, not by resources: the types it compares
        f"| Resource types | {', '.join(f'`{t}`' for t in rule.resource_types or tuple(rule.compares))} |",
    ]
    if rule.opt_in:
        out += ["", f"Off by default: a team that follows this practice turns it on once, with "
                    f"`extend-select = [\"{rule.id}\"]` in its configuration (or `--extend-select {rule.id}`)."]
    for heading in ("What it does", "Why it matters", "How to fix"):
        out += ["", f"## {heading}", "", sections[heading]]
    for dialect, snippet in rule.fixes.items():
        out += ["", f"{dialect}:", "", f"```{FIX_FENCES.get(dialect, 'yaml')}", snippet.rstrip(), "```"]
    out += ["", "## When to ignore", "", sections["When to ignore"]]
    for title, kind in (("Non-compliant example", "fail"), ("Compliant example", "pass")):
        out += ["", f"## {title}"]
        for dialect, (_, fence) in DIALECTS.items():
            example = _smallest(fixtures(rule, kind, dialect))
            if example is not None:
                out += ["", f"{dialect}, from the tested fixture `{example.name}`:", "", f"```{fence}",
                        _strip_expectations(example.read_text()).rstrip(), "```"]
    out += ["", "## References", "", *references(rule)]
    return "\n".join(out) + "\n"


def references(rule: Rule) -> list[str]:
    """Where the rule comes from and what else it is known as, as list items."""
    practice, question = rule.practice, rule.question
    out = [f"- Serverless Lens, {question.value} ({question.title}): best practice \"{practice.title}\", "
           f"Well-Architected Tool choice `{practice.choice_id}`"]
    if rule.equivalents:
        out.append(f"- Equivalent checks: {', '.join(f'`{e}`' for e in rule.equivalents)}")
    if rule.related:
        out.append(f"- Related rules: {', '.join(f'`{r}`' for r in rule.related)} (where they would describe one "
                   "problem on a resource, only the more specific reports it: see *What it does*)")
    out.append(f"- Since slens {rule.since}")
    if rule.aliases:
        out.append(f"- Formerly {', '.join(f'`{a}`' for a in rule.aliases)} (still accepted, with a notice)")
    return out


def render_index(catalogue: RuleCatalogue) -> str:
    out = ["# slens rules", "", "Generated from the rule catalogue by `python tools/generate_docs.py`; "
           "do not edit.", "", f"{len(catalogue)} rules.", "", "## By lens question", ""]
    by_question: dict[Question, list[Rule]] = defaultdict(list)
    by_service: dict[Service, list[Rule]] = defaultdict(list)
    for rule in catalogue:
        by_question[rule.question].append(rule)
        for service in rule.services:
            by_service[service].append(rule)
    for question in Question:
        out += [f"### {question.value}: {question.title}", ""]
        rules = by_question.get(question, [])
        out += [_index_row(r) for r in rules] or ["No automatic rule yet."]
        out.append("")
    out += ["## By service", ""]
    for service in sorted(by_service, key=lambda s: s.value):
        out += [f"### {service.value}", ""] + [_index_row(r) for r in by_service[service]] + [""]
    return "\n".join(out).rstrip() + "\n"


def _index_row(rule: Rule) -> str:
    return f"- [{rule.id} {rule.name}]({page_name(rule)}) ({rule.severity.value}): {rule.title}"


def generate(catalogue: RuleCatalogue) -> dict[str, str]:
    """File name -> content of every page under docs/rules/."""
    pages = {page_name(rule): render_rule(rule) for rule in catalogue}
    pages["index.md"] = render_index(catalogue)
    return pages

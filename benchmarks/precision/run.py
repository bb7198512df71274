"""Measure slens's precision on real templates (issue 14, item 6).

Re-scans the templates listed in ``templates.txt`` (paths relative to the shared corpus) with the
current code, matches every finding to the hand-written labels of ``labels.json`` (true, noise or
false, each with a reason and, for noise and false, a class), and prints, per rule and overall:
findings, true, noise, false, unlabelled, the false-positive rate (false / labelled), the noise
rate (noise / labelled) and the precision (true / labelled). Findings labelled earlier that the
current code no longer reports are listed as *gone* with their label (a gone false positive is a
fix); findings no label matches are listed as *unlabelled* so that they can be labelled. The
figures are written to ``results.md``.

    python benchmarks/precision/run.py                    # measure, write results.md
    python benchmarks/precision/run.py --check            # exit 1 if some finding is unlabelled
    python benchmarks/precision/run.py --add-unlabelled   # append stubs (label "?") to labels.json

It is a measurement, not a gate: it exits 0 whatever the figures (``--check`` aside).

A finding is identified by (file, rule, resource, where): the file relative to the corpus, the
rule id, the resource (``resource`` or ``resource/generated_resource`` as slens reports it) and
``where``, the property path joined with dots (empty for a finding on the whole resource). Lines
and messages are not part of the identity, so rewording a message or adding a rule keeps every
label; when several findings share an identity, a short digest of the message (``digest``, 8 hex
digits of its SHA-1) picks the label, and then the order of lines.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ("true", "noise", "false")
UNLABELLED = "?"

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Finding:
    """One finding of the current scan, reduced to what identifies and explains it."""

    file: str
    rule: str
    resource: str
    where: str
    line: int
    message: str
    severity: str = ""

    @property
    def key(self) -> Key:
        return (self.file, self.rule, self.resource, self.where)

    @property
    def digest(self) -> str:
        return message_digest(self.message)


@dataclass
class Label:
    """One hand-written label of a finding."""

    file: str
    rule: str
    resource: str
    where: str
    digest: str
    label: str
    reason: str
    cls: str = ""
    line: int = 0
    message: str = ""

    @property
    def key(self) -> Key:
        return (self.file, self.rule, self.resource, self.where)

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "file": self.file, "rule": self.rule, "resource": self.resource, "where": self.where,
            "digest": self.digest, "label": self.label,
        }
        if self.cls:
            entry["class"] = self.cls
        entry["reason"] = self.reason
        entry["line"] = self.line
        entry["message"] = self.message
        return entry

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> Label:
        return cls(
            file=str(entry["file"]), rule=str(entry["rule"]), resource=str(entry["resource"]),
            where=str(entry.get("where", "")), digest=str(entry.get("digest", "")),
            label=str(entry.get("label", UNLABELLED)), reason=str(entry.get("reason", "")),
            cls=str(entry.get("class", "") or ""), line=int(entry.get("line", 0) or 0),
            message=str(entry.get("message", "")),
        )


@dataclass
class Matching:
    """Findings paired with labels, and what is left on either side."""

    matched: list[tuple[Finding, Label]] = field(default_factory=list)
    unlabelled: list[Finding] = field(default_factory=list)
    gone: list[Label] = field(default_factory=list)


def message_digest(message: str) -> str:
    return hashlib.sha1(message.encode("utf-8")).hexdigest()[:8]


def finding_from_report(entry: Mapping[str, Any], corpus: Path | None = None) -> Finding:
    """A finding of ``slens scan --format json``, its file made relative to the corpus."""
    file = str(entry["file"])
    if corpus is not None:
        with contextlib.suppress(ValueError):
            file = Path(os.path.abspath(file)).relative_to(corpus.resolve()).as_posix()
    resource = str(entry.get("resource") or "")
    if entry.get("generated_resource"):
        resource = f"{resource}/{entry['generated_resource']}"
    path = entry.get("property_path") or []
    return Finding(
        file=file, rule=str(entry["rule_id"]), resource=resource,
        where=".".join(str(part) for part in path), line=int(entry.get("line") or 0),
        message=str(entry.get("message", "")), severity=str(entry.get("severity", "")),
    )


def match(findings: Iterable[Finding], labels: Iterable[Label]) -> Matching:
    """Pair each finding with at most one label of the same identity (see the module docstring)."""
    by_key: dict[Key, list[Label]] = {}
    for label in labels:
        by_key.setdefault(label.key, []).append(label)
    result = Matching()
    pending: dict[Key, list[Finding]] = {}
    for finding in findings:
        pending.setdefault(finding.key, []).append(finding)
    for key, group in pending.items():
        candidates = list(by_key.pop(key, []))
        group = sorted(group, key=lambda f: f.line)
        unmatched: list[Finding] = []
        for finding in group:  # first the exact digests
            same = [label for label in candidates if label.digest == finding.digest]
            if same:
                candidates.remove(same[0])
                result.matched.append((finding, same[0]))
            else:
                unmatched.append(finding)
        candidates.sort(key=lambda label: label.line)
        for finding in unmatched:  # then, for a reworded message, in the order of lines
            if candidates:
                result.matched.append((finding, candidates.pop(0)))
            else:
                result.unlabelled.append(finding)
        result.gone.extend(candidates)
    for rest in by_key.values():
        result.gone.extend(rest)
    # a stub written by --add-unlabelled is not a label yet
    stubs = [(f, label) for f, label in result.matched if label.label not in LABELS]
    result.matched = [(f, label) for f, label in result.matched if label.label in LABELS]
    result.unlabelled.extend(f for f, _ in stubs)
    result.gone = [label for label in result.gone if label.label in LABELS]
    return result


@dataclass
class Tally:
    findings: int = 0
    true: int = 0
    noise: int = 0
    false: int = 0
    unlabelled: int = 0

    @property
    def labelled(self) -> int:
        return self.true + self.noise + self.false

    def rate(self, count: int) -> float | None:
        return count / self.labelled if self.labelled else None

    def add(self, label: str | None) -> None:
        self.findings += 1
        if label == "true":
            self.true += 1
        elif label == "noise":
            self.noise += 1
        elif label == "false":
            self.false += 1
        else:
            self.unlabelled += 1


def tally(matching: Matching) -> tuple[dict[str, Tally], Tally]:
    """Per rule and overall counts of the current findings."""
    rules: dict[str, Tally] = {}
    overall = Tally()
    for finding, label in matching.matched:
        rules.setdefault(finding.rule, Tally()).add(label.label)
        overall.add(label.label)
    for finding in matching.unlabelled:
        rules.setdefault(finding.rule, Tally()).add(None)
        overall.add(None)
    return rules, overall


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def rule_table(rules: Mapping[str, Tally], overall: Tally) -> list[str]:
    """A markdown table, worst rules (most false, then most noise) first."""
    lines = [
        "| rule | findings | true | noise | false | unlabelled | precision | noise rate | false-positive rate |",
        "|---|---|---|---|---|---|---|---|---|",
    ]

    def row(name: str, t: Tally) -> str:
        return (f"| {name} | {t.findings} | {t.true} | {t.noise} | {t.false} | {t.unlabelled} | "
                f"{percent(t.rate(t.true))} | {percent(t.rate(t.noise))} | {percent(t.rate(t.false))} |")

    order = sorted(rules.items(), key=lambda item: (-(item[1].false + item[1].noise), -item[1].false, item[0]))
    lines.extend(row(name, t) for name, t in order)
    lines.append(row("**all**", overall))
    return lines


def class_table(matching: Matching) -> list[str]:
    """Noise and false findings per class, current and gone."""
    current: Counter[tuple[str, str]] = Counter(
        (label.label, label.cls or "(none)") for _, label in matching.matched if label.label != "true")
    gone: Counter[tuple[str, str]] = Counter(
        (label.label, label.cls or "(none)") for label in matching.gone if label.label != "true")
    keys = sorted(set(current) | set(gone), key=lambda k: (k[0] != "false", -current[k], k[1]))
    lines = ["| label | class | current | gone |", "|---|---|---|---|"]
    lines.extend(f"| {label} | {cls} | {current[(label, cls)]} | {gone[(label, cls)]} |" for label, cls in keys)
    return lines


def read_templates(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_labels(path: Path) -> list[Label]:
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Label.from_json(entry) for entry in data.get("labels", [])]


def write_labels(path: Path, labels: Sequence[Label]) -> None:
    ordered = sorted(labels, key=lambda label: (label.file, label.line, label.rule, label.resource, label.where))
    body = ",\n".join("    " + json.dumps(label.to_json(), ensure_ascii=False) for label in ordered)
    path.write_text('{\n  "version": 1,\n  "labels": [\n' + body + "\n  ]\n}\n", encoding="utf-8")


def scan(corpus: Path, templates: Sequence[str]) -> tuple[list[Finding], list[str]]:
    """One ``slens scan`` of every listed template (run from the corpus, so paths are relative)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "slens", "scan", *templates, "--format", "json", "--no-cache",
               "--fail-on", "never", "--jobs", "1"]
    done = subprocess.run(command, cwd=corpus, env=env, capture_output=True, text=True, check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"slens scan failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}") from None
    findings = [finding_from_report(entry, corpus) for entry in report.get("findings", [])]
    errors = [f"{e.get('file')}:{e.get('line')}: {e.get('message')}" for e in report.get("errors", [])]
    return findings, errors


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def report(matching: Matching, templates: Sequence[str], errors: Sequence[str], corpus: Path) -> str:
    rules, overall = tally(matching)
    dirty = " (with uncommitted changes in src/)" if _git("status", "--porcelain", "--", "src") else ""
    kinds = Counter(t.split("/", 1)[0] for t in templates)
    out = [
        "# Precision of slens on real templates",
        "",
        "Written by `benchmarks/precision/run.py` (see `README.md` there for the definitions of "
        "true, noise and false and how findings are labelled).",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()}",
        f"- slens commit: {_git('rev-parse', '--short', 'HEAD')}{dirty}",
        f"- corpus: `{corpus}`: {len(templates)} templates ("
        + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) + ")",
        f"- scan errors: {len(errors)}",
        "",
        "## Overall",
        "",
        f"- findings: {overall.findings} (labelled {overall.labelled}, unlabelled {overall.unlabelled})",
        f"- true: {overall.true}, noise: {overall.noise}, false: {overall.false}",
        f"- precision (true / labelled): {percent(overall.rate(overall.true))}",
        f"- noise rate (noise / labelled): {percent(overall.rate(overall.noise))} (target: under 15%)",
        f"- false-positive rate (false / labelled): {percent(overall.rate(overall.false))} (target: under 2%)",
        f"- gone since labelling: {len(matching.gone)}"
        + "".join(f", {n} {k}" for k, n in sorted(Counter(g.label for g in matching.gone).items())),
        "",
        "## Per rule (most noise and false first)",
        "",
        *rule_table(rules, overall),
        "",
        "## Noise and false findings per class",
        "",
        *class_table(matching),
        "",
    ]
    if matching.gone:
        out += ["## Gone (labelled, no longer reported)", "", "| label | class | rule | file | resource | where |",
                "|---|---|---|---|---|---|"]
        out += [f"| {g.label} | {g.cls or '-'} | {g.rule} | {g.file} | {g.resource} | {g.where or '-'} |"
                for g in sorted(matching.gone, key=lambda g: (g.label, g.rule, g.file))]
        out.append("")
    if matching.unlabelled:
        out += ["## Unlabelled (label them: `run.py --add-unlabelled`, then edit `labels.json`)", "",
                "| rule | file | line | resource | message |", "|---|---|---|---|---|"]
        out += [f"| {f.rule} | {f.file} | {f.line} | {f.resource} | {f.message.replace('|', '/')} |"
                for f in sorted(matching.unlabelled, key=lambda f: (f.file, f.line, f.rule))]
        out.append("")
    if errors:
        out += ["## Scan errors", "", *(f"- {e}" for e in errors), ""]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--templates", type=Path, default=HERE / "templates.txt")
    parser.add_argument("--labels", type=Path, default=HERE / "labels.json")
    parser.add_argument("--output", type=Path, default=None, help="default: results.md next to this script")
    parser.add_argument("--check", action="store_true", help="exit 1 when some finding is unlabelled")
    parser.add_argument("--without", default="", metavar="IDS",
                        help="what-if: leave these rules (comma-separated) out of findings and labels, as a team "
                             "configuration that ignores them would; results.md is then only written with --output")
    parser.add_argument("--add-unlabelled", action="store_true",
                        help=f"append a stub (label {UNLABELLED!r}) to labels.json for each unlabelled finding")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    templates = read_templates(args.templates)
    labels = read_labels(args.labels)
    findings, errors = scan(corpus, templates)
    without = {rule.strip() for rule in args.without.split(",") if rule.strip()}
    if without:
        findings = [f for f in findings if f.rule not in without]
        labels_used = [label for label in labels if label.rule not in without]
    else:
        labels_used = labels
    matching = match(findings, labels_used)
    output: Path | None = args.output if args.output is not None or without else HERE / "results.md"
    if output is not None:
        text = report(matching, templates, errors, corpus)
        if without:
            text = text.replace("\n## Overall", f"\n- what-if: without {', '.join(sorted(without))}\n\n## Overall", 1)
        output.write_text(text, encoding="utf-8")
    rules, overall = tally(matching)
    print("\n".join(rule_table(rules, overall)))
    print(f"\nprecision {percent(overall.rate(overall.true))}, noise {percent(overall.rate(overall.noise))}, "
          f"false positives {percent(overall.rate(overall.false))} of {overall.labelled} labelled findings; "
          f"{overall.unlabelled} unlabelled, {len(matching.gone)} gone"
          + (f"; written to {output}" if output is not None else ""))
    if args.add_unlabelled and matching.unlabelled:
        stubs = [Label(f.file, f.rule, f.resource, f.where, f.digest, UNLABELLED, "", "", f.line, f.message)
                 for f in matching.unlabelled]
        kept = [label for label in labels if label.label in LABELS or label.key not in {s.key for s in stubs}]
        write_labels(args.labels, [*kept, *stubs])
        print(f"{len(stubs)} stubs appended to {args.labels}: set label and reason")
    if args.check and matching.unlabelled:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

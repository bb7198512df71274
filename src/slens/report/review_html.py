"""The review as one self-contained HTML page a team lead can forward.

Inline CSS and SVG, one inline script, no network at view time. Everything the user wrote (names,
messages, file names, notes, owners, reasons, snippets) is escaped here; the page's
Content-Security-Policy allows only the script whose hash it carries, so markup that slipped through
escaping still could not run. The output has no date or other varying input: the same review gives
the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Sequence
from html import escape

from slens.engine import Finding, Severity
from slens.lens import Pillar
from slens.report.flow_svg import legend, render_flow
from slens.report.review_html_assets import CSS, SCRIPT
from slens.review.model import RISK_RULES, PracticeReview, QuestionReview, Review, Risk, Status

#: lists of what was not reviewed can run to thousands of files; past this, a line says how many more
LIST_CAP = 200


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def script_hash(script: str = SCRIPT) -> str:
    """The CSP source expression that allows exactly this script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def _badge(kind: str, value: str, text: str | None = None) -> str:
    return f'<span class="badge {kind}-{_e(value)}">{_e(text or value)}</span>'


def _where(file: str, line: int | None) -> str:
    return f'<span class="mono">{_e(file)}:{line or "?"}</span>'


def _base(file: str) -> str:
    """The group's heading names the whole path; a row needs only the file's name beside its line."""
    return file.replace("\\", "/").rsplit("/", 1)[-1]


def _worst(risks: Sequence[Risk]) -> Risk:
    ranked = [r for r in risks if r.rank is not None]
    return max(ranked, key=lambda r: r.rank or 0) if ranked else Risk.NOT_REVIEWED


def _header(review: Review) -> list[str]:
    files = len(review.scanned_files)
    counts = review.risk_counts()
    answers = f"answers from <span class=\"mono\">{_e(review.answers_file)}</span>" if review.answers_file \
        else "no answers file"
    nav = [("summary", "Risk"), ("flow", "Event flow"), *((f"q-{q.question.value}", q.question.value)
                                                          for q in review.questions),
           ("suppressed", "Suppressed"), ("not-reviewed", "Not reviewed")]
    if review.since is not None:
        nav.append(("since", "Since"))
    return ["<header><h1>Serverless Lens review</h1>",
            f'<p class="meta">slens {_e(review.tool_version)} · {files} file{"" if files == 1 else "s"} reviewed · '
            f"{answers} · {counts['high']} high, {counts['medium']} medium, {counts['none']} no risk, "
            f"{counts['not-reviewed']} not reviewed</p>",
            '<nav class="toc">' + "".join(f'<a href="#{a}">{_e(t)}</a>' for a, t in nav) + "</nav></header>"]


def _summary(review: Review) -> list[str]:
    out = ['<section id="summary"><h2>Risk per pillar and question</h2><div class="pillars">']
    for pillar in Pillar:
        questions = [q for q in review.questions if q.question.pillar is pillar]
        if not questions:
            continue
        worst = _worst([q.risk for q in questions])
        not_reviewed = sum(1 for q in questions if q.risk is Risk.NOT_REVIEWED)
        note = f" · {not_reviewed} not reviewed" if not_reviewed and worst is not Risk.NOT_REVIEWED else ""
        out.append(f'<div class="pillar risk-{worst.value}" data-pillar="{pillar.value}">'
                   f'<span class="name">{_e(pillar.title)}</span>{_badge("risk", worst.value)} '
                   f'<span class="muted">{len(questions)} question{"" if len(questions) == 1 else "s"}{note}'
                   "</span></div>")
    out += ["</div>", '<table class="risks"><thead><tr><th>Question</th><th>Risk</th><th>Reason</th></tr></thead>'
            "<tbody>"]
    for q in review.questions:
        out.append(f'<tr data-question="{q.question.value}"><td><a href="#q-{q.question.value}">{q.question.value}</a> '
                   f"{_e(q.question.title)}</td><td class=\"nowrap\">{_badge('risk', q.risk.value)}</td>"
                   f"<td>{_e(q.reason)}</td></tr>")
    out.append("</tbody></table></section>")
    return out


def _flows(review: Review) -> list[str]:
    out = ['<section id="flow"><h2>Event flow</h2>',
           '<p class="muted">Sources on the left, functions, then destinations; failure paths in red.</p>']
    if not review.flows:
        out.append("<p>No connected resources found: nothing triggers, delivers to or is written by another "
                   "resource in the reviewed files.</p></section>")
        return out
    out.append(legend())
    for i, flow in enumerate(review.flows):
        omitted = (f' <span class="muted">({flow.omitted} more connected resources left out of the picture)</span>'
                   if flow.omitted else "")
        out.append(f'<figure class="flow-box"><figcaption><span class="mono">{_e(flow.file)}</span> · '
                   f"{len(flow.nodes)} resources, {len(flow.edges)} connections{omitted}</figcaption>"
                   f'<div class="flow-scroll">{render_flow(flow, f"flow-{i}")}</div></figure>')
    out.append("</section>")
    return out


def _filters(review: Review) -> list[str]:
    severities = "".join(f'<label><input type="checkbox" checked data-severity="{s.value}"> {s.value}</label>'
                         for s in Severity)
    statuses = "".join(f'<label><input type="checkbox" checked data-status="{s.value}"> {s.value}</label>'
                       for s in Status)
    # hidden until the script shows it: without JavaScript it could not filter anything
    return ['<div id="filters" class="filters" hidden>',
            f"<fieldset><legend>Findings</legend>{severities}</fieldset>",
            f"<fieldset><legend>Practices</legend>{statuses}</fieldset>",
            '<input type="search" id="filter-text" placeholder="filter findings by resource, rule or file" '
            'aria-label="filter findings by resource, rule or file">',
            '<span id="filter-count" class="muted"></span></div>']


def _answer(p: PracticeReview) -> str:
    a = p.answer
    if a is None:
        return ""
    who = " · ".join(part for part in (f"owner {_e(a.owner)}" if a.owner else "", _e(a.date)) if part)
    notes = f": {_e(a.notes)}" if a.notes else ""
    return (f'<div class="answer">Answered <b>{_e(a.answer)}</b>{" (" + who + ")" if who else ""}{notes} '
            f'<span class="muted">{_where(a.file, a.line)}</span></div>')


def _practices(q: QuestionReview) -> list[str]:
    out = ['<table class="practices"><colgroup><col class="status"><col class="practice"><col></colgroup>'
           "<thead><tr><th>Status</th><th>Practice</th><th>Evidence</th></tr></thead><tbody>"]
    for p in q.practices:
        rules = f"rules {_e(', '.join(p.rules))} · {p.checked} resource{'' if p.checked == 1 else 's'} checked" \
            if p.rules else "needs a person"
        out.append(f'<tr class="practice" data-status="{p.status.value}"><td>{_badge("st", p.status.value)}</td>'
                   f'<td><span class="title">{_e(p.title)}</span><br><span class="muted">{_e(p.level)} · '
                   f'<span class="mono">{_e(p.choice_id)}</span></span></td>'
                   f'<td class="evidence">{_e(p.reason)}<br><span class="muted">{rules}</span>{_answer(p)}</td></tr>')
    out.append("</tbody></table>")
    return out


def _search(f: Finding) -> str:
    return " ".join((f.resource, f.label or "", f.generated_resource or "", f.rule.id, f.rule.name,
                     f.span.file)).lower()


def _findings(q: QuestionReview) -> list[str]:
    findings = [f for p in q.practices for f in p.findings]
    if not findings:
        return ["<p class=\"muted\">No findings.</p>"]
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in sorted(findings, key=lambda f: (f.span.file, f.resource, -f.severity.rank, f.sort_key())):
        groups.setdefault((f.span.file, f.resource), []).append(f)
    out = [f"<h3>Findings ({len(findings)}) by resource</h3>"]
    for (file, resource), group in groups.items():
        first = group[0]
        label = f" ({_e(first.label)})" if first.label else ""
        out.append(f'<div class="group" data-resource="{_e(resource)}"><h4>{_e(resource)}{label} '
                   f'<span class="mono">{_e(first.resource_type)} · {_e(file)}</span></h4>'
                   '<table class="findings"><colgroup><col class="sev"><col class="rule"><col><col class="where">'
                   "</colgroup><tbody>")
        for f in group:
            generated = f' <span class="muted">(on {_e(f.generated_resource)})</span>' \
                if f.generated_resource and f.generated_resource != f.resource else ""
            out.append(f'<tr class="finding" data-severity="{f.severity.value}" data-rule="{_e(f.rule.id)}" '
                       f'data-search="{_e(_search(f))}"><td class="nowrap">{_badge("sev", f.severity.value)}</td>'
                       f'<td><b>{_e(f.rule.id)}</b> <span class="muted">{_e(f.rule.name)}</span></td>'
                       f'<td class="msg">{_e(f.message)}{generated}</td>'
                       f'<td class="nowrap" title="{_e(f.span.file)}">{_where(_base(f.span.file), f.span.line)}'
                       "</td></tr>")
        out.append("</tbody></table></div>")
    rules = {f.rule.id: f.rule for f in findings}
    fixes = [rules[rule_id] for rule_id in sorted(rules) if rules[rule_id].fixes]
    # the snippets in the dialects the findings were written in: a Terraform team reads Terraform
    wanted = {fix[0] for f in findings if (fix := f.rule.fix_for(f.dialect)) is not None}
    if fixes:
        out.append(f'<details class="fixes"><summary>How to fix: snippets for {len(fixes)} '
                   f'rule{"" if len(fixes) == 1 else "s"}</summary>')
        for rule in fixes:
            out.append(f"<h5>{_e(rule.id)} {_e(rule.title or rule.name)}</h5>")
            out += [f'<div class="muted">{_e(dialect)}</div><pre><code>{_e(snippet.strip())}</code></pre>'
                    for dialect, snippet in rule.fixes.items() if dialect in wanted]
        out.append("</details>")
    return out


def _question(q: QuestionReview) -> list[str]:
    return [f'<section class="question" id="q-{q.question.value}" data-risk="{q.risk.value}">',
            f"<h2>{q.question.value} {_e(q.question.title)}{_badge('risk', q.risk.value)}</h2>",
            f'<p class="reason">{_e(q.reason)} <span class="muted">· {_e(q.question.pillar.title)} · '
            f'<span class="mono">{_e(q.question.wa_id)}</span></span></p>',
            *_practices(q), *_findings(q), "</section>"]


def _suppressed(review: Review) -> list[str]:
    out = ['<section id="suppressed"><h2>Suppressed findings</h2>']
    if not review.suppressed:
        return [*out, "<p>None: no finding was accepted on purpose.</p></section>"]
    out.append('<table class="suppressed"><thead><tr><th>Rule</th><th>Resource</th><th>Where</th><th>Reason</th>'
               "<th>Source</th><th>Expires</th></tr></thead><tbody>")
    for s in sorted(review.suppressed, key=lambda s: s.finding.sort_key()):
        f = s.finding
        out.append(f'<tr><td class="nowrap">{_badge("sev", f.severity.value)} <b>{_e(f.rule.id)}</b></td>'
                   f"<td>{_e(f.resource)}</td><td>{_where(f.span.file, f.span.line)}</td><td>{_e(s.reason)}</td>"
                   f"<td>{_e(s.source)}</td><td class=\"nowrap\">{_e(s.expires or 'never')}</td></tr>")
    out.append("</tbody></table></section>")
    return out


def _capped(title: str, rows: Iterable[str], total: int) -> list[str]:
    shown = list(rows)[:LIST_CAP]
    more = f"<li class=\"muted\">… and {total - len(shown)} more</li>" if total > len(shown) else ""
    return [f"<h3>{_e(title)} ({total})</h3><ul>", *shown, more, "</ul>"]


def _not_reviewed(review: Review) -> list[str]:
    out = ['<section id="not-reviewed"><h2>What was not reviewed</h2>']
    if not (review.errors or review.problems or review.notices or review.skipped_files):
        out.append("<p>Everything found was reviewed: no scan errors, answer problems, notices or skipped files.</p>")
    if review.errors:
        out += _capped("Scan errors: these files' evidence is missing", (
            f"<li>{_where(e.file, e.line)} <b>{_e(e.kind.value)}</b>: {_e(e.message)}</li>"
            for e in sorted(review.errors, key=lambda e: e.sort_key())), len(review.errors))
    if review.problems:
        out += _capped("Answer-file problems: those answers are not used", (
            f"<li>{_where(p.file, p.line)} {_e(p.message)}</li>" for p in review.problems), len(review.problems))
    if review.notices:
        out += _capped("Notices", (f"<li>{_where(n.file, n.line)} <b>{_e(n.kind.value)}</b>: {_e(n.message)}</li>"
                                   for n in sorted(review.notices, key=lambda n: n.sort_key())), len(review.notices))
    if review.skipped_files:
        out += _capped("Skipped files", (f'<li><span class="mono">{_e(s.file)}</span>: {_e(s.reason)}</li>'
                                         for s in sorted(review.skipped_files, key=lambda s: s.file)),
                       len(review.skipped_files))
    out.append("</section>")
    return out


def _since(review: Review) -> list[str]:
    if review.since is None:
        return []
    out = [f'<section id="since"><h2>Since <span class="mono">{_e(review.since)}</span></h2>']
    if not review.changes:
        return [*out, "<p>No question changed.</p></section>"]
    out.append("<ul>")
    for c in review.changes:
        practices = "".join(f"<li><span class=\"mono\">{_e(p.choice_id)}</span> {_e(p.title)}: "
                            f"{_e(p.before)} → {_e(p.after)}</li>" for p in c.practices)
        out.append(f"<li><b>{c.question.value}</b> {_e(c.direction)}: {_badge('risk', c.risk_before)} → "
                   f"{_badge('risk', c.risk_after)}" + (f"<ul>{practices}</ul>" if practices else "") + "</li>")
    out.append("</ul></section>")
    return out


def render(review: Review) -> str:
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {script_hash()}"
    body = [*_header(review), *_summary(review), *_flows(review), *_filters(review)]
    for q in review.questions:
        body += _question(q)
    body += [*_suppressed(review), *_not_reviewed(review), *_since(review),
             "<footer><p>Risk rules, first match: " + _e("; ".join(RISK_RULES)) + ".</p>"
             f"<p>slens {_e(review.tool_version)}: AWS Well-Architected Serverless Lens review.</p></footer>"]
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>Serverless Lens review · slens {_e(review.tool_version)}</title>",
        f"<style>{CSS}</style></head><body><main>", *body, "</main>",
        f"<script>{SCRIPT}</script>", "</body></html>", ""])

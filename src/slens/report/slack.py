"""The ``--notify-webhook`` message: critical and high findings as Slack-compatible JSON.

Slack's incoming webhooks (and Mattermost's, and most chat relays) take ``text`` as the fallback
and ``blocks`` as the message. Findings' messages are already scrubbed of secret values by the
engine; nothing else of the scan (environment, configuration, paths beyond a finding's file) is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slens.engine import Finding, Severity
from slens.safe_text import escape_controls

NOTIFIED = (Severity.CRITICAL, Severity.HIGH)
#: a message stays readable (and well under Slack's 50 blocks) past this many findings
MAX_FINDINGS = 20
#: Slack refuses a header over 150 characters and a section over 3000
_HEADER_MAX, _MESSAGE_MAX = 150, 1000


def notified(findings: Sequence[Finding]) -> list[Finding]:
    """The findings a notification is about, most severe first, in report order within a severity."""
    return sorted((f for f in findings if f.severity in NOTIFIED), key=lambda f: -f.severity.rank)


def _mrkdwn(text: str, limit: int = _MESSAGE_MAX) -> str:
    # the three characters Slack's markup reserves for links and mentions (<!channel>)
    text = escape_controls(" ".join(text.split()))
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _arn(finding: Finding) -> str | None:
    # a finding about a deployed resource (slens scan --aws) carries it; the label is the fallback
    # the live mapping names resources by
    arn = getattr(getattr(finding, "live", None), "arn", None)
    if isinstance(arn, str) and arn:
        return arn
    return finding.label if finding.span.file.startswith("aws://") else None


def _where(finding: Finding) -> str:
    """file:line for a template, the ARN for a deployed resource, both when its template was scanned."""
    arn = _arn(finding)
    if finding.span.file.startswith("aws://"):
        return arn or finding.span.file
    where = f"{finding.span.file}:{finding.span.line}" if finding.span.line else finding.span.file
    return f"{where} · {arn}" if arn else where


def _section(finding: Finding) -> dict[str, Any]:
    resource = finding.resource
    if finding.label and finding.label != resource and not finding.span.file.startswith("aws://"):
        resource += f" ({finding.label})"
    text = (f"*{finding.severity.value.upper()}* `{_mrkdwn(finding.rule.id, 40)}` {_mrkdwn(finding.rule.name, 100)}\n"
            f"*Resource:* {_mrkdwn(resource, 300)}\n*Where:* {_mrkdwn(_where(finding), 500)}\n"
            f"{_mrkdwn(finding.message)}")
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def payload(findings: Sequence[Finding], since: str | None, version: str) -> dict[str, Any]:
    """The message for ``findings`` (already :func:`notified`); ``since`` names the previous report."""
    count = len(findings)
    kind = "new critical or high" if since else "critical or high"
    title = f"slens: {count} {kind} finding{'s' if count != 1 else ''}"
    shown = findings[:MAX_FINDINGS]
    context = [f"slens {version}"] + ([f"since {since}"] if since else [])
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:_HEADER_MAX]}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": _mrkdwn(" · ".join(context), 300)}]},
        *(_section(f) for f in shown)]
    if count > len(shown):
        blocks.append({"type": "context", "elements": [
            {"type": "mrkdwn", "text": f"and {count - len(shown)} more: see the report"}]})
    return {"text": title, "blocks": blocks}

"""``slens scan --since FILE`` and ``--notify-webhook URL``: a scan seen over time and told to a team.

``--since`` is read before the scan (a wrong file fails at once, exit 2) and compared after it;
the webhook is posted after every report is written, so a failing receiver never costs a report,
and its failure is one line on stderr that leaves the exit code as the scan made it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slens import __version__
from slens.config import ConfigError, read_config_text

if TYPE_CHECKING:  # the parser is built on every run, even --version: nothing heavy at import
    from slens.engine import ScanResult
    from slens.report import Renderer
    from slens.report.since import Since

#: the webhook URL from the environment, so that it stays out of shell history and CI logs
WEBHOOK_VARIABLE = "SLENS_WEBHOOK_URL"


def add_arguments(scan: argparse.ArgumentParser) -> None:
    group = scan.add_argument_group("over time and teams")
    group.add_argument("--since", metavar="FILE",
                       help="say which findings are new, resolved and unchanged since a --format json report")
    group.add_argument("--notify-webhook", metavar="URL",
                       help=f"post new critical and high findings to URL as Slack-compatible JSON "
                            f"(default: ${WEBHOOK_VARIABLE})")


def previous(args: argparse.Namespace) -> list[dict[str, Any]] | None:
    """The previous report's findings, or None without --since; ConfigError naming the file."""
    if not args.since:
        return None
    from slens.report.since import SinceError, previous_findings

    try:
        return previous_findings(args.since, read_config_text(Path(args.since)))
    except SinceError as exc:
        raise ConfigError(str(exc)) from None
    except ConfigError as exc:  # the bounded read's refusal names the path already, or not quite
        message = str(exc)
        raise ConfigError(message if args.since in message else f"--since {args.since}: {message}") from None


def webhook_url(args: argparse.Namespace) -> str | None:
    """The URL to notify, checked before the scan; ConfigError (never quoting the URL) if unusable."""
    from slens.webhook import check

    url = args.notify_webhook or os.environ.get(WEBHOOK_VARIABLE) or None
    source = "--notify-webhook" if args.notify_webhook else WEBHOOK_VARIABLE
    if url is not None and (problem := check(url)) is not None:
        raise ConfigError(f"{source}: {problem}")
    return url


def compare(result: ScanResult, findings: list[dict[str, Any]] | None, name: str | None) -> Since | None:
    from slens.report import since

    return since.compare(result, findings, name) if findings is not None and name else None


def renderers(base: Mapping[str, Renderer], since: Since | None) -> dict[str, Renderer]:
    from slens.report.since import with_since

    return with_since(base, since) if since else dict(base)


def quiet_line(since: Since | None) -> str:
    from slens.report.since import summary

    return summary(since) + "\n" if since else ""


def notify(url: str | None, result: ScanResult, since: Since | None, quiet: bool) -> None:
    """Post the new (without --since: all) critical and high findings; say on stderr what happened."""
    if url is None:
        return
    from slens.report.slack import notified, payload
    from slens.safe_text import escape_controls
    from slens.webhook import WebhookError, post, where

    findings = notified(since.new if since else result.findings)
    if not findings:
        if not quiet:
            sys.stderr.write(f"slens: no {'new ' if since else ''}critical or high findings: "
                             f"nothing sent to {where(url)}\n")
        return
    try:
        post(url, payload(findings, since.file if since else None, __version__), f"slens/{__version__}")
    except WebhookError as exc:
        sys.stderr.write(escape_controls(f"slens: could not notify {where(url)}: {exc}; the report is "
                                         "complete, and the exit code is the scan's") + "\n")
        return
    if not quiet:
        sys.stderr.write(f"slens: sent {len(findings)} finding{'s' if len(findings) != 1 else ''} "
                         f"to {where(url)}\n")

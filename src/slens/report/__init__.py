"""Reporters: one pure function per format, reading only the scan result."""

from __future__ import annotations

from collections.abc import Callable

from slens.engine import ScanResult
from slens.report import concise, github, gitlab, json_report, junit, markdown, sarif, text

Renderer = Callable[[ScanResult, bool], str]

RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
    "github": github.render,
    "markdown": markdown.render,
    "concise": concise.render,
}

__all__ = ["RENDERERS", "Renderer"]

"""Reporters: one pure function per format, reading only the scan result."""

from __future__ import annotations

from collections.abc import Callable

from slens.engine import ScanResult
from slens.report import json_report, text

Renderer = Callable[[ScanResult, bool], str]

RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
}

__all__ = ["RENDERERS", "Renderer"]

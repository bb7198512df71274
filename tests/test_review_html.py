"""``slens review --format html``: self-contained, small, and inert whatever the templates say.

tests/test_review_browser.py opens the same pages in a real headless Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from slens.engine import RuleCatalogue
from slens.report import review_html
from slens.review.evaluate import build_review
from slens.review.model import Review
from slens.scan import ScanOptions, scan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"recipe-before": ROOT / "examples" / "recipe-app" / "before",
            "recipe-after": ROOT / "examples" / "recipe-app" / "after",
            "thumbnail": ROOT / "examples" / "thumbnail-creator",
            "burst-search": ROOT / "examples" / "burst-search"}
TODAY = "2026-12-06"
MAX_BYTES = 500_000


def script_payload(n: int) -> str:
    return f"<script>window.__pwned={n}</script>"


def img_payload(n: int) -> str:
    return f'"><img src=x onerror=window.__pwned={n}>'


#: where each payload enters: everything here is free text a template or answers file carries
CHANNELS = {
    "folder name (every file path)": img_payload(1),
    "skipped file name": img_payload(2),
    "finding message (an API route's path)": script_payload(3),
    "suppression reason": script_payload(4) + img_payload(5),
    "answer notes": script_payload(6),
    "answer owner": img_payload(7),
    "answer-file problem (an unknown practice id)": script_payload(8),
}


class Tags(HTMLParser):
    """The elements a browser would build, and any event-handler attribute on them."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.handlers: list[str] = []
        self.hidden: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.append(tag)
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]
        self.hidden += [dict(attrs).get("id") or tag for name, _ in attrs if name == "hidden"]

    @classmethod
    def of(cls, page: str) -> Tags:
        parser = cls()
        parser.feed(page)
        parser.close()
        return parser


def example_review(catalogue: RuleCatalogue, name: str) -> Review:
    return build_review(scan([str(EXAMPLES[name])], catalogue, ScanOptions(fail_on=None)))


def hostile_report(tmp: Path) -> str:
    """The recipe app's first draft with hostile text in every place that reaches the report,
    reviewed through the CLI; returns the HTML."""
    project = tmp / img_payload(1)
    shutil.copytree(EXAMPLES["recipe-before"], project)
    template = project / "template.yaml"
    text = template.read_text()
    route = "Properties: {Path: /search, Method: get}"
    head = "  RecipeCrudFunction:\n    Type: AWS::Serverless::Function\n"
    assert route in text and head in text
    text = text.replace(route, f"Properties: {{Path: '/search{script_payload(3)}', Method: get}}")
    text = text.replace(head, head + "    Metadata:\n      slens:\n        ignore:\n          - id: LAM001\n"
                        f"            reason: '{script_payload(4)}{img_payload(5)}'\n", 1)
    template.write_text(text)
    (project / f"{img_payload(2)}.yaml").write_text("just: data\n")
    (project / "slens-review.yaml").write_text(
        "answers:\n  ops_ops_q1_a2:\n    answer: yes\n"
        f"    notes: '{script_payload(6)}'\n    owner: '{img_payload(7)}'\n    date: 2026-11-01\n"
        f"  '{script_payload(8)}':\n    answer: yes\n    date: 2026-11-01\n")
    out = tmp / "hostile.html"
    env = {**os.environ, "NO_COLOR": "1", "SLENS_TODAY": TODAY}
    run = subprocess.run([sys.executable, "-m", "slens", "review", str(project), "--format", "html", "-o", str(out)],
                         cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 2, run.stderr  # the unknown practice id is an answer problem
    return out.read_text()


@pytest.fixture(scope="module")
def reports(catalogue: RuleCatalogue) -> dict[str, str]:
    return {name: review_html.render(example_review(catalogue, name)) for name in EXAMPLES}


def test_example_reports_are_small_and_load_nothing_from_the_network(reports: dict[str, str]) -> None:
    for name, page in reports.items():
        assert len(page.encode()) < MAX_BYTES, name
        assert not re.search(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I), name
        assert "<link" not in page and "@import" not in page and "<iframe" not in page, name
        for target in re.findall(r"url\(\s*['\"]?([^)'\"]*)", page):
            assert target.startswith(("#", "data:")), (name, target)


def test_the_csp_allows_exactly_the_one_inline_script(reports: dict[str, str]) -> None:
    for name, page in reports.items():
        (csp,) = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
        assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-eval" not in csp, name
        (script,) = re.findall(r"<script>(.*?)</script>", page, re.S)
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"script-src 'sha256-{digest}'" in csp, name
        tags = Tags.of(page)
        assert tags.names.count("script") == 1 and not tags.handlers, name  # the CSP would block a handler


def test_the_report_has_every_part_in_order(reports: dict[str, str], catalogue: RuleCatalogue) -> None:
    page = reports["recipe-before"]
    order = ['id="summary"', 'id="flow"', 'id="filters"', 'id="q-OPS1"', 'id="q-COST1"', 'id="suppressed"',
             'id="not-reviewed"']
    assert [page.index(anchor) for anchor in order] == sorted(page.index(anchor) for anchor in order)
    assert page.count('class="pillar ') == 5 and page.count("<tr data-question=") == 9
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="flow"') == 1
    assert page.count('class="finding"') == 58  # LAM304 stays silent where LAM006 reports (one problem)
    # fix snippets once per rule and question, not once per finding
    assert page.count("LAM001 Lambda function without AWS X-Ray active tracing</h5>") == 1
    after = reports["recipe-after"]
    assert "SM201" in after[after.index('id="suppressed"'):] and "rotate it by hand" in after
    # the script only hides: without it (a mail client, a locked-down viewer) everything shows but the
    # filter bar, which could not filter anything
    assert Tags.of(page).hidden == ["filters"]
    # the same review gives the same bytes: nothing in it depends on the date or the run
    assert review_html.render(example_review(catalogue, "recipe-before")) == page


def test_long_lists_of_what_was_not_reviewed_are_capped(catalogue: RuleCatalogue) -> None:
    from dataclasses import replace

    from slens.engine.result import SkippedFile

    review = example_review(catalogue, "thumbnail")
    many = tuple(SkippedFile(f"notes/{i:04}.yaml", "not a template") for i in range(1000))
    page = review_html.render(replace(review, skipped_files=many))
    assert "Skipped files (1000)" in page and "… and 800 more" in page and "notes/0199.yaml" in page
    assert "notes/0200.yaml" not in page


def test_the_cli_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    run = subprocess.run([sys.executable, "-m", "slens", "review", str(EXAMPLES["thumbnail"]), "--format", "html",
                          "-o", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "SLENS_TODAY": TODAY})
    assert run.returncode == 0, run.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_hostile_names_messages_and_answers_render_as_text(tmp_path: Path) -> None:
    page = hostile_report(tmp_path)
    for channel, payload in CHANNELS.items():
        assert escape(payload, quote=True) in page, f"{channel}: the payload did not reach the report"
        assert payload not in page, channel
    tags = Tags.of(page)
    assert tags.names.count("script") == 1 and "img" not in tags.names and not tags.handlers
    assert page.count("<script") == 1 and "<img" not in page

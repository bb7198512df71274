"""The HTML review in a real headless Chromium (Debian's ``chromium`` and ``chromium-driver``).

Pages load from ``file://`` URLs: no server, no network. Without the browser these tests skip and
say how to install it; with ``SLENS_REQUIRE_BROWSER=1`` (set by .ci/run) they fail instead, so CI
cannot pass without having run them.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from slens.engine import RuleCatalogue
from slens.report import review_html
from tests.test_review_html import example_review, hostile_report

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACT = ROOT / "build" / "test-artifacts" / "review-recipe-after.png"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000")


def _unavailable(reason: str) -> None:
    message = f"{reason}: install Debian's browser with 'apt-get install chromium chromium-driver'"
    if os.environ.get("SLENS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SLENS_REQUIRE_BROWSER=1 but {message}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        _unavailable(f"{' and '.join(missing)} missing")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed ('.[test]' installs it)")
    options = webdriver.ChromeOptions()
    # both paths given: Selenium Manager has nothing to look up or download
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def pages(catalogue: RuleCatalogue, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """file:// URLs of the reports, by name."""
    folder = tmp_path_factory.mktemp("reports")
    urls = {}
    for name in ("recipe-before", "recipe-after"):
        path = folder / f"{name}.html"
        path.write_text(review_html.render(example_review(catalogue, name)))
        urls[name] = path.as_uri()
    hostile = folder / "hostile.html"
    hostile.write_text(hostile_report(tmp_path_factory.mktemp("hostile")))
    urls["hostile"] = hostile.as_uri()
    return urls


def _open(driver: Any, url: str) -> None:
    driver.get_log("browser")  # drop what an earlier page logged
    driver.get(url)


def _severe(driver: Any) -> list[Any]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def test_the_report_shows_risks_and_the_event_flow(driver: Any, pages: dict[str, str]) -> None:
    """Also keeps a full-page screenshot as a test artifact: build/test-artifacts/review-recipe-after.png."""
    _open(driver, pages["recipe-after"])
    questions = _css(driver, "section.question")
    assert len(questions) == 9
    assert all(q.find_element("css selector", "h2 .badge").text in ("high", "medium", "none", "not-reviewed")
               for q in questions)
    assert len(_css(driver, ".pillars .pillar")) == 5
    assert [row.get_attribute("data-question") for row in _css(driver, "table.risks tr[data-question]")][:2] == \
        ["OPS1", "OPS2"]
    (svg,) = _css(driver, "svg.flow")
    names = {node.text for node in _css(driver, "svg.flow g.node text.name")}
    assert len(_css(driver, "svg.flow g.node")) == 13
    assert {"RecipesApi", "WriteRecipesFunction", "AsyncFailureDLQ"} <= names
    failures = _css(driver, "svg.flow path.edge.sends-failures-to")
    assert failures and all(edge.get_attribute("stroke") == "#dc2626" for edge in failures)
    assert svg.is_displayed() and _css(driver, "#filters")[0].is_displayed()  # the script ran
    assert not _severe(driver)

    height = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": 1400, "height": height, "scale": 1}})
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_bytes(base64.b64decode(shot["data"]))
    assert ARTIFACT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and ARTIFACT.stat().st_size > 50_000


def _until(driver: Any, condition: Any) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10, poll_frequency=0.1).until(lambda _: condition())


def test_the_filters_hide_and_show_findings_and_practices(driver: Any, pages: dict[str, str]) -> None:
    _open(driver, pages["recipe-before"])
    rows = _css(driver, "tr.finding")
    low = [row for row in rows if row.get_attribute("data-severity") == "low"]
    others = [row for row in rows if row.get_attribute("data-severity") != "low"]
    assert low and others and all(row.is_displayed() for row in low[:5])
    (box,) = _css(driver, "input[data-severity=low]")
    box.click()
    # the page applies a filter at once; waiting out a loaded machine's rendering, not a timer
    _until(driver, lambda: not any(row.is_displayed() for row in low))
    assert all(row.is_displayed() for row in others[:10])
    assert _css(driver, "#filter-count")[0].text == f"{len(others)} of {len(rows)} findings shown"
    box.click()
    _until(driver, lambda: all(row.is_displayed() for row in low))

    (text,) = _css(driver, "#filter-text")
    text.send_keys("thumbnailfunction")
    _until(driver, lambda: 0 < sum(row.is_displayed() for row in rows) < len(rows))
    shown = [row for row in rows if row.is_displayed()]
    assert all("thumbnailfunction" in row.get_attribute("data-search") for row in shown)
    text.clear()
    text.send_keys(" ")  # clear() fires no input event; any edit re-applies the filter
    _until(driver, lambda: sum(row.is_displayed() for row in rows) == len(rows))

    (passed,) = _css(driver, "input[data-status=passed]")
    passed.click()
    _until(driver, lambda: not any(row.is_displayed() for row in _css(driver, "tr.practice[data-status=passed]")))
    assert all(row.is_displayed() for row in _css(driver, "tr.practice[data-status=failed]"))
    passed.click()
    assert not _severe(driver)


def test_hostile_text_renders_inert(driver: Any, pages: dict[str, str]) -> None:
    _open(driver, pages["hostile"])
    assert driver.execute_script("return window.__pwned === undefined")
    assert not _css(driver, "img") and len(_css(driver, "script")) == 1
    # the payloads are on the page, as text
    assert "<script>window.__pwned=3</script>" in driver.find_element("css selector", "body").text
    assert not _severe(driver)  # a CSP violation would be logged here


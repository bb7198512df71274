"""``slens scan --since`` and ``--notify-webhook``: two versions of an example template, and a real
HTTP receiver on 127.0.0.1 that records what it is sent and answers as each test tells it to."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from slens import webhook
from slens.cli import main

ROOT = Path(__file__).resolve().parent.parent
BEFORE = (ROOT / "examples" / "recipe-app" / "before" / "template.yaml").read_text()
#: the path of a Slack webhook URL is its secret: no output may hold it
SECRET = "/services/T000/B000/s3cr3tT0k3n"
LEGACY = "  Legacy{n}Function:\n    Type: AWS::Serverless::Function\n    Properties:\n" \
         "      CodeUri: src/legacy/\n      Handler: app.handler\n      Runtime: python3.8\n"


def _second_version(legacy: int = 1) -> str:
    """One finding fixed (RecipeCrudFunction's deprecated runtime), problems added (legacy functions)."""
    assert "Runtime: python3.8            #" in BEFORE
    fixed = BEFORE.replace("Runtime: python3.8            #", "Runtime: python3.12           #", 1)
    return fixed.replace("Resources:\n", "Resources:\n" + "".join(LEGACY.format(n=n) for n in range(legacy)), 1)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "template.yaml").write_text(BEFORE)
    monkeypatch.chdir(tmp_path)
    # the receiver is on loopback: no proxy of the machine running the tests may stand between
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SLENS_WEBHOOK_URL", raising=False)
    monkeypatch.setattr(webhook, "_BASE_DELAY", 0.01)  # the schedule itself is tested with a fake clock
    return tmp_path


def _previous(project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    main(["scan", "template.yaml", "--format", "json", "--output", "previous.json"])
    capsys.readouterr()
    (project / "template.yaml").write_text(_second_version())
    return dict(json.loads((project / "previous.json").read_text()))


class Receiver:
    """An HTTP server answering POSTs with the statuses queued in ``answers`` (then 200)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answers: list[tuple[int, dict[str, str]]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body,
                                          "at": time.monotonic()})
                status, headers = receiver.answers.pop(0) if receiver.answers else (200, {})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{SECRET}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def payloads(self) -> list[dict[str, Any]]:
        return [json.loads(r["body"]) for r in self.requests]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.server.shutdown()
    server.server.server_close()


def _no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text and "s3cr3t" not in text


# --since ---------------------------------------------------------------------------------------


def test_since_says_what_is_new_resolved_and_unchanged(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    previous = _previous(project, capsys)
    plain = main(["scan", "template.yaml", "--format", "json"])
    without = json.loads(capsys.readouterr().out)
    assert main(["scan", "template.yaml", "--format", "json", "--since", "previous.json"]) == plain
    report = json.loads(capsys.readouterr().out)
    since = report.pop("since")
    assert report == without, "--since adds a field and changes nothing else"
    assert since["file"] == "previous.json"
    assert since["new"] and {f["resource"] for f in since["new"]} == {"Legacy0Function"}
    assert "LAM004" in {f["rule_id"] for f in since["new"]}
    assert set(since["new"][0]) == set(report["findings"][0]), "new findings have the report's shape"
    (resolved,) = since["resolved"]
    assert (resolved["rule_id"], resolved["resource"], resolved["line"]) == ("LAM004", "RecipeCrudFunction", 18)
    assert resolved == next(f for f in previous["findings"] if f["fingerprint"] == resolved["fingerprint"])
    assert since["unchanged"] == len(previous["findings"]) - 1 == len(report["findings"]) - len(since["new"])
    assert (since["suppressed"], since["not_reviewed"]) == (0, 0)

    main(["scan", "template.yaml", "--since", "previous.json"])
    text = capsys.readouterr().out
    block = text[text.index("Since previous.json:"):].splitlines()
    assert block[0] == f"Since previous.json: {len(since['new'])} new, 1 resolved, {since['unchanged']} unchanged"
    assert sum(line.startswith("  + ") for line in block) == len(since["new"])
    assert [line for line in block if line.startswith("  - ")] == [
        "  - high     LAM004  template.yaml:18  function RecipeCrudFunction uses runtime python3.8, deprecated "
        "since 2024-10-14  [RecipeCrudFunction]"]

    main(["scan", "template.yaml", "--quiet", "--since", "previous.json"])
    assert capsys.readouterr().out.splitlines()[1] == block[0]
    main(["scan", "template.yaml", "--format", "markdown", "--since", "previous.json"])
    assert f"### {block[0]}" in capsys.readouterr().out


def test_other_formats_are_unchanged_by_since(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _previous(project, capsys)
    for fmt in ("sarif", "junit", "concise"):
        main(["scan", "template.yaml", "--format", fmt])
        plain = capsys.readouterr().out
        main(["scan", "template.yaml", "--format", fmt, "--since", "previous.json"])
        assert capsys.readouterr().out == plain, fmt


def test_a_finding_suppressed_since_or_in_a_broken_file_is_not_resolved(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "other.yaml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    main(["scan", "template.yaml", "other.yaml", "--format", "json", "--output", "previous.json"])
    capsys.readouterr()
    (project / "other.yaml").write_text("Resources:\n  Q: [\n")
    (project / "template.yaml").write_text(
        BEFORE.replace("      Runtime: python3.8            #", "      Runtime: python3.8  # slens: ignore[LAM004] "
                       "later\n      #", 1))
    main(["scan", "template.yaml", "other.yaml", "--format", "json", "--since", "previous.json"])
    since = json.loads(capsys.readouterr().out)["since"]
    assert since["suppressed"] == 1 and since["not_reviewed"] >= 1
    assert since["resolved"] == []


@pytest.mark.parametrize(("content", "expected"), [
    (None, "does not exist"),
    ("not json", "not a JSON report"),
    ('{"schema_version": 1, "tool": "slens", "findings": []}', "not an slens JSON report"),  # a baseline
    ('{"schema_version": "0", "tool": {"name": "slens"}, "findings": []}', "schema version '0'"),
    ('{"schema_version": "1", "tool": {"name": "slens"}, "findings": [{"rule_id": "X"}]}', "malformed report"),
    ('{"review_schema_version": "1", "questions": []}', "not an slens JSON report"),
])
def test_a_previous_file_that_is_not_a_report_is_a_configuration_error(
        project: Path, capsys: pytest.CaptureFixture[str], content: str | None, expected: str) -> None:
    if content is not None:
        (project / "previous.json").write_text(content)
    assert main(["scan", "template.yaml", "--since", "previous.json"]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "previous.json" in out.err and expected in out.err, out.err


def test_a_previous_file_that_is_too_large_or_not_a_file_is_refused(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "previous.json").write_text(" " * (11 * 1024 * 1024))
    (project / "folder.json").mkdir()
    for name in ("previous.json", "folder.json"):
        assert main(["scan", "template.yaml", "--since", name]) == 2
        assert name in capsys.readouterr().err


# --notify-webhook ------------------------------------------------------------------------------


def test_new_critical_and_high_findings_are_posted_as_slack_blocks(
        project: Path, capsys: pytest.CaptureFixture[str], receiver: Receiver) -> None:
    _previous(project, capsys)
    expected = main(["scan", "template.yaml"])
    capsys.readouterr()
    assert main(["scan", "template.yaml", "--since", "previous.json", "--notify-webhook", receiver.url]) == expected
    out = capsys.readouterr()
    (request,) = receiver.requests
    assert request["path"] == SECRET and request["headers"]["Content-Type"].startswith("application/json")
    assert request["headers"]["User-Agent"].startswith("slens/")
    (payload,) = receiver.payloads()
    assert payload["text"] == "slens: 1 new critical or high finding"
    header, context, section = payload["blocks"]
    assert header == {"type": "header", "text": {"type": "plain_text", "text": payload["text"]}}
    assert context["type"] == "context" and "since previous.json" in context["elements"][0]["text"]
    assert section["type"] == "section" and section["text"]["type"] == "mrkdwn"
    text = section["text"]["text"]
    for part in ("*HIGH*", "`LAM004`", "function-with-deprecated-runtime", "*Resource:* Legacy0Function",
                 "*Where:* template.yaml:", "uses runtime python3.8"):
        assert part in text, (part, text)
    port = receiver.url.split(":")[2].split("/")[0]
    assert out.err.strip().endswith(f"slens: sent 1 finding to http://127.0.0.1:{port}")
    _no_secret(out.out, out.err)


def test_without_since_every_critical_and_high_finding_is_posted_twenty_at_most(
        project: Path, capsys: pytest.CaptureFixture[str], receiver: Receiver) -> None:
    (project / "template.yaml").write_text(_second_version(legacy=8))
    main(["scan", "template.yaml", "--format", "json"])
    high = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["severity"] in ("critical", "high")]
    assert len(high) > 20
    main(["scan", "template.yaml", "--quiet", "--notify-webhook", receiver.url])
    assert capsys.readouterr().err == ""  # --quiet: only a failure is said
    (payload,) = receiver.payloads()
    assert payload["text"] == f"slens: {len(high)} critical or high findings"
    sections = [b for b in payload["blocks"] if b["type"] == "section"]
    assert len(sections) == 20
    assert payload["blocks"][-1]["elements"][0]["text"] == f"and {len(high) - 20} more: see the report"


def test_nothing_is_sent_when_nothing_is_new(project: Path, capsys: pytest.CaptureFixture[str],
                                             receiver: Receiver) -> None:
    main(["scan", "template.yaml", "--format", "json", "--output", "previous.json"])
    capsys.readouterr()
    main(["scan", "template.yaml", "--since", "previous.json", "--notify-webhook", receiver.url])
    err = capsys.readouterr().err
    assert receiver.requests == []
    assert "no new critical or high findings: nothing sent to http://127.0.0.1:" in err
    _no_secret(err)


def test_a_500_is_retried_and_a_429_waits_as_it_is_told(project: Path, capsys: pytest.CaptureFixture[str],
                                                       receiver: Receiver) -> None:
    receiver.answers = [(500, {}), (503, {}), (429, {"Retry-After": "0"}), (429, {"Retry-After": "1"})]
    main(["scan", "template.yaml", "--notify-webhook", receiver.url])
    err = capsys.readouterr().err
    assert len(receiver.requests) == 5 and "slens: sent" in err
    assert receiver.requests[4]["at"] - receiver.requests[3]["at"] >= 0.95  # Retry-After: 1
    assert len({json.dumps(p) for p in receiver.payloads()}) == 1, "every attempt sends the same message"


@pytest.mark.parametrize("failure", ["always 500", "connection refused", "404", "redirect"])
def test_a_failing_webhook_loses_no_report_and_keeps_the_exit_code(
        project: Path, capsys: pytest.CaptureFixture[str], receiver: Receiver, failure: str) -> None:
    expected = main(["scan", "template.yaml"])
    capsys.readouterr()
    url = receiver.url
    if failure == "always 500":
        receiver.answers = [(500, {})] * 10
    elif failure == "404":
        receiver.answers = [(404, {})]
    elif failure == "redirect":
        receiver.answers = [(302, {"Location": "http://127.0.0.1:9/elsewhere"})]
    else:
        with socket.socket() as closed:  # a port that was just free: nothing listens on it
            closed.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{closed.getsockname()[1]}{SECRET}"
    code = main(["scan", "template.yaml", "--format", "json", "--output", "report.json", "--notify-webhook", url])
    out = capsys.readouterr()
    assert code == expected
    assert json.loads((project / "report.json").read_text())["findings"]
    (line,) = out.err.splitlines()
    assert line.startswith("slens: could not notify http://127.0.0.1:") and "the exit code is the scan's" in line
    attempts = {"always 500": 5, "connection refused": 0, "404": 1, "redirect": 1}[failure]
    assert len(receiver.requests) == attempts
    assert ("giving up after 5 attempts" in line) == (attempts != 1)
    _no_secret(out.out, out.err)


def test_the_url_may_come_from_the_environment(project: Path, capsys: pytest.CaptureFixture[str],
                                                receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLENS_WEBHOOK_URL", receiver.url)
    main(["scan", "template.yaml"])
    out = capsys.readouterr()
    assert len(receiver.requests) == 1
    _no_secret(out.out, out.err)


@pytest.mark.parametrize("url", ["ftp://example.invalid/s3cr3t", "file:///etc/s3cr3t", "s3cr3t",
                                 "http:///s3cr3t", "http://example.invalid:port/s3cr3t"])
def test_only_http_and_https_urls_are_accepted_and_never_echoed(
        project: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    assert main(["scan", "template.yaml", "--notify-webhook", url]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "--notify-webhook:" in out.err
    _no_secret(out.err)


def test_backoff_grows_with_jitter_and_stays_within_the_budget(receiver: Receiver) -> None:
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    receiver.answers = [(502, {})] * 5
    with pytest.raises(webhook.WebhookError, match="giving up after 5 attempts"):
        webhook.post(receiver.url, {}, "test", sleep=sleep, clock=lambda: now[0], jitter=lambda: 1.0)
    assert waits == [1.0, 2.0, 4.0, 8.0]
    waits.clear()
    receiver.answers = [(502, {})] * 5
    with pytest.raises(webhook.WebhookError):
        webhook.post(receiver.url, {}, "test", sleep=sleep, clock=lambda: now[0], jitter=lambda: 0.0)
    assert waits == [0.5, 1.0, 2.0, 4.0]
    # a Retry-After past the budget is not waited for
    waits.clear()
    receiver.answers = [(429, {"Retry-After": "120"})]
    with pytest.raises(webhook.WebhookError, match="30 s budget"):
        webhook.post(receiver.url, {}, "test", sleep=sleep, clock=lambda: now[0])
    assert waits == []


def test_a_deployed_finding_names_its_arn_and_no_message_can_mention_the_channel(project: Path) -> None:
    from dataclasses import replace

    from slens.engine import ScanResult
    from slens.report.slack import notified, payload
    from slens.rules import load_catalogue
    from slens.scan import ScanOptions, scan

    result: ScanResult = scan(["template.yaml"], load_catalogue(), ScanOptions(jobs=1))
    finding = next(f for f in result.findings if f.rule.id == "LAM004")
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:recipes"
    live = replace(finding, span=replace(finding.span, file="aws://123456789012/eu-west-1", line=None), label=arn,
                   message="runtime <!channel> & <https://evil.example|click>")
    low = next(f for f in result.findings if f.severity.value == "low")
    (section,) = [b for b in payload(notified([low, live]), None, "0")["blocks"] if b["type"] == "section"]
    text = section["text"]["text"]
    assert f"*Where:* {arn}" in text
    assert "<" not in text and "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;" in text

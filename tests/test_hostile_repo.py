"""The hostile-repository suite: every promise of SECURITY.md, on a project an attacker wrote.

Each case builds its project at test time (FIFOs, links to /dev/zero and to files outside
holding a marker, an environment marker), runs slens as a process under a 30 s and 1 GiB
limit, and asserts the promise: nothing outside the project is read or shown, nothing hangs,
each file's failure stays its own, output goes only where it may. The evaluator and resolver
bounds (exponential values, regexes) are in test_bounded.py, run the same way.
Each case's wall time and peak memory are written to ``build/hostile-cases.json``.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from slens.cli import FORMATS

from .conftest import PEAK_RSS_LAUNCHER, ROOT

SECONDS = 30
MEMORY = 1 << 30
MARKER = "HOSTILE-MARKER-7c1d"  # in files outside the project and in the environment
QUEUE = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Jobs:\n    Type: AWS::SQS::Queue\n"
FUNCTION = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Orders:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/x
      Code: {ZipFile: "x"}
"""
MEASURED: list[dict[str, Any]] = []


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.stdout)  # type: ignore[no-any-return]

    @property
    def printed(self) -> str:
        return self.stdout + self.stderr


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def slens(case: str, *args: str, cwd: Path, env: dict[str, str] | None = None) -> Outcome:
    """``slens ARGS`` as a process in ``cwd``, bounded in time and memory, measured."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(cwd.parent / f".cache-{cwd.name}"), "NO_COLOR": "1",
                   "SLENS_HOSTILE_VALUE": MARKER, **(env or {})}
    start = time.perf_counter()
    # the launcher reports the peak RSS of slens and its workers; the limit it runs under is inherited
    process = subprocess.Popen([sys.executable, "-c", PEAK_RSS_LAUNCHER, sys.executable, "-m", "slens", *args],
                               cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=_limit_memory, start_new_session=True)
    try:
        out, err = process.communicate(timeout=SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"{case}: slens {' '.join(args)} did not finish in {SECONDS} s")
    seconds = time.perf_counter() - start
    stderr, _, peak = err.decode(errors="replace").rstrip("\n").rpartition("\n")
    if not peak.strip().isdigit():
        stderr, peak = f"{stderr}\n{peak}", "0"
    assert "Traceback" not in stderr, stderr
    assert "MemoryError" not in stderr, stderr
    MEASURED.append({"case": case, "seconds": round(seconds, 2), "peak_mb": round(int(peak) / 1024, 1)})
    return Outcome(process.returncode, out.decode(errors="replace"), stderr, seconds, int(peak) / 1024)


def scan_json(case: str, cwd: Path, *args: str, env: dict[str, str] | None = None) -> Outcome:
    return slens(case, "scan", *(args or (".",)), "--format", "json", "--fail-on", "never", "--no-cache",
                 cwd=cwd, env=env)


@pytest.fixture(scope="module", autouse=True)
def _write_measurements() -> Any:
    yield
    if MEASURED:
        target = ROOT / "build" / "hostile-cases.json"
        target.parent.mkdir(exist_ok=True)
        slowest = max(MEASURED, key=lambda m: m["seconds"])
        largest = max(MEASURED, key=lambda m: m["peak_mb"])
        target.write_text(json.dumps({"runs": len(MEASURED), "slowest": slowest, "largest": largest,
                                      "cases": MEASURED}, indent=1))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with a git marker (its root), a good template, and an outside file with the marker."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / "good.yaml").write_text(FUNCTION)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(f"{MARKER}\n")
    (tmp_path / "outside" / "x.json").write_text(json.dumps(
        {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": MARKER}}}}))
    (tmp_path / "outside" / "def.yaml").write_text(
        f"StartAt: {MARKER}\nStates:\n  {MARKER}: {{Type: Pass, End: true}}\n")
    (tmp_path / "outside" / "module").mkdir()
    (tmp_path / "outside" / "module" / "main.tf").write_text(
        f'resource "aws_sqs_queue" "q" {{\n  name = "{MARKER}"\n}}\n')
    return root


def _no_marker(outcome: Outcome) -> None:
    assert MARKER not in outcome.printed, outcome.printed[:3000]
    assert "root:x:0:0" not in outcome.printed  # /etc/passwd


def _good_still_reported(outcome: Outcome) -> None:
    assert "good.yaml" in {Path(f["file"]).name for f in outcome.report["findings"]}


# -- 1. confined reads, 2. nothing leaks ---------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_terraform_file_of_proc_environ_shows_nothing_in_any_format(project: Path, fmt: str) -> None:
    (project / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = file("/proc/self/environ")\n}\n')
    outcome = slens(f"tf-environ-{fmt}", "scan", ".", "--format", fmt, "--no-cache", cwd=project)
    assert outcome.returncode in (0, 1, 2)
    _no_marker(outcome)
    assert "SLENS_HOSTILE_VALUE" not in outcome.printed and "PATH=" not in outcome.printed


@pytest.mark.parametrize("call", ['file("../outside/secret.txt")', 'file("/etc/passwd")',
                                  'templatefile("../outside/secret.txt", {})'])
def test_terraform_file_outside_the_project_is_a_notice_and_never_read(project: Path, call: str) -> None:
    (project / "main.tf").write_text(f'resource "aws_sqs_queue" "q" {{\n  name = {call}\n}}\n')
    outcome = scan_json("tf-file-outside", project)
    _no_marker(outcome)
    assert any("outside the project" in n["message"] for n in outcome.report["notices"]), outcome.report
    assert outcome.report["summary"]["exit_code"] != 2 or outcome.report["errors"]
    _good_still_reported(outcome)


def test_terraform_module_outside_the_project_is_a_notice(project: Path) -> None:
    (project / "main.tf").write_text('module "sib" {\n  source = "../outside/module"\n}\n')
    outcome = scan_json("tf-module-outside", project)
    _no_marker(outcome)
    assert any(n["file"].endswith("main.tf") and "outside the project" in n["message"]
               for n in outcome.report["notices"]), outcome.report["notices"]
    _good_still_reported(outcome)


@pytest.mark.parametrize("template_file", ["../../outside/x.json", "/etc/passwd"])
def test_cdk_template_file_outside_the_assembly_project_is_never_read(project: Path, template_file: str) -> None:
    assembly = project / "cdk.out"
    assembly.mkdir()
    (assembly / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": {"Stack": {
        "type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
        "properties": {"templateFile": template_file}}}}))
    outcome = scan_json("cdk-template-outside", project)
    _no_marker(outcome)
    assert any("outside the project" in n["message"] for n in outcome.report["notices"]), outcome.report
    _good_still_reported(outcome)


def test_sam_definition_uri_outside_the_project_is_never_read(project: Path) -> None:
    (project / "sm.yaml").write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  Machine:\n"
                                     "    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                                     "      DefinitionUri: ../outside/def.yaml\n")
    outcome = scan_json("sam-definition-outside", project)
    _no_marker(outcome)
    assert any("outside the project" in n["message"] for n in outcome.report["notices"]), outcome.report
    _good_still_reported(outcome)


def test_a_symlink_to_the_filesystem_root_is_not_walked(project: Path) -> None:
    (project / "everything").symlink_to("/")
    outcome = scan_json("symlink-to-root", project)
    assert outcome.report["summary"]["files_scanned"] == 1
    assert any(n["file"].startswith("everything") and "outside the project" in n["message"]
               for n in outcome.report["notices"]), outcome.report["notices"]


def test_a_template_linked_from_outside_is_not_read(project: Path, tmp_path: Path) -> None:
    (tmp_path / "outside" / "q.yaml").write_text(QUEUE.replace("Jobs", "Jobs" + MARKER.replace("-", "")))
    (project / "linked.yaml").symlink_to(tmp_path / "outside" / "q.yaml")
    outcome = scan_json("linked-template-outside", project)
    assert MARKER.replace("-", "") not in outcome.printed
    assert any(n["file"] == "linked.yaml" for n in outcome.report["notices"]), outcome.report["notices"]


# -- 3. bounded work: FIFOs, /dev/zero, sizes ------------------------------------------------------

def _special(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


def _sam_machine(project: Path, uri: str) -> None:
    (project / "sm.yaml").write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  Machine:\n"
                                     "    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                                     f"      DefinitionUri: {uri}\n")


def _cdk(project: Path, metadata: bool) -> Path:
    assembly = project / "cdk.out"
    assembly.mkdir()
    (assembly / "Stack.template.json").write_text(json.dumps({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}))
    artifact: dict[str, Any] = {"type": "aws:cloudformation:stack", "properties": {
        "templateFile": "Stack.template.json"}}
    if metadata:
        artifact["additionalMetadataFile"] = "Stack.metadata.json"
    (assembly / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": {"Stack": artifact}}))
    return assembly


def _manifest(project: Path, kind: str) -> None:
    (_cdk(project, False) / "manifest.json").unlink()
    _special(project / "cdk.out" / "manifest.json", kind)


def _cdk_metadata(project: Path, kind: str) -> None:
    _special(_cdk(project, True) / "Stack.metadata.json", kind)


def _tfvars(project: Path, kind: str) -> None:
    (project / "main.tf").write_text('variable "n" {\n  default = "a"\n}\n'
                                     'resource "aws_sqs_queue" "q" {\n  name = var.n\n}\n')
    _special(project / "terraform.tfvars", kind)


def _definition_uri(project: Path, kind: str) -> None:
    _sam_machine(project, "def.asl.json")
    _special(project / "def.asl.json", kind)


def _serverless_include(project: Path, kind: str) -> None:
    (project / "serverless.yml").write_text("service: s\nprovider:\n  name: aws\n  runtime: python3.12\n"
                                            "custom: ${file(./included.yml)}\nfunctions:\n  hello:\n"
                                            "    handler: h.h\n")
    _special(project / "included.yml", kind)


def _terraform_file_call(project: Path, kind: str) -> None:
    (project / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = file("./included.txt")\n}\n')
    _special(project / "included.txt", kind)


SPECIALS = {"manifest.json": _manifest, "cdk-metadata": _cdk_metadata, "terraform.tfvars": _tfvars,
            "definition-uri": _definition_uri, "serverless-file": _serverless_include,
            "terraform-file-call": _terraform_file_call}


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize("where", sorted(SPECIALS))
def test_fifos_and_dev_zero_never_hang_or_fill_memory(project: Path, where: str, kind: str) -> None:
    SPECIALS[where](project, kind)
    outcome = scan_json(f"{kind}-{where}", project)
    _good_still_reported(outcome)
    problems = outcome.report["errors"] + outcome.report["notices"]
    assert problems, f"{where}: the {kind} was neither an error nor a notice"
    assert outcome.peak_mb < 1024


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_baseline_that_is_a_fifo_or_dev_zero_is_a_clear_error(project: Path, kind: str) -> None:
    _special(project / "baseline.json", kind)
    outcome = slens(f"baseline-{kind}", "scan", "good.yaml", "--baseline", "baseline.json", cwd=project)
    assert outcome.returncode == 2 and "baseline.json" in outcome.stderr, outcome.stderr


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_configuration_that_is_a_fifo_or_dev_zero_is_a_clear_error(project: Path, kind: str) -> None:
    _special(project / ".slens.toml", kind)
    outcome = slens(f"config-{kind}", "scan", "good.yaml", cwd=project)
    assert outcome.returncode == 2 and ".slens.toml" in outcome.stderr, outcome.stderr


def test_max_file_size_applies_to_included_files(project: Path) -> None:
    _sam_machine(project, "def.asl.json")
    (project / "def.asl.json").write_text(json.dumps({"StartAt": "A", "States": {"A": {
        "Type": "Pass", "End": True, "Comment": "x" * 200_000}}}))
    outcome = scan_json("included-over-size", project, ".", "--max-file-size", "100000")
    assert any("def.asl.json" in e["message"] or e["file"].endswith("def.asl.json")
               for e in outcome.report["errors"]), outcome.report["errors"]
    _good_still_reported(outcome)


def test_a_2_gib_terraform_file_is_refused_before_reading(project: Path) -> None:
    with (project / "huge.tf").open("wb") as handle:  # sparse: no disk used
        handle.truncate(2 << 30)
    outcome = scan_json("sparse-2gib-tf", project)
    assert outcome.seconds < 10 and outcome.peak_mb < 512
    assert any(e["file"].endswith("huge.tf") and e["kind"] == "read" for e in outcome.report["errors"])
    _good_still_reported(outcome)


# -- 4. nothing lost: the cache key covers what shaped a result -----------------------------------

def _findings(report: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    return sorted((f["rule_id"], f["file"], f["line"], f["message"]) for f in report["findings"])


def _cached_equals_uncached(project: Path, case: str, warm: Outcome) -> None:
    """After an included file changed: the cached run gives what an uncached one gives, and that
    differs from the run before the change (else the case could not catch a stale cache)."""
    cached = slens(case, "scan", ".", "--format", "json", "--fail-on", "never", cwd=project).report
    fresh = scan_json(case, project).report
    assert _findings(cached) == _findings(fresh)
    assert _findings(fresh) != _findings(warm.report), "the change does not change the review"


def test_cache_sees_a_changed_serverless_include(project: Path) -> None:
    (project / "serverless.yml").write_text(
        "service: s\nprovider:\n  name: aws\n  runtime: python3.12\n"
        "functions:\n  hello:\n    handler: h.h\n    memorySize: ${file(./settings.yml):memory}\n")
    (project / "settings.yml").write_text("memory: 128\n")
    warm = slens("cache-include-warm", "scan", ".", "--format", "json", cwd=project)
    (project / "settings.yml").write_text("memory: 10240\n")  # LAM403: oversized for its timeout
    _cached_equals_uncached(project, "cache-include", warm)


def test_cache_sees_a_changed_definition_uri(project: Path) -> None:
    _sam_machine(project, "def.asl.json")
    (project / "def.asl.json").write_text(json.dumps({"StartAt": "A", "States": {"A": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.ALL"]}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B"}], "TimeoutSeconds": 10, "Next": "B"},
        "B": {"Type": "Pass", "End": True}}}))
    warm = slens("cache-definition-warm", "scan", ".", "--format", "json", cwd=project)
    (project / "def.asl.json").write_text(json.dumps({"StartAt": "A", "States": {"A": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}}}))
    _cached_equals_uncached(project, "cache-definition", warm)


@pytest.mark.parametrize("kind", ["tfvars", "file-call"])
def test_cache_sees_a_changed_terraform_input(project: Path, kind: str) -> None:
    # 128 MB is the default; 10,240 MB for a 3 s function is LAM403's oversized memory
    source = "var.memory" if kind == "tfvars" else 'tonumber(trimspace(file("./memory.txt")))'
    (project / "main.tf").write_text(
        'variable "memory" {\n  default = 128\n}\n'
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n  role = "arn:aws:iam::1:role/r"\n'
        f'  runtime = "python3.12"\n  handler = "a.b"\n  filename = "f.zip"\n  memory_size = {source}\n}}\n')
    changed = project / ("terraform.tfvars" if kind == "tfvars" else "memory.txt")
    changed.write_text("memory = 128\n" if kind == "tfvars" else "128\n")
    warm = slens(f"cache-{kind}-warm", "scan", ".", "--format", "json", cwd=project)
    changed.write_text("memory = 10240\n" if kind == "tfvars" else "10240\n")
    _cached_equals_uncached(project, f"cache-{kind}", warm)


# -- 5. safe output ------------------------------------------------------------------------------

def test_output_onto_a_scanned_template_is_refused(project: Path) -> None:
    before = (project / "good.yaml").read_text()
    outcome = slens("output-onto-input", "scan", ".", "--output", "good.yaml", cwd=project)
    assert outcome.returncode == 2 and "good.yaml" in outcome.stderr
    assert (project / "good.yaml").read_text() == before


def test_every_report_is_attempted_and_each_failure_reported(project: Path) -> None:
    outcome = slens("reports-partial-failure", "scan", ".", "--report", "json=missing-dir/a.json",
                    "--report", "sarif=ok.sarif", "--report", "junit=also/missing/b.xml", cwd=project)
    assert outcome.returncode == 2
    assert "missing-dir/a.json" in outcome.stderr and "also/missing/b.xml" in outcome.stderr
    assert json.loads((project / "ok.sarif").read_text())["version"] == "2.1.0"


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "markdown"])
def test_control_characters_in_file_names_cannot_forge_lines(project: Path, fmt: str) -> None:
    forged = "x.yaml:1:1: LAM999 forged finding"
    (project / f"evil\n{forged}\n.yaml").write_text(FUNCTION)
    outcome = slens(f"newline-name-{fmt}", "scan", ".", "--format", fmt, "--no-cache", cwd=project)
    assert not any(line.startswith(forged) or line.startswith(f"::error file={forged}")
                   for line in outcome.stdout.splitlines()), outcome.stdout
    assert "\\n" in outcome.stdout or "%0A" in outcome.stdout  # the name is shown, escaped


def test_a_configuration_cannot_write_outside_the_project(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "written-by-config.json"
    (project / ".slens.toml").write_text(f'report = ["json={target}"]\n')
    outcome = slens("config-report-outside", "scan", ".", cwd=project)
    assert outcome.returncode == 2 and not target.exists()
    assert "outside the project" in outcome.stderr, outcome.stderr


def test_workers_die_with_their_parent(project: Path) -> None:
    for i in range(80):
        (project / f"t{i}.yaml").write_text(FUNCTION.replace("Orders", f"Orders{i}"))
    env = {**os.environ, "XDG_CACHE_HOME": str(project.parent / ".cache-kill")}
    process = subprocess.Popen([sys.executable, "-m", "slens", "scan", ".", "-j", "2", "--no-cache"], cwd=project,
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: set[int] = set()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not children and process.poll() is None:
        children = _children(process.pid)
        time.sleep(0.02)
    if not children:
        process.wait(30)
        pytest.skip("the scan finished before its workers could be seen")
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(c) for c in children):
        time.sleep(0.05)
    assert not [c for c in children if _alive(c)], "workers outlived their killed parent"


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rpartition(")")[2].split()[1]) == pid:
                    found.add(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


"""The command line explains itself (issue 10): progress on a terminal, a clean Ctrl-C, suggestions for
typos, what --write-baseline wrote, TOML from ``slens config``, a ``slens rules`` table that fits the
terminal, gitignore-style --exclude, small SARIF and a pointer to the rule docs. Every test runs slens
as a real process, on a pseudo-terminal where a terminal matters."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
import tomllib
from pathlib import Path

import jsonschema
import pytest

DATA = Path(__file__).resolve().parent / "data"
APP = DATA / "cli_ux" / "orders.yaml"
QUEUE = "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "SLENS_PROGRESS_AFTER")}
    env.update(PYTHONPATH=os.pathsep.join(sys.path), XDG_CACHE_HOME=str(tmp_path / "cache"), **extra)
    return env


def _slens(tmp_path: Path, *args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "slens", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd or tmp_path, env=_env(tmp_path, **env))


def _on_terminal(tmp_path: Path, *args: str, stdout_tty: bool = False, stderr_tty: bool = True,
                 **env: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of slens run with the chosen streams on a pseudo-terminal."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # as a real terminal has
    out, err = (tmp_path / "stdout").open("w+b"), (tmp_path / "stderr").open("w+b")
    process = subprocess.Popen([sys.executable, "-m", "slens", *args], cwd=tmp_path, env=_env(tmp_path, **env),
                               stdin=subprocess.DEVNULL, stdout=slave if stdout_tty else out,
                               stderr=slave if stderr_tty else err)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every process holding the terminal has ended
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    os.close(master)
    code = process.wait(timeout=120)
    terminal = seen.decode("utf-8", "replace").replace("\r\n", "\n")
    out.seek(0)
    err.seek(0)
    piped_out, piped_err = out.read().decode(), err.read().decode()
    return code, terminal if stdout_tty else piped_out, terminal if stderr_tty else piped_err


def _tree(folder: Path, count: int, template: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = template if template is not None else APP.read_text()
    for index in range(count):
        (folder / f"app{index:04}.yaml").write_text(text)
    return folder


# 1. progress -----------------------------------------------------------------------------------------

def test_a_scan_on_a_terminal_shows_files_done_of_all_and_the_time_elapsed(tmp_path: Path) -> None:
    _tree(tmp_path / "apps", 40)
    code, out, err = _on_terminal(tmp_path, "scan", "apps", "-j", "2", "--no-cache", "--format", "json",
                                  SLENS_PROGRESS_AFTER="0")
    assert code == 1
    assert re.search(r"slens: \d+/40 files \|.*\| \d\d:\d\d elapsed", err), err
    assert "Traceback" not in err
    serial = _slens(tmp_path, "scan", "apps", "-j", "1", "--no-cache", "--format", "json")
    assert out == serial.stdout  # the workers report as they finish; the report keeps its order


def test_no_progress_when_stderr_is_piped_or_with_quiet_or_for_a_short_scan(tmp_path: Path) -> None:
    _tree(tmp_path / "apps", 20, QUEUE)
    piped = _slens(tmp_path, "scan", "apps", "--no-cache", SLENS_PROGRESS_AFTER="0")
    assert piped.stderr == "" and "20 files scanned" in piped.stdout
    code, _, err = _on_terminal(tmp_path, "scan", "apps", "--no-cache", "--quiet", SLENS_PROGRESS_AFTER="0")
    assert code == 1 and err == ""
    code, _, err = _on_terminal(tmp_path, "scan", "apps", "--no-cache")  # well under a second
    assert code == 1 and err == ""


# 2. Ctrl-C -------------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize("target", ["process group", "parent only"])
def test_ctrl_c_stops_the_workers_and_says_how_far_the_scan_got(tmp_path: Path, target: str) -> None:
    _tree(tmp_path / "apps", 600)
    process = subprocess.Popen(
        [sys.executable, "-m", "slens", "scan", "apps", "-j", "2", "--no-cache", "--format", "json",
         "--output", "report.json", "--report", "sarif=report.sarif"],
        cwd=tmp_path, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)  # its own process group, as a shell gives a foreground job
    deadline = time.monotonic() + 60
    while len(workers := _children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2, "the scan never started its two workers"
    time.sleep(0.3)  # reviewing, not starting up
    if target == "process group":  # what a terminal does on Ctrl-C
        os.killpg(process.pid, signal.SIGINT)
    else:
        os.kill(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert re.fullmatch(r"slens: interrupted after \d+ of 600 files\n", err), err
    assert out == ""
    assert not [pid for pid in workers if _running(pid)], "a worker outlived the interrupted scan"
    assert [p.name for p in tmp_path.iterdir()] == ["apps"]  # no report, not even a partial one


# 3. typos --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, hint", [
    (("scan", "--formt", "json"), "did you mean --format?"),
    (("scan", "--fail-onn=high"), "did you mean --fail-on?"),
    (("scan", "--format", "jsn"), "did you mean json?"),
    (("scna",), "did you mean scan?"),
    (("rule", "LAM00"), "did you mean LAM001, LAM002, LAM003?"),
    (("rule", "function-without-tracng"), "did you mean function-without-tracing"),
])
def test_a_mistyped_name_gets_the_nearest_known_one(tmp_path: Path, args: tuple[str, ...], hint: str) -> None:
    run = _slens(tmp_path, *args)
    assert run.returncode == 2
    assert hint in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


# 4. --write-baseline ---------------------------------------------------------------------------------

def test_write_baseline_says_what_it_wrote_and_succeeds(tmp_path: Path) -> None:
    shutil.copy(APP, tmp_path / "template.yaml")
    run = _slens(tmp_path, "scan", "--write-baseline", "baseline.json", "--quiet")
    recorded = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert run.returncode == 0 and recorded
    assert f"slens: wrote {len(recorded)} findings to baseline.json\n" in run.stderr
    assert _slens(tmp_path, "scan", "--baseline", "baseline.json", "--quiet").returncode == 0


# 5. slens config -------------------------------------------------------------------------------------

def test_config_prints_toml_that_reads_back_as_the_same_configuration(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "pyproject.toml").write_text(
        '[tool.slens]\nselect = ["LAM001", "SQS001"]\nexclude = ["**/amplify/**"]\njobs = 2\n'
        '[tool.slens.severity]\nLAM001 = "high"\n[tool.slens.rules.LAM004]\ndays_ahead = 90\n'
        '[[tool.slens.suppress]]\nid = "SQS001"\nresources = ["Jo*"]\nexpires = 2030-01-31\n'
        'reason = """it\'s "idempotent"\nand replayed"""\n')
    run = _slens(tmp_path, "config", cwd=tmp_path / "project", SLENS_FAIL_ON="high")
    assert run.returncode == 0, run.stderr
    shown = tomllib.loads(run.stdout)
    assert shown["select"] == ["LAM001", "SQS001"] and shown["fail-on"] == "high" and shown["jobs"] == 2
    assert shown["severity"] == {"LAM001": "high"} and shown["rules"] == {"LAM004": {"days_ahead": 90}}
    assert shown["suppress"][0]["reason"] == "it's \"idempotent\"\nand replayed"
    assert str(shown["suppress"][0]["expires"]) == "2030-01-31"
    assert "output" not in shown and "# output is not set" in run.stdout
    assert "# environment SLENS_FAIL_ON" in run.stdout and "pyproject.toml [tool.slens]" in run.stdout
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / ".slens.toml").write_text(run.stdout)
    again = _slens(tmp_path, "config", cwd=tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert tomllib.loads(again.stdout) == shown


# 6. slens rules --------------------------------------------------------------------------------------

def _starts(header: str) -> list[int]:
    return [match.start() for match in re.finditer(r"\S+", header)]


def _aligned(lines: list[str], starts: list[int]) -> None:
    for line in lines:
        if line.startswith(" "):
            continue  # a title on lines of its own, below its rule
        for start in starts[1:]:
            assert line[start - 2:start] == "  " and line[start] != " ", (line, start)


@pytest.mark.parametrize("columns", [60, 200])
def test_rules_fit_the_terminal_and_stay_aligned(tmp_path: Path, columns: int) -> None:
    code, out, _ = _on_terminal(tmp_path, "rules", stdout_tty=True, stderr_tty=False, COLUMNS=str(columns))
    assert code == 0
    lines = out.rstrip("\n").split("\n")
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    rules = json.loads(_slens(tmp_path, "rules", "--format", "json").stdout)
    rows = [line for line in lines if not line.startswith(" ")]
    assert [row.split()[0] for row in rows[1:]] == [r["id"] for r in rules]
    _aligned(rows, _starts(rows[0]))
    if columns == 200:  # room for every title beside its rule
        assert len(lines) == len(rules) + 1
        assert all(line.endswith(r["title"]) for line, r in zip(lines[1:], rules, strict=True))


def test_piped_rules_are_one_aligned_line_each_with_the_whole_title(tmp_path: Path) -> None:
    lines = _slens(tmp_path, "rules", COLUMNS="60").stdout.rstrip("\n").split("\n")
    rules = json.loads(_slens(tmp_path, "rules", "--format", "json").stdout)
    assert len(lines) == len(rules) + 1
    assert all(line.endswith(r["title"]) for line, r in zip(lines[1:], rules, strict=True))
    _aligned(lines, _starts(lines[0]))
    grouped = _slens(tmp_path, "rules", "--by", "service").stdout.split("\n")
    _aligned([line[2:] for line in grouped if line.startswith("  ")], _starts(lines[0]))


# 7. --exclude ----------------------------------------------------------------------------------------

def test_exclude_takes_gitignore_patterns_from_the_command_line_and_the_configuration(tmp_path: Path) -> None:
    for path in ("main.yaml", "amplify/backend/api.yaml", "web/amplify/x.yaml", "stacks/dev.yaml",
                 "stacks/prod/app.yaml"):
        (tmp_path / "repo" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "repo" / path).write_text(QUEUE)

    def scanned(*args: str, cwd: Path = tmp_path / "repo") -> list[str]:
        run = _slens(tmp_path, "scan", "--format", "json", "--fail-on", "never", *args, cwd=cwd)
        assert run.returncode == 0, run.stderr
        return sorted({f["file"] for f in json.loads(run.stdout)["findings"]})

    assert scanned("--exclude", "**/amplify/**") == ["main.yaml", "stacks/dev.yaml", "stacks/prod/app.yaml"]
    assert scanned("--exclude", "stacks/*.yaml", "--exclude", "amplify/") == ["main.yaml", "stacks/prod/app.yaml"]
    assert scanned("--exclude", "*.yaml", "--exclude", "!main.yaml") == ["main.yaml"]
    # anchored patterns are also read relative to the directory scanned, wherever slens runs from
    assert scanned("repo", "--exclude", "/stacks/", "--exclude", "amplify", cwd=tmp_path) == ["repo/main.yaml"]
    (tmp_path / "repo" / ".slens.toml").write_text('exclude = ["**/amplify/**", "/stacks/prod/"]\n')
    assert scanned() == ["main.yaml", "stacks/dev.yaml"]


# 8. SARIF --------------------------------------------------------------------------------------------

def test_sarif_describes_the_rules_with_results_briefly_unless_asked_for_all(tmp_path: Path) -> None:
    shutil.copy(APP, tmp_path / "template.yaml")
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
    run = _slens(tmp_path, "scan", "--format", "sarif", "--select", "LAM001,SQS001,DDB001,KIN001")
    document = json.loads(run.stdout)
    jsonschema.validate(document, schema)
    driver = document["runs"][0]["tool"]["driver"]
    cited = {result["ruleId"] for result in document["runs"][0]["results"]}
    assert cited and {rule["id"] for rule in driver["rules"]} == cited == {"LAM001", "SQS001", "DDB001"}
    for rule in driver["rules"]:
        assert f"slens rule {rule['id']}" in rule["help"]["text"] and len(rule["help"]["markdown"]) < 400
    full = _slens(tmp_path, "scan", "--format", "sarif", "--select", "LAM001,SQS001,DDB001,KIN001",
                  "--sarif-all-rules")
    everything = json.loads(full.stdout)
    jsonschema.validate(everything, schema)
    assert [r["id"] for r in everything["runs"][0]["tool"]["driver"]["rules"]] == ["DDB001", "KIN001", "LAM001",
                                                                                  "SQS001"]
    (tmp_path / ".slens.toml").write_text("sarif-all-rules = true\n")
    from_config = _slens(tmp_path, "scan", "--format", "sarif", "--select", "LAM001,SQS001,DDB001,KIN001")
    assert json.loads(from_config.stdout) == everything


# 9. the text report's last line ----------------------------------------------------------------------

def test_the_text_report_ends_with_how_to_read_a_rules_documentation(tmp_path: Path) -> None:
    shutil.copy(APP, tmp_path / "template.yaml")
    lines = _slens(tmp_path, "scan").stdout.rstrip("\n").split("\n")
    match = re.fullmatch(r"Run 'slens rule ID' for a rule's documentation \(e\.g\. slens rule ([A-Z]+\d+)\)\.",
                         lines[-1])
    assert match and f" {match.group(1)} " in "\n".join(lines[:-2])
    assert "finding" in lines[-2]
    (tmp_path / "template.yaml").write_text("Resources: {}\n")
    clean = _slens(tmp_path, "scan").stdout.rstrip("\n").split("\n")
    assert "slens rule" not in clean[-1] and clean[-1].startswith("0 findings")

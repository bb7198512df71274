"""Benchmark slens against its peers (cfn-lint + serverless rules, checkov) and the YAML parse floor.

On first use the peers are installed from the package index into their own virtualenv
(``benchmarks/.peers-venv``), away from slens's environment. Then, for several rounds, every
tool runs once per input, in turn (slens cold cache, slens warm cache, cfn-lint, checkov,
parse floor), each as a fresh process. Wall time, CPU time (user + system of the process
and its children) and peak RSS come from ``os.wait4``. Figures are medians with min and max;
peer/slens ratios are taken pair by pair within a round. Writes ``benchmarks/results.md``.

Inputs: the shared serverless-patterns corpus, a generated 1,000-resource SAM template and a
generated monorepo of 2,000 small templates (see ``generate_inputs.py``), so that slens's
cost per template and per resource can be compared across sizes.

    python benchmarks/compare.py                  # 5 rounds, peers also on the large template
    python benchmarks/compare.py --quick          # 1 round, corpus only: a smoke test
    python benchmarks/compare.py --rounds 3 --peers-on-generated none --budget 300
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    from slens.loaders.discovery import SKIPPED_DIRS
except ImportError:  # pragma: no cover - an older or newer layout of slens
    SKIPPED_DIRS = frozenset({".git", "node_modules", ".aws-sam", "cdk.out", ".venv", "venv"})

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate_inputs import DEFAULT_OUT, generate  # noqa: E402
from pairs import wait_bounded  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "serverless-patterns"
DEFAULT_VENV = HERE / ".peers-venv"
PEERS = ("cfn-lint", "cfn-lint-serverless", "checkov")
SUFFIXES = (".yaml", ".yml", ".json", ".template")
#: templates on which cfn-lint 1.58 crashes (``Resources:`` or ``Parameters:`` null; one crash
#: aborts the whole cfn-lint run with no output). See shared/research/peer-performance.md §5.
CFN_LINT_CRASHERS = (
    "_pattern-model/template.yaml",
    "apigw-lambda-sagemaker-jumpstartendpoint-cdk-python/template.yaml",
    "dynamodb-lambda-cdk-kotlin/template.yaml",
    "kinesis-lambda-ddb-cdk-java/template.yaml",
    "kinesis-lambda-py-cdk/template.yaml",
    "eventbridge-schedule-stepfunctions-sam/template.yaml",
)
#: the libyaml load of every file, CloudFormation tags included, JSON with json.loads
FLOOR = """\
import json, sys, yaml
def tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {suffix if suffix in ("Ref", "Condition") else "Fn::" + suffix: value}
yaml.add_multi_constructor("!", tag, Loader=yaml.CSafeLoader)
for path in open(sys.argv[1]).read().split("\\n"):
    if not path:
        continue
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        json.loads(data) if path.endswith(".json") else yaml.load(data, Loader=yaml.CSafeLoader)
    except Exception:
        pass
"""


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    status: int
    timed_out: bool = False


@dataclass
class Tool:
    name: str
    command: list[str]
    #: how results.md shows the command
    shown: str
    templates: int
    env: dict[str, str] = field(default_factory=dict)
    #: run before each counted run (a fresh cache folder for "cold")
    fresh_cache: bool = False
    is_slens: bool = False
    note: str = ""
    samples: list[Sample] = field(default_factory=list)


@dataclass
class Input:
    name: str
    path: Path
    files: list[Path]
    resources: int
    size: int
    tools: list[Tool] = field(default_factory=list)


def template_files(path: Path) -> list[Path]:
    """The files slens's discovery would consider (same suffixes, same skipped folders)."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not SKIPPED_DIRS.intersection(p.relative_to(path).parts[:-1]))


def _tag(loader: Any, suffix: str, node: Any) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


class _Loader(yaml.CSafeLoader):
    pass


_Loader.add_multi_constructor("!", _tag)


def read_template(path: Path) -> Any:
    try:
        data = path.read_bytes()
        return json.loads(data) if path.suffix == ".json" else yaml.load(data, Loader=_Loader)
    except Exception:
        return None


def count_resources(files: list[Path]) -> int:
    total = 0
    for path in files:
        document = read_template(path)
        if isinstance(document, dict) and isinstance(document.get("Resources"), dict):
            total += len(document["Resources"])
    return total


def crashes_cfn_lint(path: Path, root: Path) -> bool:
    """Known crashers, and any template with a null Resources or Parameters section (the crash cause)."""
    if path.relative_to(root).as_posix() in CFN_LINT_CRASHERS:
        return True
    document = read_template(path)
    return isinstance(document, dict) and any(key in document and document[key] is None
                                              for key in ("Resources", "Parameters"))


#: a small launcher whose child's peak RSS is the command's own. A child forked straight from this
#: script would inherit this script's RSS as its starting high-water mark (Linux keeps the
#: pre-exec peak in ru_maxrss), so every tool would look at least as big as the harness.
TIME = shutil.which("time", path="/usr/bin:/bin") or ""


def measure(command: list[str], env: dict[str, str], timeout: float, stdout: Path | None = None) -> Sample:
    """One fresh process: wall, CPU (it and its waited-for children) and its peak RSS.

    stdout goes to ``stdout`` (to check the report afterwards) or /dev/null, stderr to /dev/null.
    """
    sink = stdout.open("wb") if stdout is not None else subprocess.DEVNULL
    rss_file = Path(tempfile.mkstemp(prefix="slens-bench-rss-")[1])
    launcher = [TIME, "-f", "%M", "-o", str(rss_file)] if TIME else []
    start = time.perf_counter()
    try:
        process = subprocess.Popen([*launcher, *command], stdout=sink, stderr=subprocess.DEVNULL,
                                   env={**os.environ, **env}, start_new_session=True)
    finally:
        if stdout is not None:
            sink.close()  # type: ignore[union-attr]
    status, usage, timed_out = wait_bounded(process, start, timeout)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    rss_kb = float(usage.ru_maxrss)
    try:
        rss_kb = float(rss_file.read_text().split()[-1]) if TIME else rss_kb
    except (IndexError, ValueError):
        pass
    finally:
        rss_file.unlink(missing_ok=True)
    return Sample(wall, usage.ru_utime + usage.ru_stime, rss_kb / 1024, process.returncode, timed_out)


def ensure_peers(venv: Path) -> Path:
    """The peers' bin folder, creating the virtualenv and installing them on first use."""
    bin_dir = venv / "bin"
    if (bin_dir / "cfn-lint").exists() and (bin_dir / "checkov").exists():
        return bin_dir
    print(f"installing {', '.join(PEERS)} into {venv} (first use; a few minutes)", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    (venv / ".gitignore").write_text("*\n")  # keeps git and ruff out of it
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", *PEERS], check=True)
    return bin_dir


def _output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=120).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unknown ({exc})"


def versions(bin_dir: Path | None) -> dict[str, str]:
    found = {
        "slens": _output([sys.executable, "-m", "slens", "--version"]).removeprefix("slens "),
        "aws-sam-translator": importlib.metadata.version("aws-sam-translator"),
        "PyYAML": f"{yaml.__version__} (libyaml: {yaml.__with_libyaml__})",
    }
    if bin_dir is not None:
        code = "import importlib.metadata as m, sys; print(' '.join(m.version(p) for p in sys.argv[1:]))"
        peer = _output([str(bin_dir / "python"), "-c", code, *PEERS]).split()
        found.update(zip(PEERS, peer, strict=False))
    return found


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                 platform.processor() or "unknown")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    return {
        "CPU": model,
        "cores": str(os.cpu_count()),
        "memory": f"{total_kb / 1048576:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "Python": f"{platform.python_version()} ({sys.executable})",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def slens_has(flag: str) -> bool:
    return flag in _output([sys.executable, "-m", "slens", "scan", "--help"])


@contextmanager
def cache_dir(tool: Tool) -> Iterator[None]:
    if not tool.fresh_cache:
        yield
        return
    folder = tempfile.mkdtemp(prefix="slens-cold-")
    tool.env["XDG_CACHE_HOME"] = folder
    try:
        yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def build_tools(item: Input, bin_dir: Path | None, peers: bool, no_cache: bool, warm_cache: str,
                work: Path) -> None:
    target = str(item.path)
    slens = [sys.executable, "-m", "slens", "scan", target, "--format", "json", "--fail-on", "never"]
    shown_target = item.name
    slens_shown = f"python -m slens scan {shown_target} --format json --fail-on never > /dev/null"
    item.tools.append(Tool("slens, cold cache", slens, f"XDG_CACHE_HOME=$(mktemp -d) {slens_shown}",
                           len(item.files), fresh_cache=True, is_slens=True,
                           note="a new, empty cache folder every run"))
    item.tools.append(Tool("slens, warm cache", slens, f"XDG_CACHE_HOME=$WARM {slens_shown}", len(item.files),
                           env={"XDG_CACHE_HOME": warm_cache}, is_slens=True,
                           note="one cache folder, filled by the warm-up run"))
    if no_cache and slens_has("--no-cache"):
        item.tools.append(Tool("slens --no-cache", [*slens, "--no-cache"],
                               slens_shown.replace(" > /dev/null", " --no-cache > /dev/null"), len(item.files),
                               is_slens=True))
    if peers and bin_dir is not None:
        root = item.path if item.path.is_dir() else item.path.parent
        kept = [p for p in item.files if not crashes_cfn_lint(p, root)]
        excluded = [p.relative_to(root).as_posix() for p in item.files if p not in kept]
        listing = work / f"{item.name}-cfnlint-files.txt"
        listing.write_text("\n".join(map(str, kept)))
        note = (f"{len(excluded)} template(s) excluded, on which cfn-lint crashes and aborts the whole run: "
                + ", ".join(f"`{e}`" for e in excluded)) if excluded else ""
        item.tools.append(Tool(
            "cfn-lint + serverless rules",
            [str(bin_dir / "cfn-lint"), "-f", "json", "--append-rules", "cfn_lint_serverless.rules", "--",
             *map(str, kept)],
            "$V/cfn-lint -f json --append-rules cfn_lint_serverless.rules -- $FILES > /dev/null", len(kept),
            note=note))
        where = ["-d", target] if item.path.is_dir() else ["-f", target]
        item.tools.append(Tool(
            "checkov",
            [str(bin_dir / "checkov"), *where, "--framework", "cloudformation", "--skip-download", "--quiet",
             "--compact", "-o", "json"],
            f"$V/checkov {where[0]} {shown_target} --framework cloudformation --skip-download --quiet --compact "
            "-o json > /dev/null", len(item.files)))
    listing = work / f"{item.name}-files.txt"
    listing.write_text("\n".join(map(str, item.files)) + "\n")
    item.tools.append(Tool("parse floor (libyaml)", [sys.executable, "-c", FLOOR, str(listing)],
                           "python -c \"$FLOOR\" <file list>  # CSafeLoader + CloudFormation tags, json.loads",
                           len(item.files)))


def describe_report(tool: Tool, sample: Sample, stdout: Path) -> str:
    """What the tool reported (in round 1), to show it really did the work."""
    if sample.timed_out:
        return "timed out"
    if tool.name.startswith("parse floor"):
        return "-"
    try:
        report = json.loads(stdout.read_bytes())
    except (OSError, json.JSONDecodeError):
        return f"exit {sample.status}, no JSON report"
    if tool.is_slens:
        summary = report["summary"]
        return (f"{summary['findings']} findings, {summary['errors']} errors, {summary['files_scanned']} files "
                "scanned")
    if tool.name.startswith("cfn-lint"):
        return f"{len(report)} matches (exit {sample.status})"
    reports = report if isinstance(report, list) else [report]
    failed = sum(r.get("summary", {}).get("failed", 0) for r in reports if isinstance(r, dict))
    parsed = sum(r.get("summary", {}).get("resource_count", 0) for r in reports if isinstance(r, dict))
    return f"{failed} failed checks over {parsed} resources (exit {sample.status})"


def warm_up(inputs: list[Input], timeout: float) -> None:
    """Fill slens's warm cache on every input; run each peer once on one small template (imports, .pyc)."""
    small = min(inputs[0].files, key=lambda p: (p.stat().st_size < 1024, p.stat().st_size))
    done: set[str] = set()
    for item in inputs:
        for tool in item.tools:
            if tool.name == "slens, warm cache":
                measure(tool.command, tool.env, timeout)
            elif not tool.is_slens and tool.name not in done:
                done.add(tool.name)
                command = [str(small) if part == str(item.path) else part for part in tool.command]
                if tool.name.startswith("cfn-lint"):
                    command = [*command[:command.index("--") + 1], str(small)]
                measure(command, tool.env, timeout)


def stats(values: list[float], digits: int = 3) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def fmt_ratio(values: list[float]) -> str:
    return stats(values, 1 if values and statistics.median(values) >= 1 else 2)


def paired(tool: Tool, base: Tool) -> list[float]:
    return [t.wall / b.wall for t, b in zip(tool.samples, base.samples, strict=False)
            if not t.timed_out and not b.timed_out and b.wall > 0]


def _median_wall(tool: Tool) -> float:
    return statistics.median(s.wall for s in tool.samples) if tool.samples else float("nan")


def report(inputs: list[Input], args: argparse.Namespace, info: dict[str, str], tool_versions: dict[str, str],
           sanity_notes: dict[tuple[str, str], str], rounds_done: int, stopped: str, elapsed: float) -> str:
    lines = [
        "# slens benchmark: slens against cfn-lint + serverless rules, checkov and the parse floor",
        "",
        f"Generated by `{' '.join(['python benchmarks/compare.py', *args.argv])}` on {time.strftime('%Y-%m-%d')}"
        f"; {rounds_done} counted round(s) after a warm-up (slens fills its warm cache; each peer runs once on "
        f"one small template), {elapsed / 60:.1f} min in all."
        + (f" {stopped}" if stopped else ""),
        "",
        "Every figure is one whole process (start-up included). Tools run in turn within a round "
        "(slens cold, slens warm, cfn-lint, checkov, parse floor), so a noisy moment hits one round of each "
        "rather than all runs of one tool. Medians, with (min-max). CPU is user + system time of the process "
        "and its children; peak RSS is the largest process's (from `/usr/bin/time -f %M`). Ratios are peer "
        "wall / slens wall, taken pair "
        "by pair within a round. slens's modules are byte-compiled first, as an installed package's are.",
        "",
        "## Machine and versions",
        "",
        "| item | value |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in info.items()),
        *(f"| {k} | {v} |" for k, v in tool_versions.items()),
        "",
        "## Inputs",
        "",
        "| input | templates | written resources | size | what |",
        "|---|---|---|---|---|",
    ]
    what = {"corpus": f"`{args.corpus}` (real templates from aws-samples/serverless-patterns)",
            "large": "one generated SAM template (`generate_inputs.py`): functions with SQS, SNS, DynamoDB, "
                     "schedule and API events, queues + DLQs, topics, tables, roles, log groups, alarms",
            "monorepo": "generated folder of small services (`generate_inputs.py`), four shapes, 2-5 resources each"}
    for item in inputs:
        lines.append(f"| {item.name} | {len(item.files):,} | {item.resources:,} | {item.size / 1024:,.0f} KiB | "
                     f"{what.get(item.name, '')} |")
    for item in inputs:
        slens_cold = item.tools[0]
        slens_warm = item.tools[1]
        lines += [
            "",
            f"## {item.name}",
            "",
            "| tool | wall s | CPU s | peak RSS MB | templates/s | peer / slens cold (paired) | "
            "peer / slens warm (paired) | reported (round 1) |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for tool in item.tools:
            walls = [s.wall for s in tool.samples]
            ratio_cold = fmt_ratio(paired(tool, slens_cold)) if not tool.is_slens else "-"
            ratio_warm = fmt_ratio(paired(tool, slens_warm)) if not tool.is_slens else "-"
            failures = sum(1 for s in tool.samples if s.timed_out)
            flag = f" ({failures} timed out)" if failures else ""
            per_second = tool.templates / statistics.median(walls) if walls else 0.0
            rate = f"{per_second:,.0f}" if per_second >= 10 else f"{per_second:.2f}" if walls else "-"
            lines.append(
                f"| {tool.name}{flag} | {stats(walls)} | {stats([s.cpu for s in tool.samples])} | "
                f"{stats([s.rss_mb for s in tool.samples], 0)} | {rate} | {ratio_cold} | {ratio_warm} | "
                f"{sanity_notes.get((item.name, tool.name), '')} |")
        notes = [f"- {tool.name}: {tool.note}" for tool in item.tools if tool.note]
        if notes:
            lines += ["", *notes]
    lines += [
        "",
        "## How slens's cost grows with size",
        "",
        "Median wall time of the whole process divided by the input's templates and written resources "
        "(start-up, about the cost of a one-template run, is included, so small inputs look dearer).",
        "",
        "| input | templates | resources | cold s | cold ms / template | cold ms / resource | warm s | "
        "warm ms / template | warm ms / resource |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for item in inputs:
        cold, warm = _median_wall(item.tools[0]), _median_wall(item.tools[1])
        lines.append(
            f"| {item.name} | {len(item.files):,} | {item.resources:,} | {cold:.3f} | "
            f"{1000 * cold / len(item.files):.2f} | {1000 * cold / max(item.resources, 1):.3f} | {warm:.3f} | "
            f"{1000 * warm / len(item.files):.2f} | {1000 * warm / max(item.resources, 1):.3f} |")
    lines += ["", "## Targets (issue 6)", "", "| target | measured | met |", "|---|---|---|"]
    by_name = {item.name: item for item in inputs}
    if "corpus" in by_name:
        corpus = by_name["corpus"]
        cold, warm = _median_wall(corpus.tools[0]), _median_wall(corpus.tools[1])
        lines.append(f"| corpus cold < 2 s | {cold:.3f} s | {'yes' if cold < 2 else 'no'} |")
        lines.append(f"| corpus warm < 0.8 s | {warm:.3f} s | {'yes' if warm < 0.8 else 'no'} |")
        for tool in corpus.tools:
            if not tool.is_slens and not tool.name.startswith("parse floor") and tool.samples:
                ratio = statistics.median(paired(tool, corpus.tools[0]))
                lines.append(f"| >= 20x faster than {tool.name} (cold, paired median) | {ratio:.1f}x | "
                             f"{'yes' if ratio >= 20 else 'no'} |")
        peak = max((s.rss_mb for t in corpus.tools if t.is_slens for s in t.samples), default=0.0)
        lines.append(f"| peak memory < 150 MB (corpus, slens) | {peak:.0f} MB | {'yes' if peak < 150 else 'no'} |")
    if "large" in by_name:
        cold = _median_wall(by_name["large"].tools[0])
        lines.append(f"| 1,000-resource template < 1 s (cold) | {cold:.3f} s | {'yes' if cold < 1 else 'no'} |")
    lines += [
        "",
        "## Exact commands",
        "",
        "`V=benchmarks/.peers-venv/bin`; `$FILES` is the input's template list (minus the cfn-lint crashers); "
        "`$WARM` is a cache folder kept for the whole benchmark. Each command runs with stdout and stderr to "
        "/dev/null. The parse floor script is `FLOOR` in `benchmarks/compare.py`.",
        "",
        "```sh",
    ]
    seen: set[str] = set()
    for item in inputs:
        for tool in item.tools:
            shown = tool.shown.replace(item.name, "<input>")
            if shown not in seen:
                seen.add(shown)
                lines.append(shown)
    lines += ["```", ""]
    return "\n".join(lines)


def byte_compile_slens() -> None:
    """Compile slens's modules as ``pip install`` does for the peers: an editable install under
    ``PYTHONDONTWRITEBYTECODE`` would otherwise compile ~200 modules from source on every run."""
    import compileall

    import slens

    compileall.compile_dir(str(Path(slens.__file__).parent), quiet=1, workers=1)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    byte_compile_slens()
    info = machine()
    bin_dir = None if args.no_peers else ensure_peers(args.peers_venv)
    inputs = [Input("corpus", args.corpus.resolve(), [], 0, 0)]
    if not args.quick:
        large, monorepo = generate(args.generated, args.resources, args.templates)
        inputs += [Input("large", large, [], 0, 0), Input("monorepo", monorepo, [], 0, 0)]
    work = Path(tempfile.mkdtemp(prefix="slens-bench-"))
    warm_cache = str(work / "warm-cache")
    try:
        for item in inputs:
            item.files = template_files(item.path)
            item.resources = count_resources(item.files)
            item.size = sum(p.stat().st_size for p in item.files)
            peers = item.name == "corpus" or args.peers_on_generated == "all" or (
                args.peers_on_generated == "large" and item.name == "large")
            build_tools(item, bin_dir, peers, item.name == "corpus", warm_cache, work)
        print("warm-up (not counted): slens fills its warm cache, peers run on one small template", flush=True)
        warm_up(inputs, args.timeout)
        notes: dict[tuple[str, str], str] = {}
        last_round = 0.0
        rounds_done, stopped = 0, ""
        for number in range(args.rounds):
            elapsed = time.perf_counter() - started
            if elapsed + last_round > args.budget:
                stopped = (f"Stopped after {rounds_done} of {args.rounds} rounds: another round "
                           f"(~{last_round:.0f} s) would pass the {args.budget:.0f} s budget (`--budget`).")
                print(stopped, flush=True)
                break
            round_started = time.perf_counter()
            for item in inputs:
                for tool in item.tools:
                    stdout = work / "stdout" if number == 0 else None
                    with cache_dir(tool):
                        sample = measure(tool.command, tool.env, args.timeout, stdout)
                    tool.samples.append(sample)
                    if stdout is not None:
                        notes[(item.name, tool.name)] = describe_report(tool, sample, stdout)
                    print(f"  round {number + 1} {item.name:9} {tool.name:30} {sample.wall:8.3f} s "
                          f"{sample.rss_mb:6.0f} MB  {notes.get((item.name, tool.name), '')}", flush=True)
            last_round = time.perf_counter() - round_started
            rounds_done += 1
        text = report(inputs, args, info, versions(bin_dir), notes, rounds_done, stopped,
                      time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.output.write_text(text)
    print(text)
    return 0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="counted rounds (default 5)")
    parser.add_argument("--quick", action="store_true", help="1 round, corpus only: check that everything works")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--peers-on-generated", choices=("none", "large", "all"), default="none",
                        help="also time the peers on the generated inputs: none (default), the large template "
                             "(adds ~2 min per round: cfn-lint ~90 s, checkov ~30 s) or all (the monorepo too: "
                             "cfn-lint needs several minutes per run)")
    parser.add_argument("--no-peers", action="store_true", help="slens and the parse floor only")
    parser.add_argument("--peers-venv", type=Path, default=DEFAULT_VENV)
    parser.add_argument("--generated", type=Path, default=DEFAULT_OUT, help="where generated inputs are written")
    parser.add_argument("--resources", type=int, default=1000, help="resources in the large template")
    parser.add_argument("--templates", type=int, default=2000, help="templates in the monorepo")
    parser.add_argument("--budget", type=float, default=600, help="seconds; no round starts that would pass it")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per process before it is killed")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    args = parser.parse_args(argv)
    args.argv = argv
    if args.quick:
        args.rounds = 1
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    print(" ".join(shlex.quote(a) for a in [sys.executable, __file__, *args.argv]), flush=True)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

"""``slens scan --aws`` against the bare API calls it cannot avoid (issue 13, Performance).

An emulated account (moto's server, a separate process on 127.0.0.1, so that its CPU is never
charged to slens) is seeded through the AWS APIs with N functions, each with its role (an inline
policy), an SQS queue wired to it by an event source mapping and a log group, plus a few topics.
Then, for several rounds, in alternating order, two fresh processes run against it:

- ``python -m slens scan --aws --format json --fail-on never --no-cache`` (from an empty folder);
- the floor: a minimal boto3 script, written by this benchmark into a temporary file, issuing the
  same list-and-get calls as slens's reader (``src/slens/loaders/aws/``: read.py, services.py,
  identity.py) on the same thread pools (8 service threads, 8 item threads on 2 cores), with the
  same client config, and nothing else: no conversion, no mapping, no rules, no report.

Wall and CPU time come from ``os.wait4``, peak RSS from ``/usr/bin/time -f %M``; the emulator's
CPU during each run is read from ``/proc``. API calls are counted in one extra, untimed run of each
through a counting proxy on 127.0.0.1 (by service and operation). Writes ``benchmarks/live-results.md``.

    python benchmarks/live_scan.py                # 1,000 functions, 3 rounds
    python benchmarks/live_scan.py --quick        # 100 functions, 1 round: a smoke test
"""

from __future__ import annotations

import argparse
import collections
import datetime
import http.client
import io
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from pairs import paired_ratios, spread, wait_bounded  # noqa: E402

REGION = "eu-west-1"
ACCESS_KEY_ID = "AKIASLENSFAKE0000001"
SECRET_ACCESS_KEY = "slens-fake-secret-access-key-0000000000"
#: issue 13: slens within 1.5x the floor's wall time, under 300 MB
RATIO_BUDGET = 1.5
RSS_BUDGET_MB = 300
TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
#: variables that could point an SDK anywhere but the emulator
CLEARED = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
           "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_REGION",
           "AWS_DEFAULT_PROFILE")


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    status: int
    emulator_cpu: float = 0.0
    output_bytes: int = 0


@dataclass
class Results:
    slens: list[Run] = field(default_factory=list)
    floor: list[Run] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- pure helpers

def loopback_env(base: dict[str, str], endpoint: str) -> dict[str, str]:
    """``base`` with every SDK client pointed at ``endpoint`` with fake credentials, and nowhere else
    (the same variables as ``tests/live_account.loopback_environment``)."""
    env = {k: v for k, v in base.items() if k not in CLEARED}
    env.update({"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY, "AWS_DEFAULT_REGION": REGION,
                "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                "AWS_EC2_METADATA_DISABLED": "true"})
    return env


def reader_jobs(cores: int | None) -> int:
    """The threads per pool slens's reader gets from ``slens scan``: ``max(4, 4 x jobs)``, jobs one per core."""
    return max(4, (cores or 1) * 4)


_CREDENTIAL = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")


def classify(method: str, path: str, headers: dict[str, str], body: bytes) -> str:
    """``service Operation`` of one request, from its signature's scope and its protocol: the
    X-Amz-Target header (JSON), ``Action=`` in the form body (query), ``/operation/NAME`` (RPC v2),
    else the method and the path with names and ids as ``*`` (REST)."""
    lowered = {k.lower(): v for k, v in headers.items()}
    scope = _CREDENTIAL.search(lowered.get("authorization", ""))
    service = scope.group(1) if scope else "?"
    target = lowered.get("x-amz-target")
    if target:
        return f"{service} {target.rsplit('.', 1)[-1]}"
    if body[:7] == b"Action=" or b"&Action=" in body:
        action = urllib.parse.parse_qs(body.decode(errors="replace")).get("Action", ["?"])[0]
        return f"{service} {action}"
    bare = path.split("?", 1)[0]
    if "/operation/" in bare:
        return f"{service} {bare.rsplit('/operation/', 1)[1]}"
    parts = [p for p in bare.split("/") if p]
    if parts and re.fullmatch(r"\d{4}-\d{2}-\d{2}", parts[0]):
        parts = parts[1:]
    shown = ["*" if re.search(r"[0-9%:]", p) else p for p in parts]
    return f"{service} {method} /{'/'.join(shown)}"


def order(round_number: int) -> list[str]:
    """slens first in even rounds, the floor first in odd ones."""
    return ["slens", "floor"] if round_number % 2 == 0 else ["floor", "slens"]


def verdicts(results: Results) -> list[str]:
    ratio = statistics.median(paired_ratios([r.wall for r in results.floor], [r.wall for r in results.slens]))
    cpu = statistics.median(paired_ratios([r.cpu for r in results.floor], [r.cpu for r in results.slens]))
    rss = max(r.rss_mb for r in results.slens)
    return [f"wall time: slens {ratio:.2f}x the floor (median of paired ratios), budget {RATIO_BUDGET:.1f}x: "
            f"{'within' if ratio <= RATIO_BUDGET else 'over'} (CPU time: {cpu:.2f}x)",
            f"memory: slens peak RSS {rss:.0f} MB (largest of the runs), budget < {RSS_BUDGET_MB} MB: "
            f"{'within' if rss < RSS_BUDGET_MB else 'over'}"]


def per_function(counts: dict[str, int], functions: int) -> float:
    return sum(counts.values()) / functions if functions else 0.0


def _spread(values: list[float], digits: int = 2) -> str:
    median, low, high = spread(values)
    return f"{median:.{digits}f} ({low:.{digits}f}-{high:.{digits}f})"


def render_markdown(results: Results, info: dict[str, str], calls: dict[str, dict[str, int]], functions: int,
                    shown: dict[str, str]) -> str:
    lines = ["# `slens scan --aws` against the floor of its API calls", "",
             "Written by `benchmarks/live_scan.py` (see `README.md`). Issue 13: on an emulated account with "
             "1,000 functions, slens within "
             f"{RATIO_BUDGET}x the wall time of the bare list-and-get calls it cannot avoid, API calls per function "
             f"written down, memory under {RSS_BUDGET_MB} MB.", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += ["", "## Verdict", ""] + [f"- {v}" for v in verdicts(results)]
    floor_wall = [r.wall for r in results.floor]
    floor_cpu = [r.cpu for r in results.floor]
    lines += ["", "## Times", "",
              "| process | wall s, median (min-max) | CPU s, median (min-max) | slens/floor wall, paired median "
              "(min-max) | slens/floor CPU, paired median | peak RSS MB, median (min-max) | emulator CPU s during "
              "the run, median | exit codes | stdout |",
              "|---|---|---|---|---|---|---|---|---|"]
    for name, runs in (("slens", results.slens), ("floor", results.floor)):
        wall, cpu = [r.wall for r in runs], [r.cpu for r in runs]
        ratio, ratio_cpu = "-", "-"
        if name == "slens":
            ratio = _spread(paired_ratios(floor_wall, wall))
            ratio_cpu = f"{statistics.median(paired_ratios(floor_cpu, cpu)):.2f}"
        codes = ", ".join(str(c) for c in sorted({r.status for r in runs}))
        lines.append(f"| {name} | {_spread(wall)} | {_spread(cpu)} | {ratio} | {ratio_cpu} | "
                     f"{_spread([r.rss_mb for r in runs], 0)} | {statistics.median(r.emulator_cpu for r in runs):.2f} "
                     f"| {codes} | {max(r.output_bytes for r in runs):,} B |")
    lines += ["", "Per round (wall s): " + "; ".join(
        f"round {i + 1}: slens {s.wall:.2f}, floor {f.wall:.2f}, ratio {s.wall / f.wall:.2f}"
        for i, (s, f) in enumerate(zip(results.slens, results.floor, strict=True)))]
    if calls:
        lines += ["", "## API calls", "",
                  "Counted by a proxy on 127.0.0.1 in one extra, untimed run of each (before the rounds; it is "
                  f"also the warm-up), {functions} functions.", "",
                  "| | " + " | ".join(calls) + " |", "|---|" + "---|" * len(calls),
                  "| calls | " + " | ".join(f"{sum(c.values()):,}" for c in calls.values()) + " |",
                  "| calls per function | " + " | ".join(f"{per_function(c, functions):.2f}" for c in calls.values())
                  + " |", "", "| service operation | " + " | ".join(calls) + " |", "|---|" + "---|" * len(calls)]
        operations = sorted({op for c in calls.values() for op in c}, key=lambda op: (-max(
            c.get(op, 0) for c in calls.values()), op))
        lines += [f"| `{op}` | " + " | ".join(str(c.get(op, 0)) for c in calls.values()) + " |" for op in operations]
    lines += ["", "## Commands", ""] + [f"- {name}: `{command}`" for name, command in shown.items()]
    lines += ["", "The emulator is a separate process: its CPU is not in either process's CPU time, but on "
              "2 cores it competes with them, and it bounds both wall times alike. The machine is shared: read the "
              "paired ratios and CPU times rather than single wall times.", ""]
    return "\n".join(lines)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--functions", type=int, default=1000, help="functions to seed (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="counted rounds (default 3)")
    parser.add_argument("--quick", action="store_true", help="100 functions, 1 round: a smoke test")
    parser.add_argument("--no-count", action="store_true", help="skip the untimed call-counting runs")
    parser.add_argument("--profile", type=Path, help="also write a cProfile of one untimed slens run to FILE")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per process before it is killed")
    parser.add_argument("--output", type=Path, default=HERE / "live-results.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.functions, args.rounds = 100, 1
    if args.rounds < 1 or args.functions < 1:
        parser.error("--rounds and --functions must be 1 or more")
    return args


# ---------------------------------------------------------------------------------------------- the floor

FLOOR = r'''
"""The floor: the list-and-get calls of slens's AWS reader, bare (written by benchmarks/live_scan.py)."""
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

JOBS = int(sys.argv[1])
session = boto3.Session()
config = Config(retries={"mode": "adaptive", "max_attempts": 8})
clients = {}


def client(name):
    made = clients.get(name)
    if made is None:
        made = clients[name] = session.client(name, config=config)
    return made


#: as the reader does: an operation the endpoint does not implement is not called again
UNSUPPORTED = set()
NOT_IMPLEMENTED = {"404", "501", "NotImplemented", "NotImplementedException"}


def failed(service, method, exc):
    error = exc.response.get("Error") or {}
    code = str(error.get("Code") or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode"))
    if code in NOT_IMPLEMENTED:
        UNSUPPORTED.add((service, method))


def call(service, method, **params):
    if (service, method) in UNSUPPORTED:
        return {}
    try:
        return getattr(client(service), method)(**params)
    except ClientError as exc:
        failed(service, method, exc)
        return {}


def pages(service, method, key, **params):
    if (service, method) in UNSUPPORTED:
        return []
    c = client(service)
    found = []
    try:
        for page in c.get_paginator(method).paginate(**params):
            found.extend(page.get(key) or [])
    except ClientError as exc:
        failed(service, method, exc)
    return found


def tokens(service, method, key, **params):
    found, token = [], None
    while True:
        page = call(service, method, **params, **({"NextToken": token} if token else {}))
        found.extend(page.get(key) or [])
        token = page.get("NextToken")
        if not token:
            return found


def paged(service, method, key, **params):
    return (pages if client(service).can_paginate(method) else tokens)(service, method, key, **params)


items = ThreadPoolExecutor(JOBS)


def lambda_():
    def one(f):
        name, arn = f["FunctionName"], f["FunctionArn"]
        return [call("lambda", "get_function_configuration", FunctionName=name),
                call("lambda", "get_policy", FunctionName=name),
                call("lambda", "get_function_event_invoke_config", FunctionName=name),
                call("lambda", "get_function_concurrency", FunctionName=name),
                call("lambda", "get_function_url_config", FunctionName=name),
                call("lambda", "list_tags", Resource=arn),
                paged("lambda", "list_aliases", "Aliases", FunctionName=name),
                paged("lambda", "list_provisioned_concurrency_configs", "ProvisionedConcurrencyConfigs",
                      FunctionName=name)]
    functions = paged("lambda", "list_functions", "Functions")
    read = list(items.map(one, functions))
    import datetime
    end = datetime.datetime.now(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    queries = [{"Id": f"i{i}", "ReturnData": True, "MetricStat": {"Metric": {
        "Namespace": "AWS/Lambda", "MetricName": "Invocations",
        "Dimensions": [{"Name": "FunctionName", "Value": f["FunctionName"]}]}, "Period": 86400, "Stat": "Sum"}}
        for i, f in enumerate(functions)]
    for first in range(0, len(queries), 500):
        paged("cloudwatch", "get_metric_data", "MetricDataResults", MetricDataQueries=queries[first:first + 500],
              StartTime=end - datetime.timedelta(days=90), EndTime=end, ScanBy="TimestampDescending")
    return {"functions": read, "mappings": paged("lambda", "list_event_source_mappings", "EventSourceMappings"),
            "roles": {f["Role"].rsplit("/", 1)[1] for f in functions if f.get("Role")}}


def sqs():
    def one(url):
        return [call("sqs", "get_queue_attributes", QueueUrl=url, AttributeNames=["All"]),
                call("sqs", "list_queue_tags", QueueUrl=url)]
    return list(items.map(one, paged("sqs", "list_queues", "QueueUrls")))


def sns():
    topics = list(items.map(lambda t: call("sns", "get_topic_attributes", TopicArn=t["TopicArn"]),
                            paged("sns", "list_topics", "Topics")))
    subscriptions = [s for s in paged("sns", "list_subscriptions", "Subscriptions")
                     if s.get("SubscriptionArn", "").startswith("arn:")]
    return topics, list(items.map(lambda s: call("sns", "get_subscription_attributes",
                                                 SubscriptionArn=s["SubscriptionArn"]), subscriptions))


def events():
    buses = paged("events", "list_event_buses", "EventBuses")
    names = {b["Name"] for b in buses} | {"default"}
    rules = [r for rs in items.map(lambda n: paged("events", "list_rules", "Rules", EventBusName=n), names) for r in rs]
    return [paged("events", "list_targets_by_rule", "Targets", Rule=r["Name"], EventBusName=r.get("EventBusName"))
            for r in rules]


def simple():
    return [paged("stepfunctions", "list_state_machines", "stateMachines"),
            paged("dynamodb", "list_tables", "TableNames"), paged("kinesis", "list_streams", "StreamNames"),
            paged("apigateway", "get_rest_apis", "items"), paged("apigateway", "get_usage_plans", "items"),
            paged("apigatewayv2", "get_apis", "Items"), paged("appsync", "list_graphql_apis", "graphqlApis"),
            paged("cloudwatch", "describe_alarms", "MetricAlarms"),
            paged("cloudformation", "describe_stacks", "Stacks")]


def logs():
    return paged("logs", "describe_log_groups", "logGroups")


def role(name):
    got = call("iam", "get_role", RoleName=name)
    inline = [call("iam", "get_role_policy", RoleName=name, PolicyName=p)
              for p in paged("iam", "list_role_policies", "PolicyNames", RoleName=name)]
    return got, inline, paged("iam", "list_attached_role_policies", "AttachedPolicies", RoleName=name)


call("sts", "get_caller_identity")
call("sts", "get_caller_identity")  # the reader's region probe
with ThreadPoolExecutor(JOBS) as tasks:
    futures = [tasks.submit(job) for job in (lambda_, sqs, sns, events, simple, logs)]
    results = [f.result() for f in futures]
roles = sorted(results[0]["roles"])
read_roles = list(items.map(role, roles))
items.shutdown()
print(f"floor: {len(results[0]['functions'])} functions, {len(results[1])} queues, {len(results[5])} log groups, "
      f"{len(read_roles)} roles")
'''


# ---------------------------------------------------------------------------------------------- the emulator

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_emulator(log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                  stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=5)
            return server, endpoint
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(f"moto's server did not start; see {log}") from None
            time.sleep(0.2)


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process (and its waited-for children), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def seed(functions: int, topics: int = 5, threads: int = 16) -> dict[str, int]:
    """N functions, each with a role and inline policy, a queue wired by an event source mapping and a
    log group (every other one with a retention); a few topics. Through the AWS APIs (env already set)."""
    import boto3
    from botocore.config import Config

    session = boto3.Session(region_name=REGION)
    config = Config(max_pool_connections=threads, retries={"mode": "standard", "max_attempts": 10})
    iam, lam, sqs, logs, sns = (session.client(s, config=config) for s in ("iam", "lambda", "sqs", "logs", "sns"))
    code = _zip()

    iam_lock = threading.Lock()  # moto's IAM backend answers 500 to concurrent writes

    def one(i: int) -> None:
        name = f"fn-{i:05d}"
        with iam_lock:
            role = iam.create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
            iam.put_role_policy(RoleName=f"{name}-role", PolicyName="work", PolicyDocument=json.dumps({
                "Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
                     "Resource": f"arn:aws:sqs:{REGION}:*:{name}-queue"},
                    {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}))
        queue = sqs.create_queue(QueueName=f"{name}-queue", tags={"team": f"t{i % 10}"})["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        lam.create_function(FunctionName=name, Runtime="python3.12" if i % 3 else "python3.8", Role=role,
                            Handler="index.handler", Code={"ZipFile": code}, MemorySize=128 + 64 * (i % 4),
                            Timeout=30, Environment={"Variables": {"STAGE": "prod", "QUEUE": queue}},
                            Tags={"team": f"t{i % 10}"})
        lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName=name, BatchSize=10)
        logs.create_log_group(logGroupName=f"/aws/lambda/{name}")
        if i % 2:
            logs.put_retention_policy(logGroupName=f"/aws/lambda/{name}", retentionInDays=14)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(functions)))
    for t in range(topics):
        sns.create_topic(Name=f"alerts-{t}")
    return {"functions": functions, "roles": functions, "queues": functions, "log groups": functions,
            "topics": topics}


# ---------------------------------------------------------------------------------------------- counting proxy

class _Counter(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _Forward)
        self.upstream = urllib.parse.urlsplit(upstream)
        self.counts: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()
        self.local = threading.local()


class _Forward(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Counter

    def log_message(self, *args: Any) -> None:
        pass

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items()}
        with self.server.lock:
            self.server.counts[classify(self.command, self.path, headers, body)] += 1
        connection = getattr(self.server.local, "connection", None)
        if connection is None:
            up = self.server.upstream
            connection = self.server.local.connection = http.client.HTTPConnection(up.hostname, up.port, timeout=300)
        connection.request(self.command, self.path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        self.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in ("transfer-encoding", "content-length", "connection"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _any


def counted(command: list[str], env: dict[str, str], endpoint: str, cwd: Path) -> tuple[dict[str, int], str]:
    """The calls ``command`` makes, by service and operation, through a counting proxy."""
    proxy = _Counter(endpoint)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        via = f"http://127.0.0.1:{proxy.server_address[1]}"
        done = subprocess.run(command, env={**env, "AWS_ENDPOINT_URL": via}, cwd=cwd, capture_output=True,
                              text=True)
    finally:
        proxy.shutdown()
    return dict(proxy.counts), (done.stdout if "floor" in command[1] else "")[-300:] + done.stderr[-1500:]


# ---------------------------------------------------------------------------------------------- measuring

def measure(command: list[str], env: dict[str, str], cwd: Path, out: Path, emulator: int, timeout: float) -> tuple[
        Run, str]:
    """One fresh process under /usr/bin/time: wall and CPU from os.wait4, peak RSS from time's %M."""
    rss_file = out.with_suffix(".rss")
    with out.open("wb") as stdout, tempfile.TemporaryFile() as stderr:
        before = process_cpu(emulator)
        start = time.perf_counter()
        process = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", str(rss_file), *command], stdout=stdout,
                                   stderr=stderr, cwd=cwd, env=env, start_new_session=True)
        status, usage, _killed = wait_bounded(process, start, timeout)
        wall = time.perf_counter() - start
        emulator_cpu = process_cpu(emulator) - before
        process.returncode = code = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    try:
        rss_mb = int(rss_file.read_text().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        rss_mb = float("nan")
    return Run(wall, usage.ru_utime + usage.ru_stime, rss_mb, code, emulator_cpu, out.stat().st_size), errors


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def describe(args: argparse.Namespace, jobs: int) -> dict[str, str]:
    sys.path.insert(0, str(HERE))
    import boto3
    import botocore
    import moto
    from compare import machine

    dirty = " (with uncommitted changes in src/)" if _git("status", "--porcelain", "--", "src") else ""
    version = subprocess.run([sys.executable, "-m", "slens", "--version"], capture_output=True, text=True).stdout
    return {**machine(), "slens": f"{version.strip()}, commit {_git('rev-parse', '--short', 'HEAD')}{dirty}",
            "boto3 / botocore / moto": f"{boto3.__version__} / {botocore.__version__} / {moto.__version__}",
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "functions": f"{args.functions} (each with a role and inline policy, an SQS queue and its event source "
                         "mapping, a log group), 5 topics",
            "rounds": str(args.rounds), "reader threads": f"{jobs} service + {jobs} item threads (slens and floor)"}


def scanned(report: Path) -> str:
    try:
        data = json.loads(report.read_bytes())
        summary = data["summary"]
    except (OSError, ValueError, KeyError, TypeError):
        return "no JSON report"
    return ", ".join(f"{k} {v}" for k, v in summary.items() if isinstance(v, int | float | str))[:400]


def run(args: argparse.Namespace) -> int:
    jobs = reader_jobs(os.cpu_count())
    info = describe(args, jobs)
    work = Path(tempfile.mkdtemp(prefix="slens-live-bench-"))
    empty = work / "cwd"
    empty.mkdir()
    floor_script = work / "floor.py"
    floor_script.write_text(FLOOR)
    server, endpoint = start_emulator(work / "moto.log")
    saved = dict(os.environ)
    failed = False
    try:
        env = loopback_env(dict(os.environ), endpoint)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
        os.environ.clear()
        os.environ.update(env)
        print(f"seeding {args.functions} functions on {endpoint} ...", flush=True)
        start = time.perf_counter()
        seeded = seed(args.functions)
        info["seeding (not measured against anything)"] = (f"{time.perf_counter() - start:.1f} s, 16 threads: "
                                                           + ", ".join(f"{v} {k}" for k, v in seeded.items()))
        commands = {"slens": [sys.executable, "-m", "slens", "scan", "--aws", "--format", "json", "--fail-on",
                              "never", "--no-cache"],
                    "floor": [sys.executable, str(floor_script), str(jobs)]}
        calls: dict[str, dict[str, int]] = {}
        if args.no_count:
            print("warm-up (not counted): one run of each", flush=True)
            for name in ("slens", "floor"):
                sample, _errors = measure(commands[name], env, empty, work / f"warm-{name}.out", server.pid,
                                          args.timeout)
                print(f"  warm-up {name:5} {sample.wall:7.2f} s wall {sample.cpu:6.2f} s CPU exit {sample.status}",
                      flush=True)
        else:
            print("counting calls (untimed runs through a proxy; they are also the warm-up)", flush=True)
            for name in ("slens", "floor"):
                calls[name], _tail = counted(commands[name], env, endpoint, empty)
                print(f"  {name}: {sum(calls[name].values())} calls", flush=True)
        results = Results()
        load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
        for number in range(args.rounds):
            for name in order(number):
                out = work / (f"{name}-round{number}.out")
                sample, errors = measure(commands[name], env, empty, out, server.pid, args.timeout)
                getattr(results, name).append(sample)
                print(f"  round {number + 1} {name:5} {sample.wall:7.2f} s wall {sample.cpu:6.2f} s CPU "
                      f"{sample.rss_mb:6.0f} MB  emulator {sample.emulator_cpu:6.2f} s CPU  exit {sample.status}",
                      flush=True)
                if sample.status not in (0, 1):
                    failed = True
                    print(f"  FAILED ({sample.status}): {' '.join(commands[name])}\n{errors[-4000:]}", flush=True)
        info["load average before the rounds / at the end"] = (
            f"{load_start} / " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        info["slens report (round 1)"] = scanned(work / "slens-round0.out")
        info["floor output (round 1)"] = (work / "floor-round0.out").read_text().strip()[-200:]
        write_report(args, results, info, calls, jobs)
        if args.profile:
            print(f"profiling one slens run into {args.profile}", flush=True)
            subprocess.run([sys.executable, "-m", "cProfile", "-o", str(args.profile.resolve()), "-m", "slens",
                            *commands["slens"][3:]], env=env, cwd=empty, stdout=subprocess.DEVNULL)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def write_report(args: argparse.Namespace, results: Results, info: dict[str, str], calls: dict[str, dict[str, int]],
                 jobs: int) -> None:
    shown = {"emulator": "python -m moto.server -H 127.0.0.1 -p PORT",
             "slens": "python -m slens scan --aws --format json --fail-on never --no-cache",
             "floor": f"python floor.py {jobs} (the script in FLOOR of live_scan.py)",
             "environment": "AWS_ENDPOINT_URL=http://127.0.0.1:PORT, fake credentials, AWS_DEFAULT_REGION="
                            f"{REGION}, AWS_CONFIG_FILE=/dev/null, AWS_SHARED_CREDENTIALS_FILE=/dev/null"}
    text = render_markdown(results, info, calls, args.functions, shown)
    args.output.write_text(text)
    print(text, flush=True)


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())

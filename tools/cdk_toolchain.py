"""Install the CDK toolchain the CDK fix snippets are checked with, and print where it is.

tests/test_fix_snippets_cdk.py type-checks every rule's ``cdk.ts`` and ``cdk.py`` fix snippet against
aws-cdk-lib and synthesizes it. What it needs is pinned in ``tools/cdk/``: ``package.json`` and
``package-lock.json`` (aws-cdk-lib, constructs, TypeScript) and ``requirements.txt`` (the Python
aws-cdk-lib and constructs, of the same versions, and what they depend on). This script installs them
into ``build/cdk-toolchain/``:

* ``node/node_modules`` with ``npm ci`` (needs Node.js 18+ and npm);
* ``python/``, a virtual environment of the running Python, with ``pip install`` (the Python CDK runs
  on Node.js too, through jsii), and mypy: the toolchain's own, pinned with the CDK, so that the cache
  of aws-cdk-lib's types it keeps serves every test run, whatever mypy (if any) the tests' environment has.

It is idempotent: each half is installed again only when its pins changed (a stamp file holds their
hash). Then it warms ``mypy-cache/``: mypy reads the part of aws-cdk-lib the snippets import once, in
minutes, and the tests' type check of the snippets takes seconds after that.
It prints the toolchain's folder. ``--node-only`` skips the Python half, whose tests then skip.

From nothing it takes about three and a half minutes and 880 MB (measured on a shared two-core machine):
``npm ci`` 10 s and 210 MB, the virtual environment a minute and 530 MB, mypy's cache two minutes and
140 MB. Run again with the same pins, it returns at once; a CI cache of ``build/cdk-toolchain`` keyed on
the files of ``tools/cdk/`` keeps it so.

    python3 tools/cdk_toolchain.py [--node-only]
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "tools" / "cdk"
TOOLCHAIN = ROOT / "build" / "cdk-toolchain"
NODE = TOOLCHAIN / "node"
PYTHON = TOOLCHAIN / "python"
MYPY_CACHE = TOOLCHAIN / "mypy-cache"
NODE_PINS = (PINS / "package.json", PINS / "package-lock.json")
MYPY_CONFIG = PINS / "mypy.ini"
STAMP = ".slens-stamp"
#: the aws-cdk-lib modules whose types the mypy cache is warmed with: those the snippets import
WARM_MODULES = ("aws_apigateway", "aws_apigatewayv2", "aws_apigatewayv2_authorizers",
                "aws_apigatewayv2_integrations", "aws_applicationautoscaling", "aws_appsync", "aws_cloudwatch",
                "aws_cloudwatch_actions", "aws_codedeploy", "aws_cognito", "aws_dynamodb", "aws_events",
                "aws_events_targets", "aws_iam", "aws_kinesis", "aws_kms", "aws_lambda", "aws_lambda_destinations",
                "aws_lambda_event_sources", "aws_logs", "aws_s3", "aws_s3_notifications", "aws_secretsmanager",
                "aws_signer", "aws_sns", "aws_sns_subscriptions", "aws_sqs", "aws_stepfunctions",
                "aws_stepfunctions_tasks", "aws_wafv2")


def _digest(*files: Path) -> str:
    sha = hashlib.sha256()
    for path in files:
        sha.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def _current(folder: Path, digest: str) -> bool:
    stamp = folder / STAMP
    return stamp.is_file() and stamp.read_text().strip() == digest


def _run(command: list[str], cwd: Path) -> None:
    print("+", " ".join(command), file=sys.stderr)
    result = subprocess.run(command, cwd=cwd, stdout=sys.stderr)
    if result.returncode:
        raise SystemExit(f"{command[0]} failed ({result.returncode})")


def install_node() -> None:
    pins = NODE_PINS
    digest = _digest(*pins)
    if node_current():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm not found: the CDK toolchain needs Node.js 18+ and npm")
    if NODE.exists():
        shutil.rmtree(NODE)
    NODE.mkdir(parents=True)
    for pin in pins:
        shutil.copyfile(pin, NODE / pin.name)
    _run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], NODE)
    (NODE / STAMP).write_text(digest + "\n")


def python_executable() -> Path:
    """The interpreter of the toolchain's virtual environment."""
    return PYTHON / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def install_python() -> None:
    requirements = PINS / "requirements.txt"
    digest = _digest(requirements)
    if python_current():
        return
    if PYTHON.exists():
        shutil.rmtree(PYTHON)
    _run([sys.executable, "-m", "venv", str(PYTHON)], ROOT)
    _run([str(python_executable()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "--no-deps", "--requirement", str(requirements)], ROOT)
    (PYTHON / STAMP).write_text(digest + "\n")


def mypy_command(*files: str) -> list[str]:
    """How the cdk.py snippets are type-checked: the toolchain's mypy, with its options and its cache."""
    return [str(python_executable()), "-m", "mypy", "--config-file", str(MYPY_CONFIG), "--cache-dir",
            str(MYPY_CACHE), "--no-error-summary", *files]


def mypy_digest() -> str:
    """What the warm cache depends on: the Python half's pins, the options and the modules warmed."""
    return _digest(PINS / "requirements.txt", MYPY_CONFIG) + " " + " ".join(WARM_MODULES)


def warm_mypy_cache() -> None:
    if _current(MYPY_CACHE, mypy_digest()):
        return
    # mypy's cache is incremental: what it holds already (older pins') it checks and renews
    MYPY_CACHE.mkdir(parents=True, exist_ok=True)
    warm = MYPY_CACHE / "warm.py"
    warm.write_text("".join(f"from aws_cdk import {name}\n" for name in WARM_MODULES) +
                    "from aws_cdk import App, Duration, Stack\nfrom constructs import Construct\n")
    _run(mypy_command(str(warm)), ROOT)
    (MYPY_CACHE / STAMP).write_text(mypy_digest() + "\n")


def node_current() -> bool:
    """Whether ``node/`` holds what tools/cdk pins."""
    return _current(NODE, _digest(*NODE_PINS)) and (NODE / "node_modules" / "aws-cdk-lib").is_dir()


def python_current() -> bool:
    """Whether ``python/`` holds what tools/cdk pins."""
    return _current(PYTHON, _digest(PINS / "requirements.txt")) and python_executable().is_file()


def main(argv: list[str]) -> int:
    unknown = [a for a in argv if a != "--node-only"]
    if unknown:
        raise SystemExit(f"usage: python3 tools/cdk_toolchain.py [--node-only] (unknown: {' '.join(unknown)})")
    install_node()
    if "--node-only" not in argv:
        install_python()
        warm_mypy_cache()
    print(TOOLCHAIN)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

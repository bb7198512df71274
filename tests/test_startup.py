"""Start-up stays light: what a command does not need, it does not import (checked, not timed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("samtranslator", "boto3", "botocore", "jsonschema", "pydantic", "hcl2")


def _imported(*args: str, cwd: Path | None = None) -> set[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "slens", *args], capture_output=True,
                         text=True, cwd=cwd, timeout=120)
    modules = set()
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip().split(".")[0])
            modules.add(line.rsplit("|", 1)[1].strip())
    return modules


def test_version_imports_no_engine_and_no_heavy_dependency() -> None:
    modules = _imported("--version")
    assert not modules & set(HEAVY)
    assert "slens.engine" not in modules and "slens.rules" not in modules and "yaml" not in modules


def test_scanning_one_cloudformation_template_does_not_load_the_sam_transform(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    modules = _imported("scan", "t.yaml", "--no-cache", cwd=tmp_path)
    assert "slens.rules" in modules
    assert not modules & set(HEAVY), modules & set(HEAVY)

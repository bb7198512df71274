"""Write docs/iam-policy.json, the read-only IAM policy ``slens scan --aws`` needs.

It is derived from the calls the reader may make (``slens.loaders.aws.calls``) and botocore's
service models; tests/test_live_read.py fails when the file is not what this would write.
Usage: ``python3 tools/generate_iam_policy.py`` (``--check`` exits 1 instead of writing).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from slens.loaders.aws.policy import policy_document  # noqa: E402

TARGET = ROOT / "docs" / "iam-policy.json"


def rendered() -> str:
    return json.dumps(policy_document(), indent=2) + "\n"


def main(argv: list[str]) -> int:
    text = rendered()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run python3 tools/generate_iam_policy.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

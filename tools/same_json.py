"""Check that a refactoring changed no result: the JSON report of the examples and of every shared
corpus, byte for byte, against one recorded before the change.

    python tools/same_json.py record build/json-before   # on the tree before the change
    python tools/same_json.py check build/json-before    # after it: exit 1 and a diff when anything differs

Each input is scanned as a fresh process with the current interpreter, no cache and ``--fail-on
never``, from the repository's root so that the paths in the reports match.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"


def inputs() -> dict[str, Path]:
    found = {"examples": ROOT / "examples"}
    if SHARED.is_dir():
        found.update({f"corpus-{p.name}": p for p in sorted(SHARED.iterdir()) if p.is_dir()})
    return found


def report(path: Path) -> bytes:
    command = [sys.executable, "-m", "slens", "scan", str(path), "--format", "json", "--no-cache",
               "--fail-on", "never"]
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, env=env, timeout=1800)
    # 2 says some input could not be reviewed, which the report records; anything else is a crash
    if done.returncode not in (0, 2) or not done.stdout.startswith(b"{"):
        sys.exit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}")
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("record", "check"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", action="append", help="only these inputs (examples, corpus-terraform, ...)")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name, path in inputs().items():
        if args.only and name not in args.only:
            continue
        now = report(path)
        stored = args.folder / f"{name}.json"
        if args.action == "record":
            stored.write_bytes(now)
            print(f"{name}: recorded {len(now)} bytes, sha256 {hashlib.sha256(now).hexdigest()[:16]}")
            continue
        before = stored.read_bytes() if stored.is_file() else b""
        if now == before:
            print(f"{name}: identical ({len(now)} bytes)")
            continue
        changed += 1
        print(f"{name}: DIFFERS ({len(before)} bytes before, {len(now)} now)")
        diff = difflib.unified_diff(before.decode().splitlines(), now.decode().splitlines(), "before", "now",
                                    lineterm="", n=2)
        for number, line in enumerate(diff):
            if number == 80:
                print("   ... (diff cut)")
                break
            print("   " + line)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Write docs/rules/ from the rule catalogue and its fixtures; ``--check`` only compares."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from slens.docs import generate
from slens.rules import load_catalogue

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


def stale(docs: Path = DOCS) -> list[str]:
    """Pages that are missing, different or left over."""
    pages = generate(load_catalogue())
    problems = [name for name, text in pages.items()
                if not (docs / name).is_file() or (docs / name).read_text() != text]
    problems += [p.name for p in docs.glob("*.md") if p.name not in pages]
    return sorted(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail when the committed pages are stale")
    args = parser.parse_args()
    if args.check:
        problems = stale()
        if problems:
            print("stale rule docs (run python tools/generate_docs.py):", *problems, sep="\n  ")
            return 1
        return 0
    DOCS.mkdir(parents=True, exist_ok=True)
    pages = generate(load_catalogue())
    for old in DOCS.glob("*.md"):
        if old.name not in pages:
            old.unlink()
    for name, text in pages.items():
        (DOCS / name).write_text(text)
    print(f"wrote {len(pages)} pages to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Print a pip constraints file pinning every dependency to the lowest version pyproject.toml allows.

CI installs slens twice: with the newest releases (what a user's ``pip install`` gets) and with
these pins, so a lower bound that no longer works fails CI instead of a user's install.
Usage: ``python3 tools/lowest_constraints.py > lowest.txt`` then ``PIP_CONSTRAINT=lowest.txt pip install ...``.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# a requirement's name, then its specifiers; markers and extras are not used in pyproject.toml
REQUIREMENT = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?P<spec>[^;]*)")


def lowest_pins(requirements: list[str]) -> list[str]:
    """``name==X`` for each requirement with a ``>=X`` bound; others are left to the resolver."""
    pins: list[str] = []
    for requirement in requirements:
        match = REQUIREMENT.match(requirement)
        if match is None:
            raise ValueError(f"cannot read requirement {requirement!r}")
        for spec in match["spec"].split(","):
            spec = spec.strip()
            if spec.startswith(">="):
                pins.append(f"{match['name']}=={spec[2:].strip()}")
    return pins


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    sys.stdout.write("".join(f"{pin}\n" for pin in lowest_pins(requirements)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

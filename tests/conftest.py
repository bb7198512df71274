from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SLENS_SHARED", ROOT.parent / "shared"))
#: runs the command in argv and prints its peak RSS (KB) on stderr's last line. Linux carries a
#: process's peak over fork and exec, so a child of the (large) pytest process cannot measure itself.
PEAK_RSS_LAUNCHER = ("import resource, subprocess, sys\n"
                     "code = subprocess.run(sys.argv[1:]).returncode\n"
                     "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
                     "sys.exit(code)\n")


@pytest.fixture(scope="session")
def catalogue():  # type: ignore[no-untyped-def]
    from slens.rules import load_catalogue

    return load_catalogue()


@pytest.fixture(autouse=True, scope="session")
def _count_loader_work() -> None:
    """Tests that guard against doing work twice read these counts, which are off in production."""
    from slens.loaders.stats import STATS

    STATS.enable()


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's cache of loaded templates."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))

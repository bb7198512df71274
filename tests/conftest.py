from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SLENS_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def catalogue():  # type: ignore[no-untyped-def]
    from slens.rules import load_catalogue

    return load_catalogue()


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's cache of loaded templates."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))

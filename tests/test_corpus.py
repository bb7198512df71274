"""Robustness on real templates (serverless-patterns, MIT-0): no crash, no internal error."""

from __future__ import annotations

from collections import Counter

import pytest

from slens.engine import ErrorKind
from slens.rules import load_catalogue
from slens.scan import scan

from .conftest import SHARED

CORPUS = SHARED / "corpus" / "serverless-patterns"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_corpus_scans_with_no_internal_error_and_every_load_error_explained() -> None:
    result = scan([str(CORPUS)], load_catalogue())
    kinds = Counter(e.kind for e in result.errors)
    assert kinds[ErrorKind.INTERNAL] == 0, [e for e in result.errors if e.kind is ErrorKind.INTERNAL]
    assert result.files_scanned >= 250
    for error in result.errors:
        assert error.message and error.file.endswith((".yaml", ".yml", ".json")), error
    failed_files = {e.file for e in result.errors if e.kind in (ErrorKind.PARSE, ErrorKind.TRANSFORM,
                                                                  ErrorKind.READ)}
    assert len(failed_files) < 30, sorted(failed_files)
    assert len(result.findings) > 500

"""The cache of loaded templates and the parallel scan: same results, less work."""

from __future__ import annotations

from pathlib import Path

from slens.loaders import STATS, Cache, LoadOptions
from slens.rules import load_catalogue
from slens.scan import ScanOptions, scan

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SRC_RULES = Path(__file__).resolve().parent.parent / "src" / "slens" / "rules"


def _keys(result):  # type: ignore[no-untyped-def]
    return [(f.rule.id, f.span.file, f.span.line, f.resource, f.message) for f in result.findings]


def test_each_template_is_parsed_and_transformed_once_and_the_cache_is_hit_the_second_time(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    options = ScanOptions(load=LoadOptions(cache=cache))
    STATS.clear()
    first = scan([str(EXAMPLES)], load_catalogue(), options)
    assert first.files_scanned == 4
    assert STATS["parse"] == 4 and STATS["transform"] == 4 and STATS["cache_miss"] == 8  # results and templates
    STATS.clear()
    second = scan([str(EXAMPLES)], load_catalogue(), options)
    assert STATS["parse"] == 0 and STATS["transform"] == 0 and STATS["result_hit"] == 4
    assert _keys(first) == _keys(second) and first.errors == second.errors
    assert [s.finding.fingerprint for s in first.suppressed] == [s.finding.fingerprint for s in second.suppressed]


def test_other_rules_reuse_the_loaded_templates_but_not_the_results(tmp_path: Path) -> None:
    options = ScanOptions(load=LoadOptions(cache=Cache(tmp_path / "cache")))
    scan([str(EXAMPLES)], load_catalogue(), options)
    STATS.clear()
    fewer = scan([str(EXAMPLES)], load_catalogue().select(["LAM001"]), options)
    assert STATS["result_hit"] == 0 and STATS["cache_hit"] == 4 and STATS["parse"] == 0
    assert {f.rule.id for f in fewer.findings} == {"LAM001"}


def test_a_corrupted_cache_entry_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    options = ScanOptions(load=LoadOptions(cache=cache))
    target = EXAMPLES / "thumbnail-creator"
    first = scan([str(target)], load_catalogue(), options)
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 2  # the loaded template and the review result
    for entry in entries:
        data = entry.read_bytes()
        entry.write_bytes(data[:-40] + b"garbage" + data[-33:])
    STATS.clear()
    second = scan([str(target)], load_catalogue(), options)
    assert STATS["cache_corrupt"] == 2 and STATS["parse"] == 1
    assert _keys(first) == _keys(second)
    for entry in entries:
        entry.write_bytes(b"\x00\xff not even json")
    assert _keys(scan([str(target)], load_catalogue(), options)) == _keys(first)


def test_parallel_scan_gives_the_serial_result_in_the_same_order() -> None:
    serial = scan([str(SRC_RULES)], load_catalogue(), ScanOptions(jobs=1))
    parallel = scan([str(SRC_RULES)], load_catalogue(), ScanOptions(jobs=2))
    assert serial.files_scanned > 100
    assert _keys(serial) == _keys(parallel)
    assert serial.errors == parallel.errors and serial.files_skipped == parallel.files_skipped

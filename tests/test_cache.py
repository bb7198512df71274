"""The cache of loaded templates and the parallel scan: same results, less work."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from slens.loaders import STATS, Cache, LoadOptions
from slens.loaders.cache import MAX_AGE_DAYS
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
    # bytes loaded once are only marked: the loaded template is stored when they are loaded again
    STATS.clear()
    fewer = scan([str(EXAMPLES)], load_catalogue().select(["LAM001"]), options)
    assert STATS["result_hit"] == 0 and STATS["cache_hit"] == 0 and STATS["parse"] == 4
    assert {f.rule.id for f in fewer.findings} == {"LAM001"}
    STATS.clear()
    other = scan([str(EXAMPLES)], load_catalogue().select(["LAM002"]), options)
    assert STATS["result_hit"] == 0 and STATS["cache_hit"] == 4 and STATS["parse"] == 0
    assert {f.rule.id for f in other.findings} == {"LAM002"}


def test_a_corrupted_cache_entry_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    options = ScanOptions(load=LoadOptions(cache=cache))
    target = EXAMPLES / "thumbnail-creator"
    scan([str(target)], load_catalogue().select(["LAM001"]), options)
    first = scan([str(target)], load_catalogue(), options)  # loaded a second time: the template is stored
    cache.close()
    with sqlite3.connect(cache.path) as db:
        entries = db.execute("SELECT key, entry FROM entries").fetchall()
        assert len(entries) == 3  # the loaded template and the two reviews
        for key, entry in entries:
            db.execute("UPDATE entries SET entry = ? WHERE key = ?", (entry[:-40] + b"garbage" + entry[-33:], key))
    STATS.clear()
    second = scan([str(target)], load_catalogue(), options)
    assert STATS["cache_corrupt"] == 2 and STATS["parse"] == 1  # this review's entry and the template's
    assert _keys(first) == _keys(second)
    STATS.clear()
    assert _keys(scan([str(target)], load_catalogue(), options)) == _keys(first)
    assert STATS["result_hit"] == 1  # rebuilt entries are trusted again


def test_a_corrupted_cache_database_is_set_aside_and_started_again(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    options = ScanOptions(load=LoadOptions(cache=cache))
    target = EXAMPLES / "thumbnail-creator"
    first = scan([str(target)], load_catalogue(), options)
    cache.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{cache.path}{suffix}").unlink(missing_ok=True)
    cache.path.write_bytes(b"\x00\xff not even a database" * 100)
    STATS.clear()
    assert _keys(scan([str(target)], load_catalogue(), options)) == _keys(first)
    assert STATS["cache_corrupt"] == 1 and STATS["parse"] == 1
    STATS.clear()
    assert _keys(scan([str(target)], load_catalogue(), options)) == _keys(first)
    assert STATS["result_hit"] == 1


def test_a_cache_that_cannot_be_written_costs_speed_not_the_scan(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "cache.sqlite3").mkdir()  # something that is not a database and cannot be removed
    STATS.clear()
    result = scan([str(EXAMPLES / "thumbnail-creator")], load_catalogue(),
                  ScanOptions(load=LoadOptions(cache=Cache(folder))))
    assert result.files_scanned == 1 and not result.errors and STATS["parse"] == 1
    assert STATS["cache_unavailable"] == 1


def test_entries_not_written_for_a_month_are_removed_once_a_day(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    options = ScanOptions(load=LoadOptions(cache=cache))
    scan([str(EXAMPLES / "thumbnail-creator")], load_catalogue(), options)
    cache.put_document("old", {"a": 1})
    cache.put_document("stale-but-pruned-today", {"a": 2})
    cache.close()
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE entries SET written = written - ? WHERE key LIKE '%old%' OR key LIKE 'stale%'",
                   (MAX_AGE_DAYS + 1,))
        db.execute("UPDATE meta SET value = value - 1 WHERE name = 'pruned'")
    cache.prune()
    assert cache.get_document("old") is None and cache.get_document("stale-but-pruned-today") is None
    cache.put_document("old", {"a": 1})
    cache.close()
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE entries SET written = written - ? WHERE key = 'old'", (MAX_AGE_DAYS + 1,))
    cache.prune()  # already pruned today: nothing removed until tomorrow
    assert cache.get_document("old") == {"a": 1}
    STATS.clear()
    scan([str(EXAMPLES / "thumbnail-creator")], load_catalogue(), options)
    assert STATS["result_hit"] == 1  # what was in use was kept


def test_a_database_of_another_layout_is_emptied_and_used(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    with sqlite3.connect(folder / "cache.sqlite3") as db:
        db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, entry BLOB NOT NULL)")
        db.execute("INSERT INTO entries VALUES ('k', x'00')")
    cache = Cache(folder)
    assert cache.get_document("k") is None
    cache.put_document("k", [1])
    assert cache.get_document("k") == [1]


def test_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    command = [sys.executable, "-m", "slens", "scan", str(EXAMPLES), "--format", "json", "--fail-on", "never",
               "-j", "2"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1
    again = subprocess.run(command, env=env, capture_output=True, timeout=120, check=True)
    assert again.stdout == outputs[0][0]


def test_parallel_scan_gives_the_serial_result_in_the_same_order() -> None:
    serial = scan([str(SRC_RULES)], load_catalogue(), ScanOptions(jobs=1))
    parallel = scan([str(SRC_RULES)], load_catalogue(), ScanOptions(jobs=2))
    assert serial.files_scanned > 100
    assert _keys(serial) == _keys(parallel)
    assert serial.errors == parallel.errors and serial.files_skipped == parallel.files_skipped


def test_a_cache_locked_by_another_run_is_given_up_after_one_wait(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    Cache(folder).put_document("warm-up", [0])  # creates the database
    holder = sqlite3.connect(folder / "cache.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # a hung run that holds the write lock
    try:
        STATS.clear()
        result = scan([str(EXAMPLES)], load_catalogue(), ScanOptions(load=LoadOptions(cache=Cache(folder))))
        assert result.files_scanned == 4 and not result.errors and STATS["parse"] == 4
        assert STATS["cache_unavailable"] == 1  # waited for the lock once, then went on without the cache
    finally:
        holder.execute("ROLLBACK")
        holder.close()

"""The page-work cache keeps a build's new results on disk, not in memory, until the build succeeded.

A result takes its place only after the whole build succeeded (a page that warned in a failed
strict build must warn again in the next one, not be reused silently); until then it waits in a
`.pending-<pid>` folder. These tests drive the cache's storage directly; tests/test_build_cache.py
builds sites with it and compares them with builds without it.
"""

from __future__ import annotations

import os
import subprocess
import sys

from generator.mkdocs_cache import PageWorkCache


def cache_in(folder) -> PageWorkCache:
    return PageWorkCache(folder, context="made-up context")


def stored(folder) -> list[str]:
    return sorted(p.stem for p in folder.glob("??/*.json"))


def test_a_new_result_waits_on_disk_and_takes_its_place_when_the_build_succeeds(tmp_path):
    cache = cache_in(tmp_path)
    cache._put("ab12", {"content": "<p>一段</p>"})
    assert (cache.pending / "ab12.json").is_file() and not stored(tmp_path)
    assert cache._get("ab12") == {"content": "<p>一段</p>"}  # a second page with the same inputs reuses it
    assert not cache._new or all(isinstance(key, str) for key in cache._new)  # keys only, no page text
    cache.commit()
    assert stored(tmp_path) == ["ab12"] and not cache.pending.exists()
    again = cache_in(tmp_path)
    assert again._get("ab12") == {"content": "<p>一段</p>"} and again.hits == 1


def test_a_failed_build_leaves_nothing_to_reuse(tmp_path):
    cache = cache_in(tmp_path)
    cache._put("cd34", {"content": "<p>warned</p>"})
    cache.discard()
    assert not cache.pending.exists() and not stored(tmp_path)
    assert cache_in(tmp_path)._get("cd34") is None


def test_what_a_killed_build_left_pending_is_removed_and_a_running_ones_is_not(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    killed = tmp_path / f".pending-{int(dead.stdout)}"
    killed.mkdir()
    (killed / "ef56.json").write_text("{}", encoding="utf-8")
    running = tmp_path / f".pending-{os.getppid()}"  # the process that started the tests is alive
    running.mkdir()
    cache = cache_in(tmp_path)
    cache._put("ab12", {"content": "x"})
    cache.commit()
    assert not killed.exists() and running.is_dir()
    assert stored(tmp_path) == ["ab12"]  # a killed build's results are never taken as finished

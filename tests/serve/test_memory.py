"""tipwatch/serve/memory.py: glibc's heaps give freed memory back, by threshold and by trimming."""

from __future__ import annotations

import os
import platform
import time

from stories import TestClient

from tipwatch.serve.app import create_app
from tipwatch.serve.memory import Trimmer, tune_malloc
from tipwatch.settings import load_settings
from tipwatch.store import SQLiteStore

GLIBC = platform.libc_ver()[0] == "glibc"


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_tune_malloc_sets_what_the_operator_did_not(monkeypatch):
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "131072")
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert tune_malloc() is False  # the operator's settings stand
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_")
    assert tune_malloc() is GLIBC
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "131072")
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    assert tune_malloc(arenas=8) is GLIBC  # the test process keeps glibc's usual number


def test_trim_gives_back_free_pages_that_a_live_block_holds_in_the_heap():
    trimmer = Trimmer()
    trimmer.trim()
    # 64 MB of 64 kB blocks (below the mmap threshold: they come from the heap), then all
    # freed but the last one, which keeps the heap from shrinking at its top: glibc keeps
    # the 63 MB below it resident until malloc_trim returns the pages.
    blocks = [b"x" * (64 * 1024 - 64) + bytes([i % 256]) for i in range(1024)]
    del blocks[:-1]
    before = _rss_mb()
    released = trimmer.trim()
    after = _rss_mb()
    if not GLIBC:
        assert released is False and trimmer.trims == 0
        return
    assert released is True and trimmer.trims == 2 and trimmer.released >= 1
    assert before - after > 32, (before, after)
    assert blocks[0][-1] == 1023 % 256  # the live block is untouched


def test_trimmer_thread_trims_until_stopped_and_defers_to_the_operator(monkeypatch):
    trimmer = Trimmer(every=0.01)
    assert trimmer.start() is GLIBC
    if GLIBC:
        assert trimmer.start() is False  # one thread per trimmer
        deadline = time.monotonic() + 10
        while trimmer.trims < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert trimmer.trims >= 3
    trimmer.stop()
    stopped_at = trimmer.trims
    time.sleep(0.05)
    assert trimmer.trims == stopped_at
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "1048576")
    assert Trimmer(every=0.01).start() is False


def test_the_app_trims_while_it_serves_and_stops_with_it(tmp_path):
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{path}"))
    with TestClient(app, base_url="https://testserver"):
        thread = app.state.trimmer._thread
        assert (thread is not None and thread.is_alive()) is GLIBC
    assert app.state.trimmer._thread is None
    assert thread is None or not thread.is_alive()

"""bench/allocator/sitecustomize.py: the soak's probe reads real allocator figures of this process."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).resolve().parents[2] / "bench" / "allocator" / "sitecustomize.py"


@pytest.fixture(scope="module")
def probe():
    spec = importlib.util.spec_from_file_location("allocator_probe", PROBE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # starts nothing: this process is not ``tipwatch serve``
    return module


def test_probe_reads_python_allocator_and_resident_memory(probe):
    before = probe._python_allocator()
    assert set(before) == {"arenas", "arenas_peak", "live", "free_in_pools"}
    assert 0 < before["arenas"] <= before["arenas_peak"]
    kept = [str(i) * 3 for i in range(200_000)]  # about 10 MB of small objects, alive
    after = probe._python_allocator()
    assert after["live"] - before["live"] > 8 * 2**20
    assert after["arenas"] >= before["arenas"]  # (free pools of earlier tests may take them)
    assert after["arenas"] * 2**20 >= after["live"]  # live blocks sit in the arenas counted
    memory = probe._memory()
    assert memory["rss"] >= memory["anonymous"] > 0
    assert len(kept) == 200_000
    assert sys.argv[1:2] != ["serve"]

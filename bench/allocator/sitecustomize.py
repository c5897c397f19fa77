"""Allocator counters from inside ``tipwatch serve``, for ``bench/soak.py --allocator-log FILE``.

Python imports ``sitecustomize`` at start-up from any folder on PYTHONPATH; the soak puts
this folder there for the server only. In a process started as ``tipwatch serve`` with
TIPWATCH_ALLOCATOR_LOG set, a daemon thread appends one line every 10 s: resident and
anonymous memory (``/proc/self/smaps_rollup``), Python's allocator (1 MB arenas now and at
their high-water mark, bytes in live blocks, bytes free in used pools) from
``sys._debugmallocstats``, glibc's heap (``mallinfo2``: size, in use, free, mapped) and the
objects the collector tracks. Growth of the arenas while the live bytes stay level is
fragmentation; growth of both is a leak. Linux and glibc only; elsewhere it does nothing.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
import threading
import time

EVERY_SECONDS = 10.0


def _python_allocator() -> dict[str, int]:
    """Four figures of ``sys._debugmallocstats``, which writes to file descriptor 2."""
    read, write = os.pipe()
    saved = os.dup(2)
    os.dup2(write, 2)
    try:
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    wanted = {
        "# arenas allocated current": "arenas",
        "# arenas highwater mark": "arenas_peak",
        "# bytes in allocated blocks": "live",
        "# bytes in available blocks": "free_in_pools",
    }
    out: dict[str, int] = {}
    for line in b"".join(chunks).decode(errors="replace").splitlines():
        key = line.split("=")[0].strip()
        if key in wanted:
            out[wanted[key]] = int(line.split("=")[-1].strip().replace(",", ""))
    return out


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()
    ]


def _memory() -> dict[str, int]:
    out = {}
    with open("/proc/self/smaps_rollup", encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if parts[0] in ("Rss:", "Anonymous:"):
                out[parts[0][:-1].lower()] = int(parts[1]) // 1024
    return out


def _run(path: str) -> None:
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    started = time.monotonic()
    with open(path, "a", encoding="utf-8", buffering=1) as out:
        while True:
            time.sleep(EVERY_SECONDS)
            try:
                mem, py, heap = _memory(), _python_allocator(), libc.mallinfo2()
            except (OSError, ValueError) as exc:
                print(f"allocator probe failed: {exc}", file=out)
                return
            print(
                f"{time.monotonic() - started:5.0f} s  rss {mem.get('rss', 0)} MB  anon {mem.get('anonymous', 0)} MB  "
                f"python: arenas {py.get('arenas', 0)} (peak {py.get('arenas_peak', 0)}), "
                f"live {py.get('live', 0) >> 20} MB, free in pools {py.get('free_in_pools', 0) >> 20} MB  "
                f"glibc: heap {heap.arena >> 20} MB, in use {heap.uordblks >> 20} MB, free {heap.fordblks >> 20} MB, "
                f"mapped {heap.hblkhd >> 20} MB  gc objects {len(gc.get_objects())}",
                file=out,
            )


_LOG = os.environ.get("TIPWATCH_ALLOCATOR_LOG")
if _LOG and sys.argv[1:2] == ["serve"] and os.path.exists("/proc/self/smaps_rollup"):
    threading.Thread(target=_run, args=(_LOG,), name="allocator-probe", daemon=True).start()

"""The server's C heap: glibc's malloc tuned so that a long-running server gives memory back.

The server's Python objects stay near the same size under steady load, but glibc's heaps
grow: large blocks freed by one request (a page of hits, SQLite parsing a stored case) are
kept for reuse, and the holes between long-lived blocks (cached answers, page caches) are
kept as well. ``bench/soak.py`` showed the heaps growing from 50 to 190 MB in five minutes
while the blocks in use stayed between 30 and 60 MB. Two remedies, both glibc's own:

- ``tune_malloc`` fixes the mmap threshold, so every large block is mapped on its own and
  unmapped on free (glibc otherwise raises the threshold each time one is freed), and keeps
  one heap for all threads: glibc gives each thread that meets contention a heap of its
  own, and a block freed in one is no use to a thread allocating from another. With one
  heap the soak's heaps stayed near 70 MB instead of growing by half a megabyte a second;
  Python's lock means the threads hardly ever allocate at the same moment anyway;
- ``Trimmer`` calls ``malloc_trim(0)`` every few seconds from a thread of its own, which
  hands the free pages inside the heaps back to the system (a few milliseconds a call).

Nothing is changed where the C library is not glibc, nor what the operator set with
``MALLOC_MMAP_THRESHOLD_``, ``MALLOC_ARENA_MAX`` or ``MALLOC_TRIM_THRESHOLD_``.
"""

from __future__ import annotations

import ctypes
import logging
import os
import platform
import threading
from typing import Any

log = logging.getLogger(__name__)

MMAP_THRESHOLD = 256 * 1024  # bytes from which malloc maps memory of its own, returned on free
ARENAS = 1  # malloc heaps shared by all threads
TRIM_SECONDS = 10.0  # between two trims of the heaps
_M_MMAP_THRESHOLD = -3  # mallopt's parameter numbers, from glibc's malloc.h
_M_ARENA_MAX = -8


def _glibc() -> Any | None:
    """The C library when it is glibc, else None."""
    if platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def tune_malloc(threshold: int = MMAP_THRESHOLD, arenas: int = ARENAS) -> bool:
    """Fix glibc's mmap threshold and number of heaps for this process; call it before threads start.

    glibc raises the threshold each time a large block is freed (up to 32 MB), so later
    large blocks come from the heaps instead, where the freed space is scattered and kept;
    a fixed threshold maps every large block on its own and unmaps it on free. The number
    of heaps is capped so that threads reuse each other's freed blocks. Each setting is
    left alone when the operator made it (MALLOC_MMAP_THRESHOLD_, MALLOC_ARENA_MAX).
    Returns whether anything was set: False where the C library is not glibc.
    """
    libc = _glibc()
    if libc is None:
        return False
    done = False
    if not os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        done |= bool(libc.mallopt(_M_MMAP_THRESHOLD, threshold))
    if not os.environ.get("MALLOC_ARENA_MAX"):
        done |= bool(libc.mallopt(_M_ARENA_MAX, arenas))
    return done


class Trimmer:
    """A thread that hands the heaps' free pages back to the system every ``every`` seconds.

    ``start`` returns False (and starts nothing) where there is no glibc or the operator set
    MALLOC_TRIM_THRESHOLD_; ``trims`` counts the calls made, ``released`` those that gave
    memory back.
    """

    def __init__(self, every: float = TRIM_SECONDS) -> None:
        self.every = every
        self.trims = 0
        self.released = 0
        self._libc = None if os.environ.get("MALLOC_TRIM_THRESHOLD_") else _glibc()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def trim(self) -> bool:
        """Trim now; True when memory went back to the system."""
        if self._libc is None:
            return False
        released = bool(self._libc.malloc_trim(0))
        self.trims += 1
        self.released += released
        return released

    def start(self) -> bool:
        if self._libc is None or self._thread is not None:
            return False
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="tipwatch-malloc-trim", daemon=True)
        self._thread.start()
        return True

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.trim()
            except Exception:  # noqa: BLE001 - trimming is an optimisation: never end the server over it
                log.exception("malloc_trim failed; the server goes on without trimming")
                return


__all__ = ["ARENAS", "MMAP_THRESHOLD", "TRIM_SECONDS", "Trimmer", "tune_malloc"]

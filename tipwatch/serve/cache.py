"""Answers kept between requests until the store's content changes: one LRU per app.

A search costs the same SQL (ranking, snippets, facet counts over every match) for every
user who asks it, and analysts page through and repeat searches all day. Like a search
engine's request cache, which is dropped when the index refreshes, an entry here is keyed
by the store's content version (``SQLiteStore.content_version``, bumped by every write of
documents, facts or resolution in the writing transaction) and so can never serve
what the store no longer holds: the version is read first, the answer computed after, and a
write in between only makes the entry newer than its key.

What is cached is decided by the caller, with everything that changes the answer in the
key: a viewer's redacted answer also carries the protected-name index's version. A store
without a content version (PostgreSQL, whose writers would queue on one counter row) is
never cached.

An entry is kept pickled, as one block of bytes, and each hit gets an object graph of its
own. A cached answer was a graph of hundreds of small objects that lived until the next
write, each pinning a page of Python's allocator among the short-lived objects of the
requests built beside it; under a running ingest the server's memory grew with every
cache generation (``bench/soak.py``). Unpickling an answer costs tens of microseconds,
and no caller can change another's answer by changing its own.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

CACHE_ENTRIES = 512  # answers kept; a page of search hits with facets is about 10 kB


class AnswerCache:
    """A thread-safe LRU of computed answers; ``hits``/``misses`` count lookups."""

    def __init__(self, size: int = CACHE_ENTRIES) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()  # pickled answers
        self._pending: dict[Hashable, _Pending] = {}
        self._version = -1
        self.hits = 0
        self.misses = 0

    def get(self, version: int | None, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer for ``key`` at content ``version``, computed (outside the lock) when missing.

        ``version`` None means the store cannot tell when it changed: nothing is cached.
        Entries of an older version are dropped as soon as a newer one is seen; a request
        that read an older version than the cache holds computes its answer uncached.
        Requests that miss the same entry at once wait for the first one's answer instead of
        each computing it (after a write, forty threads would otherwise parse the same large
        case at the same moment).
        """
        if version is None:
            return compute()
        found: bytes | None = None
        pending: _Pending | None = None
        with self._lock:
            if version > self._version:
                self._entries.clear()
                self._pending.clear()
                self._version = version
            if version < self._version:
                self.misses += 1
            else:
                found = self._entries.get(key)
                if found is not None:
                    self._entries.move_to_end(key)
                    self.hits += 1
                else:
                    self.misses += 1
                    pending = self._pending.get(key)
                    owner = pending is None
                    if owner:
                        pending = self._pending[key] = _Pending()
        if found is not None:
            return pickle.loads(found)  # type: ignore[no-any-return]  # noqa: S301 - bytes we pickled
        if pending is None:
            return compute()
        if not owner:
            if pending.done.wait(WAIT_SECONDS) and pending.ok:
                return pickle.loads(pending.value)  # type: ignore[no-any-return]  # noqa: S301
            return compute()  # the first one failed or is very slow: do it here
        try:
            value = compute()
            frozen = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        except BaseException:
            pending.done.set()  # the waiters compute their own
            with self._lock:
                if self._pending.get(key) is pending:
                    del self._pending[key]
            raise
        pending.value, pending.ok = frozen, True
        with self._lock:
            if self._pending.get(key) is pending:
                del self._pending[key]
            if version == self._version:
                self._entries[key] = frozen
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        pending.done.set()
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._pending.clear()
            self._version = -1


WAIT_SECONDS = 30.0  # how long a request waits for another's computation of the same answer


class _Pending:
    """An answer being computed by one request, which others wait for."""

    __slots__ = ("done", "ok", "value")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.ok = False
        self.value: bytes = b""  # the pickled answer


def content_version(store: Any) -> int | None:
    """The store's content version, or None when it has none (then nothing is cached)."""
    read = getattr(store, "content_version", None)
    return None if read is None else read()

"""tipwatch/serve/web.py: one store connection per server thread, none kept past its thread."""

from __future__ import annotations

import gc
import threading
import weakref

from tipwatch.serve.web import StoreOpener
from tipwatch.settings import load_settings
from tipwatch.store import SQLiteStore


def test_store_opener_gives_each_thread_its_own_store_and_frees_it_with_the_thread(tmp_path):
    path = tmp_path / "w.db"
    SQLiteStore(path).close()
    opener = StoreOpener(load_settings(env={}, db_url=f"sqlite:///{path}"))
    mine = opener.get()
    assert opener.get() is mine
    seen: list[weakref.ref] = []

    def work() -> None:
        store = opener.get()
        assert store.stats().documents == 0  # usable on the thread that opened it
        seen.append(weakref.ref(store))

    # The server's thread pool ends idle threads and starts new ones: 30 come and go.
    for _ in range(30):
        t = threading.Thread(target=work)
        t.start()
        t.join()
    gc.collect()
    assert len(seen) == 30 and all(ref() is None for ref in seen)  # closed, not piled up
    opener.close()

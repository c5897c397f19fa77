"""Concurrency: two ingests and a reader on one SQLite store (WAL, busy timeout, short transactions).

Two ``workload.py`` processes ingest overlapping folders at the same time, while the API
server (``tipwatch serve``) answers searches and document reads as an analyst, and a third
process searches, reads and logs every read (a write, as the API's access log does) in a
loop. No "database is locked" may reach anyone (every API answer is a 200), and no write may
be lost: every document is stored exactly once with its facts, and the access log holds
every read the reader logged.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from tests.store.workload import api_server, check_store, write_batch

DRIVER = Path(__file__).with_name("workload.py")


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(DRIVER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TIPWATCH_LOG_LEVEL": "ERROR"},
    )


def _ask_api(base: str, token: str, stop: Path, answers: dict[int, int]) -> None:
    """Search and open documents through the API until ``stop`` exists, counting status codes."""
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        while not stop.exists():
            found = client.get("/api/documents", params={"q": "passports"})
            answers[found.status_code] = answers.get(found.status_code, 0) + 1
            for hit in found.json().get("hits", [])[:2] if found.status_code == 200 else []:
                opened = client.get(f"/api/documents/{hit['doc_id']}")
                answers[opened.status_code] = answers.get(opened.status_code, 0) + 1
                assert "locked" not in opened.text


def test_concurrency_two_ingests_and_a_reader_lose_nothing(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    shared = write_batch(first, 40, paragraphs=10, seed=1)
    write_batch(second, 20, paragraphs=10, seed=2)
    for path in shared[::2]:  # 20 documents both ingests meet, under other names
        shutil.copy(path, second / f"copy_{path.name}")
    unique = 60
    db = tmp_path / "shared.db"
    stop = tmp_path / "stop"

    answers: dict[int, int] = {}
    with api_server(db) as (base, token):
        reader = _start("--reader", str(db), str(stop))
        ingests = [_start(str(first), str(db)), _start(str(second), str(db))]
        client = threading.Thread(target=_ask_api, args=(base, token, stop, answers))
        client.start()
        outputs = [p.communicate(timeout=120) for p in ingests]
        stop.touch()
        client.join()
        reader_out, reader_err = reader.communicate(timeout=60)
    assert set(answers) == {200}, answers  # every API request answered, none with a 500 or 503
    assert answers[200] > 0

    for (out, err), process in zip(outputs, ingests, strict=True):
        assert process.returncode == 0, err
        assert "locked" not in out + err
        assert not [line for line in out.splitlines() if not line.startswith(("added ", "duplicate "))]
    assert reader.returncode == 0, reader_err
    counts = json.loads(reader_out)
    assert counts["errors"] == []
    assert counts["reads"] > 0

    added = sum(out.count("\nadded ") + out.startswith("added ") for out, _ in outputs)
    assert added == unique  # each document stored once, by one of the two
    assert check_store(db) == unique  # each with all its facts
    conn = sqlite3.connect(db)
    try:
        logged = conn.execute("SELECT COUNT(*) FROM access_log WHERE user = 'reader'").fetchone()[0]
    finally:
        conn.close()
    assert logged == counts["writes"]  # no logged read was lost

"""Processes that work one store at once, for the crash, concurrency and backup tests.

``python workload.py FOLDER DB`` ingests FOLDER into the SQLite store DB with
``CueExtractor``, a cheap deterministic extractor (the real one loads spaCy, which would make
20 runs slow; what is under test is the store's transactions, not extraction), printing one
flushed line per outcome. ``python workload.py --fork-server`` does the same for each
``FOLDER<tab>DB`` line on stdin, in a forked child whose pid it prints, so a test can SIGKILL it.
``python workload.py --reader DB STOPFILE`` searches, reads and logs reads in a loop.
``api_server(db)`` runs ``tipwatch serve`` over a store for the length of a ``with`` block.

``write_batch`` writes the fictional documents both tests ingest; ``check_store`` asserts a
store is sound and holds no half-stored document.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tipwatch.model import Document, Evidence, Facts, Label, Person
from tipwatch.settings import load_settings
from tipwatch.store.batch import ingest_paths
from tipwatch.store.sqlite import SQLiteStore

PLACES = {"Tamale": "GH", "Cusco": "PE", "Oruro": "BO", "Maputo": "MZ", "Chiang Rai": "TH", "Sylhet": "BD"}
PEOPLE = [
    "Abena Owusu-Tetteh",
    "Rubén Quispe Mamani",
    "Dalia Choque Arce",
    "Tomás Nhantumbo",
    "Malee Srisuwan",
    "Rafiqul Hasan Mitu",
]
_SENTENCES = [
    "Officers in {place} said {person} had recruited {n} workers with false promises of jobs abroad.",
    "A court in {place} heard that {person} kept the passports of {n} young women.",
    "Inspectors found {n} children working at a quarry outside {place}; {person} was detained.",
    "Shelter staff in {place} said {n} survivors had been moved there by night, according to {person}.",
]


class CueExtractor:
    """Countries and people found by exact cue words, each with its evidence span."""

    def extract(self, doc: Document) -> Facts:
        countries = []
        for place, cc in sorted(PLACES.items()):
            at = doc.text.find(place)
            if at >= 0:
                countries.append(Label(cc, [Evidence(at, at + len(place), place)]))
        persons = []
        for name in PEOPLE:
            at = doc.text.find(name)
            if at >= 0:
                persons.append(Person(name, ["suspect"], [Evidence(at, at + len(name), name)]))
        return Facts(
            doc=doc.name,
            doc_id=doc.id,
            language=doc.language,
            published=doc.published,
            countries=countries,
            persons=persons,
        )


def write_batch(folder: Path, count: int, *, paragraphs: int = 40, seed: int = 7) -> list[Path]:
    """``count`` distinct fictional reports of ``paragraphs`` paragraphs each."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        place = rnd.choice(sorted(PLACES))
        lines = [f"Report {i}: raid in {place}"]
        for _ in range(paragraphs):
            lines.append(
                rnd.choice(_SENTENCES).format(place=place, person=rnd.choice(PEOPLE), n=rnd.randint(2, 40))
            )
        path = folder / f"report_{i:03d}.txt"
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        out.append(path)
    return out


def check_store(db: Path) -> int:
    """Assert the store is sound and no document is half-stored; return how many documents it holds."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "documents" not in tables:
            return 0  # killed before the first migration committed: an empty, valid database
        # The FTS5 index agrees with its content table (raises "database disk image is malformed" if not).
        conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
        rows = conn.execute(
            "SELECT d.id, b.data, f.data FROM documents d "
            "LEFT JOIN blobs b ON b.sha256 = d.blob LEFT JOIN facts f ON f.doc_id = d.id"
        ).fetchall()
        countries = {}
        for doc_id, cc in conn.execute("SELECT doc_id, country FROM doc_countries"):
            countries.setdefault(doc_id, set()).add(cc)
    finally:
        conn.close()
    extractor = CueExtractor()
    with SQLiteStore(db) as store:
        for doc_id, raw, facts in rows:
            assert raw is not None and hashlib.sha256(raw).hexdigest() == doc_id
            assert facts is not None, f"document {doc_id[:12]} stored without its facts"
            doc = store.get_document(doc_id)
            expected = extractor.extract(doc)
            assert json.loads(facts) == expected.to_dict()
            assert countries.get(doc_id, set()) == {c.value for c in expected.countries}
        assert store.stats().documents == len(rows)
    return len(rows)


@contextlib.contextmanager
def api_server(db: Path, *, role: str = "analyst") -> Iterator[tuple[str, str]]:
    """``tipwatch serve`` on 127.0.0.1 over ``db``; yields (base URL, a bearer token); stopped after."""
    env = {**os.environ, "TIPWATCH_DB_URL": f"sqlite:///{db}", "TIPWATCH_LOG_LEVEL": "ERROR"}
    tipwatch = str(Path(sys.executable).with_name("tipwatch"))
    from tipwatch.serve.auth import create_user  # imported here: only the server tests need serve

    with SQLiteStore(db) as store:
        token = create_user(store, f"tester-{time.monotonic_ns()}", role)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [tipwatch, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"tipwatch serve did not start: {server.stderr.read()}") from None
                time.sleep(0.1)
        yield base, token
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


def ingest_folder(folder: Path, db: Path) -> dict[str, int]:
    """Ingest ``folder`` into ``db`` in this process; counts of added, duplicate and failed."""
    counts = {"added": 0, "duplicate": 0, "failed": 0}
    with SQLiteStore(db) as store:
        for outcome in ingest_paths(store, [folder], load_settings(env={}), CueExtractor()):
            counts[outcome.status] += 1
    return counts


def _say(*parts: object) -> None:
    """One line to stdout in one write(2), so a process killed meanwhile leaves no half line.

    ``print`` makes a write per part when stdout is unbuffered (PYTHONUNBUFFERED=1): a child
    killed between them left "added" alone, and the parent's "exit 9" then came on the same
    line, where the crash test did not see it and waited forever.
    """
    os.write(1, (" ".join(map(str, parts)) + "\n").encode())


def run(folder: str, db: str) -> None:
    """Ingest ``folder`` into ``db``, writing one line per outcome."""
    with SQLiteStore(db) as store:
        for outcome in ingest_paths(store, [Path(folder)], load_settings(env={}), CueExtractor()):
            _say(outcome.status, outcome.path)


def serve_forks() -> None:
    """Read ``FOLDER<tab>DB`` lines on stdin; ingest each in a forked child; print its pid and exit status.

    Start-up (imports, the language model) is paid once; each fork starts ingesting at once, so
    a test can kill runs at chosen moments without paying a Python start per run.
    """
    # Warm up (imports, the language model, date tables) so each fork starts ingesting at once.
    settings = load_settings(env={})
    with tempfile.TemporaryDirectory() as tmp:
        warm = write_batch(Path(tmp), 2, paragraphs=3)
        with SQLiteStore(":memory:") as store:
            for _ in ingest_paths(store, warm, settings, CueExtractor()):
                pass
    # A fork copies only the calling thread: another thread holding a lock at that moment
    # would leave the child waiting on it forever. Refuse to fork then (OpenBLAS starts a
    # pool thread for the language identifier's first matrix product unless
    # OPENBLAS_NUM_THREADS=1).
    threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else 1
    if threads != 1:
        sys.exit(f"fork server: {threads} threads after warm-up; a forked child could deadlock")
    sys.stdout.flush()
    _say("ready")
    for line in sys.stdin:
        # The child waits until its pid is announced, so "pid N" always comes first.
        go, announced = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(announced)
                os.read(go, 1)
                os.close(go)
                folder, db = line.rstrip("\n").split("\t")
                run(folder, db)
            finally:
                os._exit(0)
        os.close(go)
        _say("pid", pid)
        os.write(announced, b"x")
        os.close(announced)
        _, status = os.waitpid(pid, 0)
        _say("exit", status)


def read_loop(db: str, stop: str) -> None:
    """Search, read and log each read (a write, as the API logs reads) until ``stop`` exists.

    Prints one JSON line: how many reads and logged writes were done and every error met.
    """
    counts: dict[str, Any] = {"reads": 0, "writes": 0, "errors": []}
    with SQLiteStore(db) as store:
        while not os.path.exists(stop):
            try:
                hits = store.search("workers", limit=5)
                store.stats()
                for hit in hits[:2]:
                    store.get_document(hit.doc_id)
                    store.get_facts(hit.doc_id)
                    counts["reads"] += 1
                    store.log_access("reader", "read_document", hit.doc_id)
                    counts["writes"] += 1
            except Exception as exc:  # every error is reported; the test expects none
                counts["errors"].append(f"{type(exc).__name__}: {exc}")
    print(json.dumps(counts), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--fork-server":
        serve_forks()
    elif sys.argv[1] == "--reader":
        read_loop(sys.argv[2], sys.argv[3])
    else:
        run(sys.argv[1], sys.argv[2])

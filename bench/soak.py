"""Soak: the API under many concurrent clients for minutes while an ingest writes to the same store.

Loopback only, bounded in clients and time. Builds a fresh store of synthetic fictional
documents (``bench/api.py``'s generator: invented names, real places, cheap facts), starts
``tipwatch serve`` on a free 127.0.0.1 port in a subprocess, and starts ``tipwatch ingest``
(real reading and extraction) on batches of generated files (``bench/ingest.py``) in another
subprocess, one batch after another until the time is up. Meanwhile N client threads,
half viewers and half analysts, call search, documents, entities, cases, the search page
and ``/api/me`` for the given time. Prints requests, errors, latency (p50/p95/p99), the
server's resident memory before any load, at the start (after a warm-up of the same load
for --warmup seconds and at least until the first ingest batch is stored), after the first
10 % and at the end,
the documents ingested meanwhile, and the machine.

Goals (issue 9): 0 errors; memory at the end within 10 % of the start. With
``--allocator-log FILE`` the server also writes its allocator counters there every 10 s
(``bench/allocator/sitecustomize.py``): arenas growing while live bytes stay level is
fragmentation, both growing a leak.

    .venv/bin/python bench/soak.py                        # 50 clients, 300 s
    .venv/bin/python bench/soak.py --seconds 20 --clients 8
    .venv/bin/python bench/soak.py --allocator-log build/allocator.log
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import httpx
import psutil

from tipwatch.serve.auth import create_user
from tipwatch.store import SQLiteStore

HERE = Path(__file__).resolve().parent
HOST = "127.0.0.1"  # loopback only: there is deliberately no option to change it
MAX_CLIENTS = 100
MAX_SECONDS = 900


def _load(name: str) -> ModuleType:
    """A sibling bench script as a module (they are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def machine() -> str:
    """nproc, CPU model, memory and Python, for the figures to mean something."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"nproc {os.cpu_count()}, {model}, {memory:.0f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}"
    )


def build_store(path: Path, docs: int) -> tuple[list[str], dict[str, str]]:
    """A fresh store of ``docs`` synthetic documents with their facts, and a viewer and an analyst token."""
    api = _load("api")
    rng = random.Random(9)
    with SQLiteStore(path) as store:
        for n in range(docs):
            doc, facts = api.make_document(n, rng)
            store.add_document(doc, doc.text.encode(), facts)
        ids = [d.id for d in store.iter_documents()]
        tokens = {role: create_user(store, f"soak-{role}", role) for role in ("viewer", "analyst")}
    return ids, tokens


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Tally:
    """What the clients saw; each thread appends to its own lists (no lock on the hot path)."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)


MAX_WARMUP_WAIT = 180.0  # seconds the warm-up may wait past --warmup for the first ingest batch

QUERIES = [
    "trafficking",
    "rescued",
    "mine",
    "police",
    "network",
    '"brick kiln"',
    "traffick*",
    "shelter",
    "Puno",
]


def _client(base: str, token: str, ids: list[str], until: float, seed: int, tally: Tally) -> None:
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        while time.monotonic() < until:
            roll = rng.random()
            if roll < 0.40:
                kind, url, params = "search", "/api/documents", {"q": rng.choice(QUERIES)}
            elif roll < 0.75:
                kind, url, params = "document", f"/api/documents/{rng.choice(ids)}", {}
            elif roll < 0.85:
                kind, url, params = "page", "/search", {"q": rng.choice(QUERIES)}
            elif roll < 0.92:
                kind, url, params = "entities", "/api/entities", {"limit": 50}
            elif roll < 0.97:
                kind, url, params = "cases", "/api/cases", {}
            else:
                kind, url, params = "me", "/api/me", {}
            t0 = time.perf_counter()
            try:
                status = client.get(url, params=params).status_code
                problem = None if status == 200 else f"{kind} HTTP {status}"
            except httpx.HTTPError as exc:
                problem = f"{kind} {type(exc).__name__}"
            tally.times.setdefault(kind, []).append(time.perf_counter() - t0)
            if problem:
                tally.errors[problem] += 1


class Ingest:
    """``tipwatch ingest`` on one generated batch after another, until stopped."""

    def __init__(self, folder: Path, env: dict[str, str], batch: int) -> None:
        self.folder = folder
        self.env = env
        self.batch = batch
        self.batches = 0
        self.failed = 0
        self._stop = threading.Event()
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._generator = _load("ingest")

    def _run(self) -> None:
        tipwatch = Path(sys.executable).with_name("tipwatch")
        while not self._stop.is_set():
            batch = self.folder / f"batch{self.batches:03d}"
            batch.mkdir()
            self._generator.generate(batch, self.batch, seed=1000 + self.batches)
            if self._stop.is_set():
                break
            self._proc = subprocess.Popen(
                [str(tipwatch), "ingest", str(batch)],
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            code = self._proc.wait()
            self.batches += 1
            self.failed += code not in (0, -15)  # -15: stopped at the end on purpose

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
        self._thread.join(timeout=60)


def _load_for(
    base: str, tokens: dict[str, str], ids: list[str], clients: int, seconds: float, seed: int
) -> Tally:
    """``clients`` threads, half viewers and half analysts, for ``seconds``."""
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_client,
            args=(base, tokens["viewer" if i % 2 == 0 else "analyst"], ids, until, seed + i, tally),
            daemon=True,
        )
        for i in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally


def _rss_mb(proc: psutil.Process) -> float:
    return proc.memory_info().rss / 2**20


def _pct(times: list[float], q: float) -> float:
    return sorted(times)[min(len(times) - 1, int(len(times) * q))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="time under load (default 300)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument(
        "--docs", type=int, default=5000, help="documents in the store at the start (default 5000)"
    )
    parser.add_argument(
        "--warmup", type=float, default=20.0, help="seconds of full load before the start figure (default 20)"
    )
    parser.add_argument(
        "--batch", type=int, default=120, help="generated files per ingest batch (default 120)"
    )
    parser.add_argument(
        "--allocator-log",
        type=Path,
        default=None,
        help="append the server's allocator counters to this file every 10 s (bench/allocator)",
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS or not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"keep it bounded: 1-{MAX_CLIENTS} clients, 1-{MAX_SECONDS} seconds")
    if not 0 <= args.warmup <= 120:
        parser.error("keep it bounded: 0-120 seconds of warm-up")
    if not 10 <= args.docs <= 100_000 or not 1 <= args.batch <= 2000:
        parser.error("keep it bounded: 10-100,000 documents, 1-2,000 files per batch")

    print(f"machine: {machine()}")
    work = Path(tempfile.mkdtemp(prefix="tipwatch_soak_"))
    db = work / "soak.db"
    server = None
    ingest = None
    try:
        started = time.perf_counter()
        ids, tokens = build_store(db, args.docs)
        print(f"store: {len(ids)} documents ({time.perf_counter() - started:.1f} s to build)")
        env = {**os.environ, "TIPWATCH_DB_URL": f"sqlite:///{db}"}
        port = _free_port()
        base = f"http://{HOST}:{port}"
        tipwatch = Path(sys.executable).with_name("tipwatch")
        server_env = env
        if args.allocator_log is not None:
            probe = str(HERE / "allocator")
            path = os.pathsep.join(filter(None, [probe, os.environ.get("PYTHONPATH")]))
            server_env = {
                **env,
                "PYTHONPATH": path,
                "TIPWATCH_ALLOCATOR_LOG": str(args.allocator_log.resolve()),
            }
        server = subprocess.Popen(
            [str(tipwatch), "serve", "--host", HOST, "--port", str(port)], env=server_env
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/login", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        proc = psutil.Process(server.pid)
        # One call of every kind per role, then the full load for --warmup seconds, so that
        # start-up caches, the worker threads and their store connections are all in the
        # start figure: growth after that is what a leak would show.
        for token in tokens.values():
            for url in (
                "/api/documents?q=warm",
                f"/api/documents/{ids[0]}",
                "/search?q=warm",
                "/api/entities",
            ):
                httpx.get(base + url, headers={"Authorization": f"Bearer {token}"}, timeout=120)
        rss_cold = _rss_mb(proc)
        ingest = Ingest(work, env, args.batch)
        ingest.start()
        # The warm-up is the same load for --warmup seconds and at least until the first
        # ingest batch is stored: the server's caches then have been filled, emptied by a
        # write and filled again, as they are for the rest of the run.
        warm = Tally()
        warm_started = time.monotonic()
        for round_ in itertools.count():
            part = _load_for(base, tokens, ids, args.clients, 5.0, seed=10_000 + 100 * round_)
            for kind, times in part.times.items():
                warm.times.setdefault(kind, []).extend(times)
            warm.errors.update(part.errors)
            waited = time.monotonic() - warm_started
            if waited >= args.warmup and (ingest.batches >= 1 or waited >= args.warmup + MAX_WARMUP_WAIT):
                break
        warm_seconds = time.monotonic() - warm_started
        warm_batches = ingest.batches
        rss_start = _rss_mb(proc)
        tally = Tally()
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=_client,
                args=(base, tokens["viewer" if i % 2 == 0 else "analyst"], ids, until, i, tally),
                daemon=True,
            )
            for i in range(args.clients)
        ]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        samples: list[tuple[float, float]] = []
        while any(t.is_alive() for t in threads):
            samples.append((time.perf_counter() - t0, _rss_mb(proc)))
            time.sleep(min(5.0, max(0.5, args.seconds / 60)))
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        rss_end = _rss_mb(proc)
        threads_end = proc.num_threads()
        store_files = sum(1 for f in proc.open_files() if f.path.startswith(str(db)))
        ingest.stop()
        with SQLiteStore(db) as store:
            now = store.stats().documents
    finally:
        if ingest is not None:
            ingest.stop()
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    every = [t for times in tally.times.values() for t in times]
    errors = sum(tally.errors.values())
    rss_warm = next(
        (rss for at, rss in samples if at >= elapsed * 0.1), samples[-1][1] if samples else rss_start
    )
    peak = max([rss for _, rss in samples] + [rss_end])
    warm_n = sum(len(t) for t in warm.times.values())
    warm_errors = sum(warm.errors.values())
    print(
        f"warm-up: {warm_seconds:.0f} s ({warm_batches} ingest batch(es) stored meanwhile), "
        f"{warm_n} requests, {warm_errors} errors"
    )
    print(
        f"load: {args.clients} clients for {elapsed:.0f} s; {len(every)} requests "
        f"({len(every) / elapsed:.0f}/s), {errors} errors"
    )
    print(
        f"latency: p50 {statistics.median(every) * 1000:.0f} ms, p95 {_pct(every, 0.95):.0f} ms, "
        f"p99 {_pct(every, 0.99):.0f} ms"
    )
    for kind, times in sorted(tally.times.items()):
        print(
            f"  {kind:9s} n={len(times):7d}  p50 {statistics.median(times) * 1000:6.0f} ms  p95 {_pct(times, 0.95):6.0f} ms"
        )
    for problem, n in tally.errors.most_common(5):
        print(f"  error: {problem} x{n}")
    growth = (rss_end - rss_start) / rss_start * 100
    print(
        f"server memory (RSS): before load {rss_cold:.0f} MB, start (after warm-up) {rss_start:.0f} MB, after 10 % {rss_warm:.0f} MB, "
        f"end {rss_end:.0f} MB, peak {peak:.0f} MB; growth start->end {growth:+.1f} %, "
        f"after 10 %->end {(rss_end - rss_warm) / rss_warm * 100:+.1f} %"
    )
    minutes: dict[int, float] = {}
    for at, rss in samples:
        minutes.setdefault(int(at // 60), rss)  # the first sample of each minute
    print(
        "server RSS by minute of load: "
        + ", ".join(f"{m}: {rss:.0f} MB" for m, rss in sorted(minutes.items()))
    )
    print(f"server at the end: {threads_end} threads, {store_files} open store files (db, wal)")
    print(
        f"ingest meanwhile: {now - len(ids)} documents added in {ingest.batches if ingest else 0} batch(es) "
        f"of {args.batch} files, {ingest.failed if ingest else 0} batch(es) failed"
    )
    met = errors + warm_errors == 0 and growth <= 10
    print(f"goals (0 errors, memory growth <= 10 %): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())

"""Scale benchmark: extraction on Dask workers, and search latency on large SQLite and PostgreSQL stores.

1. Extraction throughput on the same 2,000 generated documents (bench/ingest.py's fictional
   generator, six formats, en/es/pt): the in-process loop, then 1 and 2 Dask workers
   (``--workers N``), each timed from start to the last document stored, start-up included
   (model loading, cluster start). The three stores must hold the same documents and facts.
2. Search latency: stores of 10,000 and 100,000 synthetic documents (no extraction; facts
   hold the countries), loaded into SQLite with ``add_document`` and copied to PostgreSQL
   with ``tipwatch migrate``'s bulk copy; p50/p95 over a fixed mix of queries (common and
   rare words, names, phrases, prefixes, language and country filters), limit 10.

PostgreSQL comes from ``--pg URL`` (an empty database) or, by default, a throw-away server
started from Debian's binaries in a temporary folder.

    .venv/bin/python bench/scale.py                        # everything (about 15 minutes)
    .venv/bin/python bench/scale.py --skip-search --docs 400
    .venv/bin/python bench/scale.py --skip-extract --sizes 10000
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest import CITIES, LANGS, generate, make_content  # bench/ingest.py, beside this script

from tipwatch.extract import make_extractor
from tipwatch.ingest import iter_files
from tipwatch.model import Document, Facts, Label
from tipwatch.settings import load_settings
from tipwatch.store import open_store
from tipwatch.store.batch import ingest_items
from tipwatch.store.copy import copy_store
from tipwatch.store.sqlite import SQLiteStore

QUERIES_PER_ROUND = 40
ROUNDS = 5


# -- 1. extraction -------------------------------------------------------------------------


def _contents_digest(path: Path) -> str:
    """SHA-256 over every document id and its facts JSON, in stored order."""
    digest = hashlib.sha256()
    with SQLiteStore(path) as store:
        rows = store._conn.execute(
            "SELECT d.id, f.data FROM documents d LEFT JOIN facts f ON f.doc_id = d.id ORDER BY d.seq"
        )
        for doc_id, data in rows:
            digest.update(f"{doc_id}\t{data}\n".encode())
    return digest.hexdigest()


def run_extraction(folder: Path, tmp: Path, workers: int | None) -> tuple[float, int, str]:
    """Seconds from start (models or cluster included) to the last document stored."""
    db = tmp / f"extract_{workers or 0}.db"
    settings = load_settings(db_url=f"sqlite:///{db}")
    start = time.perf_counter()
    items = list(iter_files([folder]))
    failed = 0
    with open_store(settings) as store:
        if workers is None:
            outcomes = ingest_items(store, items, settings, make_extractor(settings))
        else:
            from tipwatch.store.distributed import ingest_items_distributed

            outcomes = ingest_items_distributed(store, items, settings, workers=workers)
        for outcome in outcomes:
            failed += outcome.is_failed
    elapsed = time.perf_counter() - start
    return elapsed, failed, _contents_digest(db)


def bench_extraction(docs: int, seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="tipwatch-scale-") as name:
        tmp = Path(name)
        folder = tmp / "corpus"
        folder.mkdir()
        generate(folder, docs, seed)
        print(f"\n## Extraction: {docs} generated documents, start-up included")
        print(f"{'run':<22} {'seconds':>8} {'docs/s':>8} {'vs in-process':>14}  failed  same documents+facts")
        base_seconds, base_digest = 0.0, ""
        for label, workers in (("in-process", None), ("dask, 1 worker", 1), ("dask, 2 workers", 2)):
            seconds, failed, digest = run_extraction(folder, tmp, workers)
            if workers is None:
                base_seconds, base_digest = seconds, digest
            same = "yes" if digest == base_digest else "NO"
            print(
                f"{label:<22} {seconds:>8.1f} {docs / seconds:>8.1f} {base_seconds / seconds:>13.2f}x"
                f"  {failed:>6}  {same}",
                flush=True,
            )


# -- 2. search -----------------------------------------------------------------------------


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    consonants, vowels = "bcdfglmnprstvz", "aeiou"
    return [
        "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        for _ in range(size)
    ]


def synthetic_documents(count: int, seed: int) -> Iterator[tuple[Document, bytes, Facts]]:
    """Fictional reports (bench/ingest.py's templates) plus rare words drawn from a Zipf-like vocabulary."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 20_000)
    weights = [1 / (i + 1) for i in range(len(vocab))]
    for i in range(count):
        lang = LANGS[i % len(LANGS)]
        title, paragraphs, published = make_content(rng, lang, i)
        rare = " ".join(rng.choices(vocab, weights, k=12))
        text = "\n\n".join([*paragraphs, rare])
        raw = f"{title}\n\n{text}".encode()
        doc = Document(
            id=hashlib.sha256(raw).hexdigest(),
            name=f"{i:06d}.txt",
            format="text",
            text=text,
            language=lang,
            published=published.isoformat(),
            title=title,
            size=len(raw),
        )
        cc = next((c for city, c in CITIES[lang] if city in text), None)
        facts = Facts(doc=doc.name, doc_id=doc.id, language=lang, countries=[Label(cc, [])] if cc else [])
        yield doc, raw, facts


def query_mix(seed: int) -> list[tuple[str, dict[str, str]]]:
    """A fixed mix: common words, names, cities, phrases, prefixes, rare words, filters."""
    rng = random.Random(seed)
    vocab = _vocabulary(random.Random(seed), 20_000)
    mix: list[tuple[str, dict[str, str]]] = [
        ("trafficking", {}),
        ("trata de personas", {}),
        ('"trabalho escravo"', {}),
        ("police arrested", {"language": "en"}),
        ("víctimas", {"country": "MX"}),
        ("Ramiro", {}),
        ("Helena", {"language": "pt"}),
        ("recruit*", {}),
        ("Cusco", {}),
        ("Recife salário", {}),
    ]
    while len(mix) < QUERIES_PER_ROUND:
        mix.append((rng.choice(vocab[:2000]), {}))  # rare to very rare words
        mix.append((f"{rng.choice(vocab[:200])} {rng.choice(vocab[:200])}", {}))
    return mix[:QUERIES_PER_ROUND]


def measure_search(store, mix: list[tuple[str, dict[str, str]]]) -> tuple[float, float, float]:
    """p50, p95 and max milliseconds over ROUNDS rounds of the mix (one warm-up round first)."""
    for query, kw in mix:
        store.search(query, **kw)
    times: list[float] = []
    for _ in range(ROUNDS):
        for query, kw in mix:
            t = time.perf_counter()
            store.search(query, **kw)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1]


def _pg_size(store) -> float:
    return store._conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 1e6


def bench_search(sizes: list[int], pg_base: str | None, seed: int) -> None:
    print("\n## Search latency (ms, limit 10, 200 queries of a fixed mix)")
    print(
        f"{'backend':<11} {'documents':>9} {'load docs/s':>11} {'size MB':>8} {'p50':>7} {'p95':>7} {'max':>7}"
    )
    mix = query_mix(seed)
    with tempfile.TemporaryDirectory(prefix="tipwatch-search-") as name:
        for n, size in enumerate(sizes):
            path = Path(name) / f"s{size}.db"
            start = time.perf_counter()
            with SQLiteStore(path) as store:
                for doc, raw, facts in synthetic_documents(size, seed):
                    store.add_document(doc, raw, facts)
                load = size / (time.perf_counter() - start)
                store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                mb = path.stat().st_size / 1e6
                p50, p95, worst = measure_search(store, mix)
                print(
                    f"{'sqlite':<11} {size:>9} {load:>11.0f} {mb:>8.0f} {p50:>7.1f} {p95:>7.1f} {worst:>7.1f}",
                    flush=True,
                )
                if pg_base is None:
                    continue
                from tipwatch.store.postgres import PostgresStore

                with _pg_database(pg_base, f"scale_{n}") as url, PostgresStore(url) as pg:
                    start = time.perf_counter()
                    report = copy_store(store, pg)
                    copy_s = time.perf_counter() - start
                    assert report.ok, [c.summary() for c in report.checks if not c.ok]
                    pg._conn.execute("VACUUM ANALYZE")
                    start = time.perf_counter()
                    pg._conn.execute("REINDEX INDEX documents_tsv")
                    reindex = time.perf_counter() - start
                    p50, p95, worst = measure_search(pg, mix)
                    print(
                        f"{'postgresql':<11} {size:>9} {size / copy_s:>11.0f} {_pg_size(pg):>8.0f} "
                        f"{p50:>7.1f} {p95:>7.1f} {worst:>7.1f}   (GIN index rebuilt in {reindex:.1f} s)",
                        flush=True,
                    )
    print("load docs/s: SQLite one add_document per document; PostgreSQL the bulk copy of `tipwatch migrate`")


@contextmanager
def _pg_database(base: str, name: str) -> Iterator[str]:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    yield f"{base}/{name}"


@contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """A PostgreSQL server in a temporary folder (as the test set-up starts one), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    initdb = shutil.which("initdb") or (str(found[-1]) if found else None)
    if initdb is None:
        print("PostgreSQL binaries not found: PostgreSQL rows skipped", file=sys.stderr)
        yield None
        return
    bindir = Path(initdb).parent
    folder = Path(tempfile.mkdtemp(prefix="tipwatch-scale-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = folder / "data"
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    # Durable settings (fsync on), unlike the test server: these are the figures a team would see.
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c shared_buffers=512MB"
    subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--docs", type=int, default=2000, help="documents for the extraction runs (default 2000)"
    )
    parser.add_argument(
        "--sizes", default="10000,100000", help="store sizes for search (default 10000,100000)"
    )
    parser.add_argument(
        "--pg", metavar="URL", help="a PostgreSQL server URL without database (default: start one)"
    )
    parser.add_argument("--skip-extract", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average at start {os.getloadavg()[0]:.1f}"
    )
    if not args.skip_extract:
        bench_extraction(args.docs, args.seed)
    if not args.skip_search:
        sizes = [int(s) for s in args.sizes.split(",") if s]
        if args.pg:
            bench_search(sizes, args.pg.rstrip("/"), args.seed)
        else:
            with throwaway_postgres() as base:
                bench_search(sizes, base, args.seed)
    return 0


if __name__ == "__main__":  # Dask's worker processes import this module again: only run as a script
    sys.exit(main())

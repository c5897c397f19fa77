"""Load on the API: concurrent clients against search and document endpoints, on loopback only.

Builds (once, cached at --db) a store of synthetic fictional documents: text from templates
with invented names and real places, stored with cheap synthetic facts (a victim, a
suspect, countries, an exploitation label, events, every fact with a true evidence span)
and no spaCy extraction. Then starts ``tipwatch serve`` on a free 127.0.0.1 port in a
subprocess and runs N client threads for a fixed time: half as viewers (every answer
redacted), half as analysts (every read of a protected detail logged). Prints requests/s,
p50/p95 latency per endpoint and the error count.

    .venv/bin/python bench/api.py                  # 10,000 documents, 20 clients, 30 s
    .venv/bin/python bench/api.py --docs 2000 --seconds 10
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil

from tipwatch.model import Document, Event, Evidence, Facts, Label, Person, Place
from tipwatch.serve.auth import create_user
from tipwatch.store import SQLiteStore

FIRST = [
    "Maricielo",
    "Teodoro",
    "Nilda",
    "Fausto",
    "Eulalia",
    "Brayan",
    "Luzmila",
    "Gervasio",
    "Ximena",
    "Segundo",
]
LAST = [
    "Ccahuana",
    "Valdivieso",
    "Yupanqui",
    "Carhuamaca",
    "Huillca",
    "Benavente",
    "Taipe",
    "Ordinola",
    "Aroni",
    "Quispe",
    "Mamani",
    "Condori",
    "Apaza",
    "Choque",
    "Paucar",
    "Sulca",
    "Cutipa",
    "Layme",
    "Ticona",
    "Chambi",
    "Villca",
    "Colque",
    "Huarachi",
    "Pari",
]
PLACES = [
    ("Puno", "PE"),
    ("Cusco", "PE"),
    ("La Paz", "BO"),
    ("Santa Cruz", "BO"),
    ("Manaus", "BR"),
    ("Belém", "BR"),
    ("Quetzaltenango", "GT"),
    ("Tapachula", "MX"),
    ("Asunción", "PY"),
    ("Salta", "AR"),
]
KINDS = ["sex_trafficking", "forced_labor", "begging", "forced_criminality", "illegal_adoption"]
WORK = [
    "a bar",
    "a gold mine",
    "a brick kiln",
    "a textile workshop",
    "a fishing boat",
    "a farm",
    "a restaurant",
]
QUERIES = [
    "trafficking",
    "rescued",
    "mine",
    "bar",
    "police",
    "prosecutor",
    "workers",
    "network",
    "girls",
    "Puno",
    "Manaus",
    "forced labour",
    "arrested",
    '"brick kiln"',
    "shelter",
    "recruited",
    "traffick*",
]


def _sentence_ev(text: str, needle: str) -> Evidence:
    pos = text.index(needle)
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    return Evidence(start, end, text[start:end])


REPORTS_PER_INCIDENT = 3  # documents n, n+1, n+2 report one incident, as outlets do


def make_document(n: int, rng: random.Random) -> tuple[Document, Facts]:
    """One synthetic fictional report and its facts (offsets true), without extraction.

    Reports come in threes about one incident (same people, place, year and kind), and
    people have two surnames drawn from 24: about 11,000 names per role, so that, as in real
    reporting, incidents share a person now and then but do not chain into one case.
    """
    incident = random.Random(f"incident-{n // REPORTS_PER_INCIDENT}")
    place, cc = incident.choice(PLACES)
    victim = f"{incident.choice(FIRST)} {incident.choice(LAST)} {incident.choice(LAST)}"
    suspect = f"{incident.choice(FIRST)} {incident.choice(LAST)} {incident.choice(LAST)}"
    if suspect.startswith(victim.split()[0]):
        suspect = "Aurelio " + suspect.split(" ", 1)[1]
    age = incident.randint(12, 30)
    work = incident.choice(WORK)
    kind = incident.choice(KINDS)
    year = incident.randint(2015, 2025)
    title = f"Police rescue {rng.randint(2, 40)} people from {work} in {place} (report {n})"
    lines = [
        title,
        "",
        f"Police in {place} rescued {victim}, {age}, and others from {work} after a months-long investigation.",
        f"Officers arrested {suspect}, said to lead a trafficking network that recruited workers with false promises.",
        f"The prosecutor said the victims were kept in debt and watched day and night at {work}.",
        f"{victim.split()[0]} is now in a shelter; the case is one of several opened in {place} this year.",
        " ".join(
            rng.choice(["Families", "Inspectors", "Neighbours", "Lawyers"])
            + " "
            + rng.choice(
                [
                    "asked for answers.",
                    "described the conditions.",
                    "called for more inspections.",
                    "were interviewed.",
                ]
            )
            for _ in range(rng.randint(3, 12))
        ),
    ]
    text = "\n".join(lines) + "\n"
    doc = Document(
        id=hashlib.sha256(text.encode()).hexdigest(),
        name=f"synthetic_{n:05d}.txt",
        format="text",
        text=text,
        language="en",
        published=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        title=title,
        size=len(text.encode()),
    )
    facts = Facts(
        doc=doc.name,
        doc_id=doc.id,
        language="en",
        published=doc.published,
        countries=[Label(cc, [_sentence_ev(text, f"Police in {place}")])],
        places=[Place(place, cc, None, [_sentence_ev(text, f"Police in {place}")])],
        persons=[
            Person(victim, ["victim"], [_sentence_ev(text, victim)], None, age),
            Person(suspect, ["suspect"], [_sentence_ev(text, suspect)]),
        ],
        exploitation=[Label(kind, [_sentence_ev(text, "trafficking network")])],
        events=[
            Event("rescue", None, doc.published, cc, [_sentence_ev(text, "rescued")]),
            Event("arrest", 1, doc.published, cc, [_sentence_ev(text, "Officers arrested")]),
        ],
    )
    return doc, facts


def build_store(path: Path, docs: int) -> tuple[list[str], dict[str, str]]:
    """The store at ``path`` with ``docs`` documents (reused when already there) and two tokens."""
    rng = random.Random(6)
    started = time.perf_counter()
    with SQLiteStore(path) as store:
        have = store.stats().documents
        for n in range(have, docs):
            doc, facts = make_document(n, rng) if have == 0 else make_document(n, random.Random(n))
            store.add_document(doc, doc.text.encode(), facts)
        ids = [d.id for d in store.iter_documents()]
        suffix = str(int(time.time()))
        tokens = {role: create_user(store, f"bench-{role}-{suffix}", role) for role in ("viewer", "analyst")}
    print(f"store: {len(ids)} documents at {path} ({time.perf_counter() - started:.1f} s to build or open)")
    return ids, tokens


def _machine() -> str:
    """CPUs, their model and the load before the run: figures mean little without them."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs ({model}), load average {load} before the run"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --cold: one or two words from the documents' own vocabulary, a filter, a page: few repeats.
VOCABULARY = [
    *(q for q in QUERIES if " " not in q and '"' not in q),
    *FIRST,
    *LAST,
    *(p for p, _ in PLACES if " " not in p),
]


def _search_params(rng: random.Random, cold: bool) -> dict[str, str]:
    if not cold:
        params = {"q": rng.choice(QUERIES)}
        if rng.random() < 0.3:
            params["exploitation"] = rng.choice(KINDS)
        return params
    words = rng.sample(VOCABULARY, rng.choice((1, 2)))
    params = {"q": " ".join(words), "offset": str(20 * rng.randrange(5))}
    if rng.random() < 0.5:
        params["exploitation"] = rng.choice(KINDS)
    return params


def _client(
    base: str,
    token: str,
    ids: list[str],
    until: float,
    seed: int,
    out: list[tuple[str, float, bool]],
    cold: bool = False,
    asked: list[tuple[str, ...]] | None = None,
) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        while time.perf_counter() < until:
            if rng.random() < 0.5:
                kind = "search"
                params = _search_params(rng, cold)
                if asked is not None:
                    asked.append((token, *sorted(params.items())))  # type: ignore[arg-type]
                url = "/api/documents"
            else:
                kind, url, params = "document", f"/api/documents/{rng.choice(ids)}", {}
            t0 = time.perf_counter()
            try:
                ok = client.get(url, params=params).status_code == 200
            except httpx.HTTPError:
                ok = False
            out.append((kind, time.perf_counter() - t0, ok))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "tipwatch_bench_api.db")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="searches from 1-2 vocabulary words, filters and pages, so the server's answer cache rarely helps",
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 1 <= args.seconds <= 300:
        parser.error("keep it bounded: 1-64 clients, 1-300 seconds")
    ids, tokens = build_store(args.db, args.docs)
    port = _free_port()
    env = {**os.environ, "TIPWATCH_DB_URL": f"sqlite:///{args.db.resolve()}"}
    tipwatch = Path(sys.executable).with_name("tipwatch")
    server = subprocess.Popen([str(tipwatch), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/login", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        # One warm-up request per role (the viewer's first one builds the protected-name index).
        for token in tokens.values():
            httpx.get(
                f"{base}/api/documents?q=warm", headers={"Authorization": f"Bearer {token}"}, timeout=60
            )
        results: list[tuple[str, float, bool]] = []
        asked: list[tuple[str, ...]] = []
        machine = _machine()
        cpu_before = psutil.Process(server.pid).cpu_times()
        until = time.perf_counter() + args.seconds
        threads = [
            threading.Thread(
                target=_client,
                args=(
                    base,
                    tokens["viewer" if i % 2 == 0 else "analyst"],
                    ids,
                    until,
                    i,
                    results,
                    args.cold,
                    asked,
                ),
            )
            for i in range(args.clients)
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        cpu_after = psutil.Process(server.pid).cpu_times()
    finally:
        server.terminate()
        server.wait(timeout=10)
    errors = sum(not ok for _, _, ok in results)
    server_cpu = (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system)
    print(f"machine: {machine}")
    print(
        f"server CPU: {server_cpu:.1f} s in {elapsed:.1f} s "
        f"({server_cpu / max(1, len(results)) * 1000:.1f} ms per request)"
    )
    print(
        f"{args.clients} clients, {elapsed:.1f} s, {len(results)} requests, {len(results) / elapsed:.0f} requests/s, "
        f"{errors} errors"
    )
    # The server caches a search answer per role (viewer or not) until the store changes;
    # nothing is written during the run, so every repeat of a (role, query) is a hit.
    repeats = len(asked) - len(set(asked))
    print(
        f"searches: {'cold' if args.cold else 'mixed'} workload, {len(asked)} asked, "
        f"{repeats / max(1, len(asked)):.0%} repeats of an earlier (role, query, filters, page)"
    )
    for kind in ("search", "document"):
        times = sorted(t for k, t, _ in results if k == kind)
        if not times:
            continue
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"  {kind:9s} n={len(times):6d}  p50 {statistics.median(times) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()

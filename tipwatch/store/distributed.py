"""The batch loop on a Dask cluster: paths -> documents + facts in the store, one Outcome per file.

``ingest_items_distributed`` does what ``batch.ingest_items`` does, with reading and
extraction spread over Dask worker processes: a ``LocalCluster`` of N workers
(``tipwatch ingest --workers N``) or an existing cluster (``--scheduler tcp://HOST:PORT``,
whose workers must see the same paths). Files go out in chunks; each worker builds the
extractor once (``_worker_extractor``, a per-process cache keyed by the settings) so the
spaCy pipelines load once per worker and are never pickled. The one writer is this
process: it gathers chunks with ``as_completed`` and stores them in input order, so the
store's order matches an in-process run.

Nothing is lost to one bad input. A file that cannot be read or extracted becomes a failed
Outcome on the worker, as in-process. A chunk whose task fails (its worker died, say on a
file that crashes the process) is sent again one file per task. A file whose own task
fails gets a second try in a quarantine line that runs one task at a time, and is reported
in one line if that fails too. Dask is imported only here, and only when called: the
default in-process path never pays for it.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, ExtractionError, IngestError
from ..ingest import read_file
from ..ingest.limits import time_limit
from ..model import Document, Facts
from ..settings import Settings
from .base import Store
from .batch import FactExtractor, Outcome, _failure_reason, _one_line, extract_facts

log = logging.getLogger(__name__)

CHUNK = 8  # files per task: enough for nlp.pipe to batch, small enough to balance two workers
SINGLE_TRIES = 2  # tasks of one file before it is reported as failed
AHEAD_PER_WORKER = 4  # chunks in flight per worker: keeps workers busy and memory bounded

ExtractorFactory = Callable[[Settings], FactExtractor]

_EXTRACTORS: dict[tuple[Settings, Any], FactExtractor] = {}


def _worker_extractor(settings: Settings, factory: ExtractorFactory | None) -> FactExtractor:
    """The extractor of this worker process for these settings, built on first use."""
    key = (settings, factory)
    found = _EXTRACTORS.get(key)
    if found is None:
        if factory is None:
            from ..extract import make_extractor

            found = make_extractor(settings)
        else:
            found = factory(settings)
        _EXTRACTORS[key] = found
    return found


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a worker sends back for one file: the document, its bytes and facts, or why it failed."""

    path: str
    doc: Document | None = None
    raw: bytes = b""
    facts: Facts | None = None
    reason: str | None = None


def extract_chunk(
    paths: list[str], settings: Settings, factory: ExtractorFactory | None = None
) -> list[Extracted]:
    """Read and extract files on a worker; one Extracted per path, failures included.

    The same per-file rules as ``batch.ingest_file``: one time budget for reading and
    extracting, a bad file becomes its reason and the chunk goes on.
    """
    extractor = _worker_extractor(settings, factory)
    out: list[Extracted] = []
    for path in paths:
        try:
            with time_limit(settings.max_seconds, path):
                doc, raw = read_file(Path(path), settings)
                facts = extract_facts(extractor, doc)
        except (IngestError, ExtractionError) as exc:
            out.append(Extracted(path, reason=_failure_reason(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - as in batch.ingest_items: a reader bug fails one file
            log.debug("reading %s failed", path, exc_info=True)
            out.append(Extracted(path, reason=_one_line(f"cannot read: {type(exc).__name__}: {exc}")))
            continue
        out.append(Extracted(path, doc, raw, facts))
    return out


def _stored_id(path: Path, store: Store, settings: Settings) -> str | None:
    """The id of a file already stored (its bytes' SHA-256), so it is not sent out again."""
    try:
        if path.stat().st_size > settings.max_bytes:
            return None  # the worker reports it as too large
        doc_id = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # the worker reports why it cannot be read
    return doc_id if store.has_document(doc_id) else None


def _write(store: Store, item: Extracted) -> Outcome:
    if item.doc is None:
        return Outcome(item.path, "failed", reason=item.reason)
    doc = item.doc
    added = store.add_document(doc, item.raw, item.facts)
    return Outcome(
        item.path,
        "added" if added else "duplicate",
        doc.id,
        title=doc.title,
        language=doc.language,
        published=doc.published,
    )


def ingest_items_distributed(
    store: Store,
    items: Iterable[Path | IngestError],
    settings: Settings,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    factory: ExtractorFactory | None = None,
    chunk: int = CHUNK,
) -> Iterator[Outcome]:
    """Ingest on a Dask cluster; one Outcome per item, in input order, written by this process.

    Give ``workers`` for a LocalCluster of that many processes, or ``scheduler`` for an
    existing cluster. ``factory`` builds each worker's extractor (default
    ``tipwatch.extract.make_extractor``); it must be importable by the workers.
    """
    if (workers is None) == (scheduler is None):
        raise ConfigError(
            "distributed ingest needs either --workers N or --scheduler tcp://HOST:PORT, not both"
        )
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers}: give at least 1 worker")
    try:
        import dask

        # Typed as Any: distributed ships no annotations for Client and LocalCluster.
        dist: Any = importlib.import_module("distributed")
    except ImportError as exc:  # pragma: no cover - dask is a pinned dependency
        raise ConfigError("--workers needs dask and distributed; run `make install`") from exc
    # distributed sets its loggers to INFO when imported; the application's level governs here.
    logging.getLogger("distributed").setLevel(max(logging.getLogger().getEffectiveLevel(), logging.WARNING))

    slots: list[list[Outcome | str]] = []  # per chunk: finished Outcomes and paths still to extract
    chunks: list[list[str]] = []
    pending: list[str] = []
    for item in items:
        if isinstance(item, IngestError):
            slots.append([Outcome(item.path, "failed", reason=_failure_reason(item))])
            chunks.append([])
            continue
        known = _stored_id(item, store, settings)
        if known is not None:
            slots.append([Outcome(str(item), "duplicate", known)])
            chunks.append([])
            continue
        pending.append(str(item))
        if len(pending) >= chunk:
            slots.append(list(pending))
            chunks.append(pending)
            pending = []
    if pending:
        slots.append(list(pending))
        chunks.append(pending)

    cluster: Any = None
    with dask.config.set(
        {
            # A task that killed its worker is not retried by the scheduler: it comes back
            # here as an error and is split into one task per file, so one crashing file
            # costs one worker restart per try, not four.
            "distributed.scheduler.allowed-failures": 0,
        }
    ):
        try:
            if workers is not None:
                cluster = dist.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    # No dashboard; the scheduler's small HTTP server on a free loopback port
                    # rather than 8787, which another cluster may hold.
                    scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
                )
                client = dist.Client(cluster)
            else:
                client = dist.Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            if cluster is not None:
                cluster.close()
            where = scheduler or "a local cluster"
            raise ConfigError(
                f"cannot start or reach the Dask cluster at {where}: {exc}; check --scheduler"
            ) from exc
        try:
            yield from _run(client, store, settings, factory, slots, chunks)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def _run(
    client: Any,
    store: Store,
    settings: Settings,
    factory: ExtractorFactory | None,
    slots: list[list[Outcome | str]],
    chunks: list[list[str]],
) -> Iterator[Outcome]:
    """Submit chunks a window at a time, gather them as they finish, write them in order.

    A worker that dies takes every task the scheduler had given it along, so a failed task
    does not say which file crashed. A failed chunk goes out again one file per task; a
    file whose own task fails goes to a quarantine line whose tasks run one at a time, so
    its second try cannot be taken down by the file that crashed beside it the first time.
    """
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = AHEAD_PER_WORKER * n_workers
    results: dict[int, dict[str, Extracted]] = {}
    waiting: dict[int, int] = {}  # chunk index -> tasks out or queued
    owner: dict[Any, tuple[int, list[str]]] = {}
    tries: dict[str, int] = {}  # failed one-file tasks per path
    quarantine: deque[tuple[int, str]] = deque()
    isolated: list[Any] = []  # the one quarantined task in flight, if any
    done: Any = importlib.import_module("distributed").as_completed()
    next_submit = next_write = 0

    def submit(index: int, paths: list[str]) -> Any:
        future = client.submit(extract_chunk, paths, settings, factory, pure=False)
        owner[future] = (index, paths)
        done.add(future)
        return future

    def enqueue(index: int, paths: list[str]) -> None:
        waiting[index] = waiting.get(index, 0) + 1
        submit(index, paths)

    def isolate_next() -> None:
        if quarantine and not isolated:
            index, path = quarantine.popleft()
            isolated.append(submit(index, [path]))

    while next_write < len(slots):
        while next_submit < len(slots) and next_submit - next_write < window:
            if chunks[next_submit]:
                results[next_submit] = {}
                enqueue(next_submit, chunks[next_submit])
            next_submit += 1
        # Write every chunk at the head of the line that is complete.
        while next_write < next_submit and waiting.get(next_write, 0) == 0:
            got = results.pop(next_write, {})
            for entry in slots[next_write]:
                yield entry if isinstance(entry, Outcome) else _write(store, got[entry])
            next_write += 1
        if next_write >= len(slots) or waiting.get(next_write, 0) == 0:
            continue
        future = next(done)
        index, paths = owner.pop(future)
        if isolated and isolated[0] is future:
            isolated.clear()
        waiting[index] -= 1
        try:
            for extracted in future.result():
                results[index][extracted.path] = extracted
        except Exception as exc:  # noqa: BLE001 - a dead worker or a task error: retry per file
            reason = _one_line(f"{type(exc).__name__}: {exc}")
            if len(paths) > 1:
                log.warning("a chunk of %d files failed (%s); retrying one file per task", len(paths), reason)
                for path in paths:
                    enqueue(index, [path])
            elif tries.get(paths[0], 0) < SINGLE_TRIES - 1:
                tries[paths[0]] = tries.get(paths[0], 0) + 1
                waiting[index] += 1
                quarantine.append((index, paths[0]))
            else:
                results[index][paths[0]] = Extracted(paths[0], reason=f"extraction worker failed: {reason}")
        finally:
            future.release()
        isolate_next()


__all__ = ["CHUNK", "Extracted", "extract_chunk", "ingest_items_distributed"]

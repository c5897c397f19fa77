"""What one request may see of victims and minors, on top of ``export/redact.py``.

A ``View`` wraps the store for one user. For a viewer every document, fact, snippet, title,
entity and case passes through a ``Redactor`` before it leaves the server; for an analyst
(or an admin) nothing is hidden and every read that shows protected details is written to
the access log. Routes never call the store for content directly: they ask the View.

Search is the one place where hiding names in the output is not enough: which documents
match a victim's name tells who the victim is. A viewer's query that contains a word of
any protected name therefore matches nothing (``ProtectedIndex``), and a hit is dropped
when a query word is part of a protected name of that document.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from ..errors import TipwatchError
from ..export.protect import protect_person
from ..export.redact import (
    PROTECTED_ENTITY,
    Redactor,
    fold,
    is_protected_entity,
    protected_names,
    redact_entity,
    with_parts,
)
from ..model import Document, Facts, Person, User
from ..resolve.model import Case, CaseEvent, CaseSummary, Entity, EntitySummary, Mention
from ..settings import Settings
from ..store import Store, open_store
from ..store.base import SearchHit
from ..store.sqlite import PROTECTED_ENTITY_SQL, PROTECTED_PERSON_JSON, SQLiteStore
from .auth import sees_protected
from .cache import AnswerCache, content_version

log = logging.getLogger(__name__)

TITLE_DOCS = 10  # documents whose redactors a viewer's case title goes through (then store-wide names)
RECHECK_SECONDS = 5.0  # how stale the store-wide list of protected names may get
REDACTOR_CACHE = 1024  # documents whose redactor is kept between requests (about 9 kB each)
_BATCH = 500  # ids per IN (...) list, well under SQLite's limit on parameters
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


LOG_BATCH = 500  # access records written per transaction at most
LOG_WAIT_SECONDS = 0.25  # how long a request waits for its record while the writer is not held up
_LOG_BUSY_MS = 50  # the writer's wait for SQLite's write lock per attempt, then it retries
_LOG_RETRY_SECONDS = 0.05
_LOG_INSERT = "INSERT INTO access_log(at, user, action, target, detail) VALUES (?, ?, ?, ?, ?)"


def _log_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class AccessLogWriter:
    """One background thread per app that writes the access log, so no request waits for SQLite's lock.

    A request only appends its record to a queue. The thread writes whatever has queued in
    one short transaction, waiting a little for the write lock and retrying on SQLITE_BUSY
    for as long as it takes: a record is never dropped, only written late. While an ingest
    holds the lock a request does not wait at all; otherwise it waits up to
    ``LOG_WAIT_SECONDS`` for its record, so a read right after a request (a test, the
    audit page) finds it. ``flush()`` waits for everything queued; ``close()`` flushes and
    ends the thread (the app's shutdown calls it).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._cond = threading.Condition()
        self._queue: list[tuple[str, str, str, str, str]] = []
        self._queued = 0  # records ever queued
        self._written = 0  # records ever committed (the first ``_written`` queued ones)
        self._held_up = False  # the last attempt found the write lock taken
        self._closing = False
        self._thread: threading.Thread | None = None

    @property
    def written(self) -> int:
        """How many records this writer has committed."""
        return self._written

    def log(
        self, user: str, action: str, target: str, detail: str = "", *, wait: float = LOG_WAIT_SECONDS
    ) -> float:
        """Queue one record; wait up to ``wait`` seconds for it unless the writer is held up.

        Returns the seconds waited, so a request logging many records can share one budget.
        """
        t0 = time.monotonic()
        with self._cond:
            self._queue.append((_log_now(), user, action, target, detail))
            self._queued += 1
            ticket = self._queued
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="tipwatch-access-log", daemon=True)
                self._thread.start()
            self._cond.notify_all()
            if wait > 0:
                self._cond.wait_for(lambda: self._written >= ticket or self._held_up, wait)
        return time.monotonic() - t0

    def flush(self, timeout: float | None = 60.0) -> bool:
        """Wait until every record queued so far is written; False if ``timeout`` passed first."""
        with self._cond:
            target = self._queued
            return self._cond.wait_for(lambda: self._written >= target, timeout)

    def close(self, timeout: float = 60.0) -> None:
        """Write what is queued and end the thread; records still unwritten after ``timeout`` are logged."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        with self._cond:
            self._closing = False  # the app may be started again (tests do); the next record restarts it
            left = self._queued - self._written
        if left:
            log.error("access log of %s: %d record(s) not written at shutdown", self.settings.db_url, left)

    def _run(self) -> None:
        store: Any = None
        conn: sqlite3.Connection | None = None
        try:
            while True:
                with self._cond:
                    self._cond.wait_for(lambda: bool(self._queue) or self._closing)
                    if not self._queue:
                        self._thread = None  # closing and nothing left; a later record starts another
                        return
                    batch = self._queue[:LOG_BATCH]
                try:
                    if conn is None and store is None:
                        store = open_store(self.settings)
                        if isinstance(store, SQLiteStore):
                            conn = _log_connection(store.path)
                            store.close()
                            store = None
                    if conn is not None:
                        _write_batch(conn, batch)
                    else:
                        for record in batch:  # other stores have no single write lock to wait for
                            store.log_access(*record[1:])
                except (sqlite3.Error, TipwatchError) as exc:
                    busy = isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
                    if not busy:
                        log.warning("access log of %s: write failed, retrying: %s", self.settings.db_url, exc)
                    with self._cond:
                        self._held_up = True
                        self._cond.notify_all()
                    time.sleep(_LOG_RETRY_SECONDS if busy else 1.0)
                    continue
                with self._cond:
                    del self._queue[: len(batch)]
                    self._written += len(batch)
                    self._held_up = False
                    self._cond.notify_all()
        finally:
            if conn is not None:
                conn.close()
            if store is not None:
                store.close()


def _log_connection(path: str) -> sqlite3.Connection:
    """The writer's own connection: autocommit, a short busy wait (it retries, requests do not wait)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=_LOG_BUSY_MS / 1000, check_same_thread=True)
    conn.execute(f"PRAGMA busy_timeout = {_LOG_BUSY_MS}")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _write_batch(conn: sqlite3.Connection, batch: list[tuple[str, str, str, str, str]]) -> None:
    """Insert records in one IMMEDIATE transaction (all or none)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(_LOG_INSERT, batch)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


class ProtectedIndex:
    """Every protected name in the store, rebuilt when the store changes (checked every few seconds).

    ``full_names`` (two words or more) are given to each Redactor as ``extra``, so a victim
    is hidden even in a document whose extraction missed her role; ``words`` blocks viewer
    searches for any word of a protected name.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards the redactor caches only, held for microseconds
        self._rebuild = threading.Lock()  # one rebuild at a time; readers never wait for it
        self._checked = -1e9
        self._key: tuple[Any, ...] | None = None
        # (version, full_names, words), replaced as one tuple so a reader never mixes two rebuilds.
        self._state: tuple[int, frozenset[str], frozenset[str]] = (0, frozenset(), frozenset())
        self._by_word: dict[str, list[tuple[str, frozenset[str]]]] = {}  # full names by one word
        self._redactors: OrderedDict[tuple[Any, ...], Redactor] = OrderedDict()  # by index version
        # by what a redactor is built from (source and the store-wide names it hides): kept
        # across rebuilds of the index
        self._built: OrderedDict[tuple[Any, ...], Redactor] = OrderedDict()
        self._words: weakref.WeakKeyDictionary[Redactor, frozenset[str]] = weakref.WeakKeyDictionary()

    @property
    def version(self) -> int:
        """Bumped on every rebuild; part of each cached redactor's key."""
        return self._state[0]

    @property
    def full_names(self) -> frozenset[str]:
        return self._state[1]

    @property
    def words(self) -> frozenset[str]:
        return self._state[2]

    def refresh(self, store: Store) -> None:
        """Rebuild when the store's contents changed since the last look.

        The new index is built outside the cache lock and swapped in whole, so requests
        keep the previous one (at most a few seconds stale) instead of queueing behind a
        rebuild. Only before the first build does a caller wait: an empty index hides nothing.
        """
        now = time.monotonic()
        if now - self._checked < RECHECK_SECONDS:
            return
        built = self._checked > -1e9
        if not self._rebuild.acquire(blocking=not built):
            return  # another request is rebuilding; the current index serves meanwhile
        try:
            if time.monotonic() - self._checked < RECHECK_SECONDS:
                return
            key = _store_key(store)
            if key is None or key != self._key:
                names = _all_protected_names(store)
                full_names = frozenset(n for n in names if len(_words(n)) >= 2)
                words = frozenset(w for n in names for w in _words(n) if len(w) >= 2)
                if (full_names, words) == self._state[1:] and built:
                    # Same names (most writes add no new victim): every redactor and every
                    # cached viewer answer built on this index stays right.
                    self._key = key
                    self._checked = time.monotonic()
                    return
                by_word: dict[str, list[tuple[str, frozenset[str]]]] = {}
                for n in sorted(full_names):
                    parts = frozenset(_words(n))
                    by_word.setdefault(min(parts), []).append((n, parts))
                with self._lock:
                    self._state = (self._state[0] + 1, full_names, words)
                    self._by_word = by_word
                    self._redactors.clear()
                self._key = key
            self._checked = time.monotonic()
        finally:
            self._rebuild.release()

    def redactor(
        self, doc: Document | None, facts: Facts | None, source: tuple[Any, ...] | None = None
    ) -> Redactor:
        """The redactor of one document, shared by requests until its facts or the index change.

        Building one compiles a pattern over every name to find and keep, which costs a few
        milliseconds; a search page needs twenty of them. ``source`` is the document's
        ``source_key`` when the caller has it (then ``doc`` and ``facts`` are only read to build).
        """
        with self._lock:
            (version, full_names, _), by_word = self._state, self._by_word
        key = (version, source if source is not None else source_key(doc, facts))
        found = self.cached(key[1])
        if found is not None:
            return found
        # Only the store-wide names whose every word the document has can match in its text,
        # title, facts, snippets or quotes; giving a redactor all of them cost O(names^2) per
        # build and a pattern over every name per cached redactor (CPU and memory under ingest).
        extra = frozenset(full_names if doc is None else _names_in(by_word, _document_words(doc, facts)))
        # A redactor depends on the document, its facts and these names only: after a rebuild
        # that added names found elsewhere (most ingests), the one built before still serves.
        built_key = (key[1], extra)
        with self._lock:
            made = self._built.get(built_key)
            if made is not None:
                self._built.move_to_end(built_key)
        if made is None:
            made = Redactor.for_document(doc, facts, extra=extra)
        with self._lock:
            self._built[built_key] = made
            while len(self._built) > REDACTOR_CACHE:
                self._built.popitem(last=False)
            if version != self._state[0]:
                return made  # the index was rebuilt meanwhile: use it once, do not cache it
            self._redactors[key] = made
            while len(self._redactors) > REDACTOR_CACHE:
                self._redactors.popitem(last=False)
        return made

    def text_redactor(self, text: str) -> Redactor:
        """A redactor hiding every store-wide protected name found in ``text`` (not cached).

        Most texts hold none: they share one empty redactor, and nothing is built.
        """
        with self._lock:
            by_word = self._by_word
        names = _names_in(by_word, set(_words(text)))
        return Redactor(extra=names) if names else _NOTHING_TO_HIDE

    def cached(self, source: tuple[Any, ...]) -> Redactor | None:
        """The cached redactor of a document by its ``source_key``, or None."""
        key = (self.version, source)
        with self._lock:
            found = self._redactors.get(key)
            if found is not None:
                self._redactors.move_to_end(key)
            return found

    def placeholder_words(self, red: Redactor) -> frozenset[str]:
        """Every word of every protected name ``red`` hides (folded), worked out once per redactor."""
        with self._lock:
            found = self._words.get(red)
        if found is None:
            found = frozenset(w for name in red.placeholders for w in name.split())
            with self._lock:
                self._words[red] = found
        return found

    def blocks(self, query: str) -> bool:
        """True when ``query`` names any word of a protected name."""
        return any(w in self.words for w in _words(query))


_NOTHING_TO_HIDE = Redactor()  # hides nothing and never changes: one for every text without a protected name


def _document_words(doc: Document, facts: Facts | None) -> set[str]:
    """Every folded word a document's redactor may be asked to redact: its text, names and facts."""
    parts = [doc.title or "", doc.name, doc.text]
    if facts is not None:
        parts.append(json.dumps(facts.to_dict(), ensure_ascii=False))
    return set(_words("\n".join(parts)))


def _names_in(by_word: dict[str, list[tuple[str, frozenset[str]]]], words: set[str]) -> list[str]:
    """The full names all of whose words are in ``words`` (a name can only match text that has them)."""
    return [n for w in words if w in by_word for n, parts in by_word[w] if parts <= words]


def source_key(doc: Document | None, facts: Facts | None) -> tuple[Any, ...]:
    """What a document's redactor is built from, in short: equal keys give equal redactors."""
    # The same JSON the SQLite store keeps, so both ways of finding a key agree.
    data = None if facts is None else json.dumps(facts.to_dict(), ensure_ascii=False)
    if doc is None:
        return _source_key(None, None, None, data)
    return _source_key(doc.id, len(doc.text), doc.title, data)


def _source_key(
    doc_id: str | None, length: int | None, title: str | None, facts_json: str | None
) -> tuple[Any, ...]:
    # The id is a hash of the original bytes, so with the text's length and the title it
    # stands for the text. Facts can be replaced (re-extraction): their stored JSON stands
    # for them, as a digest so the cache holds no names.
    digest = None if facts_json is None else hashlib.blake2b(facts_json.encode(), digest_size=16).digest()
    return (doc_id, length, title, digest)


def _store_key(store: Store) -> tuple[Any, ...] | None:
    """The store's content version, which every write of facts or entities bumps (None: always rebuild)."""
    version = content_version(store)
    return None if version is None else (version,)


def _all_protected_names(store: Store) -> set[str]:
    """Full names and distinctive parts of every victim and minor in the store."""
    if isinstance(store, SQLiteStore):
        # SQLite picks out the victims and minors and returns their names only: this runs
        # every few seconds while an ingest writes, and parsing every protected entity with
        # its mentions and evidence (4 MB of JSON, 20 MB of short-lived objects on the soak
        # store) fragmented the heap between the long-lived objects (bench/soak.py).
        return with_parts(name for (name,) in store.query(_PROTECTED_NAMES_SQL) if isinstance(name, str))
    facts_list = (store.get_facts(doc.id) for doc in store.iter_documents())
    entities: list[Entity] = []
    page, offset = 500, 0
    while True:
        batch = store.list_entities(kind="person", limit=page, offset=offset)
        entities += [e for e in batch if is_protected_entity(e)]
        if len(batch) < page:
            break
        offset += page
    return protected_names(facts_list, entities)


# Persons protected as ``Person.is_protected`` says; entities as ``is_protected_entity``,
# with every name they go by: their own, their other names and their mentions'.
_PROTECTED_NAMES_SQL = (
    f"WITH pe AS (SELECT e.name, e.data FROM entities e WHERE e.kind = 'person' AND {PROTECTED_ENTITY_SQL}) "
    "SELECT json_extract(p.value, '$.name') FROM facts f, json_each(f.data, '$.persons') p "
    "WHERE " + PROTECTED_PERSON_JSON.format(p="p.value") + " "
    "UNION SELECT name FROM pe "
    "UNION SELECT n.value FROM pe, json_each(pe.data, '$.names') n "
    "UNION SELECT json_extract(m.value, '$.name') FROM pe, json_each(pe.data, '$.mentions') m"
)


def _same(person: Person) -> Person:
    return person


def _person_of(raw: str) -> Person:
    return Person.from_dict(json.loads(raw))


def is_protected(entity: Entity | EntitySummary) -> bool:
    """Whether an entity, whole or summarised, is a victim or a minor (``is_protected_entity``)."""
    return entity.protected if isinstance(entity, EntitySummary) else is_protected_entity(entity)


class View:
    """The store as one user may see it (plain class: it caches redactors per document)."""

    def __init__(
        self,
        open_store: Callable[[], Store],
        user: User,
        index: ProtectedIndex,
        answers: AnswerCache | None = None,
    ) -> None:
        # A getter, not a store: FastAPI builds the View on one pool thread and runs the
        # route on another, and a SQLite connection must stay on the thread that made it.
        self._open_store = open_store
        self.user = user
        self.full = sees_protected(user)
        self.index = index
        self.answers = answers
        # Read before anything else of this request, so an answer cached under it is never
        # older than it (serve/cache.py); None when the store has no such number.
        self.version = content_version(self.store) if answers is not None else None
        if not self.full:
            index.refresh(self.store)
        self._facts: dict[str, Facts | None] = {}
        self._docs: dict[str, Document] = {}
        self._redactors: dict[str, Redactor] = {}
        self._named: set[str] = set()  # protected entities whose name this request showed
        self._log_wait = LOG_WAIT_SECONDS  # what this request may still wait for its access records

    # -- plumbing ------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The store connection of the calling thread."""
        return self._open_store()

    def _doc(self, doc_id: str) -> Document:
        if doc_id not in self._docs:
            doc = self.store.get_document(doc_id)
            self._docs[doc_id] = self._docs[doc.id] = doc
        return self._docs[doc_id]

    def facts_of(self, doc_id: str) -> Facts | None:
        """The stored (unredacted) facts; for deciding what to hide, never for output."""
        if doc_id not in self._facts:
            self._facts[doc_id] = self.store.get_facts(doc_id)
        return self._facts[doc_id]

    def redactor(self, doc_id: str) -> Redactor:
        """The redactor of one document (its persons numbered by first mention)."""
        if doc_id not in self._redactors:
            self.prepare_redactors([doc_id])
        if doc_id not in self._redactors:  # not stored (or not SQLite): build as before
            try:
                doc: Document | None = self._doc(doc_id)
                facts = self.facts_of(doc_id)
            except TipwatchError:  # a case or mention naming a document no longer stored
                doc, facts = None, None
            self._redactors[doc_id] = self.index.redactor(doc, facts)
        return self._redactors[doc_id]

    def has_protected(self, doc_id: str) -> bool:
        facts = self.facts_of(doc_id)
        return facts is not None and any(p.is_protected for p in facts.persons)

    def protected_docs(self, doc_ids: Sequence[str]) -> set[str]:
        """Which of these documents name a victim or a minor in their facts."""
        found: set[str] = set()
        for doc_id, _name, read in self._persons(doc_ids):
            if doc_id not in found and read().is_protected:
                found.add(doc_id)
        return found

    def _persons(self, doc_ids: Sequence[str]) -> Iterator[tuple[str, str, Callable[[], Person]]]:
        """(document id, name, the person) for each person of these documents' facts, in no set order.

        The person comes as a function, so a caller that can decide from the name alone
        parses nothing. On SQLite one read per 500 ids of only the persons, not every
        document's whole facts.
        """
        store = self.store
        ids = list(dict.fromkeys(doc_ids))
        if not isinstance(store, SQLiteStore):
            for doc_id in ids:
                facts = self.facts_of(doc_id)
                for p in facts.persons if facts is not None else []:
                    yield doc_id, p.name, partial(_same, p)
            return
        for i in range(0, len(ids), _BATCH):
            chunk = ids[i : i + _BATCH]
            rows = store.query(
                "SELECT f.doc_id, json_extract(p.value, '$.name'), p.value "
                "FROM facts f, json_each(f.data, '$.persons') p "
                f"WHERE f.doc_id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            for doc_id, name, raw in rows:
                yield doc_id, name if isinstance(name, str) else "", partial(_person_of, raw)

    def prepare_redactors(self, doc_ids: Sequence[str]) -> None:
        """Find the redactors of many documents at once (a search page), building only the missing.

        On SQLite one read gives each document's cache key, so a redactor already built by an
        earlier request costs no document or facts read at all.
        """
        store = self.store
        wanted = [d for d in dict.fromkeys(doc_ids) if d not in self._redactors]
        if self.full or not wanted or not isinstance(store, SQLiteStore):
            return
        for i in range(0, len(wanted), _BATCH):
            chunk = wanted[i : i + _BATCH]
            rows = store.query(
                "SELECT d.id, length(d.text), d.title, f.data FROM documents d "
                f"LEFT JOIN facts f ON f.doc_id = d.id WHERE d.id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            for doc_id, length, title, data in rows:
                source = _source_key(doc_id, length, title, data)
                red = self.index.cached(source)
                if red is None:
                    if doc_id not in self._facts:
                        self._facts[doc_id] = None if data is None else Facts.from_dict(json.loads(data))
                    red = self.index.redactor(self._doc(doc_id), self._facts[doc_id], source)
                self._redactors[doc_id] = red

    def log(self, action: str, target: str, detail: str = "") -> None:
        """Write one access-log line for an analyst's read of protected details.

        Through the app's background writer when the store getter belongs to one (the
        server: a request never waits for SQLite's write lock), else straight to the store.
        """
        writer = getattr(getattr(self._open_store, "__self__", None), "access_log", None)
        if isinstance(writer, AccessLogWriter):
            self._log_wait -= writer.log(self.user.name, action, target, detail, wait=self._log_wait)
        else:
            self.store.log_access(self.user.name, action, target, detail)

    # -- what routes ask for ---------------------------------------------------------------

    def document(self, doc_id: str) -> tuple[Document, Facts | None]:
        """A document and its facts, redacted for a viewer; an analyst's read is logged."""
        doc = self._doc(doc_id)
        facts = self.facts_of(doc.id)
        if self.full:
            n = sum(p.is_protected for p in facts.persons) if facts else 0
            if n:
                self.log("read_document", doc.id, f"{n} protected person(s)")
            return doc, facts
        return self.redactor(doc.id).redact_document(doc, facts)

    def title_of(self, doc: Document) -> str:
        """A document's title (or file name) as this user may see it."""
        title = doc.title or doc.name
        return title if self.full else self.redactor(doc.id).redact_text(title)

    def blocks_query(self, query: str) -> bool:
        """True when a viewer's query names a protected person: it then matches nothing."""
        return not self.full and self.index.blocks(query)

    def protected_hits(self, hits: list[SearchHit]) -> list[str]:
        """The ids of the hits whose documents name a victim or a minor, in hit order."""
        protected = self.protected_docs([h.doc_id for h in hits])
        return [h.doc_id for h in hits if h.doc_id in protected]

    def log_search(self, shown: list[str], query: str) -> None:
        """An analyst's search that listed documents with protected persons, in the access log."""
        if self.full and shown:
            self.log("search", ",".join(d[:12] for d in shown), f"query: {query[:200]}")

    def hits(self, hits: list[SearchHit], query: str) -> list[SearchHit]:
        """Search hits as this user may see them (titles, names and snippets redacted)."""
        if self.full:
            self.log_search(self.protected_hits(hits), query)
            return hits
        words = set(_words(query))
        self.prepare_redactors([h.doc_id for h in hits])
        out: list[SearchHit] = []
        for h in hits:
            red = self.redactor(h.doc_id)
            if words and not words.isdisjoint(self.index.placeholder_words(red)):
                continue  # the document matched through a protected name: leave it out
            out.append(
                SearchHit(
                    doc_id=h.doc_id,
                    name=red.redact_text(h.name),
                    title=red.redact_text(h.title) if h.title else h.title,
                    published=h.published,
                    language=h.language,
                    snippet=red.redact_snippet(h.snippet),
                    score=h.score,
                )
            )
        return out

    def entity(self, entity: Entity) -> Entity:
        """An entity as this user may see it; mentions' quotes redacted per document for a viewer."""
        if self.full:
            if is_protected_entity(entity):
                self.log("read_entity", entity.id, f"{len(entity.mentions)} mention(s)")
            return entity
        if is_protected_entity(entity):
            return redact_entity(entity)
        mentions = [self._mention(m) for m in entity.mentions]
        return Entity(
            id=entity.id,
            kind=entity.kind,
            name=entity.name,
            names=list(entity.names),
            countries=list(entity.countries),
            protected=False,
            mentions=mentions,
            data=dict(entity.data),
        )

    def _mention(self, m: Mention) -> Mention:
        red = self.redactor(m.doc_id)
        out = Mention.from_dict(m.to_dict())
        out.evidence = [type(e)(e.start, e.end, red.redact_text(e.quote)) for e in m.evidence]
        return out

    def entity_name(self, entity: Entity | EntitySummary) -> str:
        """An entity's name as this user may see it; an analyst shown a protected name is logged once."""
        if not is_protected(entity):
            return entity.name
        if not self.full:
            return PROTECTED_ENTITY
        if entity.id not in self._named:  # lists and graphs show names too, not only entity pages
            self._named.add(entity.id)
            self.log("read_entity_name", entity.id, "name listed")
        return entity.name

    def cached(self, key: tuple[Any, ...], compute: Callable[[], Any], *, stored: bool = False) -> Any:
        """``compute()``, kept between requests while the store's content stays the same.

        A viewer's answer depends on the protected-name index too, so its key carries the
        index's version; ``key`` must hold everything else the answer depends on.
        ``stored=True`` marks data as stored, unredacted and never shown as is, which every
        user shares.
        """
        if self.answers is None:
            return compute()
        if stored:
            audience: tuple[Any, ...] = ("stored",)
        else:
            audience = ("all",) if self.full else ("redacted", self.index.version)
        return self.answers.get(self.version, (*key, *audience), compute)

    def case(self, case: Case) -> Case:
        """A case with its timeline; titles, places, summaries and quotes redacted for a viewer."""
        if self.full:
            self._log_case(case)
            return case
        redacted: Case = self.cached(("case", case.id), lambda: self._redacted_case(case))
        return redacted

    def _log_case(self, case: Case | CaseSummary) -> None:
        """An analyst shown a case of documents with protected persons, in the access log.

        A summary carries only the first documents' ids: the record says how many were checked.
        """
        checked = len(case.doc_ids)
        shown = self.cached(
            ("case-protected", case.id, checked), lambda: self._protected_of_case(case), stored=True
        )
        if shown:
            total = case.documents if isinstance(case, CaseSummary) else checked
            of = "" if checked >= total else f" among its first {checked} of {total}"
            self.log("read_case", case.id, f"{shown} document(s) with protected persons{of}")

    def _protected_of_case(self, case: Case | CaseSummary) -> int:
        protected = self.protected_docs(case.doc_ids)
        return sum(d in protected for d in case.doc_ids)

    def stored_case(self, case_id: str) -> Case:
        """A case as stored, read once per store version (a case may list thousands of events).

        Shared between requests: never change it, pass it to ``case`` or ``case_title``.
        """
        found: Case = self.cached(("case-data", case_id), lambda: self.store.get_case(case_id), stored=True)
        return found

    def case_summaries(
        self,
        *,
        country: str | None = None,
        ids: Sequence[str] | None = None,
        entity_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[CaseSummary]:
        """Cases without their timelines (``Store.case_summaries``), read once per store version.

        Shared between requests: never change them; show their titles through ``case_title``.
        """
        key = ("case-summaries", country, None if ids is None else tuple(ids), entity_id, limit, offset)
        found: list[CaseSummary] = self.cached(
            key,
            lambda: self.store.case_summaries(
                country=country, ids=ids, entity_id=entity_id, limit=limit, offset=offset
            ),
            stored=True,
        )
        return found

    def case_title(self, case: Case | CaseSummary) -> str:
        """A case's title as this user may see it, for lists: no timeline is read or redacted.

        Titles name no protected person by construction (resolve/cases.py); a viewer's is
        still redacted with its documents' names, once per store version.
        """
        if self.full:
            self._log_case(case)
            return case.title
        title: str = self.cached(("case-title", case.id), lambda: self._redacted_title(case))
        return title

    def _redacted_title(self, case: Case | CaseSummary) -> str:
        title = case.title
        for doc_id in self._title_changers(case.doc_ids[:TITLE_DOCS], title):
            title = self.redactor(doc_id).redact_text(title)
        if not self.index.blocks(title):
            return title  # no word of any store-wide protected name is left in it
        # Every store-wide protected full name, for the documents past the first few.
        return self.index.text_redactor(title).redact_text(title)

    def _title_changers(self, doc_ids: Sequence[str], title: str) -> list[str]:
        """Those of ``doc_ids`` whose redactor could change ``title``, in their order.

        A document's redactor replaces only the names of the persons it hides and their
        parts (store-wide names found in the title are hidden by ``text_redactor`` after),
        so it can change the title only when a person it hides (``protected_persons``) has a
        name sharing a word with it. Persons sharing none are not even parsed; the text is
        read only to decide on one whose facts do not say she is protected.
        """
        words = set(_words(title))
        changers: set[str] = set()
        for doc_id, name, read in self._persons(doc_ids):
            if doc_id in changers or words.isdisjoint(_words(name)):
                continue
            found = read()
            if found.is_protected:
                changers.add(doc_id)
                continue
            try:
                doc = self._doc(doc_id)
            except TipwatchError:  # a case naming a document no longer stored
                continue
            if protect_person(found, f"{doc.title or ''}\n{doc.text}").is_protected:
                changers.add(doc_id)
        return [d for d in doc_ids if d in changers]

    def _redacted_case(self, case: Case) -> Case:
        self.prepare_redactors([*case.doc_ids[:TITLE_DOCS], *(e.doc_id for e in case.events)])
        title = self.case_title(case)
        events = []
        for e in case.events:
            red = self.redactor(e.doc_id)
            events.append(
                CaseEvent(
                    type=e.type,
                    doc_id=e.doc_id,
                    date=e.date,
                    place=red.redact_text(e.place) if e.place else e.place,
                    summary=red.redact_text(e.summary),
                    evidence=[type(x)(x.start, x.end, red.redact_text(x.quote)) for x in e.evidence],
                )
            )
        data = {k: v for k, v in case.data.items() if not isinstance(v, str)}  # free text may name people
        return Case(
            id=case.id,
            title=title,
            doc_ids=list(case.doc_ids),
            entity_ids=list(case.entity_ids),
            countries=list(case.countries),
            exploitation=list(case.exploitation),
            events=events,
            data=data,
        )

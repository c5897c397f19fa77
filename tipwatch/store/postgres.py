"""The team store: one PostgreSQL database through psycopg 3, the same Store protocol as SQLite.

Selected by a ``postgresql://`` TIPWATCH_DB_URL. Takes and gives back the same Documents,
Facts, entities, cases, judgements, users and access records as ``sqlite.py``; the schema
(``pg_schema.py``) mirrors SQLite's column for column. Search uses a ``tsvector`` per
document built with the configuration of its language (english, spanish, portuguese, else
simple, each with unaccent) and ranks with ``ts_rank``; every write is one transaction.

Differences a user may notice from SQLite: words are stemmed in the document's language
("traffick" also finds "trafficking") and stop words ("the", "de") are not searched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Any

from ..errors import NotFoundError, StoreError
from ..model import AccessRecord, Document, Facts, User
from ..resolve.model import AUTO, SUMMARY_DOCS, Case, CaseSummary, Entity, EntitySummary, Judgement
from .base import SearchHit, Stats
from .migrations import Migration
from .pg_schema import PG_MIGRATIONS, TS_CONFIGS, TS_FALLBACK, migrate_pg
from .sqlite import MIN_PREFIX, _case_columns, _countries, _entity_columns, _now, _row_to_document

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10
_PAGE = 500
_DOC_COLUMNS = "id, name, format, text, language, published, title, meta, path, size"
_USER_COLUMNS = "name, role, token_hash, created_at, revoked_at"
# Weights for D, C, B, A: a match in the title (A) counts four times one in the text (B).
_RANK_WEIGHTS = "{0.1, 0.1, 0.25, 1.0}"
HEADLINE = "StartSel=[, StopSel=], MaxWords=24, MinWords=10, MaxFragments=1, FragmentDelimiter=' … '"

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[^\W_]+")


def split_query(text: str) -> tuple[str, list[str], list[str]] | None:
    """What a user typed as (plain words, phrases, prefixes), by the rules of store/fts.py.

    A span in double quotes is a phrase, a word ending in ``*`` is a prefix, everything else
    is a plain word; operators typed as words stay words. None when nothing is searchable.
    """
    text = text.replace("\x00", " ")  # PostgreSQL text cannot hold NUL
    words: list[str] = []
    phrases: list[str] = []
    prefixes: list[str] = []

    def plain(chunk: str) -> None:
        for raw in chunk.replace('"', " ").split():
            tokens = _WORD.findall(raw)
            if not tokens:
                continue
            if raw.endswith("*"):
                words.extend(tokens[:-1])
                prefixes.append(tokens[-1])
            else:
                words.extend(tokens)

    pos = 0
    for match in _PHRASE.finditer(text):
        plain(text[pos : match.start()])
        phrase = " ".join(_WORD.findall(match.group(1)))
        if phrase:
            phrases.append(phrase)
        pos = match.end()
    plain(text[pos:])
    if not (words or phrases or prefixes):
        return None
    return " ".join(words), phrases, prefixes


def match_sql(parts: tuple[str, list[str], list[str]]) -> tuple[str, str, str, dict[str, Any]]:
    """SQL pieces that match documents ``d`` against a split query, in each document's language.

    Returns the columns of a one-row CTE ``q`` (one tsquery per configuration), a CASE body
    picking the document's own tsquery, a condition that lets the GIN index find candidates,
    and the parameters. Shared by ``search`` and ``pg_facets``.
    """
    words, phrases, prefixes = parts
    configs = [*TS_CONFIGS.values(), TS_FALLBACK]
    q_cols = ", ".join(
        f"tipwatch_tsquery('{cfg}'::regconfig, %(w)s, %(p)s::text[], %(x)s::text[]) AS q_{i}"
        for i, cfg in enumerate(configs)
    )
    pick = " ".join(f"WHEN '{cfg}'::regconfig THEN q.q_{i}" for i, cfg in enumerate(configs))
    any_match = " OR ".join(f"d.tsv @@ q.q_{i}" for i in range(len(configs)))
    return q_cols, pick, any_match, {"w": words, "p": phrases, "x": prefixes}


def _redacted(url: str) -> str:
    """The server part of a URL without user or password, for error messages."""
    rest = url.split("://", 1)[-1]
    return rest.rsplit("@", 1)[-1].split("?", 1)[0] or "localhost"


def _no_nul(doc: Document) -> None:
    for name, value in (("text", doc.text), ("title", doc.title), ("name", doc.name), ("path", doc.path)):
        if value and "\x00" in value:
            raise StoreError(
                f"{doc.name}: the document's {name} holds a NUL character, which PostgreSQL cannot "
                "store; remove it from the file and ingest again"
            )


class PostgresStore:
    """A Store on one PostgreSQL database; a plain class because opening connects and migrates."""

    def __init__(self, url: str, *, migrations: Sequence[Migration] = PG_MIGRATIONS) -> None:
        import psycopg  # only a postgresql:// URL pays for the import

        self._psycopg = psycopg
        self.where = _redacted(url)
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split()).replace(url, self.where)
            raise StoreError(
                f"PostgreSQL at {self.where}: cannot connect: {reason}; check TIPWATCH_DB_URL and that "
                "the server is running"
            ) from None
        try:
            migrate_pg(self._conn, migrations)
        except psycopg.Error as exc:
            self._conn.close()
            raise StoreError(
                f"PostgreSQL at {self.where}: cannot prepare the store: {' '.join(str(exc).split())}; "
                "the database user needs CREATE on the database (and the unaccent extension)"
            ) from exc
        except BaseException:
            self._conn.close()
            raise

    # -- context manager -------------------------------------------------------------------

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; further calls fail."""
        self._conn.close()

    # -- helpers ---------------------------------------------------------------------------

    def _write(self, statements: list[tuple[str, Sequence[Any]]]) -> None:
        """Run statements in one transaction: all of them or none."""
        try:
            with self._conn.transaction(), self._conn.cursor() as cur:
                for sql, params in statements:
                    cur.execute(sql, params)
        except self._psycopg.Error as exc:
            raise StoreError(
                f"PostgreSQL at {self.where}: write failed: {' '.join(str(exc).split())}"
            ) from exc

    def _query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except self._psycopg.Error as exc:
            raise StoreError(
                f"PostgreSQL at {self.where}: read failed: {' '.join(str(exc).split())}"
            ) from exc

    def _facts_statements(self, doc_id: str, facts: Facts) -> list[tuple[str, Sequence[Any]]]:
        data = json.dumps(facts.to_dict(), ensure_ascii=False)
        out: list[tuple[str, Sequence[Any]]] = [
            ("DELETE FROM doc_countries WHERE doc_id = %s", (doc_id,)),
            (
                "INSERT INTO facts(doc_id, data, extracted_at) VALUES (%s, %s, %s) ON CONFLICT (doc_id) "
                "DO UPDATE SET data = excluded.data, extracted_at = excluded.extracted_at",
                (doc_id, data, _now()),
            ),
        ]
        out += [
            ("INSERT INTO doc_countries(doc_id, country) VALUES (%s, %s)", (doc_id, cc))
            for cc in _countries(facts)
        ]
        return out

    def _by_prefix(self, table: str, what: str, ident: str, *, lower: bool = False) -> str:
        """The one id of ``table`` that is or starts with ``ident`` (at least 6 characters)."""
        key = ident.strip().replace("\x00", "")
        key = key.lower() if lower else key
        rows = self._query(
            f"SELECT id FROM {table} WHERE id >= %s AND id < %s ORDER BY id LIMIT 2", (key, key + "\uffff")
        )
        if len(rows) == 1 and (len(key) >= MIN_PREFIX or rows[0][0] == key):
            return str(rows[0][0])
        exc = NotFoundError(what, ident)
        if len(rows) > 1:
            exc.args = (
                f"no single {what} with id {ident!r}: the prefix matches several; give more characters",
            )
        raise exc

    def resolve_id(self, doc_id: str) -> str:
        """The full id of the one document whose id is or starts with ``doc_id``."""
        if len(doc_id.strip()) < MIN_PREFIX:
            exc = NotFoundError("document", doc_id)
            exc.args = (f"no document with id {doc_id!r}; give at least {MIN_PREFIX} characters of the id",)
            raise exc
        return self._by_prefix("documents", "document", doc_id, lower=True)

    # -- the Store protocol ----------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        """True when a document with this content hash is stored."""
        return bool(self._query("SELECT 1 FROM documents WHERE id = %s", (doc_id,)))

    def add_document(self, doc: Document, raw: bytes, facts: Facts | None = None) -> bool:
        """Store a document, its bytes and its facts in one transaction; False if already stored."""
        if facts is not None and facts.doc_id not in (None, doc.id):
            raise StoreError(
                f"{doc.name}: facts are for document {facts.doc_id}, not {doc.id}; extract again"
            )
        _no_nul(doc)
        sha = hashlib.sha256(raw).hexdigest()
        meta = json.dumps(doc.meta, ensure_ascii=False, default=str)
        statements = self._facts_statements(doc.id, facts) if facts is not None else []
        psycopg = self._psycopg
        try:
            with self._conn.transaction(), self._conn.cursor() as cur:
                cur.execute(
                    "INSERT INTO blobs(sha256, size, data) VALUES (%s, %s, %s) ON CONFLICT (sha256) DO NOTHING",
                    (sha, len(raw), raw),
                )
                cur.execute(
                    "INSERT INTO documents(id, name, format, text, language, published, title, meta, path, "
                    "size, blob, added_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (id) DO NOTHING RETURNING seq",
                    (
                        doc.id,
                        doc.name,
                        doc.format,
                        doc.text,
                        doc.language,
                        doc.published,
                        doc.title,
                        meta,
                        doc.path,
                        doc.size,
                        sha,
                        _now(),
                    ),
                )
                if cur.fetchone() is None:  # stored already (perhaps by another writer just now)
                    raise psycopg.Rollback()
                for sql, params in statements:
                    cur.execute(sql, params)
                return True
        except psycopg.Error as exc:
            raise StoreError(
                f"{doc.name}: cannot store document {doc.id[:12]}: {' '.join(str(exc).split())}"
            ) from exc
        return False  # the Rollback above lands here

    def put_facts(self, doc_id: str, facts: Facts) -> None:
        """Replace the facts (and the country rows) of a stored document."""
        self._write(self._facts_statements(self.resolve_id(doc_id), facts))

    def get_document(self, doc_id: str) -> Document:
        """The stored document; a unique id prefix of at least 6 characters is accepted."""
        rows = self._query(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = %s", (self.resolve_id(doc_id),))
        if not rows:
            raise NotFoundError("document", doc_id)
        return _row_to_document(rows[0])

    def get_facts(self, doc_id: str) -> Facts | None:
        """The stored facts, or None when the document was stored without any."""
        rows = self._query("SELECT data FROM facts WHERE doc_id = %s", (self.resolve_id(doc_id),))
        return Facts.from_dict(json.loads(rows[0][0])) if rows else None

    def get_raw(self, doc_id: str) -> bytes:
        """The original bytes the document was read from."""
        rows = self._query(
            "SELECT b.data FROM documents d JOIN blobs b ON b.sha256 = d.blob WHERE d.id = %s",
            (self.resolve_id(doc_id),),
        )
        if not rows:
            raise NotFoundError("document", doc_id)
        return bytes(rows[0][0])

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, oldest first, read a page at a time."""
        last = 0
        while True:
            rows = self._query(
                f"SELECT seq, {_DOC_COLUMNS} FROM documents WHERE seq > %s ORDER BY seq LIMIT %s",
                (last, _PAGE),
            )
            for row in rows:
                yield _row_to_document(row[1:])
            if len(rows) < _PAGE:
                return
            last = rows[-1][0]

    def search(
        self, query: str, *, language: str | None = None, country: str | None = None, limit: int = 10
    ) -> list[SearchHit]:
        """Ranked hits (best first; ``score`` is ts_rank, higher is better); never fails on syntax.

        A document is matched with the query parsed in its own language's configuration, so
        stems agree; each configuration's condition can use the one GIN index.
        """
        parts = split_query(query)
        if parts is None or limit <= 0:
            return []
        q_cols, pick, any_match, params = match_sql(parts)
        params.update({"limit": limit, "hl": HEADLINE})
        filters = ""
        if language:
            filters += " AND d.language = %(lang)s"
            params["lang"] = language.strip().lower().replace("\x00", "")
        if country:
            filters += (
                " AND EXISTS (SELECT 1 FROM doc_countries c WHERE c.doc_id = d.id AND c.country = %(cc)s)"
            )
            params["cc"] = country.strip().upper().replace("\x00", "")
        sql = (
            f"WITH q AS MATERIALIZED (SELECT {q_cols}), "
            "hits AS ("
            f" SELECT d.seq, t.tq, ts_rank('{_RANK_WEIGHTS}', d.tsv, t.tq) AS rank"
            " FROM q CROSS JOIN documents d"
            f" CROSS JOIN LATERAL (SELECT CASE tipwatch_tsconfig(d.language) {pick} END AS tq) t"
            f" WHERE ({any_match}) AND d.tsv @@ t.tq{filters}"
            " ORDER BY rank DESC, d.seq LIMIT %(limit)s) "
            "SELECT d.id, d.name, d.title, d.published, d.language, "
            "ts_headline(tipwatch_tsconfig(d.language), d.text, h.tq, %(hl)s), h.rank "
            "FROM hits h JOIN documents d ON d.seq = h.seq ORDER BY h.rank DESC, h.seq"
        )
        rows = self._query(sql, params)
        return [
            SearchHit(
                doc_id=r[0],
                name=r[1],
                title=r[2],
                published=r[3],
                language=r[4],
                snippet=" ".join((r[5] or "").split()),
                score=float(r[6]),
            )
            for r in rows
        ]

    def faceted_search(
        self, query: str, filters: Any, *, limit: int = 20, offset: int = 0, with_facets: bool = True
    ) -> Any:
        """Hits, total and facet counts for ``store/facets.py`` (a FacetedResult); see pg_facets.py."""
        from .pg_facets import faceted_search_pg  # facets.py imports the SQLite store: load on use

        return faceted_search_pg(self, query, filters, limit=limit, offset=offset, with_facets=with_facets)

    def stats(self) -> Stats:
        """Documents by language, format and year of publication ("unknown" when not known)."""

        def counts(expr: str) -> dict[str, int]:
            rows = self._query(f"SELECT {expr} AS k, COUNT(*) FROM documents GROUP BY k")
            return {str(k): int(n) for k, n in sorted(rows)}  # code point order, as SQLite's

        total = int(self._query("SELECT COUNT(*) FROM documents")[0][0])
        with_facts = int(self._query("SELECT COUNT(*) FROM facts")[0][0])
        return Stats(
            documents=total,
            by_language=counts("COALESCE(language, 'unknown')"),
            by_format=counts("format"),
            by_year=counts("COALESCE(substr(published, 1, 4), 'unknown')"),
            facts=with_facts,
        )

    # -- resolution: judgements are kept; entities, mentions and cases are derived ---------

    def put_judgement(self, judgement: Judgement) -> None:
        """Store a judgement on a pair of keys; an automatic one never replaces an analyst's."""
        sql = (
            "INSERT INTO judgements(left_key, right_key, verdict, score, reason, author, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (left_key, right_key) DO UPDATE SET "
            "verdict = excluded.verdict, score = excluded.score, reason = excluded.reason, "
            "author = excluded.author, created_at = excluded.created_at"
        )
        params: list[Any] = [
            judgement.left,
            judgement.right,
            str(judgement.verdict),
            judgement.score,
            judgement.reason,
            judgement.author,
            judgement.created_at or _now(),
        ]
        if not judgement.by_analyst:
            sql += " WHERE judgements.author = %s"
            params.append(AUTO)
        self._write([(sql, params)])

    def get_judgements(self, *, author: str | None = None) -> list[Judgement]:
        """Every judgement (or one author's), in key order."""
        sql = "SELECT left_key, right_key, verdict, score, reason, author, created_at FROM judgements"
        params: tuple[Any, ...] = ()
        if author is not None:
            sql += " WHERE author = %s"
            params = (author,)
        rows = self._query(sql + " ORDER BY left_key, right_key", params)
        return [Judgement(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def delete_judgement(self, left: str, right: str) -> bool:
        """Forget the judgement on a pair; True when there was one."""
        a, b = sorted((left, right))
        try:
            cur = self._conn.execute("DELETE FROM judgements WHERE left_key = %s AND right_key = %s", (a, b))
        except self._psycopg.Error as exc:
            raise StoreError(
                f"PostgreSQL at {self.where}: write failed: {' '.join(str(exc).split())}"
            ) from exc
        return cur.rowcount > 0

    def replace_resolution(self, entities: Sequence[Entity], cases: Sequence[Case]) -> None:
        """Replace every entity, mention and case in one transaction (judgements stay).

        Mentions and case links to documents that are not stored are skipped rather than
        failing the whole run.
        """
        known = {r[0] for r in self._query("SELECT id FROM documents")}
        entity_rows = [(e.id, *_entity_columns(e)) for e in entities]
        mention_rows = [
            (m.key, e.id, m.doc_id, m.name) for e in entities for m in e.mentions if m.doc_id in known
        ]
        case_rows = [(c.id, *_case_columns(c)) for c in cases]
        link_rows = [(c.id, d) for c in cases for d in sorted(set(c.doc_ids)) if d in known]
        try:
            with self._conn.transaction(), self._conn.cursor() as cur:
                for table in ("case_documents", "cases", "entity_mentions", "entities"):
                    cur.execute(f"DELETE FROM {table}")
                cur.executemany(
                    "INSERT INTO entities(id, kind, name, countries, protected, mentions, documents, data) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    entity_rows,
                )
                cur.executemany(
                    "INSERT INTO entity_mentions(mention_key, entity_id, doc_id, name) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (mention_key) DO NOTHING",
                    mention_rows,
                )
                cur.executemany(
                    "INSERT INTO cases(id, title, countries, first_date, last_date, documents, data) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    case_rows,
                )
                cur.executemany("INSERT INTO case_documents(case_id, doc_id) VALUES (%s, %s)", link_rows)
        except self._psycopg.Error as exc:
            raise StoreError(
                f"PostgreSQL at {self.where}: write failed: {' '.join(str(exc).split())}"
            ) from exc

    def list_entities(
        self,
        *,
        kind: str | None = None,
        country: str | None = None,
        query: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Entity]:
        """Entities, most documents first; ``query`` matches any mentioned name, case-insensitively."""
        where, params = _entity_filter(kind, country, query)
        sql = f"SELECT data FROM entities e WHERE {where} {_ENTITY_ORDER} LIMIT %s OFFSET %s"
        return [Entity.from_dict(json.loads(r[0])) for r in self._query(sql, [*params, limit, offset])]

    def entity_summaries(
        self,
        *,
        kind: str | None = None,
        country: str | None = None,
        query: str | None = None,
        ids: Sequence[str] | None = None,
        doc_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[EntitySummary]:
        """Entities without their mentions, filtered and ordered as ``list_entities``; only
        those of ``ids``, or those the document ``doc_id`` mentions, when given."""
        where, params = _entity_filter(kind, country, query)
        if doc_id is not None:
            where += " AND e.id IN (SELECT entity_id FROM entity_mentions WHERE doc_id = %s)"
            params.append(self.resolve_id(doc_id))
        if ids is not None:
            where += " AND e.id = ANY(%s)"
            params.append([_clean(i) for i in dict.fromkeys(ids)])
        sql = f"SELECT {_ENTITY_SUMMARY} FROM entities e WHERE {where} {_ENTITY_ORDER} LIMIT %s OFFSET %s"
        return [EntitySummary.from_row(r) for r in self._query(sql, [*params, limit, offset])]

    def get_entity(self, entity_id: str) -> Entity:
        """One entity with all its mentions; a unique id prefix is accepted."""
        full = self._by_prefix("entities", "entity", entity_id)
        return Entity.from_dict(
            json.loads(self._query("SELECT data FROM entities WHERE id = %s", (full,))[0][0])
        )

    def entities_of_document(self, doc_id: str) -> list[Entity]:
        """The entities a document mentions, most documents first."""
        rows = self._query(
            "SELECT data FROM entities WHERE id IN (SELECT entity_id FROM entity_mentions WHERE doc_id = %s) "
            "ORDER BY documents DESC, name",
            (self.resolve_id(doc_id),),
        )
        return [Entity.from_dict(json.loads(r[0])) for r in rows]

    def entity_of_mention(self, mention_key: str) -> str | None:
        """The id of the entity a mention was resolved into, if any."""
        rows = self._query(
            "SELECT entity_id FROM entity_mentions WHERE mention_key = %s", (_clean(mention_key),)
        )
        return str(rows[0][0]) if rows else None

    def list_cases(self, *, country: str | None = None, limit: int = 100, offset: int = 0) -> list[Case]:
        """Cases, most documents first."""
        sql = "SELECT data FROM cases"
        params: list[Any] = []
        if country:
            sql += " WHERE strpos(countries, %s) > 0"
            params.append(_clean(f",{country.strip().upper()},"))
        sql += " ORDER BY documents DESC, first_date NULLS FIRST, id LIMIT %s OFFSET %s"
        params += [limit, offset]
        return [Case.from_dict(json.loads(r[0])) for r in self._query(sql, params)]

    def get_case(self, case_id: str) -> Case:
        """One case with its timeline; a unique id prefix is accepted."""
        full = self._by_prefix("cases", "case", case_id)
        return Case.from_dict(json.loads(self._query("SELECT data FROM cases WHERE id = %s", (full,))[0][0]))

    def cases_of_document(self, doc_id: str) -> list[Case]:
        """The cases a document reports on."""
        rows = self._query(
            "SELECT data FROM cases WHERE id IN (SELECT case_id FROM case_documents WHERE doc_id = %s) ORDER BY id",
            (self.resolve_id(doc_id),),
        )
        return [Case.from_dict(json.loads(r[0])) for r in rows]

    def case_summaries(
        self,
        *,
        country: str | None = None,
        ids: Sequence[str] | None = None,
        entity_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[CaseSummary]:
        """Cases without their timelines, as ``list_cases`` orders them, or those of ``ids`` by id;
        only those listing the entity ``entity_id`` when given."""
        sql = (
            "SELECT id, title, documents, first_date, last_date, (j -> 'countries')::text, "
            "(j -> 'exploitation')::text, (j -> 'entity_ids')::text, "
            "(SELECT jsonb_agg(x)::text FROM (SELECT x FROM jsonb_array_elements(CASE WHEN "
            "jsonb_typeof(j -> 'doc_ids') = 'array' THEN j -> 'doc_ids' ELSE '[]'::jsonb END) x "
            f"LIMIT {SUMMARY_DOCS}) s) FROM cases CROSS JOIN LATERAL (SELECT data::jsonb AS j) parsed"
        )
        params: list[Any] = []
        if ids is not None:
            sql += " WHERE id = ANY(%s) ORDER BY id LIMIT %s OFFSET %s"
            params.append([_clean(i) for i in dict.fromkeys(ids)])
        else:
            where = ["TRUE"]
            if country:
                where.append("strpos(countries, %s) > 0")
                params.append(_clean(f",{country.strip().upper()},"))
            if entity_id is not None:
                where.append("j -> 'entity_ids' @> jsonb_build_array(%s::text)")
                params.append(_clean(entity_id))
            sql += f" WHERE {' AND '.join(where)} ORDER BY documents DESC, first_date NULLS FIRST, id LIMIT %s OFFSET %s"
        params += [limit, offset]
        return [CaseSummary.from_row(r) for r in self._query(sql, params)]

    def case_ids_of_document(self, doc_id: str) -> list[str]:
        """The ids of the cases a document reports on, sorted: no case (and timeline) is read."""
        rows = self._query(
            "SELECT case_id FROM case_documents WHERE doc_id = %s ORDER BY case_id",
            (self.resolve_id(doc_id),),
        )
        return [r[0] for r in rows]

    # -- accounts and the access log --------------------------------------------------------

    def add_user(self, user: User) -> None:
        """Add an account; StoreError when the name is taken."""
        if self._query("SELECT 1 FROM users WHERE name = %s", (user.name,)):
            raise StoreError(f"user {user.name!r} exists already; revoke it or choose another name")
        self._write(
            [
                (
                    "INSERT INTO users(name, role, token_hash, created_at, revoked_at) VALUES (%s, %s, %s, %s, %s)",
                    (user.name, str(user.role), user.token_hash, user.created_at or _now(), user.revoked_at),
                )
            ]
        )

    def get_user(self, name: str) -> User:
        """One account by name."""
        rows = self._query(f"SELECT {_USER_COLUMNS} FROM users WHERE name = %s", (_clean(name),))
        if not rows:
            raise NotFoundError("user", name)
        return User(*rows[0])

    def find_user(self, token_hash: str) -> User | None:
        """The active account whose token has this SHA-256, or None."""
        rows = self._query(
            f"SELECT {_USER_COLUMNS} FROM users WHERE token_hash = %s AND revoked_at IS NULL",
            (_clean(token_hash),),
        )
        return User(*rows[0]) if rows else None

    def list_users(self) -> list[User]:
        """Every account, revoked ones included, by name."""
        return [User(*r) for r in self._query(f"SELECT {_USER_COLUMNS} FROM users ORDER BY name")]

    def revoke_user(self, name: str) -> None:
        """Revoke an account's token; the row stays for the access log."""
        self.get_user(name)
        self._write(
            [("UPDATE users SET revoked_at = %s WHERE name = %s AND revoked_at IS NULL", (_now(), name))]
        )

    def log_access(self, user: str, action: str, target: str, detail: str = "") -> None:
        """Append one line to the access log."""
        self._write(
            [
                (
                    'INSERT INTO access_log(at, "user", action, target, detail) VALUES (%s, %s, %s, %s, %s)',
                    (_now(), _clean(user), _clean(action), _clean(target), _clean(detail)),
                )
            ]
        )

    def access_log(self, *, user: str | None = None, limit: int = 100) -> list[AccessRecord]:
        """The newest access records first."""
        sql = 'SELECT at, "user", action, target, detail FROM access_log'
        params: list[Any] = []
        if user:
            sql += ' WHERE "user" = %s'
            params.append(_clean(user))
        sql += " ORDER BY seq DESC LIMIT %s"
        params.append(limit)
        return [AccessRecord(*r) for r in self._query(sql, params)]


def _entity_filter(kind: str | None, country: str | None, query: str | None) -> tuple[str, list[Any]]:
    """The WHERE clause over ``entities e`` of an entity list, and its parameters."""
    where, params = "TRUE", []
    if kind:
        where += " AND e.kind = %s"
        params.append(_clean(kind))
    if country:
        where += " AND strpos(e.countries, %s) > 0"
        params.append(_clean(f",{country.strip().upper()},"))
    if query:
        where += (
            " AND (strpos(lower(e.name), %s) > 0 OR EXISTS (SELECT 1 FROM entity_mentions m "
            "WHERE m.entity_id = e.id AND strpos(lower(m.name), %s) > 0))"
        )
        params += [_clean(query.strip().lower())] * 2
    return where, params


_ENTITY_ORDER = "ORDER BY e.documents DESC, e.mentions DESC, e.name, e.id"


def _json_array(value: str) -> str:
    """``value`` (jsonb) when it is an array, else an empty one: jsonb_array_elements refuses others."""
    return f"CASE WHEN jsonb_typeof({value}) = 'array' THEN {value} ELSE '[]'::jsonb END"


# ``export.redact.is_protected_entity`` of ``entities e`` (its flag or any mention of a victim
# or of an age under 18), as the SQLite store's PROTECTED_ENTITY_SQL.
_PROTECTED_ENTITY_SQL = (
    "(e.protected = 1 OR EXISTS (SELECT 1 FROM jsonb_array_elements("
    + _json_array("e.data::jsonb -> 'mentions'")
    + ") m(v) WHERE v -> 'protected' = 'true'::jsonb "
    "OR (jsonb_typeof(v -> 'data' -> 'roles') = 'array' AND v -> 'data' -> 'roles' @> '[\"victim\"]'::jsonb) "
    "OR (jsonb_typeof(v -> 'data' -> 'age') = 'number' AND (v -> 'data' ->> 'age')::numeric < 18)))"
)
_ENTITY_SUMMARY = (
    "e.id, e.kind, e.name, (e.data::jsonb -> 'countries')::text, "
    f"{_PROTECTED_ENTITY_SQL}, e.documents, e.mentions"
)


def _clean(value: Any) -> Any:
    """User text without NUL, which PostgreSQL refuses in any text parameter."""
    return value.replace("\x00", "") if isinstance(value, str) else value


__all__ = ["HEADLINE", "PostgresStore", "match_sql", "split_query"]

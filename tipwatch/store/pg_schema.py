"""The versioned schema of the PostgreSQL store: the same steps as ``migrations.py``, in PostgreSQL.

Versions match the SQLite store step for step (1: documents and search, 2: resolution,
3: users and the access log, 4: document facets derived from facts), so a store copied from SQLite to PostgreSQL is at the same
version on both sides. Column names and value shapes are the same too (JSON as text, times
as ISO text, country lists as ',GT,MX,'), which is what lets ``copy.py`` compare a checksum
of every table across the two backends.

Full-text search uses a ``tsvector`` column computed from title (weight A) and text (weight
B) with the text search configuration of the document's language: english, spanish and
portuguese, and 'simple' for anything else. Each configuration is a copy of PostgreSQL's own
with ``unaccent`` in front of the stemmer, so "policia" finds "policía" as on SQLite.
Key columns are ``COLLATE "C"``: ids sort and prefix-match byte-wise whatever the
database's locale, as they do on SQLite.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ..errors import SchemaVersionError
from .migrations import Migration, apply_steps, check_order

log = logging.getLogger(__name__)

# The configuration each stored language code is indexed and searched with.
TS_CONFIGS: dict[str, str] = {
    "en": "tipwatch_english",
    "es": "tipwatch_spanish",
    "pt": "tipwatch_portuguese",
}
TS_FALLBACK = "tipwatch_simple"


def _config(name: str, base: str, stem: str) -> tuple[str, ...]:
    return (
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})",
        f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word "
        f"WITH unaccent, {stem}",
    )


_CASES = " ".join(f"WHEN '{code}' THEN '{cfg}'::regconfig" for code, cfg in TS_CONFIGS.items())

_V1 = Migration(
    1,
    "documents, blobs, facts, document countries and the full-text index",
    (
        # unaccent is a trusted extension (PostgreSQL 13+): a database owner may create it.
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        *_config("tipwatch_english", "english", "english_stem"),
        *_config("tipwatch_spanish", "spanish", "spanish_stem"),
        *_config("tipwatch_portuguese", "portuguese", "portuguese_stem"),
        *_config("tipwatch_simple", "simple", "simple"),
        f"""CREATE FUNCTION tipwatch_tsconfig(lang text) RETURNS regconfig
            LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
            AS $$ SELECT CASE lower(lang) {_CASES} ELSE '{TS_FALLBACK}'::regconfig END $$""",
        # A tsvector holds at most 1 MB of lexemes: a document with more than about 100,000
        # distinct words (statistical annexes, tables of ids) cannot be indexed whole. It is
        # then indexed on its first 400,000 characters (100,000 if those still hold too many),
        # and stored whole. (PostgreSQL keeps word positions only up to 16,383 in any case.)
        """CREATE FUNCTION tipwatch_tsvector(lang text, title text, body text) RETURNS tsvector
            LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
            AS $$
            DECLARE
                cfg regconfig := tipwatch_tsconfig(lang);
                head tsvector := setweight(to_tsvector(cfg, coalesce(title, '')), 'A');
            BEGIN
                RETURN head || setweight(to_tsvector(cfg, body), 'B');
            EXCEPTION WHEN program_limit_exceeded THEN
                BEGIN
                    RETURN head || setweight(to_tsvector(cfg, left(body, 400000)), 'B');
                EXCEPTION WHEN program_limit_exceeded THEN
                    RETURN head || setweight(to_tsvector(cfg, left(body, 100000)), 'B');
                END;
            END $$""",
        # What a user typed, already split by store/fts.py's rules, as one tsquery: every
        # word, every phrase and every prefix must occur. No operator is read from user text.
        """CREATE FUNCTION tipwatch_tsquery(cfg regconfig, words text, phrases text[], prefixes text[])
            RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
            AS $$
            DECLARE
                q tsquery := plainto_tsquery(cfg, words);
                t text;
            BEGIN
                FOREACH t IN ARRAY phrases LOOP
                    q := q && phraseto_tsquery(cfg, t);
                END LOOP;
                FOREACH t IN ARRAY prefixes LOOP
                    q := q && to_tsquery(cfg, quote_literal(t) || ':*');
                END LOOP;
                RETURN q;
            END $$""",
        """CREATE TABLE blobs (
            sha256 TEXT COLLATE "C" PRIMARY KEY,
            size BIGINT NOT NULL,
            data BYTEA NOT NULL
        )""",
        """CREATE TABLE documents (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id TEXT COLLATE "C" NOT NULL UNIQUE,
            name TEXT NOT NULL,
            format TEXT NOT NULL,
            language TEXT,
            published TEXT COLLATE "C",
            title TEXT,
            text TEXT NOT NULL,
            meta TEXT NOT NULL DEFAULT '{}',
            path TEXT,
            size BIGINT NOT NULL DEFAULT 0,
            blob TEXT COLLATE "C" NOT NULL REFERENCES blobs(sha256),
            added_at TEXT NOT NULL,
            tsv tsvector GENERATED ALWAYS AS (tipwatch_tsvector(language, title, text)) STORED
        )""",
        "CREATE INDEX documents_language ON documents(language)",
        "CREATE INDEX documents_published ON documents(published)",
        "CREATE INDEX documents_tsv ON documents USING GIN (tsv)",
        """CREATE TABLE facts (
            doc_id TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            data TEXT NOT NULL,
            extracted_at TEXT NOT NULL
        )""",
        """CREATE TABLE doc_countries (
            doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            country TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (doc_id, country)
        )""",
        "CREATE INDEX doc_countries_country ON doc_countries(country, doc_id)",
    ),
)

_V2 = Migration(
    2,
    "judgements, entities, entity mentions, cases",
    (
        """CREATE TABLE judgements (
            left_key TEXT COLLATE "C" NOT NULL,
            right_key TEXT COLLATE "C" NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('positive', 'negative', 'unsure')),
            score DOUBLE PRECISION,
            reason TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (left_key, right_key)
        )""",
        """CREATE TABLE entities (
            id TEXT COLLATE "C" PRIMARY KEY,
            kind TEXT NOT NULL,
            name TEXT COLLATE "C" NOT NULL,
            countries TEXT NOT NULL DEFAULT '',
            protected INTEGER NOT NULL DEFAULT 0,
            mentions INTEGER NOT NULL DEFAULT 0,
            documents INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX entities_kind ON entities(kind, documents DESC)",
        """CREATE TABLE entity_mentions (
            mention_key TEXT COLLATE "C" PRIMARY KEY,
            entity_id TEXT COLLATE "C" NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL
        )""",
        "CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id)",
        "CREATE INDEX entity_mentions_doc ON entity_mentions(doc_id)",
        """CREATE TABLE cases (
            id TEXT COLLATE "C" PRIMARY KEY,
            title TEXT NOT NULL,
            countries TEXT NOT NULL DEFAULT '',
            first_date TEXT COLLATE "C",
            last_date TEXT COLLATE "C",
            documents INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL
        )""",
        """CREATE TABLE case_documents (
            case_id TEXT COLLATE "C" NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
            doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (case_id, doc_id)
        )""",
        "CREATE INDEX case_documents_doc ON case_documents(doc_id)",
    ),
)

# "user" is a reserved word in PostgreSQL: the column keeps SQLite's name, always quoted.
_V3 = Migration(
    3,
    "users and the access log",
    (
        """CREATE TABLE users (
            name TEXT COLLATE "C" PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        )""",
        """CREATE TABLE access_log (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at TEXT NOT NULL,
            "user" TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )""",
        'CREATE INDEX access_log_user ON access_log("user", seq)',
    ),
)

# Version 4: what the facts say a document is about, as rows (SQLite's v4): one row per
# (document, kind, value), kept in step with facts.data by a trigger.
_FACET_ROWS = """
    SELECT {doc}, 'exploitation', j ->> 'value'
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof({data} -> 'exploitation') = 'array'
            THEN {data} -> 'exploitation' ELSE '[]'::jsonb END) j WHERE j ->> 'value' IS NOT NULL
    UNION
    SELECT {doc}, 'event_type', j ->> 'type'
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof({data} -> 'events') = 'array'
            THEN {data} -> 'events' ELSE '[]'::jsonb END) j WHERE j ->> 'type' IS NOT NULL"""
_V4 = Migration(
    4,
    "document facets derived from facts: exploitation and event types",
    (
        """CREATE TABLE doc_facets (
            doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT COLLATE "C" NOT NULL,
            value TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (doc_id, kind, value)
        )""",
        "CREATE INDEX doc_facets_value ON doc_facets(kind, value, doc_id)",
        f"""CREATE FUNCTION tipwatch_doc_facets() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    DELETE FROM doc_facets WHERE doc_id = OLD.doc_id;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO doc_facets(doc_id, kind, value)
                    {_FACET_ROWS.format(doc="NEW.doc_id", data="NEW.data::jsonb")}
                    ON CONFLICT DO NOTHING;
                END IF;
                RETURN NULL;
            END $$""",
        """CREATE TRIGGER doc_facets_sync AFTER INSERT OR DELETE OR UPDATE OF doc_id, data ON facts
            FOR EACH ROW EXECUTE FUNCTION tipwatch_doc_facets()""",
        f"""INSERT INTO doc_facets(doc_id, kind, value)
            SELECT x.* FROM facts f CROSS JOIN LATERAL ({_FACET_ROWS.format(doc="f.doc_id", data="f.data::jsonb")}) x
            ON CONFLICT DO NOTHING""",
    ),
)

PG_MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _V4)

# Any constant works; it only has to be the same for every tipwatch opening this database.
_LOCK_KEY = 0x7469_7077  # "tipw"


def read_pg_version(conn: Any) -> int:
    """The schema version a PostgreSQL store is at; 0 for a database without tipwatch tables."""
    row = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not row[0]:
        return 0
    found = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(found[0] or 0)


def migrate_pg(conn: Any, migrations: Sequence[Migration] = PG_MIGRATIONS) -> int:
    """Apply the steps a store lacks, in one transaction; returns the version it is then at.

    ``conn`` is a psycopg connection in autocommit mode. A transaction-level advisory lock
    keeps two processes opening a new store at once from both running step 1.
    """
    check_order(migrations, "store/pg_schema.py")
    known = migrations[-1].version if migrations else 0
    found = read_pg_version(conn)
    if found > known:
        raise SchemaVersionError(found, known)
    if found == known:
        return found
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        found = read_pg_version(conn)
        if found > known:
            raise SchemaVersionError(found, known)
        apply_steps(conn, migrations, found, placeholder="%s")
    return known

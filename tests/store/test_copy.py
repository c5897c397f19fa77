"""tipwatch/store/copy.py: a store copied to PostgreSQL and back keeps every row, judgement and user."""

from __future__ import annotations

import pytest

from tests.store.samples import EN_TEXT, ES_TEXT, fill, make_doc, make_facts
from tipwatch.errors import StoreError
from tipwatch.model import Event, Label, User
from tipwatch.resolve.model import Case, Entity, Judgement, Mention
from tipwatch.store.copy import TABLES, copy_store, table_checksum
from tipwatch.store.postgres import PostgresStore
from tipwatch.store.sqlite import SQLiteStore


@pytest.fixture
def source(tmp_path):
    with SQLiteStore(tmp_path / "source.db") as s:
        fill(s)
        en, _ = make_doc(EN_TEXT)
        es, _ = make_doc(ES_TEXT)
        s.put_judgement(Judgement("m:abel", "m:abel ochoa", "positive", 0.75, "same person", "lucia"))
        s.put_judgement(Judgement("m:abel", "m:nilda", "negative", None, "", "auto"))
        mention = Mention("m:abel", en.id, "person", "Abel Ochoa Lizarraga", country="PE")
        s.replace_resolution(
            [Entity("ent-abel-0001", "person", "Abel Ochoa Lizarraga", countries=["PE"], mentions=[mention])],
            [Case("case-kiln-001", "Brick kiln recruitment", doc_ids=[en.id, es.id], countries=["PE", "GT"])],
        )
        facts = make_facts(en, ["PE"])
        facts.exploitation = [Label("forced_labor")]
        facts.events = [Event("arrest"), Event("arrest"), Event("rescue")]
        s.put_facts(en.id, facts)
        s.add_user(User("lucia", "analyst", "a" * 64, "2024-01-02T03:04:05+00:00"))
        s.add_user(User("abel", "viewer", "b" * 64))
        s.revoke_user("abel")
        s.log_access("lucia", "view", "entity:ent-abel-0001", "protected")
        yield s


def test_copy_sqlite_to_postgres_and_back_keeps_every_row(source, pg_url, tmp_path):
    with PostgresStore(pg_url) as pg:
        report = copy_store(source, pg)
        assert report.ok, [c.summary() for c in report.checks]
        rows = {c.table: c.target_rows for c in report.checks}
        assert rows["documents"] == 3 and rows["judgements"] == 2 and rows["users"] == 2
        assert rows["doc_facets"] == 3  # derived by each side's triggers, not copied
        assert rows["access_log"] == 1 and rows["entity_mentions"] == 1 and rows["case_documents"] == 2
        assert pg.get_judgements() == source.get_judgements()
        assert pg.list_users() == source.list_users()
        assert pg.access_log() == source.access_log()
        assert pg.list_cases() == source.list_cases()
        assert [d.id for d in pg.iter_documents()] == [d.id for d in source.iter_documents()]
        assert [h.doc_id for h in pg.search("Quetzaltenango")] == [
            h.doc_id for h in source.search("Quetzaltenango")
        ]
        with SQLiteStore(tmp_path / "back.db") as back:
            assert copy_store(pg, back).ok
            for table in TABLES:
                assert table_checksum(back, table) == table_checksum(source, table), table.name
            assert back.search("Chiclayo")[0].snippet == source.search("Chiclayo")[0].snippet


def test_copy_checksum_sees_a_changed_row(source, tmp_path):
    with SQLiteStore(tmp_path / "copy.db") as target:
        assert copy_store(source, target).ok
        target._conn.execute("UPDATE users SET role = 'admin' WHERE name = 'abel'")
        users = next(t for t in TABLES if t.name == "users")
        assert table_checksum(target, users)[1] != table_checksum(source, users)[1]


def test_copy_into_a_store_with_data_is_refused_and_changes_nothing(source, pg_url):
    with PostgresStore(pg_url) as pg:
        pg.add_user(User("ximena", "admin", "c" * 64))
        with pytest.raises(StoreError, match="copy into an empty database"):
            copy_store(source, pg)
        assert [u.name for u in pg.list_users()] == ["ximena"]
        assert pg.stats().documents == 0


def test_copy_failure_leaves_target_unchanged(source, pg_url):
    source._conn.execute("PRAGMA foreign_keys = OFF")  # a store damaged by hand: an orphan row
    source._conn.execute("INSERT INTO doc_countries(doc_id, country) VALUES ('no-such-document', 'PE')")
    with PostgresStore(pg_url) as pg:  # the orphan breaks PostgreSQL's foreign key mid-copy
        with pytest.raises(StoreError, match="the target is unchanged"):
            copy_store(source, pg)
        assert pg.stats().documents == 0

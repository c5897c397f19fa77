"""tipwatch/store/resolution.py: resolution over a real SQLite store, analysts' decisions kept."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from tipwatch.errors import ResolveError
from tipwatch.model import Document, Evidence, Facts, Label, Organization, Person
from tipwatch.resolve.model import AUTO, Case, Entity, Mention
from tipwatch.store import SQLiteStore
from tipwatch.store.batch import ingest_items
from tipwatch.store.resolution import merge_entities, refresh_resolution, split_entity


def _add(store, n, country, persons=(), orgs=()):
    text = f"Fictional report {n} from {country}."
    doc = Document(
        hashlib.sha256(text.encode()).hexdigest(),
        f"r{n}.txt",
        "text",
        text,
        "en",
        "2022-01-0" + str(n % 9 + 1),
    )
    ev = [Evidence(0, 10, text[:10])]
    f = Facts(doc=doc.name, countries=[Label(country, ev)])
    f.persons = [Person(name, list(roles), ev) for name, roles in persons]
    f.organizations = [Organization(name, kind, ev, aliases=list(al)) for name, kind, al in orgs]
    assert store.add_document(doc, text.encode(), f)
    return doc.id


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "t.db")
    _add(
        s,
        1,
        "GT",
        [("Héctor Aldana Ruiz", ["suspect"])],
        [("National Civil Police", "law_enforcement", ["PNC"])],
    )
    _add(s, 2, "GT", [("Hector Aldana", ["suspect"])], [("PNC", "law_enforcement", [])])
    _add(s, 3, "GT", [("Jorge Aldana", ["official"])], [("Policía Nacional Civil", "law_enforcement", [])])
    yield s
    s.close()


def _people(store, query):
    return store.list_entities(kind="person", query=query)


def test_refresh_stores_entities_and_judgements(store):
    summary = refresh_resolution(store)
    assert summary["entities"] == {"organization": 1, "person": 2}
    hector = _people(store, "héctor")
    assert len(hector) == 1 and len(hector[0].doc_ids) == 2
    js = store.get_judgements()
    assert js and all(j.author == AUTO for j in js)
    assert any(j.verdict == "positive" and "shorter form" in j.reason for j in js)
    # a second run writes nothing new
    again = refresh_resolution(store)
    assert again["judgements_written"] == 0 and again["judgements_removed"] == 0


def test_merge_survives_rerun_and_new_documents(store):
    refresh_resolution(store)
    hector, jorge = _people(store, "héctor")[0], _people(store, "jorge")[0]
    summary = merge_entities(store, [hector.id, jorge.id], author="ana", reason="same man, see court file")
    merged = store.get_entity(summary["entity"])
    assert {m.name for m in merged.mentions} == {"Héctor Aldana Ruiz", "Hector Aldana", "Jorge Aldana"}
    refresh_resolution(store)
    _add(store, 4, "GT", [("Jorge Aldana", ["official"]), ("Rosa Pop", ["victim"])])
    refresh_resolution(store)
    people = [e for e in store.list_entities(kind="person") if "Aldana" in e.name]
    assert len(people) == 1 and len(people[0].doc_ids) == 4
    assert any(j.author == "ana" for j in store.get_judgements())


def test_split_survives_rerun_and_new_documents(store):
    refresh_resolution(store)
    hector = _people(store, "héctor")[0]
    summary = split_entity(store, hector.id, author="ana")
    assert len(summary["entities"]) == 2
    _add(store, 5, "GT", [("Hector Aldana", ["suspect"])])
    refresh_resolution(store)
    people = sorted(
        (e.name, len(e.doc_ids)) for e in store.list_entities(kind="person") if "Aldana" in e.name
    )
    assert people == [("Hector Aldana", 2), ("Héctor Aldana Ruiz", 1), ("Jorge Aldana", 1)]


def test_split_of_a_single_name_and_bad_merges_are_refused(store):
    refresh_resolution(store)
    jorge = _people(store, "jorge")[0]
    with pytest.raises(ResolveError, match="nothing to split"):
        split_entity(store, jorge.id, author="ana")
    org = store.list_entities(kind="organization")[0]
    with pytest.raises(ResolveError, match="different kinds"):
        merge_entities(store, [jorge.id, org.id], author="ana")
    with pytest.raises(ResolveError, match="resolver's own"):
        merge_entities(store, [jorge.id, org.id], author=AUTO)


def test_seeds_end_to_end(shared, settings, extractor, tmp_path):
    """The issue's check: after ingesting the seeds, Barrientos, Becerra and the PNC are one entity each."""
    with SQLiteStore(tmp_path / "seeds.db") as s:
        items = sorted((shared / "corpus" / "seeds").glob("*.txt"))
        assert all(o.status == "added" for o in ingest_items(s, items, settings, extractor))
        refresh_resolution(s)
        for needle in ("barrientos", "becerra"):
            found = [e for e in s.list_entities(kind="person", query=needle)]
            assert len(found) == 1, needle
        pnc = [e for e in s.list_entities(kind="organization") if "PNC" in e.names]
        assert len(pnc) == 1 and "National Civil Police" in pnc[0].names
        assert not [
            e
            for e in s.list_entities(kind="organization", query="PNC")
            if e is not pnc[0] and e.name == "PNC"
        ]
        assert s.list_cases()


_RESOLUTION_TABLES = {
    "entities": "id, kind, name, countries, protected, mentions, documents, data",
    "entity_mentions": "mention_key, entity_id, doc_id, name",
    "cases": "id, title, countries, first_date, last_date, documents, data",
    "case_documents": "case_id, doc_id",
}


def _dump(store: SQLiteStore) -> dict[str, list[tuple]]:
    return {t: sorted(store.query(f"SELECT {cols} FROM {t}")) for t, cols in _RESOLUTION_TABLES.items()}


def test_replace_resolution_twice_writes_nothing(store):
    refresh_resolution(store)
    entities = store.list_entities(limit=1000)
    cases = store.list_cases(limit=1000)
    before = store._conn.total_changes
    store.replace_resolution(entities, cases)
    assert store._conn.total_changes == before
    refresh_resolution(store)  # the same documents resolve to the same rows: nothing to write
    assert store._conn.total_changes == before


def test_replace_resolution_writes_only_the_difference_and_ends_as_a_full_rewrite(store, tmp_path):
    refresh_resolution(store)
    docs = [r[0] for r in store.query("SELECT id FROM documents ORDER BY seq")]
    old = store.list_entities(limit=1000)
    gone, kept = old[0], old[1]
    moved = Entity(
        id=kept.id,
        kind=kept.kind,
        name=kept.name + " (renamed)",
        names=list(kept.names),
        countries=list(kept.countries),
        mentions=[*kept.mentions, *gone.mentions],  # the dropped entity's mentions move here
    )
    new = Entity(
        id="ent-fictional-new",
        kind="person",
        name="Rosaura Quiñónez",
        mentions=[
            Mention("m-new", docs[2], "person", "Rosaura Quiñónez"),
            Mention("m-x", "absent", "person", "X"),
        ],
    )
    entities = [moved, new, *old[2:]]
    cases = [Case(id="case-1", title="Fictional case", doc_ids=[docs[0], docs[1], "absent"])]
    store.replace_resolution(entities, cases)
    before = store._conn.total_changes
    cases2 = [Case(id="case-2", title="Another fictional case", doc_ids=[docs[1], docs[2]])]
    store.replace_resolution(entities, cases2)  # only the case changes
    # old case row, its 2 links, new row, its 2 links; each row also bumps content_version once
    assert store._conn.total_changes - before == 2 * (1 + 2 + 1 + 2)

    fresh_path = tmp_path / "fresh.db"
    busy, frames, copied = store.checkpoint()  # the copy must hold what the WAL holds
    assert busy == 0 and frames == copied
    shutil.copy(store.path, fresh_path)
    with SQLiteStore(fresh_path) as fresh:
        for table in ("case_documents", "cases", "entity_mentions", "entities"):
            fresh._conn.execute(f"DELETE FROM {table}")
        fresh.replace_resolution(entities, cases2)
        assert _dump(fresh) == _dump(store)
    dump = _dump(store)
    assert gone.id not in {r[0] for r in dump["entities"]}
    assert {r[0] for r in dump["entity_mentions"] if r[1] == kept.id} >= {m.key for m in gone.mentions}
    assert "m-x" not in {r[0] for r in dump["entity_mentions"]}  # its document is not stored
    assert dump["case_documents"] == sorted([("case-2", docs[1]), ("case-2", docs[2])])

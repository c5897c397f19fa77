"""tipwatch/store/base.py: the Store protocol's behaviour, the same on SQLite and PostgreSQL.

Every test takes the parametrized ``store`` of tests/store/conftest.py, so it runs once per
backend; what only one backend does lives in test_sqlite.py or test_postgres.py.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.samples import EN_TEXT, ES_TEXT, PT_TEXT, fill, make_doc, make_facts
from tipwatch.errors import NotFoundError, StoreError
from tipwatch.export.redact import is_protected_entity
from tipwatch.model import AccessRecord, Document, Evidence, User
from tipwatch.resolve.model import AUTO, Case, CaseEvent, Entity, EntitySummary, Judgement, Mention
from tipwatch.store.base import Store


@pytest.fixture
def filled(store):
    fill(store)
    return store


def _table_counts(store):
    return {
        t: store._conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("documents", "blobs", "facts", "doc_countries")
    }


def test_store_satisfies_protocol(store):
    assert isinstance(store, Store)


def test_store_round_trips_document_raw_and_facts(store):
    doc, raw = make_doc(EN_TEXT, published="2021-03-04", title="Arrests")
    facts = make_facts(doc, ["PE"])
    assert store.add_document(doc, raw, facts) is True
    assert store.has_document(doc.id)
    assert store.get_document(doc.id) == doc
    assert store.get_raw(doc.id) == raw
    assert store.get_facts(doc.id) == facts


def test_store_document_survives_reopen(store_url, open_url):
    doc, raw = make_doc(ES_TEXT, language="es")
    first = open_url(store_url)
    first.add_document(doc, raw)
    first.close()
    again = open_url(store_url)
    assert again.get_document(doc.id) == doc
    assert again.get_facts(doc.id) is None


def test_store_same_document_twice_adds_nothing(store):
    doc, raw = make_doc(EN_TEXT)
    assert store.add_document(doc, raw, make_facts(doc, ["PE"]))
    assert store.add_document(doc, raw, make_facts(doc, ["BR"])) is False
    assert store.stats().documents == 1
    assert store.search("trafficking", country="BR") == []  # the second call changed nothing


def test_store_blobs_are_content_addressed(store):
    doc, raw = make_doc(EN_TEXT)
    other = Document(**{**doc.to_dict(), "id": "f" * 64})  # same bytes, another id
    store.add_document(doc, raw)
    store.add_document(other, raw)
    assert _table_counts(store)["blobs"] == 1
    assert store.get_raw(other.id) == raw


def test_store_failed_write_leaves_store_unchanged(filled):
    before = _table_counts(filled)
    doc, raw = make_doc("A new report from Piura about the network of Ramiro Solis Quispe.")
    facts = make_facts(doc, ["PE"])
    facts.persons[0].age = object()  # cannot be written as JSON
    with pytest.raises(TypeError):
        filled.add_document(doc, raw, facts)
    assert _table_counts(filled) == before
    assert not filled.has_document(doc.id)
    assert filled.search("Ramiro") == []


def test_store_facts_for_another_document_are_refused(store):
    doc, raw = make_doc(EN_TEXT)
    other, _ = make_doc(ES_TEXT)
    with pytest.raises(StoreError, match="facts are for document"):
        store.add_document(doc, raw, make_facts(other, []))
    assert not store.has_document(doc.id)


def test_store_get_document_accepts_unique_prefix(filled):
    doc, _ = make_doc(EN_TEXT)
    assert filled.get_document(doc.id[:6]).id == doc.id
    assert filled.get_document(doc.id[:12].upper()).id == doc.id


@pytest.mark.parametrize(
    "ident", ["", "abc", "a" * 5, "0" * 64, "zzzzzzzz", "%%%%%%", "______", "abc\x00def"]
)
def test_store_get_document_unknown_or_short_id_raises_not_found(filled, ident):
    with pytest.raises(NotFoundError):
        filled.get_document(ident)


def test_store_get_document_ambiguous_prefix_raises_not_found(store):
    for n in (1, 2):
        doc, raw = make_doc(f"Report number {n} from Arequipa.")
        store.add_document(Document(**{**doc.to_dict(), "id": f"abcdef{n}" + "0" * 57}), raw)
    with pytest.raises(NotFoundError, match="several"):
        store.get_document("abcdef")
    assert store.get_document("abcdef2").id.startswith("abcdef2")


def test_store_put_facts_replaces_facts_and_countries(filled):
    doc, _ = make_doc(EN_TEXT)
    assert [h.doc_id for h in filled.search("trafficking", country="PE")] == [doc.id]
    filled.put_facts(doc.id[:8], make_facts(doc, ["EC", "co"]))
    assert filled.search("trafficking", country="PE") == []
    assert [h.doc_id for h in filled.search("trafficking", country="CO")] == [doc.id]
    assert [c.value for c in filled.get_facts(doc.id).countries] == ["EC", "co"]


def test_store_put_facts_unknown_document_raises(store):
    doc, _ = make_doc(EN_TEXT)
    with pytest.raises(NotFoundError):
        store.put_facts(doc.id, make_facts(doc, []))


def test_store_search_ranks_and_marks_matches(filled):
    hits = filled.search("Chiclayo trafficking")
    assert len(hits) == 1
    hit = hits[0]
    assert hit.title == "Brick kiln arrests in Chiclayo"
    assert hit.published == "2021-03-04" and hit.language == "en"
    assert "[Chiclayo]" in hit.snippet or "[trafficking]" in hit.snippet
    assert hit.score > 0


def test_store_search_ranks_title_match_first(store):
    a, ra = make_doc("Notes on the harvest in Salta. Nothing else here.", title="Salta harvest notes")
    b, rb = make_doc("A long report on labour. " * 20 + "Salta is mentioned once.", title="Labour report")
    store.add_document(b, rb)
    store.add_document(a, ra)
    assert [h.doc_id for h in store.search("Salta")] == [a.id, b.id]


def test_store_search_is_and_of_terms(filled):
    assert len(filled.search("Ministério")) == 2
    assert len(filled.search("Ministério Quetzaltenango")) == 1
    assert filled.search("Ministério Chiclayo") == []


def test_store_search_phrase_in_quotes(store):
    a, ra = make_doc("Inspectors found forced labour at the Ica vineyard.")
    b, rb = make_doc("The labour was forced on them, inspectors in Ica said.")
    store.add_document(a, ra)
    store.add_document(b, rb)
    assert {h.doc_id for h in store.search("forced labour")} == {a.id, b.id}
    assert [h.doc_id for h in store.search('"forced labour"')] == [a.id]


def test_store_search_ignores_diacritics_and_case(filled):
    assert len(filled.search("ministerio")) == 2
    assert len(filled.search("TRAFICO")) == 1
    assert "[Ministério]" in filled.search("ministerio", language="pt")[0].snippet


def test_store_search_prefix_with_star(filled):
    assert len(filled.search("traffick*")) == 1
    assert len(filled.search("Quetzal*")) == 1
    assert filled.search("Quetzal") == []


@pytest.mark.parametrize(
    ("language", "country", "expected"),
    [
        (None, None, 2),
        ("pt", None, 1),
        ("ES", None, 1),
        ("en", None, 0),
        (None, "gt", 1),
        (None, "BR", 1),
        ("es", "BR", 0),
        (None, "PE", 0),
    ],
)
def test_store_search_filters_language_and_country(filled, language, country, expected):
    assert len(filled.search("Ministério", language=language, country=country)) == expected


def test_store_search_limit(filled):
    assert len(filled.search("Ministério", limit=1)) == 1
    assert filled.search("Ministério", limit=0) == []


HOSTILE = [
    '"',
    '""',
    '"""',
    "*",
    "**",
    "AND OR NOT",
    "AND",
    "NOT trafficking",
    "trafficking OR",
    "NEAR(",
    "NEAR(trata personas",
    "NEAR(a b, 3)",
    "title:trafficking",
    "col:",
    "text:",
    "-trafficking",
    "trafficking -network",
    "(",
    ")",
    "((trata",
    "trata)",
    "'; DROP TABLE documents; --",
    '" OR 1=1 --',
    "^trafficking",
    "trafficking^",
    "{title text}: trata",
    "+",
    "\\",
    "%",
    "_",
    "   ",
    "",
    "\x00",
    "trata\x00personas",
    "ministé\u0301rio",
    "🙂 trata",
    "a" * 5000,
    "MATCH",
    "rank",
    "bm25(documents_fts)",
    "snippet(",
    '"unbalanced phrase',
    'tra"ta',
    "*trata",
    "trata**",
    "a:* & !b",
    "'trata':*",
    "trata <-> personas",
    "trata & | !",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_store_search_hostile_query_never_raises(filled, query):
    hits = filled.search(query)
    assert isinstance(hits, list)
    assert filled.search(query, language=query, country=query) is not None
    assert filled.stats().documents == 3


def test_store_search_operators_typed_as_words_are_words(filled):
    assert len(filled.search("trata OR personas")) == 0  # "or" is not in the text
    assert len(filled.search("-trafficking")) == 1
    assert len(filled.search("title:Chiclayo")) == 0  # "title" is not in the text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_store_search_any_text_never_raises(filled, query):
    assert isinstance(filled.search(query, language="es", country="GT"), list)
    assert isinstance(filled.search(query), list)


def test_store_stats_counts_by_language_format_year(filled):
    doc, raw = make_doc("Undated note from Iquitos.", language=None, fmt="text")
    filled.add_document(doc, raw)
    stats = filled.stats()
    assert stats.documents == 4
    assert stats.facts == 3
    assert stats.by_language == {"en": 1, "es": 1, "pt": 1, "unknown": 1}
    assert stats.by_format == {"html": 1, "pdf": 1, "text": 2}
    assert stats.by_year == {"2019": 1, "2021": 1, "unknown": 2}
    assert stats.to_dict()["documents"] == 4


def test_store_stats_empty_store(store):
    assert store.stats().to_dict() == {
        "documents": 0,
        "by_language": {},
        "by_format": {},
        "by_year": {},
        "documents_with_facts": 0,
    }


def test_store_iter_documents_oldest_first_across_pages(store, monkeypatch):
    monkeypatch.setattr(sys.modules[type(store).__module__], "_PAGE", 2)
    ids = []
    for n in range(5):
        doc, raw = make_doc(f"Fictional bulletin {n} from Cusco.")
        store.add_document(doc, raw)
        ids.append(doc.id)
    assert [d.id for d in store.iter_documents()] == ids


def test_store_readers_see_committed_writes_from_another_connection(store_url, open_url):
    writer, reader = open_url(store_url), open_url(store_url)
    doc, raw = make_doc(PT_TEXT, language="pt")
    writer.add_document(doc, raw)
    assert reader.has_document(doc.id)
    assert len(reader.search("Marabá")) == 1


def test_store_closed_store_refuses_reads(store):
    store.close()
    with pytest.raises(Exception, match="closed"):
        store.stats()


# -- resolution: judgements, entities, mentions, cases ---------------------------------------


def _mention(doc_id: str, name: str, kind: str = "person", country: str | None = "PE") -> Mention:
    return Mention(
        key=f"{doc_id[:12]}:{kind}:{name.lower()}",
        doc_id=doc_id,
        kind=kind,
        name=name,
        evidence=[Evidence(0, len(name), name)],
        country=country,
        data={"roles": ["suspect"]},
    )


@pytest.fixture
def resolved(filled):
    en, _ = make_doc(EN_TEXT)
    es, _ = make_doc(ES_TEXT)
    pt, _ = make_doc(PT_TEXT)
    abel = Entity(
        "ent-abel-0001",
        "person",
        "Abel Ochoa Lizarraga",
        names=["Abel Ochoa Lizarraga", "Abel Ochoa"],
        countries=["PE", "GT"],
        mentions=[_mention(en.id, "Abel Ochoa Lizarraga"), _mention(es.id, "Abel Ochoa", country="GT")],
    )
    nilda = Entity(
        "ent-nilda-002",
        "person",
        "Nilda Carhuas",
        countries=["BR"],
        protected=True,
        mentions=[_mention(pt.id, "Nilda Carhuas", country="BR"), _mention("f" * 64, "Nilda C.")],
    )
    fiscalia = Entity(
        "ent-fisc-0003",
        "organization",
        "Fiscalía de Tapachula",
        countries=["MX"],
        mentions=[_mention(es.id, "Fiscalía de Tapachula", kind="organization", country="MX")],
    )
    case = Case(
        "case-kiln-001",
        "Brick kiln recruitment in Chiclayo",
        doc_ids=[en.id, es.id, "e" * 64],
        entity_ids=[abel.id],
        countries=["PE"],
        exploitation=["forced_labour"],
        events=[
            CaseEvent("arrest", en.id, "2021-03-04", "Chiclayo", "two arrests", [Evidence(0, 6, "Police")]),
            CaseEvent("rescue", es.id, "2019-11", "Quetzaltenango"),
        ],
    )
    other = Case("case-farm-002", "Farm rescue in Marabá", doc_ids=[pt.id], countries=["BR"])
    filled.replace_resolution([abel, nilda, fiscalia], [case, other])
    return {"store": filled, "en": en, "es": es, "pt": pt, "abel": abel, "nilda": nilda, "case": case}


def test_store_judgement_of_analyst_is_not_replaced_by_auto(store):
    store.put_judgement(Judgement("m:b", "m:a", "positive", 0.9, "same name", "lucia"))
    store.put_judgement(Judgement("m:a", "m:b", "negative", 0.2, "model", AUTO))
    [kept] = store.get_judgements()
    assert (kept.left, kept.right, kept.verdict, kept.author) == ("m:a", "m:b", "positive", "lucia")
    store.put_judgement(Judgement("m:a", "m:b", "unsure", None, "second look", "ramiro"))
    assert store.get_judgements()[0].verdict == "unsure"
    assert store.get_judgements(author="lucia") == []


def test_store_auto_judgement_replaces_auto(store):
    store.put_judgement(Judgement("m:c", "m:d", "positive", 0.8, "", AUTO, "2024-01-01T00:00:00+00:00"))
    store.put_judgement(Judgement("m:c", "m:d", "negative", 0.1, "", AUTO))
    assert [j.verdict for j in store.get_judgements(author=AUTO)] == ["negative"]


def test_store_judgements_in_key_order_and_delete(store):
    for left, right in (("m:z", "m:y"), ("m:B", "m:a"), ("m:a", "m:c")):
        store.put_judgement(
            Judgement(left, right, "negative", None, "", "lucia", "2024-05-06T07:08:09+00:00")
        )
    assert [(j.left, j.right) for j in store.get_judgements()] == [
        ("m:B", "m:a"),
        ("m:a", "m:c"),
        ("m:y", "m:z"),
    ]
    assert store.get_judgements()[0].created_at == "2024-05-06T07:08:09+00:00"
    assert store.delete_judgement("m:c", "m:a") is True
    assert store.delete_judgement("m:c", "m:a") is False
    assert len(store.get_judgements()) == 2


def test_store_entities_listed_filtered_and_found(resolved):
    store, abel = resolved["store"], resolved["abel"]
    assert [e.id for e in store.list_entities()] == ["ent-abel-0001", "ent-nilda-002", "ent-fisc-0003"]
    assert [e.id for e in store.list_entities(kind="organization")] == ["ent-fisc-0003"]
    assert [e.id for e in store.list_entities(country="gt")] == ["ent-abel-0001"]
    assert [e.id for e in store.list_entities(query="ochoa")] == ["ent-abel-0001"]
    assert [e.id for e in store.list_entities(query="CARHUAS")] == ["ent-nilda-002"]
    assert [e.id for e in store.list_entities(limit=1, offset=1)] == ["ent-nilda-002"]
    assert store.list_entities(query="%") == []
    assert store.get_entity("ent-abel") == abel
    assert store.get_entity("ent-abel-0001").mentions[1].country == "GT"
    with pytest.raises(NotFoundError):
        store.get_entity("ent-")  # a short prefix matching several
    with pytest.raises(NotFoundError):
        store.get_entity("ent-zzz")


def _summary_of(e: Entity) -> EntitySummary:
    return EntitySummary(
        e.id, e.kind, e.name, e.countries, is_protected_entity(e), len(e.doc_ids), len(e.mentions)
    )


def test_store_entity_summaries_are_entities_without_their_mentions(resolved):
    store, es = resolved["store"], resolved["es"]
    full = store.list_entities()
    assert store.entity_summaries() == [_summary_of(e) for e in full]
    assert [e.protected for e in store.entity_summaries()] == [False, True, False]
    assert [e.id for e in store.entity_summaries(kind="organization")] == ["ent-fisc-0003"]
    assert [e.id for e in store.entity_summaries(country="gt")] == ["ent-abel-0001"]
    assert [e.id for e in store.entity_summaries(query="CARHUAS")] == ["ent-nilda-002"]
    assert [e.id for e in store.entity_summaries(limit=1, offset=1)] == ["ent-nilda-002"]
    assert [e.id for e in store.entity_summaries(doc_id=es.id[:10])] == ["ent-abel-0001", "ent-fisc-0003"]
    assert [e.id for e in store.entity_summaries(ids=["ent-fisc-0003", "nope", "ent-abel-0001"])] == [
        "ent-abel-0001",
        "ent-fisc-0003",
    ]
    assert store.entity_summaries(ids=[]) == []
    assert store.entity_summaries(query="%") == []


def test_store_entity_summary_is_protected_as_the_python_reading_says(store):
    """Unflagged entities protected by one mention only (role, age or its flag) are protected."""
    doc, raw = make_doc(EN_TEXT)
    store.add_document(doc, raw)

    def entity(ident: str, data: dict, flag: bool = False) -> Entity:
        m = Mention(f"{doc.id[:12]}:person:{ident}", doc.id, "person", ident, protected=flag, data=data)
        return Entity(f"ent-{ident}", "person", f"Name {ident}", mentions=[m])

    entities = [
        entity("a", {"roles": ["victim"]}),
        entity("b", {"roles": ["other"], "age": 12}),
        entity("c", {"roles": ["other"], "age": 12.5}),
        entity("d", {}, flag=True),
        entity("e", {"roles": ["suspect"], "age": 40}),
        entity("f", {"roles": "suspect", "age": "12"}),  # malformed: neither a list nor a number
    ]
    store.replace_resolution(entities, [])
    found = {e.id: e.protected for e in store.entity_summaries()}
    assert found == {
        "ent-a": True,
        "ent-b": True,
        "ent-c": True,
        "ent-d": True,
        "ent-e": False,
        "ent-f": False,
    }
    assert found == {e.id: is_protected_entity(e) for e in entities}


def test_store_entities_of_document_and_mentions(resolved):
    store, es = resolved["store"], resolved["es"]
    assert [e.id for e in store.entities_of_document(es.id[:10])] == ["ent-abel-0001", "ent-fisc-0003"]
    key = resolved["abel"].mentions[1].key
    assert store.entity_of_mention(key) == "ent-abel-0001"
    assert store.entity_of_mention("f" * 12 + ":person:nilda c.") is None  # its document is not stored
    assert store.entity_of_mention("no such key") is None


def test_store_cases_listed_filtered_and_found(resolved):
    store, case = resolved["store"], resolved["case"]
    assert [c.id for c in store.list_cases()] == ["case-kiln-001", "case-farm-002"]
    assert [c.id for c in store.list_cases(country="br")] == ["case-farm-002"]
    assert store.get_case("case-kiln") == case
    assert store.get_case("case-kiln").first_date == "2019-11"
    assert [c.id for c in store.cases_of_document(resolved["pt"].id)] == ["case-farm-002"]
    assert [c.id for c in store.cases_of_document(resolved["en"].id)] == ["case-kiln-001"]
    assert store.case_ids_of_document(resolved["en"].id[:12]) == ["case-kiln-001"]
    for full, summary in zip(store.list_cases(), store.case_summaries(), strict=True):
        assert (summary.id, summary.title, summary.documents) == (full.id, full.title, len(full.doc_ids))
        assert (summary.first_date, summary.last_date) == (full.first_date, full.last_date)
        assert (summary.countries, summary.exploitation) == (full.countries, full.exploitation)
        assert (summary.entity_ids, summary.doc_ids) == (full.entity_ids, full.doc_ids[:50])
    assert [c.id for c in store.case_summaries(country="br")] == ["case-farm-002"]
    assert [c.id for c in store.case_summaries(ids=["case-kiln-001", "case-farm-002", "nope"])] == [
        "case-farm-002",
        "case-kiln-001",
    ]
    assert [c.id for c in store.case_summaries(limit=1, offset=1)] == ["case-farm-002"]
    assert [c.id for c in store.case_summaries(entity_id="ent-abel-0001")] == ["case-kiln-001"]
    assert [c.id for c in store.case_summaries(entity_id="ent-abel-0001", country="br")] == []
    assert store.case_summaries(entity_id="ent-abel") == []  # ids, not prefixes
    with pytest.raises(NotFoundError):
        store.get_case("case-")


def test_store_replace_resolution_replaces_everything_but_judgements(resolved):
    store = resolved["store"]
    store.put_judgement(Judgement("m:a", "m:b", "positive", None, "", "lucia"))
    store.replace_resolution([], [])
    assert store.list_entities() == [] and store.list_cases() == []
    assert store.entities_of_document(resolved["en"].id) == []
    assert len(store.get_judgements()) == 1


# -- accounts and the access log ---------------------------------------------------------------


def test_store_users_add_find_list_revoke(store):
    store.add_user(User("lucia", "analyst", "a" * 64, "2024-01-02T03:04:05+00:00"))
    store.add_user(User("abel", "viewer", "b" * 64))
    with pytest.raises(StoreError, match="exists already"):
        store.add_user(User("lucia", "admin", "c" * 64))
    assert store.get_user("lucia") == User("lucia", "analyst", "a" * 64, "2024-01-02T03:04:05+00:00")
    assert store.find_user("b" * 64).name == "abel"
    assert [u.name for u in store.list_users()] == ["abel", "lucia"]
    store.revoke_user("abel")
    assert store.find_user("b" * 64) is None
    assert store.get_user("abel").revoked_at is not None
    with pytest.raises(NotFoundError):
        store.revoke_user("nobody")
    with pytest.raises(NotFoundError):
        store.get_user("nobody")


def test_store_access_log_newest_first_and_by_user(store):
    store.log_access("lucia", "view", "entity:ent-1", "protected")
    store.log_access("abel", "export", "case:c-1")
    store.log_access("lucia", "view", "entity:ent-2")
    log = store.access_log()
    assert [(r.user, r.target) for r in log] == [
        ("lucia", "entity:ent-2"),
        ("abel", "case:c-1"),
        ("lucia", "entity:ent-1"),
    ]
    assert all(isinstance(r, AccessRecord) and r.at for r in log)
    assert [r.target for r in store.access_log(user="lucia", limit=1)] == ["entity:ent-2"]
    assert log[-1].detail == "protected"

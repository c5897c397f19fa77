"""tipwatch/export/bundle.py: entities resolved or grouped from facts, redaction applied once."""

from __future__ import annotations

from exportdata import PROTECTED

from tipwatch.export.bundle import group_facts, make_bundle
from tipwatch.resolve.model import Entity, Mention


def _names(bundle, kind):
    return sorted((e.name, tuple(e.names)) for e in bundle.entities if e.kind == kind)


def test_bundle_groups_facts_by_name_and_alias_when_the_store_is_not_resolved(story_store):
    bundle = make_bundle(story_store)
    assert not bundle.resolved
    orgs = _names(bundle, "organization")
    # "PNC" in the trial and "Policía Nacional Civil" (alias PNC) in the rescue are one body
    assert ("Policía Nacional Civil", ("PNC", "Policía Nacional Civil")) in orgs
    assert len(orgs) == 2
    suspect = [e for e in bundle.entities if e.name == "Rigoberto Letona Paiz"]
    assert len(suspect) == 1 and len(suspect[0].doc_ids) == 2
    for rec in bundle.documents:  # every link names an entity of the bundle
        assert {x.entity_id for x in rec.links} <= {e.id for e in bundle.entities}


def test_group_facts_keeps_one_word_names_apart_across_documents(story_store):
    docs = list(story_store.iter_documents())
    pairs = [(d, story_store.get_facts(d.id)) for d in docs]
    for _, f in pairs:
        f.persons[0].name = "Letona"
    entities = [e for e in group_facts(pairs) if e.name == "Letona"]
    assert len(entities) == 2


def test_bundle_uses_resolved_entities_when_present(story_store):
    docs = {d.name: d.id for d in story_store.iter_documents()}
    entity = Entity(
        "resolved-pnc",
        "organization",
        "National Civil Police",
        names=["PNC", "Policía Nacional Civil"],
        countries=["GT"],
        mentions=[
            Mention(
                "k1",
                docs["rescue.html"],
                "organization",
                "Policía Nacional Civil",
                data={"kind": "law_enforcement"},
            ),
            Mention("k2", docs["trial.html"], "organization", "PNC"),
        ],
    )
    story_store.replace_resolution([entity], [])
    bundle = make_bundle(story_store)
    assert bundle.resolved
    for rec in bundle.documents:
        pnc = [
            x for x in rec.links if x.kind == "organization" and x.name in ("PNC", "Policía Nacional Civil")
        ]
        assert [x.entity_id for x in pnc] == ["resolved-pnc"]
    # facts the resolver did not cover still get an entity each
    assert any(e.name == "Marta Quiñónez" for e in bundle.entities)


def test_redacted_bundle_has_one_placeholder_per_document_and_no_protected_entity(story_store):
    docs = {d.name: d.id for d in story_store.iter_documents()}
    victim = Entity(
        "resolved-victim",
        "person",
        "Yesenia Saquic",
        names=["Yesenia Saquic"],
        protected=True,
        mentions=[Mention("k3", docs["rescue.html"], "person", "Yesenia Saquic", protected=True)],
    )
    story_store.replace_resolution([victim], [])
    bundle = make_bundle(story_store, redact=True)
    assert "resolved-victim" not in {e.id for e in bundle.entities}
    placeholders = [e for e in bundle.entities if e.protected]
    assert [(e.name, e.doc_ids) for e in placeholders] == [("victim 1", [docs["rescue.html"]])]
    rescue = next(r for r in bundle.documents if r.doc.name == "rescue.html")
    assert rescue.doc.path is None
    assert "victim 1, 14, from a bar" in rescue.doc.text
    assert not any(n in repr(bundle) for n in PROTECTED)

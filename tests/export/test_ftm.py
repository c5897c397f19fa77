"""tipwatch/export/ftm.py: the output is read back and validated by followthemoney itself."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from exportdata import PROTECTED
from followthemoney import model
from followthemoney.cli.cli import cli as ftm_cli

from tipwatch.export import export


def ftm_entities(text: str) -> list:
    """Each line re-parsed by followthemoney with full validation; nothing may be dropped."""
    proxies = []
    for line in text.splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # re-validates and normalises every value
        assert proxy.schema.name == data["schema"]
        assert {p: sorted(v) for p, v in proxy.properties.items()} == {
            p: sorted(v) for p, v in data["properties"].items()
        }, f"followthemoney changed or dropped values of {data['id']}"
        for prop in proxy.schema.required:
            assert proxy.get(prop), f"{data['schema']} {data['id']} lacks {prop}"
        proxies.append(proxy)
    ids = [p.id for p in proxies]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    known = set(ids)
    for p in proxies:  # every reference points at an entity of the file, of a schema the range allows
        for prop, value in p.itervalues():
            if prop.type.name == "entity":
                target = next(x for x in proxies if x.id == value)
                assert value in known and target.schema.is_a(prop.range), (p.schema, prop.name, target.schema)
    return proxies


def _ftm(store, redact=False) -> str:
    out = io.StringIO()
    export(store, "ftm", out, redact=redact)
    return out.getvalue()


def test_ftm_export_validates_and_links_documents_to_entities(story_store):
    proxies = ftm_entities(_ftm(story_store))
    by_schema: dict[str, list] = {}
    for p in proxies:
        by_schema.setdefault(p.schema.name, []).append(p)
    assert len(by_schema["Article"]) == 2
    assert sorted(p.caption for p in by_schema["Person"]) == [
        "Marta Quiñónez", "Rigoberto Letona Paiz", "Yesenia Saquic",
    ]  # fmt: skip
    orgs = {p.caption: p for p in by_schema["Organization"]}
    assert set(orgs) == {"Policía Nacional Civil", "Fundación Sobrevivientes"}
    assert orgs["Policía Nacional Civil"].get("alias") == ["PNC"]
    assert orgs["Policía Nacional Civil"].get("classification") == ["law_enforcement"]
    assert {p.caption for p in by_schema["Address"]} == {"Escuintla", "Guatemala City"}
    suspect = next(p for p in by_schema["Person"] if p.caption == "Rigoberto Letona Paiz")
    docs_of_suspect = [d for d in by_schema["Documentation"] if d.get("entity") == [suspect.id]]
    assert len(docs_of_suspect) == 2 and all(d.get("role") == ["suspect"] for d in docs_of_suspect)
    assert any("was arrested" in s for d in docs_of_suspect for s in d.get("summary"))
    events = [p for p in by_schema["Event"] if p.get("keywords") == ["rescue"]]
    assert events and events[0].get("date") == ["2021-03-02"]
    article = by_schema["Article"][0]
    assert article.get("language") == ["eng"] and article.get("bodyText")


def test_ftm_validate_command_accepts_the_export(story_store, tmp_path):
    path = tmp_path / "out.ftm.json"
    path.write_text(_ftm(story_store), encoding="utf-8")
    result = CliRunner().invoke(ftm_cli, ["validate", "-i", str(path), "-o", str(tmp_path / "valid.json")])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "valid.json").read_text().splitlines()) == len(path.read_text().splitlines())


def test_ftm_redacted_has_placeholder_person_and_no_protected_name(story_store):
    text = _ftm(story_store, redact=True)
    proxies = ftm_entities(text)
    assert [n for n in PROTECTED if n in text] == []
    persons = sorted(p.caption for p in proxies if p.schema.name == "Person")
    assert persons == ["Marta Quiñónez", "Rigoberto Letona Paiz", "victim 1"]


def _shared_seeds(shared):
    seeds = shared / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/corpus/seeds is not beside the repository")
    return seeds


@pytest.mark.slow
def test_ftm_export_of_the_shared_seeds_validates(shared, tmp_path, settings, extractor):
    from tipwatch.ingest import iter_files
    from tipwatch.store.batch import ingest_items
    from tipwatch.store.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "seeds.db")
    try:
        outcomes = list(ingest_items(store, list(iter_files([_shared_seeds(shared)])), settings, extractor))
        assert all(o.status == "added" for o in outcomes)
        proxies = ftm_entities(_ftm(store))
    finally:
        store.close()
    # names from the seeds are looked up by surname or acronym only (no shared full name here)
    persons = [p for p in proxies if p.schema.name == "Person"]
    for surname in ("Barrientos", "Becerra"):
        assert len([p for p in persons if surname in p.caption]) == 1, surname
    orgs = [p for p in proxies if p.schema.is_a("Organization")]
    pnc = [p for p in orgs if {"PNC", "National Civil Police"} & set(p.get("name") + p.get("alias"))]
    assert len(pnc) == 1 and {"PNC", "National Civil Police"} <= set(pnc[0].get("name") + pnc[0].get("alias"))

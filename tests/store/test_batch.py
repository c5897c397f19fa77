"""tipwatch/store/batch.py: the loop goes on past a bad file and never half-stores a document."""

from __future__ import annotations

import pytest

from tipwatch.errors import ConfigError, ExtractionError, IngestError, StoreError
from tipwatch.model import Document, Evidence, Facts, Label
from tipwatch.store import batch
from tipwatch.store.batch import Outcome, extract_facts, extract_items, ingest_paths
from tipwatch.store.sqlite import SQLiteStore

GOOD = {
    "cusco.txt": "Inspectors in Cusco found nine teenagers working at a quarry without pay.\n\n"
    "Prosecutor Nilda Carhuas Quispe said the recruiter, Abel Ochoa Lizarraga, promised them "
    "jobs in a hotel and kept their identity cards.\n",
    "recife.txt": "A polícia de Recife prendeu Severino Bastos Correia, suspeito de aliciar mulheres "
    "para exploração sexual em bares do porto.\n\nSegundo a delegada Iracema Queiroz, a quadrilha "
    "anunciava falsas vagas de emprego na internet.\n",
    "tapachula.txt": "La Fiscalía de Tapachula rescató a doce migrantes obligados a mendigar en el "
    "centro de la ciudad.\n\nEl detenido, Teodoro Pineda Mejía, les cobraba una cuota diaria, "
    "según la fiscal Ximena Valdivia Ruiz.\n",
}


class CountryExtractor:
    """A stand-in extractor: one country per fictional city cue, with evidence; records calls."""

    CUES = {"Cusco": "PE", "Recife": "BR", "Tapachula": "MX"}

    def __init__(self, fail_on: str | None = None, exc: Exception | None = None) -> None:
        self.seen: list[str] = []
        self.fail_on, self.exc = fail_on, exc

    def extract(self, doc: Document) -> Facts:
        self.seen.append(doc.name)
        if self.fail_on and self.fail_on in doc.text:
            raise self.exc or ExtractionError(doc.name, "no sentences")
        countries = []
        for cue, cc in self.CUES.items():
            at = doc.text.find(cue)
            if at >= 0:
                countries.append(Label(cc, [Evidence(at, at + len(cue), cue)]))
        return Facts(doc=doc.name, doc_id=doc.id, language=doc.language, countries=countries)


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for name, text in GOOD.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "b.db") as s:
        yield s


def _snapshot(store):
    return {
        t: store._conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
        for t in ("documents", "blobs", "facts", "doc_countries")
    }


def test_ingest_paths_stores_documents_with_facts(store, folder, settings):
    outcomes = list(ingest_paths(store, [folder], settings, CountryExtractor()))
    assert [o.status for o in outcomes] == ["added"] * 3
    assert store.stats().documents == 3 and store.stats().facts == 3
    hit = store.search("quarry", country="PE")
    assert len(hit) == 1 and hit[0].doc_id == outcomes[0].doc_id
    assert store.get_raw(outcomes[0].doc_id) == (folder / "cusco.txt").read_bytes()


def test_ingest_paths_duplicates_add_nothing_and_skip_extraction(store, folder, settings):
    list(ingest_paths(store, [folder], settings, CountryExtractor()))
    before = _snapshot(store)
    (folder / "copy_of_cusco.txt").write_bytes((folder / "cusco.txt").read_bytes())
    extractor = CountryExtractor()
    outcomes = list(ingest_paths(store, [folder], settings, extractor))
    assert sorted(o.status for o in outcomes) == ["duplicate"] * 4
    assert extractor.seen == []
    assert _snapshot(store) == before


@pytest.mark.parametrize("exc", [None, RuntimeError("index out of range\nat token 7"), KeyError("PER")])
def test_ingest_paths_extraction_failure_is_one_line_and_changes_nothing(store, folder, settings, exc):
    list(ingest_paths(store, [folder / "cusco.txt"], settings, CountryExtractor()))
    before = _snapshot(store)
    extractor = CountryExtractor(fail_on="Recife", exc=exc)
    outcomes = {o.path: o for o in ingest_paths(store, [folder], settings, extractor)}
    failed = outcomes[str(folder / "recife.txt")]
    assert failed.status == "failed" and failed.is_failed
    assert failed.reason.startswith("extraction failed: ")
    assert "\n" not in failed.summary()
    assert failed.summary().startswith(f"{folder / 'recife.txt'}: extraction failed: ")
    assert outcomes[str(folder / "tapachula.txt")].status == "added"
    assert outcomes[str(folder / "cusco.txt")].status == "duplicate"
    after = _snapshot(store)
    assert after["documents"][: len(before["documents"])] == before["documents"]
    assert store.stats().documents == 2
    assert store.search("Recife") == []


def test_ingest_paths_bad_files_are_outcomes(store, folder, settings, tmp_path):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.bin").write_bytes(bytes(range(256)) * 16)
    missing = tmp_path / "gone.txt"
    outcomes = list(ingest_paths(store, [folder, missing], settings, CountryExtractor()))
    failed = {o.path for o in outcomes if o.status == "failed"}
    assert failed == {str(folder / "empty.txt"), str(folder / "noise.bin"), str(missing)}
    assert store.stats().documents == 3


def test_ingest_paths_unexpected_reader_error_goes_on(store, folder, settings, monkeypatch):
    real = batch.read_file

    def flaky(path, settings):
        if path.name == "recife.txt":
            raise ValueError("pypdf choked")
        return real(path, settings)

    monkeypatch.setattr(batch, "read_file", flaky)
    outcomes = {o.path.rsplit("/", 1)[-1]: o for o in ingest_paths(store, [folder], settings, None)}
    assert outcomes["recife.txt"].reason == "cannot read: ValueError: pypdf choked"
    assert store.stats().documents == 2


def test_ingest_paths_without_extractor_stores_no_facts(store, folder, settings):
    outcomes = list(ingest_paths(store, [folder], settings, None))
    assert all(o.status == "added" for o in outcomes)
    assert store.stats().facts == 0
    assert store.get_facts(outcomes[0].doc_id) is None


def test_ingest_paths_store_error_stops_the_batch(store, folder, settings, monkeypatch):
    def broken(doc, raw, facts=None):
        raise StoreError("b.db: write failed: disk I/O error")

    monkeypatch.setattr(store, "add_document", broken)
    with pytest.raises(StoreError):
        list(ingest_paths(store, [folder], settings, CountryExtractor()))


def test_ingest_paths_config_error_in_extractor_stops_the_batch(store, folder, settings):
    extractor = CountryExtractor(fail_on="Cusco", exc=ConfigError("model_en: no such spaCy pipeline"))
    with pytest.raises(ConfigError):
        list(ingest_paths(store, [folder], settings, extractor))


def test_extract_facts_wraps_unexpected_errors():
    doc = Document(id="a" * 64, name="x.txt", format="text", text="Cusco")
    with pytest.raises(
        ExtractionError, match=r"x.txt: extraction failed: ZeroDivisionError: division by zero"
    ):
        extract_facts(CountryExtractor(fail_on="Cusco", exc=ZeroDivisionError("division by zero")), doc)
    assert extract_facts(CountryExtractor(), doc).countries[0].value == "PE"


def test_extract_items_gives_facts_and_stores_nothing(folder, settings):
    items = [folder / "cusco.txt", IngestError(folder / "nope.txt", "no such file"), folder / "recife.txt"]
    outcomes = list(extract_items(items, settings, CountryExtractor(fail_on="Recife")))
    assert [o.status for o in outcomes] == ["extracted", "failed", "failed"]
    assert outcomes[0].facts.countries[0].value == "PE"
    assert outcomes[1].summary() == f"{folder / 'nope.txt'}: no such file"


@pytest.mark.parametrize(
    ("outcome", "line"),
    [
        (Outcome("a/b.txt", "failed", reason="the file is empty"), "a/b.txt: the file is empty"),
        (Outcome("a/b.txt", "duplicate", "0123456789abcdef"), "a/b.txt: already stored as 0123456789ab"),
        (
            Outcome(
                "a/b.txt", "added", "0123456789abcdef", title="Raid in Cusco", language="en", published="2020"
            ),
            "a/b.txt: added 0123456789ab 'Raid in Cusco' (en, 2020)",
        ),
        (Outcome("a/b.txt", "added", "0123456789abcdef"), "a/b.txt: added 0123456789ab"),
    ],
)
def test_outcome_summary_is_one_line(outcome, line):
    assert outcome.summary() == line

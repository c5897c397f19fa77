"""tipwatch/serve/cli.py through click's CliRunner, on a real SQLite store in tmp_path.

The documents are fictional and written here. Most tests swap the extractor for a small
keyword one (the real one loads spaCy, which is slow and tested in tests/extract); the
end-to-end test on the shared seeds uses the real one.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import tipwatch
from tipwatch.errors import ExtractionError
from tipwatch.extract.contract import to_contract
from tipwatch.model import Document, Evidence, Facts, Label, Person
from tipwatch.serve import cli as cli_module
from tipwatch.serve.cli import cli

EN_TEXT = """Brick kiln raid in Chiclayo

Police in Chiclayo arrested two men suspected of human trafficking on Tuesday, after
inspectors found eleven teenagers from Cajamarca working without pay at a brick kiln.
Prosecutor Lucia Farfan Huaman said the trafficking network recruited the teenagers with
promises of work in a restaurant and moved them by night bus.
"""

ES_TEXT = """---
title: Rescatan a once víctimas de trata en Quetzaltenango
date: 2019-11-14
author: Redacción
---

La Fiscalía contra la Trata de Personas rescató a once víctimas en Quetzaltenango y detuvo
a Ernesto Cuxil Batz, señalado como reclutador de la red. Según el Ministério Público, las
víctimas eran obligadas a trabajar en un bar de la zona 3 sin recibir salario.
"""

PT_HTML = """<!DOCTYPE html>
<html lang="pt"><head><title>Resgate em Marabá</title>
<meta name="author" content="Redação"><meta property="article:published_time" content="2022-06-08"></head>
<body>
<nav><a href="/">Início</a> <a href="/politica">Política</a> <a href="/busca">Buscar neste site</a></nav>
<article><h1>Trabalhadores resgatados em fazenda de Marabá</h1>
<p>O Ministério Público do Trabalho resgatou 23 trabalhadores em condições análogas à escravidão
numa fazenda em Marabá, no sudeste do Pará, durante uma operação na semana passada.</p>
<p>Segundo a procuradora Helena Tavares Brum, os trabalhadores foram aliciados no Maranhão com
promessas de salário e ficaram presos por dívidas na cantina da fazenda. Há indícios de tráfico de
pessoas para fins de trabalho escravo, disse ela.</p>
<p>O proprietário da fazenda, Otávio Nunes Garcez, foi autuado e deve pagar as verbas rescisórias.</p>
</article>
<footer>© 2022 Jornal Fictício do Norte. Todos os direitos reservados.</footer>
</body></html>
"""

COUNTRIES = {"Chiclayo": "PE", "Quetzaltenango": "GT", "Marabá": "BR"}


class KeywordExtractor:
    """A stand-in extractor: countries from a few fictional place cues, with evidence."""

    calls = 0

    def extract(self, doc: Document) -> Facts:
        KeywordExtractor.calls += 1
        countries = []
        for word, cc in COUNTRIES.items():
            at = doc.text.find(word)
            if at >= 0:
                countries.append(Label(cc, [Evidence(at, at + len(word), word)]))
        persons = [Person("Lucia Farfan Huaman", ["official"], countries[0].evidence)] if countries else []
        return Facts(
            doc=doc.name,
            doc_id=doc.id,
            language=doc.language,
            published=doc.published,
            countries=countries,
            persons=persons,
        )


class BreaksOnBrazil(KeywordExtractor):
    """Fails on the Portuguese document, with an unexpected exception or an ExtractionError."""

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def extract(self, doc: Document) -> Facts:
        if "Marabá" in doc.text:
            raise self.exc
        return super().extract(doc)


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("TIPWATCH_DB_URL", url)
    monkeypatch.setenv("TIPWATCH_LOG_LEVEL", "WARNING")
    return tmp_path / "cli.db"


@pytest.fixture
def keyword_extractor(monkeypatch):
    KeywordExtractor.calls = 0
    monkeypatch.setattr(cli_module, "make_extractor", lambda settings: KeywordExtractor())


def write_good(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / "chiclayo.txt", folder / "sub" / "quetzaltenango.md", folder / "maraba.html"]
    files[1].parent.mkdir(exist_ok=True)
    for path, text in zip(files, (EN_TEXT, ES_TEXT, PT_HTML), strict=True):
        path.write_text(text, encoding="utf-8")
    return files


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    write_good(folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.bin").write_bytes(random.Random(4).randbytes(4096))
    return folder


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def stats_json() -> dict:
    result = run("stats", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_ingest_names_bad_files_and_exits_1(db, corpus, keyword_extractor):
    result = run("ingest", str(corpus))
    assert result.exit_code == 1
    bad_lines = result.stderr.strip().splitlines()
    assert len(bad_lines) == 2
    assert any(line.startswith(str(corpus / "empty.txt") + ": ") for line in bad_lines)
    assert any(line.startswith(str(corpus / "noise.bin") + ": ") for line in bad_lines)
    assert "Traceback" not in result.output
    assert result.stdout.strip().splitlines()[-1] == "ingested 3 documents, 0 already stored, 2 failed"
    assert stats_json()["documents"] == 3


def test_cli_ingest_twice_adds_nothing(db, corpus, keyword_extractor):
    run("ingest", str(corpus))
    before = stats_json()
    calls = KeywordExtractor.calls
    second = run("ingest", str(corpus))
    assert second.exit_code == 1
    assert second.stdout.strip().splitlines()[-1] == "ingested 0 documents, 3 already stored, 2 failed"
    assert stats_json() == before
    assert KeywordExtractor.calls == calls  # duplicates are not extracted again


def test_cli_ingest_all_good_exits_0(db, tmp_path, keyword_extractor):
    files = write_good(tmp_path / "good")
    result = run("ingest", "--verbose", *map(str, files))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 4 and all(": added " in line for line in lines[:3])
    assert lines[-1] == "ingested 3 documents, 0 already stored, 0 failed"


def test_cli_ingest_missing_path_is_reported(db, tmp_path, keyword_extractor):
    files = write_good(tmp_path / "good")
    missing = tmp_path / "nowhere.txt"
    result = run("ingest", str(files[0]), str(missing))
    assert result.exit_code == 1
    assert str(missing) in result.stderr
    assert stats_json()["documents"] == 1


@pytest.mark.parametrize(
    "exc", [RuntimeError("model\nexploded"), ExtractionError("maraba.html", "no sentences")]
)
def test_cli_ingest_extraction_failure_skips_document_only(db, tmp_path, monkeypatch, exc):
    monkeypatch.setattr(cli_module, "make_extractor", lambda settings: BreaksOnBrazil(exc))
    folder = tmp_path / "good"
    write_good(folder)
    result = run("ingest", str(folder))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(str(folder / "maraba.html") + ": extraction failed: ")
    assert stats_json()["documents"] == 2
    assert json.loads(run("search", "Marabá", "--json").stdout) == []


def test_cli_ingest_loads_extractor_once(db, corpus, monkeypatch):
    made = []

    def make(settings):
        made.append(settings)
        return KeywordExtractor()

    monkeypatch.setattr(cli_module, "make_extractor", make)
    run("ingest", str(corpus))
    assert len(made) == 1


def test_cli_ingest_progress_bar_only_on_terminal(db, tmp_path, keyword_extractor, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(cli_module.PROGRESS_MIN_FILES + 2):
        (folder / f"bulletin_{n:02d}.txt").write_text(
            f"Bulletin {n}: inspectors in Chiclayo visited kiln number {n} and found no workers.\n",
            encoding="utf-8",
        )
    piped = run("ingest", str(folder))
    assert piped.exit_code == 0
    assert piped.stderr == ""
    monkeypatch.setattr(cli_module, "_stderr_is_terminal", lambda: True)
    (folder / "bulletin_new.txt").write_text("Bulletin new: a further visit in Chiclayo.\n", encoding="utf-8")
    tty = run("ingest", str(folder))
    assert tty.exit_code == 0
    assert "file" in tty.stderr and "|" in tty.stderr  # tqdm's bar
    assert tty.stdout.strip().splitlines()[-1] == "ingested 1 documents, 22 already stored, 0 failed"


def test_cli_search_returns_ranked_hits(db, corpus, keyword_extractor):
    run("ingest", str(corpus))
    result = run("search", "trafficking")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split()
    assert len(first[0]) == 12
    assert "[trafficking]" in result.stdout


def test_cli_search_json_has_full_ids_and_snippets(db, corpus, keyword_extractor):
    run("ingest", str(corpus))
    hits = json.loads(run("search", "ministerio", "--json").stdout)
    assert len(hits) == 2
    assert {h["language"] for h in hits} == {"es", "pt"}
    assert all(len(h["doc_id"]) == 64 and "[Ministério]" in h["snippet"] for h in hits)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), 2),
        (("--lang", "pt"), 1),
        (("--country", "gt"), 1),
        (("--country", "PE"), 0),
        (("--limit", "1"), 1),
    ],
)
def test_cli_search_filters(db, corpus, keyword_extractor, options, expected):
    run("ingest", str(corpus))
    result = run("search", "ministerio", "--json", *options)
    assert len(json.loads(result.stdout)) == expected


@pytest.mark.parametrize(
    "query", ['"', "NEAR(", "AND OR NOT", "title:x", "-", "(((", "'; DROP TABLE documents; --", "*"]
)
def test_cli_search_fts_syntax_never_crashes(db, corpus, keyword_extractor, query):
    run("ingest", str(corpus))
    result = run("search", query, "--json")
    assert result.exit_code == 0
    assert isinstance(json.loads(result.stdout), list)
    assert stats_json()["documents"] == 3


def test_cli_search_no_hits_says_so(db, corpus, keyword_extractor):
    run("ingest", str(corpus))
    result = run("search", "Tegucigalpa")
    assert result.exit_code == 0 and result.stdout == "" and "no hits" in result.stderr


def test_cli_stats_counts(db, corpus, keyword_extractor):
    run("ingest", str(corpus))
    stats = stats_json()
    assert stats["documents"] == 3
    assert stats["by_language"] == {"en": 1, "es": 1, "pt": 1}
    assert sum(stats["by_format"].values()) == 3
    assert stats["documents_with_facts"] == 3
    text = run("stats").stdout
    assert text.startswith("documents: 3") and "by language: en 1, es 1, pt 1" in text


def _doc_id(query: str) -> str:
    return json.loads(run("search", query, "--json").stdout)[0]["doc_id"]


def test_cli_show_prints_metadata_and_text(db, corpus, keyword_extractor):
    run("ingest", str(corpus))
    doc_id = _doc_id("Quetzaltenango")
    result = run("show", doc_id[:8])
    assert result.exit_code == 0
    assert f"id: {doc_id}" in result.stdout
    assert "language: es" in result.stdout
    assert "Ernesto Cuxil Batz" in result.stdout


@pytest.mark.parametrize("ident", ["0000000000", "abc"])
def test_cli_show_unknown_id_is_one_error_line(db, corpus, keyword_extractor, ident):
    run("ingest", str(corpus))
    result = run("show", ident)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no document with id")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_cli_facts_json_is_the_contract(db, corpus, keyword_extractor):
    run("ingest", str(corpus))
    doc_id = _doc_id("Chiclayo")
    result = run("facts", doc_id, "--json")
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["countries"] == ["PE"]
    assert out["doc"] == "chiclayo.txt" and out["doc_id"] == doc_id
    assert out["persons"][0]["evidence"][0]["quote"] == "Chiclayo"


def test_cli_facts_listing_shows_evidence(db, corpus, keyword_extractor):
    run("ingest", str(corpus))
    listing = run("facts", _doc_id("Chiclayo")[:10]).stdout
    assert 'countries:\n  - PE\n      "Chiclayo" [' in listing
    assert "  - Lucia Farfan Huaman: official" in listing
    assert "money: -" in listing


def test_cli_extract_jsonl_one_object_per_document(db, corpus, keyword_extractor):
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    result = run("extract", *map(str, files), "--format", "jsonl")
    assert result.exit_code == 1
    objs = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(o["doc"] for o in objs) == ["chiclayo.txt", "maraba.html", "quetzaltenango.md"]
    assert {o["language"] for o in objs} == {"en", "es", "pt"}
    assert len(result.stderr.strip().splitlines()) == 2
    assert not Path(db).exists() or stats_json()["documents"] == 0  # extract stores nothing


def test_cli_extract_json_and_table(db, tmp_path, keyword_extractor):
    files = write_good(tmp_path / "good")
    as_json = run("extract", str(files[0]), str(files[2]), "--format", "json")
    assert as_json.exit_code == 0
    assert [o["countries"] for o in json.loads(as_json.stdout)] == [["PE"], ["BR"]]
    table = run("extract", str(files[0]), "--format", "table")
    assert "document: chiclayo.txt" in table.stdout and "  - PE" in table.stdout


def test_cli_extract_failure_goes_on(db, tmp_path, monkeypatch):
    monkeypatch.setattr(cli_module, "make_extractor", lambda settings: BreaksOnBrazil(ValueError("bad span")))
    files = write_good(tmp_path / "good")
    result = run("extract", *map(str, files))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr.strip() == f"{files[2]}: extraction failed: ValueError: bad span"


def test_cli_extract_uses_contract_shape(db, tmp_path, keyword_extractor):
    files = write_good(tmp_path / "good")
    obj = json.loads(run("extract", str(files[0])).stdout)
    doc = Document(id=obj["doc_id"], name="chiclayo.txt", format="text", text="")
    assert set(obj) == set(to_contract(Facts(doc=doc.name, doc_id=doc.id)))


def test_cli_config_error_is_one_line(db, monkeypatch):
    monkeypatch.setenv("TIPWATCH_DB_URL", "postgresql://analyst:s3cret@db.example/tip")
    result = run("stats")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "PostgreSQL" in result.stderr
    assert "s3cret" not in result.stderr and "Traceback" not in result.output


def test_cli_bad_log_level_is_one_line(db, monkeypatch):
    monkeypatch.setenv("TIPWATCH_LOG_LEVEL", "CHATTY")
    result = run("stats")
    assert result.exit_code == 1 and result.stderr.startswith("Error: TIPWATCH_LOG_LEVEL")


def test_cli_version():
    result = run("--version")
    assert result.exit_code == 0 and tipwatch.__version__ in result.stdout


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_cli_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: cli {command}" in result.stdout or f"Usage: tipwatch {command}" in result.stdout
    assert len(cli.commands[command].help or "") > 40


@pytest.mark.slow
@pytest.mark.issue(3)
def test_cli_seeds_end_to_end(db, tmp_path, shared):
    """Issue 3's check on the five seeds (the shared fixture skips without ../shared)."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in sorted((shared / "corpus" / "seeds").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.bin").write_bytes(random.Random(7).randbytes(4096))
    first = run("ingest", str(folder))
    assert first.exit_code == 1
    assert str(folder / "empty.txt") in first.stderr and str(folder / "random.bin") in first.stderr
    assert len(first.stderr.strip().splitlines()) == 2
    second = run("ingest", str(folder))
    assert second.exit_code == 1
    assert stats_json()["documents"] == 5
    hits = json.loads(run("search", "trafficking", "--json").stdout)
    assert len(hits) >= 3
    cable = [h for h in hits if h["name"].startswith("002_")]
    assert cable and cable[0]["published"] == "2008-02-27"


def test_cli_multiline_library_error_prints_one_line(db, tmp_path, monkeypatch):
    from tipwatch.errors import ConfigError

    error = ConfigError("cues/en/places.yaml: invalid YAML: while parsing\n  in line 3\n    ^")
    monkeypatch.setattr(cli_module, "make_extractor", lambda settings: BreaksOnBrazil(error))
    result = run("ingest", str(write_good(tmp_path / "good")[2]))
    assert result.exit_code == 1
    assert result.stderr == "Error: cues/en/places.yaml: invalid YAML: while parsing in line 3 ^\n"

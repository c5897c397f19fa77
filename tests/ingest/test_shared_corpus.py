"""The ingest stage on the shared seed and dev documents, checked against the gold files.

Reads ../shared at test time (never copied here): language and published must match the gold;
the site-wrapper phrases that the annotation notes list as "not counted" must not reach the
text; a cable's routing lines must be in meta, not in the text.
"""

import json
import re
from pathlib import Path

import pytest

from tipwatch.ingest import read_file
from tipwatch.ingest.boilerplate import is_boilerplate
from tipwatch.settings import Settings

SHARED = Path(__file__).parents[2] / ".." / "shared" / "corpus"
pytestmark = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/corpus is not here (shared corpus absent)"
)

ROUTING_RE = re.compile(
    r"^(?:VZCZC|RR? |PP? |OO? |DE |ZNR |FM |TO |INFO |UNCLAS|SIPDIS|SENSITIVE|DEPT FOR|E\.O\.|TAGS)"
)


def _gold() -> dict[str, dict]:
    gold: dict[str, dict] = {}
    for path in (SHARED / "gold" / "seeds.jsonl", SHARED / "dev" / "gold.jsonl"):
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    gold[record["doc"]] = record
    return gold


def _documents() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted((SHARED / "seeds").glob("*.txt")) + sorted(
        p for p in (SHARED / "dev" / "docs").iterdir() if p.is_file()
    )


def _not_counted_phrases() -> list[str]:
    """Quoted wrapper phrases from the "Not counted" notes (read at test time, never stored)."""
    phrases: list[str] = []
    for notes in (SHARED / "gold" / "NOTES.md", SHARED / "dev" / "NOTES.md"):
        text = notes.read_text(encoding="utf-8") if notes.is_file() else ""
        for block in re.findall(r"Not counted:.*?(?=\n- [A-Z`]|\n## |\Z)", text, re.S):
            for phrase in re.findall(r"\"([^\"]+)\"", block):
                phrase = " ".join(phrase.replace("...", "").split())
                # Only wrapper text that reads as a phrase with a capital; lone words like "related" are too common.
                if phrase[:1].isupper() and len(phrase) >= 6:
                    phrases.append(phrase)
    return phrases


DOCS = _documents()
GOLD = _gold()


@pytest.fixture(scope="module")
def ingested():
    settings = Settings()
    return {path.name: (read_file(path, settings)[0], path) for path in DOCS}


@pytest.mark.parametrize("name", [p.name for p in DOCS])
def test_shared_document_language_and_published_match_gold(ingested, name):
    doc, _ = ingested[name]
    gold = GOLD[name]
    assert doc.language == gold["language"]
    assert doc.published == gold["published"]


def test_shared_documents_all_have_gold():
    assert DOCS and all(p.name in GOLD for p in DOCS)


def test_shared_wrapper_phrases_stay_out_of_the_text(ingested):
    phrases = _not_counted_phrases()
    assert len(phrases) >= 5, phrases
    for name, (doc, _) in ingested.items():
        for phrase in phrases:
            assert phrase not in doc.text, (name, phrase)


def test_shared_texts_have_no_wrapper_lines(ingested):
    for name, (doc, _) in ingested.items():
        wrapper = [line for line in doc.text.split("\n") if line.strip() and is_boilerplate(line)]
        assert not wrapper, (name, wrapper)


def test_shared_texts_are_tidy(ingested):
    for name, (doc, _) in ingested.items():
        assert "\n\n\n" not in doc.text, name
        assert "&nbsp;" not in doc.text and "&eacute;" not in doc.text, name
        assert not re.search(r"[\x80-\x9f]", doc.text), name
        assert "<p>" not in doc.text and "![](" not in doc.text, name


def test_shared_cable_routing_is_meta_not_text(ingested):
    cables = [(doc, path) for doc, path in ingested.values() if doc.format == "cable"]
    assert cables, "no shared document was read as a cable"
    for doc, path in cables:
        raw_lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        subject_at = next(i for i, ln in enumerate(raw_lines) if ln.startswith("SUBJECT:"))
        routing = [ln for ln in raw_lines[:subject_at] if ROUTING_RE.match(ln)]
        assert len(routing) >= 8
        text_lines = set(doc.text.split("\n"))
        assert not [ln for ln in routing if ln in text_lines]
        fm_line = next(ln for ln in routing if ln.startswith("FM "))
        assert doc.meta["from"] == fm_line[3:].strip()
        assert doc.meta["to"] and doc.meta["info"] and doc.meta["tags"] and doc.meta["classification"]
        assert doc.meta["subject"] == raw_lines[subject_at][len("SUBJECT:") :].strip() == doc.title
        assert doc.text.split("\n")[-1] == raw_lines[-1]  # the signature ends the text
        assert doc.text.split("\n\n")[1].startswith("¶1.")  # the body starts at the first paragraph

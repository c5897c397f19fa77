"""The shared real documents stay in ../shared: none of their people or wording is copied here.

Analysts' trust and the hidden evaluation both depend on extraction being general: a rule
that names a person from a shared document, or a cue lifted from its sentences, is tuning
to one document. These tests read the shared corpus (when it is beside the repository)
and check every text file of the repository against it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
SUFFIXES = {".py", ".yaml", ".yml", ".tsv", ".txt", ".md", ".json", ".jsonl", ".html", ".toml", ".cfg"}
SKIP_DIRS = {".venv", ".git", "build", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
N = 8  # a run of eight words in a row is wording, not a coincidence

# Phrases that any document of the genre carries, so they may appear in our fixtures, cues and
# gold even though a shared document has them too. A run of N words that lies wholly inside
# occurrences of these phrases is not a copy; a run that reaches past them into the words
# around is still checked. Keep this list short: a phrase belongs here only if it is format,
# formula or a proper name, never a sentence someone wrote.
ALLOWED = (
    # XHTML pages: doctype, namespace and charset declaration are markup every such page repeats.
    "html xmlns http www w3 org 1999 xhtml",
    "meta http equiv content type content text html charset",
    # Diplomatic cables: the handling caveat and the executive-order line are fixed cable format.
    "sensitive but unclassified please protect accordingly",
    "e o 12958 n a tags",
    # Comment forms: the notice a blog engine prints under every post.
    "your email address will not be published",
    "required fields are marked",
    # The US TIP Report's tier formula, repeated in every country narrative of every year.
    "does not fully meet the minimum standards for the elimination of trafficking",
    "however it is making significant efforts to do so",
    # Official institution names: proper names, which gold and gazetteers must spell as they are.
    "office to monitor and combat trafficking in persons",
)


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(s))


def _repo_files() -> list[Path]:
    out = []
    for p in ROOT.rglob("*"):
        rel = p.relative_to(ROOT)
        if p.is_file() and p.suffix in SUFFIXES and not (set(rel.parts) & SKIP_DIRS):
            if p.name != Path(__file__).name:
                out.append(p)
    return out


def _allowed_positions(words: list[str]) -> set[int]:
    """Indexes of the words that fall inside an occurrence of an ALLOWED phrase."""
    covered: set[int] = set()
    for phrase in ALLOWED:
        pw = _words(phrase)
        for i in range(len(words) - len(pw) + 1):
            if words[i : i + len(pw)] == pw:
                covered.update(range(i, i + len(pw)))
    return covered


def _copied_runs(words: list[str], grams: dict[tuple[str, ...], str]) -> list[tuple[str, str]]:
    """(run, shared document) for each N-word run shared with a document and not wholly allowed."""
    covered = _allowed_positions(words)
    runs = []
    for i in range(len(words) - N + 1):
        t = tuple(words[i : i + N])
        if t in grams and not all(j in covered for j in range(i, i + N)):
            runs.append((" ".join(t), grams[t]))
    return runs


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    docs = {}
    for p in [*sorted((SHARED / "seeds").glob("*")), *sorted((SHARED / "dev" / "docs").glob("*"))]:
        docs[p.name] = p.read_text(encoding="utf-8", errors="replace")
    return docs


@pytest.fixture(scope="module")
def gold_people() -> set[str]:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    names: set[str] = set()
    for gold in (SHARED / "gold" / "seeds.jsonl", SHARED / "dev" / "gold.jsonl"):
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for person in json.loads(line)["persons"]:
                    names.add(person["name"])
    return names


def test_no_shared_person_is_named_in_the_repository(gold_people):
    found = []
    for path in _repo_files():
        text = _fold(path.read_text(encoding="utf-8", errors="replace"))
        for name in gold_people:
            words = _words(name)
            # surnames alone are too common to check; full names (two words or more) are not
            if len(words) >= 2 and re.search(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", text):
                found.append(f"{path.relative_to(ROOT)}: {name}")
    assert not found, "shared documents' people named in the repository:\n" + "\n".join(found)


def test_no_shared_wording_is_copied_into_the_repository(corpus):
    grams: dict[tuple[str, ...], str] = {}
    for name, text in corpus.items():
        w = _words(text)
        for i in range(len(w) - N + 1):
            grams.setdefault(tuple(w[i : i + N]), name)
    found = []
    for path in _repo_files():
        runs = _copied_runs(_words(path.read_text(encoding="utf-8", errors="replace")), grams)
        if runs:
            run, doc = runs[0]
            found.append(f"{path.relative_to(ROOT)}: {run!r} ({doc}; {len(runs)} runs in all)")
    assert not found, "wording of shared documents copied into the repository:\n" + "\n".join(found)


def _grams_of(text: str) -> dict[tuple[str, ...], str]:
    w = _words(text)
    return {tuple(w[i : i + N]): "shared.txt" for i in range(len(w) - N + 1)}


def test_allowed_phrases_pass_only_when_the_run_is_made_of_them():
    shared = _grams_of(
        "Cable 17 Sensitive but unclassified. Please protect accordingly. E.O. 12958: N/A TAGS"
    )
    # every run of the line lies inside the caveat and the E.O. line: format, not a copy
    assert not _copied_runs(
        _words("Sensitive but unclassified. Please protect accordingly. E.O. 12958: N/A TAGS"), shared
    )
    # a run that reaches into the words before the caveat is a copy
    assert _copied_runs(_words("Cable 17 Sensitive but unclassified. Please protect accordingly."), shared)

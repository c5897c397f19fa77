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
N = 6  # a run of six words in a row is wording, not a coincidence


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _fold(s))


def _repo_files() -> list[Path]:
    out = []
    for p in ROOT.rglob("*"):
        if p.is_file() and p.suffix in SUFFIXES and not (set(p.relative_to(ROOT).parts) & SKIP_DIRS):
            if p.name != Path(__file__).name:
                out.append(p)
    return out


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
        w = _words(path.read_text(encoding="utf-8", errors="replace"))
        hits = {grams[t] for t in (tuple(w[i : i + N]) for i in range(len(w) - N + 1)) if t in grams}
        hits |= set()
        for i in range(len(w) - N + 1):
            t = tuple(w[i : i + N])
            if t in grams:
                found.append(f"{path.relative_to(ROOT)}: {' '.join(t)!r} ({grams[t]})")
                break
        del hits
    assert not found, "wording of shared documents copied into the repository:\n" + "\n".join(found)

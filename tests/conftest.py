"""Fixtures shared by the whole suite: the one place to look for where a fixture comes from."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tipwatch.model import Document
from tipwatch.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(env={})


@pytest.fixture(scope="session")
def extractor(settings):
    """One extractor for the whole run: the spaCy models load once."""
    from tipwatch.extract import make_extractor

    return make_extractor(settings)


def make_doc(
    text: str, language: str = "en", published: str | None = None, name: str = "doc.txt"
) -> Document:
    """A Document from text written in a test."""
    return Document(
        id=hashlib.sha256(text.encode()).hexdigest(),
        name=name,
        format="text",
        text=text,
        language=language,
        published=published,
    )


def make_ctx(text, lang="en", mentions=(), main_country=None, published=None):
    """An extraction Context over text written in a test, without running the model.

    ``mentions`` are (substring, kind, key, attrs), each found after the previous one.
    """
    from tipwatch.extract.context import Context, Mention
    from tipwatch.extract.sentences import split_sentences

    ctx = Context(make_doc(text, lang, published, name="t.txt"), lang, split_sentences(text), [])
    pos = 0
    for sub, kind, key, attrs in mentions:
        start = text.index(sub, pos)
        ctx.mentions.append(Mention(start, start + len(sub), sub, kind, key, dict(attrs)))
        pos = start
    ctx.mentions.sort(key=lambda m: m.start)
    ctx.main_country = main_country
    return ctx


@pytest.fixture
def shared() -> Path:
    """The shared corpus beside the repository; tests that need it skip without it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    return SHARED

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


@pytest.fixture
def shared() -> Path:
    """The shared corpus beside the repository; tests that need it skip without it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    return SHARED

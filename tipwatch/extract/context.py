"""The working state of one document's extraction, shared by the extraction components.

A ``Context`` holds the stored text, its sentences, the spans the NER model proposed and
the typed mentions the entity components resolved (places, countries, organisations,
persons). Components read what earlier ones wrote and add their own facts; every fact
cites a sentence through ``Context.evidence``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Document, Evidence, Facts


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of Document.text: ``text == doc.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text with a label: an NER proposal or a typed mention."""

    start: int
    end: int
    text: str
    label: str


@dataclass(slots=True)
class Mention:
    """A resolved mention of a place, country, organisation or person.

    ``kind`` is "place", "country", "org" or "person"; ``key`` identifies the entity the
    mention belongs to (a country code, a normalised name); ``attrs`` carries the
    component's details (country, subdivision, org kind, ...).
    """

    start: int
    end: int
    text: str
    kind: str
    key: str
    attrs: dict[str, object] = field(default_factory=dict)


class Context:
    """Text, sentences and mentions of one document, plus the facts built so far."""

    def __init__(self, doc: Document, language: str, sentences: list[Sentence], ents: list[Span]) -> None:
        self.doc = doc
        self.text = doc.text
        self.language = language
        self.published = doc.published
        self.sentences = sentences
        self._starts = [s.start for s in sentences]
        self.ents = ents
        self.mentions: list[Mention] = []
        # ISO2 code of the country most of the document happens in, once places are known.
        self.main_country: str | None = None
        self.facts = Facts(doc=doc.name, doc_id=doc.id, language=language, published=doc.published)

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence that contains a character offset (the last one before it at worst)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.sentences[max(i, 0)]

    def evidence(self, sent: Sentence) -> Evidence:
        return Evidence(sent.start, sent.end, sent.text)

    def evidence_at(self, offset: int) -> Evidence:
        return self.evidence(self.sentence_at(offset))

    def evidence_of(self, offsets: Iterable[int]) -> list[Evidence]:
        """One Evidence per sentence holding one of the offsets, in the order first met."""
        out: dict[int, Evidence] = {}
        for offset in offsets:
            sent = self.sentence_at(offset)
            if sent.index not in out:
                out[sent.index] = self.evidence(sent)
        return list(out.values())

    def mentions_in(self, sent: Sentence, kind: str | None = None) -> list[Mention]:
        """Mentions inside a sentence, in text order, optionally of one kind."""
        return [
            m for m in self.mentions if sent.start <= m.start < sent.end and (kind is None or m.kind == kind)
        ]

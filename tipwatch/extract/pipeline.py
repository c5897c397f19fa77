"""The extraction loop: Document -> Context -> components in order -> Facts.

Like spaCy's ``Language.__call__``, a visible loop runs small components; each declares
what it ``requires`` and ``produces``, and ``check_order`` verifies at build time that
every requirement is produced earlier. Components raise; only ``Extractor.extract`` wraps
a failure into one ``ExtractionError`` that names the document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import ExtractionError, TipwatchError
from ..model import Document, Facts
from ..settings import Settings
from .amounts import extract_money
from .classify import extract_labels
from .context import Context, Span
from .entities import propose
from .events import extract_events
from .nlp import load_pipeline
from .orgs import extract_orgs
from .people import extract_persons
from .places import extract_places
from .sentences import split_sentences
from .victims import extract_victims

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    requires: frozenset[str]
    produces: frozenset[str]
    func: Callable[[Context, list[Span]], None]


def _wrap(f: Callable[[Context], None]) -> Callable[[Context, list[Span]], None]:
    def run(ctx: Context, proposals: list[Span]) -> None:
        f(ctx)

    return run


COMPONENTS: list[Component] = [
    Component("orgs", frozenset({"proposals"}), frozenset({"orgs"}), extract_orgs),
    Component("persons", frozenset({"proposals", "orgs"}), frozenset({"persons"}), extract_persons),
    Component(
        "places",
        frozenset({"proposals", "orgs", "persons"}),
        frozenset({"places", "countries"}),
        extract_places,
    ),
    Component(
        "labels", frozenset({"places", "orgs", "persons"}), frozenset({"labels"}), _wrap(extract_labels)
    ),
    Component("events", frozenset({"places", "countries"}), frozenset({"events"}), _wrap(extract_events)),
    Component("victims", frozenset({"events"}), frozenset({"victims"}), _wrap(extract_victims)),
    Component("money", frozenset({"countries"}), frozenset({"money"}), _wrap(extract_money)),
]


def check_order(components: list[Component]) -> None:
    """Raise when a component needs something no earlier component produces."""
    have = {"proposals"}
    for c in components:
        missing = c.requires - have
        if missing:
            raise TipwatchError(f"extraction component {c.name!r} needs {sorted(missing)} produced earlier")
        have |= c.produces


check_order(COMPONENTS)


class Extractor:
    """Holds the loaded pipelines; one per process (or Dask worker)."""

    def __init__(self, settings: Settings, components: list[Component] | None = None) -> None:
        self.settings = settings
        self.components = components if components is not None else COMPONENTS
        check_order(self.components)

    def _language(self, doc: Document) -> str:
        return (
            doc.language
            if doc.language in ("en", "es", "pt")
            else ("en" if not doc.language else doc.language)
        )

    def extract(self, doc: Document) -> Facts:
        """The facts of one document. Raises ExtractionError naming the document."""
        return next(iter(self.extract_many([doc])))

    def extract_many(self, docs: Iterable[Document]) -> Iterator[Facts]:
        """Facts for each document in order; the model runs over them in batches."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= 32:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, docs: list[Document]) -> Iterator[Facts]:
        by_lang: dict[str, list[int]] = {}
        for i, d in enumerate(docs):
            by_lang.setdefault(self._language(d), []).append(i)
        parsed: dict[int, Any] = {}
        for lang, idx in by_lang.items():
            nlp = load_pipeline(lang, self.settings)
            try:
                for i, sp in zip(idx, nlp.pipe([docs[i].text for i in idx], batch_size=16), strict=True):
                    parsed[i] = sp
            except Exception:  # noqa: BLE001 - fall back to one at a time to find the bad document
                for i in idx:
                    try:
                        parsed[i] = nlp(docs[i].text)
                    except Exception as exc:  # noqa: BLE001
                        parsed[i] = exc
        for i, doc in enumerate(docs):
            sp = parsed[i]
            if isinstance(sp, Exception):
                raise ExtractionError(doc.name, f"the language model failed: {sp}")
            yield self._facts(doc, sp)

    def _facts(self, doc: Document, spdoc: Any) -> Facts:
        lang = self._language(doc)
        try:
            ents = [Span(e.start_char, e.end_char, e.text, e.label_) for e in spdoc.ents]
            ctx = Context(doc, lang, split_sentences(doc.text), ents)
            proposals = propose(ctx)
            for comp in self.components:
                comp.func(ctx, proposals)
        except TipwatchError:
            raise
        except Exception as exc:  # noqa: BLE001 - any bug in one document must not stop a batch
            log.exception("extraction failed on %s", doc.name)
            raise ExtractionError(doc.name, f"{type(exc).__name__}: {exc}") from exc
        return ctx.facts


def make_extractor(settings: Settings) -> Extractor:
    return Extractor(settings)

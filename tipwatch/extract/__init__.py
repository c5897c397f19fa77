"""Document -> Facts: every fact of the contract, each with the sentence it came from.

``make_extractor(settings)`` loads the spaCy pipelines once (lazily, per language) and
returns an ``Extractor`` whose ``extract(doc)`` gives the document's ``Facts``.
``contract.to_contract(facts)`` turns them into the shape of facts.schema.json.
"""

from __future__ import annotations

from ..model import Document, Facts
from ..settings import Settings


class Extractor:
    """Holds the loaded pipelines and cue data; one per process (or Dask worker)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def extract(self, doc: Document) -> Facts:
        """The facts of one document. Raises ExtractionError on failure."""
        # Placeholder during the build-out of the extraction issue: language and date only.
        return Facts(doc=doc.name, doc_id=doc.id, language=doc.language, published=doc.published)


def make_extractor(settings: Settings) -> Extractor:
    return Extractor(settings)


__all__ = ["Extractor", "make_extractor"]

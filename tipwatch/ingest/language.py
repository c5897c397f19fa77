"""Language detection: body text -> ISO 639-1 code among the configured languages, or None.

py3langid is small and fast (about 0.1 ms a page once loaded). Its identifier takes about half a
second to build, so one is built per language set and kept for the life of the process. Only the
first few thousand characters are read: that decides the language and keeps 2,000 documents quick.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

_SAMPLE_CHARS = 3000
_MIN_LETTERS = 3
_LETTER_RE = re.compile(r"[^\W\d_]")


@cache
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(ident.nb_classes)
    ident.set_languages([lang for lang in languages if lang in known] or None)
    return ident


def detect_language(text: str, languages: tuple[str, ...]) -> str | None:
    """Return the ISO 639-1 code of ``text``, restricted to ``languages``; None without letters."""
    sample = text[:_SAMPLE_CHARS]
    if not languages or _count_letters(sample) < _MIN_LETTERS:
        return None
    code, _prob = _identifier(tuple(languages)).classify(sample)
    return str(code) if code in languages else None


def _count_letters(text: str) -> int:
    count = 0
    for _ in _LETTER_RE.finditer(text):
        count += 1
        if count >= _MIN_LETTERS:
            break
    return count

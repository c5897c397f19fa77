"""What a format reader hands back, and how it becomes the text of a Document.

Every reader (text, markdown, html, pdf, docx, cable) returns an ``Extracted``: the clean body
plus what its metadata said. ``compose_text`` lays out ``Document.text``:

    <title>              only if the body does not already start with it
    <standfirst line>    zero or more prose lines from metadata (subtitle, summary, ...)
    <By Author>          only for a real name that the body does not already give
    (blank line)
    <body>

Later stages cite offsets into that text, so it is built once here and never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# The byline word in the document's language; the header is the document's own voice.
_BY = {"en": "By", "es": "Por", "pt": "Por", "fr": "Par", "de": "Von", "it": "Di"}
_NOT_NAMES = frozenset(
    {
        "none",
        "null",
        "nil",
        "n/a",
        "na",
        "unknown",
        "admin",
        "administrator",
        "anonymous",
        "anónimo",
        "anonimo",
        "anônimo",
        "anonyme",
        "desconocido",
        "desconhecido",
        "staff",
        "webmaster",
        "editor",
        "user",
    }
)
_WORD_RE = re.compile(r"\w+")


@dataclass(slots=True)
class Extracted:
    """A reader's result: clean body text and the metadata the format carried."""

    body: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    standfirst: list[str] = field(default_factory=list)
    published: str | None = None
    published_source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _key(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.casefold()))


def is_real_name(author: str | None, site: str | None = None) -> bool:
    """True for an author worth a byline: not empty, not a placeholder, not the site itself."""
    if not author:
        return False
    name = author.strip()
    if not name or len(name) > 120 or "://" in name or "@" in name:
        return False
    if name.casefold() in _NOT_NAMES or not any(ch.isalpha() for ch in name):
        return False
    return not (site and _key(site) == _key(name))


def _starts_with(body: str, line: str) -> bool:
    first = body.split("\n", 1)[0]
    return _key(first) == _key(line) and bool(_key(line))


def compose_text(extracted: Extracted, language: str | None) -> str:
    """Lay out the header block (title, standfirst, byline) and the body as Document.text."""
    body = extracted.body
    title = (extracted.title or "").strip()
    first_line, _, rest = body.partition("\n")
    # When the body already opens with the title, that line leads the header instead.
    title_line = first_line if title and _starts_with(body, title) else title
    head_zone = _key(rest[:1500] if title_line == first_line and title else body[:1500])
    extra: list[str] = []
    for line in extracted.standfirst:
        k = _key(line)
        if k and k != _key(title) and k not in head_zone and line not in extra:
            extra.append(line)
    author = (extracted.author or "").strip()
    if is_real_name(author, extracted.site) and _key(author) not in head_zone:
        extra.append(f"{_BY.get(language or 'en', 'By')} {author}")
    if title_line and title_line == first_line and title:
        if not extra:
            return body
        body = rest.lstrip("\n")
    header = ([title_line] if title_line else []) + extra
    if not header:
        return body
    return "\n".join(header) + "\n\n" + body

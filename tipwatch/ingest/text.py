"""Plain text, including pages reposted as text: decoded text -> clean body (and a title guess).

The hosting site's wrapper ("Last Updated", "Search <Site>", translation widgets, disclaimers,
"Cite as", "Read More", comment forms) is dropped line by line (see ``boilerplate``). Byline,
source, publisher and date lines stay: they are part of the document an analyst cites.
"""

from __future__ import annotations

import re

from .boilerplate import remove_boilerplate
from .dates import date_of_line
from .layout import Extracted
from .normalize import dedupe_lines, looks_hard_wrapped, normalize_text

_BYLINE_RE = re.compile(
    r"^(?:by|por|par|von|di|source|fuente|fonte|publisher|author|autor|auteur|editor|@highlight)\b", re.I
)
_LABEL_RE = re.compile(r"^\s*[\w ]{1,20}:\s*$|^\s*date\b", re.I)


def clean_body(text: str, *, wrapped: bool = False) -> str:
    """Normalise text and drop site-wrapper lines; paragraphs come back separated by a blank line."""
    wrapped = wrapped or looks_hard_wrapped(text)
    paragraphs = normalize_text(text, wrapped=wrapped).split("\n\n")
    paragraphs = remove_boilerplate([p for p in paragraphs if p])
    return "\n\n".join(dedupe_lines(paragraphs))


def guess_title(body: str) -> str | None:
    """The first line when it reads as a headline: short, several words, no closing full stop."""
    lines = [ln.strip() for ln in body.split("\n", 6) if ln.strip()]
    # A repost may open with its own date line; the headline follows it.
    while len(lines) > 1 and len(lines[0]) <= 40 and date_of_line(lines[0], ("en", "es", "pt", "fr")):
        lines.pop(0)
    first = lines[0] if lines else ""
    if not first or len(first) > 200 or len(first.split()) < 3 or first.endswith((".", ",", ";", ":")):
        return None
    if _BYLINE_RE.match(first) or _LABEL_RE.match(first) or date_of_line(first, ("en", "es", "pt", "fr")):
        return None
    return first


def read_text(text: str) -> Extracted:
    """Read a plain-text document (or a page saved as text)."""
    # No title metadata: the caller may guess one from the first line, which stays in the body.
    return Extracted(body=clean_body(text))

"""Site-wrapper lines of reposted pages: recognise them and keep them out of the body.

Takes the paragraphs of a normalised text and returns them without the hosting site's
furniture: "Last Updated", "Search <Site>", translation widgets, hosting credits, disclaimers of
the site's responsibility, "Cite as", cross-links, comment forms, language pickers and lone
bullets. The patterns live in ``tipwatch/data/ingest/boilerplate.txt`` so they can grow without
code changes. Byline, source, publisher and date lines are document text and never match.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_BULLET_RE = re.compile(r"^[•·*▪◦●■>»›\-–—]+\s*")
_LANG_SPLIT_RE = re.compile(r"[\s/,;|]+")
# Nationality adjectives used as language labels by translation widgets.
_EXTRA_LANGUAGE_WORDS = frozenset(
    {"american", "british", "brazilian", "castilian", "simplified", "traditional"}
)


@cache
def _patterns() -> re.Pattern[str]:
    text = resources.files("tipwatch").joinpath("data/ingest/boilerplate.txt").read_text(encoding="utf-8")
    parts = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


@cache
def _language_names() -> frozenset[str]:
    """Language names in the languages tipwatch reads, as widgets list them ("Portuguese", "Español")."""
    from babel import Locale

    names: set[str] = set(_EXTRA_LANGUAGE_WORDS)
    for loc in ("en", "es", "pt", "fr", "de", "it"):
        for name in Locale.parse(loc).languages.values():
            names.update(w.casefold() for w in name.split() if len(w) > 2)
    return frozenset(names)


def is_language_list(line: str) -> bool:
    """True for a line that only lists language names, as a translation widget does."""
    words = [w for w in _LANG_SPLIT_RE.split(line) if w]
    if len(words) < 2:
        return False
    names = _language_names()
    hits = sum(1 for w in words if w.casefold() in names)
    # Two names must both be names; longer lists may carry a stray word ("American/English").
    return hits == len(words) if len(words) == 2 else hits / len(words) >= 0.75


def is_boilerplate(line: str) -> bool:
    """True when a whole line is site wrapper rather than document text."""
    core = _BULLET_RE.sub("", line.strip()).strip()
    if not core:
        return True
    if len(core) > 600:
        return False
    return _patterns().fullmatch(core) is not None or is_language_list(core)


def _is_short_heading(line: str) -> bool:
    return len(line) <= 40 and not line.endswith((".", "!", "?", ":", ";", ",")) and len(line.split()) <= 5


def remove_boilerplate(paragraphs: list[str]) -> list[str]:
    """Drop wrapper lines; a short heading at the very top that only leads into wrapper goes too.

    The second rule catches sidebar titles ("Resources", "Links") that head a block of wrapper
    at the start of a reposted page, without listing such titles one by one.
    """
    lines: list[tuple[str, bool]] = []  # (line, is_wrapper); "" marks a paragraph break
    for para in paragraphs:
        for line in para.split("\n"):
            lines.append((line, is_boilerplate(line)))
        lines.append(("", True))
    # Leading short headings directly followed by wrapper lines.
    first_kept = next((i for i, (ln, bp) in enumerate(lines) if ln and not bp), None)
    if first_kept is not None:
        i = first_kept
        while i < len(lines) and lines[i][0] and _is_short_heading(lines[i][0]):
            j = i + 1
            while j < len(lines) and not lines[j][0]:
                j += 1
            if j < len(lines) and lines[j][1] and lines[j][0]:
                lines[i] = (lines[i][0], True)
                i = next((k for k, (ln, bp) in enumerate(lines) if ln and not bp), len(lines))
            else:
                break
    out: list[str] = []
    current: list[str] = []
    for line, wrapper in lines:
        if not line:
            if current:
                out.append("\n".join(current))
                current = []
        elif not wrapper:
            current.append(line)
    if current:
        out.append("\n".join(current))
    return out

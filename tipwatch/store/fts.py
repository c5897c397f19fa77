"""User text -> a safe FTS5 MATCH expression.

Search boxes receive whatever people type: quotes, stars, ``AND``/``OR``, ``NEAR(``,
``col:``, a leading ``-``, unbalanced parentheses, SQL. FTS5 would read all of these as
syntax and fail, so every term is quoted as an FTS5 string (which FTS5 then tokenises as a
phrase) and the terms are joined with AND. What users mean is kept: a span in double
quotes is a phrase, and a trailing ``*`` asks for a prefix match. Operators typed as words
are searched as words.
"""

from __future__ import annotations

import re

_PHRASE = re.compile(r'"([^"]*)"')
# A term must contain a letter or digit: the unicode61 tokeniser drops everything else,
# and a quoted string with no tokens in it is useless to FTS5.
_TOKEN = re.compile(r"[^\W_]")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _terms(text: str) -> list[str]:
    out: list[str] = []
    for raw in text.replace('"', " ").split():
        is_prefix = raw.endswith("*")
        core = raw.rstrip("*").replace("\x00", " ")
        if not _TOKEN.search(core):
            continue
        out.append(_quote(core) + ("*" if is_prefix else ""))
    return out


def make_fts_query(text: str) -> str | None:
    """The MATCH expression for what a user typed, or None when it holds nothing to search."""
    parts: list[str] = []
    pos = 0
    for match in _PHRASE.finditer(text):
        parts.extend(_terms(text[pos : match.start()]))
        phrase = " ".join(match.group(1).replace("\x00", " ").split())
        if _TOKEN.search(phrase):
            parts.append(_quote(phrase))
        pos = match.end()
    parts.extend(_terms(text[pos:]))  # an unbalanced quote ends up here, read as a space
    if not parts:
        return None
    return " AND ".join(parts)

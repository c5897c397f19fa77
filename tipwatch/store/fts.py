"""User text -> a safe FTS5 MATCH expression.

Search boxes receive whatever people type: quotes, stars, ``AND``/``OR``, ``NEAR(``,
``col:``, a leading ``-``, unbalanced parentheses, SQL. FTS5 would read all of these as
syntax and fail, so every term is quoted as an FTS5 string (which FTS5 then tokenises as a
phrase) and the terms are joined with AND. What users mean is kept: a span in double
quotes is a phrase, and a trailing ``*`` asks for a prefix match. Operators typed as words
are searched as words. Bare function words ("de", "the", "em") are left out beside other
words, as PostgreSQL's per-language configurations leave out stop words.
"""

from __future__ import annotations

import re

_PHRASE = re.compile(r'"([^"]*)"')
# Articles, prepositions and conjunctions of en, es and pt: as bare words beside others they
# match almost every document of their language, rank nothing and mark every "de" of a
# snippet. Kept inside a quoted phrase, and when a query has nothing else.
FUNCTION_WORDS = frozenset(
    """a an the of and or in on at to for by with from as
    de del la las el los lo un una unos unas y e o u en al por para con sin
    do da dos das os as um uma uns umas ou em no na nos nas ao aos pelo pela pelos pelas com sem""".split()
)
# A term must contain a letter or digit: the unicode61 tokeniser drops everything else,
# and a quoted string with no tokens in it is useless to FTS5.
_TOKEN = re.compile(r"[^\W_]")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _terms(text: str) -> list[tuple[str, bool]]:
    """(FTS5 term, whether it is a bare function word) for each word of unquoted text."""
    out: list[tuple[str, bool]] = []
    for raw in text.replace('"', " ").split():
        is_prefix = raw.endswith("*")
        core = raw.rstrip("*").replace("\x00", " ")
        if not _TOKEN.search(core):
            continue
        # "OR" in capitals is someone asking for the operator: searched as the word it is.
        function_word = not is_prefix and not core.isupper() and core.lower() in FUNCTION_WORDS
        out.append((_quote(core) + ("*" if is_prefix else ""), function_word))
    return out


def make_fts_query(text: str) -> str | None:
    """The MATCH expression for what a user typed, or None when it holds nothing to search."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for match in _PHRASE.finditer(text):
        parts.extend(_terms(text[pos : match.start()]))
        phrase = " ".join(match.group(1).replace("\x00", " ").split())
        if _TOKEN.search(phrase):
            parts.append((_quote(phrase), False))
        pos = match.end()
    parts.extend(_terms(text[pos:]))  # an unbalanced quote ends up here, read as a space
    kept = [term for term, function_word in parts if not function_word] or [term for term, _ in parts]
    if not kept:
        return None
    return " AND ".join(kept)

"""Find named things in a document and tell persons, organisations and places apart.

Candidates come from two sources: the spaCy NER model's spans, and runs of capitalised
words (with lower-case connectors such as "of", "de", "do") found by rule. The English
model's labels are fair; the Spanish model's labels are weak, and on Portuguese text it
only proposes spans. So labels are decided here, by evidence that holds in any language:

- an organisation's name contains a head word from the language's cue file
  (``org_heads``: Ministry, Procuraduría, Polícia, Foundation...), or is a known acronym,
  or is defined as an acronym in the text, or is named as a source of news;
- a person's name starts with a given name from real data (``names.py``) or is a PERSON
  span of the model, and contains no head word or place;
- a place or country is what the gazetteer knows (``places.py`` decides).

This module only proposes typed spans (``Span`` with label PERSON, ORG or LOC); the
people, orgs and places modules turn them into facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .context import Context, Sentence, Span
from .cues import compile_words, load_cues
from .names import fold, is_given_name

TOKEN = re.compile(r"[^\W_](?:[\w’'\-./]*[^\W_])?|&")
ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z])[A-Z][A-Z0-9&]*(?:[-/][A-Z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class EntityCues:
    """One language's compiled entity cues."""

    lang: str
    org_kinds: list[tuple[str, re.Pattern[str]]]
    org_head_any: re.Pattern[str]
    org_connectors: frozenset[str]
    name_connectors: frozenset[str]
    stop: frozenset[str]
    titles: re.Pattern[str]
    official_titles: re.Pattern[str]
    civil_titles: re.Pattern[str]
    suspect: re.Pattern[str]
    client: re.Pattern[str]
    victim: re.Pattern[str]
    media: re.Pattern[str]
    byline_prefixes: tuple[str, ...]
    title_words: frozenset[str]
    title_at_end: re.Pattern[str]
    head_first: bool


@cache
def entity_cues(lang: str) -> EntityCues:
    data: dict[str, Any] = load_cues(lang, "entities")
    kinds = [(kind, compile_words([str(w) for w in words])) for kind, words in data["org_heads"].items()]
    all_heads = [str(w) for words in data["org_heads"].values() for w in words]
    off = [str(w) for w in data.get("official_titles", [])]
    civ = [str(w) for w in data.get("civil_society_titles", [])]
    neutral = [str(w) for w in data.get("neutral_titles", [])]
    title_words = frozenset(fold(t) for t in off + civ + neutral if " " not in t and t.isalpha())
    return EntityCues(
        lang=lang,
        org_kinds=kinds,
        org_head_any=compile_words(all_heads),
        org_connectors=frozenset(str(w) for w in data.get("org_connectors", [])),
        name_connectors=frozenset(str(w) for w in data.get("name_connectors", [])),
        stop=frozenset(fold(str(w)) for w in data.get("stop_capitalized", [])),
        titles=compile_words(off + civ + neutral),
        official_titles=compile_words(off),
        civil_titles=compile_words(civ),
        suspect=compile_words([str(w) for w in data.get("suspect_cues", [])]),
        client=compile_words([str(w) for w in data.get("client_cues", [])]),
        victim=compile_words([str(w) for w in data.get("victim_cues", [])]),
        media=compile_words([str(w) for w in data.get("media_cues", [])]),
        byline_prefixes=tuple(str(w) for w in data.get("byline_prefixes", [])),
        title_words=title_words,
        title_at_end=re.compile(r"(?<!\w)(?:" + "|".join(sorted((re.escape(t) if not any(c in t for c in '?[(') else t for t in off + civ + neutral), key=len, reverse=True)) + r")$", re.IGNORECASE),
        head_first=lang in ("es", "pt", "fr", "it"),
    )


def tokens(text: str, base: int = 0) -> list[Tok]:
    return [Tok(base + m.start(), base + m.end(), m.group()) for m in TOKEN.finditer(text)]


def is_capitalised(tok: str) -> bool:
    if not tok[:1].isupper():
        return False
    # "USG-funded", "US-based": a capitalised prefix on a lower-case word is a modifier.
    parts = tok.split("-")
    return not (len(parts) > 1 and parts[-1][:1].islower())


def is_acronym(tok: str) -> bool:
    return bool(ACRONYM.match(tok)) and 2 <= len(tok.replace("-", "").replace("/", "")) <= 10


def capitalised_runs(text: str, sent: Sentence, cues: EntityCues) -> list[list[Tok]]:
    """Maximal runs of capitalised tokens in a sentence, joined by connectors and spaces only."""
    toks = tokens(sent.text, sent.start)
    connectors = cues.org_connectors | cues.name_connectors
    runs: list[list[Tok]] = []
    i = 0
    while i < len(toks):
        if not is_capitalised(toks[i].text):
            i += 1
            continue
        run = [toks[i]]
        j = i + 1
        while j < len(toks):
            gap = text[run[-1].end : toks[j].start]
            if gap.strip() or "\n" in gap:
                break
            if run[-1].text.endswith(("'s", "’s")) and not cues.org_head_any.match(text, toks[j].start):
                break  # "UNICEF's Solorzano": a possessive ends a name unless a head follows
            if is_capitalised(toks[j].text):
                run.append(toks[j])
                j += 1
                continue
            # connectors: look ahead for a capitalised token after one to three of them
            k = j
            while k < len(toks) and k - j < 3 and toks[k].text in connectors:
                g = text[toks[k - 1].end : toks[k].start] if k > j else gap
                if g.strip() or "\n" in g:
                    break
                k += 1
            if k > j and k < len(toks) and is_capitalised(toks[k].text):
                g = text[toks[k - 1].end : toks[k].start]
                if not g.strip() and "\n" not in g:
                    run.extend(toks[j : k + 1])
                    j = k + 1
                    continue
            break
        runs.append(run)
        i = j
    return runs


def org_kind(name: str, cues: EntityCues) -> str | None:
    """The kind of an organisation from the head words in its name, or None if it has none.

    Kinds are tried in the cue file's order (most specific first); "government" heads such
    as Office, Unit or Department only decide when no other kind's head is present.
    """
    for kind, pat in cues.org_kinds:
        if kind == "government":
            continue
        if pat.search(name):
            return kind
    for kind, pat in cues.org_kinds:
        if kind == "government" and pat.search(name):
            return kind
    return None


def _strip(run: list[Tok], cues: EntityCues, text: str) -> list[Tok]:
    """Drop leading stop words and trailing titles (and, for non-organisations, stop words)."""
    connectors = cues.org_connectors | cues.name_connectors
    while run and (run[0].text in connectors or (fold(run[0].text) in cues.stop and not cues.org_head_any.fullmatch(run[0].text))):
        run = run[1:]
    changed = True
    while run and changed:
        changed = False
        name = text[run[0].start : run[-1].end]
        m = cues.title_at_end.search(name)
        if m and m.start() > 0:
            cut = run[0].start + m.start()
            kept = [t for t in run if t.end <= cut]
            if kept and len(kept) < len(run):
                run, changed = kept, True
        while run and run[-1].text in connectors:
            run, changed = run[:-1], True
    if run and org_kind(text[run[0].start : run[-1].end], cues) is None:
        while run and (fold(run[-1].text) in cues.stop or run[-1].text in connectors):
            run = run[:-1]
    return run


def _is_name_token(t: str, cues: EntityCues) -> bool:
    return (
        is_capitalised(t)
        and not is_acronym(t)
        and fold(t) not in cues.stop
        and not cues.org_head_any.fullmatch(t)
        and not t.endswith(("'s", "’s"))
        and not any(c.isdigit() for c in t)
    )


def _persons_in(run: list[Tok], cues: EntityCues, ner_person: list[Span], lang: str) -> list[tuple[int, int]]:
    """Index ranges of persons' names inside a run.

    A name starts with a given name (or lies inside a PERSON/PER span of the model) and has
    2-6 name tokens, possibly joined by particles such as "de" or "da".
    """
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(run):
        tok = run[k]
        ner = _overlaps(tok.start, tok.end, ner_person)
        starts = _is_name_token(tok.text, cues) and (is_given_name(tok.text) or ner is not None)
        if not starts:
            k += 1
            continue
        m, last = k + 1, k
        while m < len(run) and m - k <= 6:
            t = run[m].text
            if t in cues.name_connectors and m + 1 < len(run) and _is_name_token(run[m + 1].text, cues):
                m += 1
                continue
            if not _is_name_token(t, cues):
                break
            if not is_given_name(tok.text):
                # a model-proposed name stays inside the model's span
                if ner is None or run[m].end > ner.end:
                    break
            last = m
            m += 1
        if last > k and not is_given_name(tok.text):
            # "Giovani de Deus Borges": the model often starts a name one token late
            if k >= 1 and _is_name_token(run[k - 1].text, cues) and (not out or out[-1][1] <= k - 1):
                k -= 1
            elif k >= 2 and run[k - 1].text in cues.name_connectors and _is_name_token(run[k - 2].text, cues) and (
                not out or out[-1][1] <= k - 2
            ):
                k -= 2
        if last > k:
            out.append((k, last + 1))
            k = last + 1
        else:
            k += 1
    return out


def propose(ctx: Context) -> list[Span]:
    """Typed candidate spans (PERSON, ORG, LOC, ACRONYM) over the whole document, in order."""
    cues = entity_cues(ctx.language)
    text = ctx.text
    ner_by_start: dict[int, Span] = {}
    for e in ctx.ents:
        ner_by_start.setdefault(e.start, e)
    ner_person = [e for e in ctx.ents if e.label in ("PERSON", "PER")]
    out: list[Span] = []
    for sent in ctx.sentences:
        for run in capitalised_runs(text, sent, cues):
            out.extend(_classify_run(run, cues, text, ner_person, ctx))
    return out


def _overlaps(a_start: int, a_end: int, spans: list[Span]) -> Span | None:
    for s in spans:
        if s.start < a_end and a_start < s.end:
            return s
    return None


def _classify_run(
    run: list[Tok], cues: EntityCues, text: str, ner_person: list[Span], ctx: Context
) -> list[Span]:
    out: list[Span] = []
    pieces: list[list[Tok]] = []
    prev = 0
    for a, b in _persons_in(run, cues, ner_person, ctx.language):
        person = run[a:b]
        out.append(Span(person[0].start, person[-1].end, text[person[0].start : person[-1].end], "PERSON"))
        pieces.append(run[prev:a])
        prev = b
    pieces.append(run[prev:])
    for piece in pieces:
        piece = _strip(piece, cues, text)
        if not piece:
            continue
        s, e = piece[0].start, piece[-1].end
        if piece[-1].text.endswith(("'s", "’s")):
            e -= 2
        name = text[s:e]
        if all(fold(t.text) in cues.stop or t.text in cues.org_connectors for t in piece):
            continue
        if len(piece) == 1 and is_acronym(name):
            out.append(Span(s, e, name, "ACRONYM"))
        elif org_kind(name, cues) is not None:
            out.append(Span(s, e, name, "ORG"))
        else:
            out.append(Span(s, e, name, "CAP"))
    out.sort(key=lambda sp: sp.start)
    return out

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

_PLACE_PREFIXES = frozenset(
    "sao san santa santo saint st sainte sankt ciudad villa vila porto puerto port fort mount monte cabo cape "
    "nueva nuevo nova novo bahia".split()
)
_LEGAL_FORM = re.compile(r"S\.?L|S\.?A|S\.?A\.?S|Lda|Ltda|Ltd|Inc|LLC|Co|Pvt|Sdn|S\.?A\.? de C\.?V")
TOKEN = re.compile(r"[^\W_](?:[\w’'\-./]*[^\W_])?|&")
ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z])[A-Z][A-Z0-9&]*(?:[-/][A-Z0-9]+)*$")


_PREPOSITIONS = r"(?:in|at|on|of|from|for|with|near|en|em|de|del|da|do|dos|das|no|na|nos|nas|para|por|con|com|cerca|perto)"


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
    victim_object: re.Pattern[str]
    media: re.Pattern[str]
    byline_prefixes: tuple[str, ...]
    title_words: frozenset[str]
    title_at_end: re.Pattern[str]
    head_first: bool
    foreign_head_first: re.Pattern[str]
    title_heads: re.Pattern[str]
    place_before: re.Pattern[str]
    place_after: frozenset[str]
    lowercase_institutions: list[tuple[str, re.Pattern[str]]]
    and_words: frozenset[str]
    speech: re.Pattern[str]
    title_at_start: re.Pattern[str]
    weak_official: frozenset[str]
    org_nouns_before: list[tuple[str, re.Pattern[str]]]
    org_nouns_after: list[tuple[str, re.Pattern[str]]]
    pseudonym: re.Pattern[str]  # after a name: "(not her real name)", ", whose name has been changed"
    person_nouns: re.Pattern[str]  # right before an apposed name: "her mother,", "one of the workers,"
    agent_verbs: re.Pattern[str]  # an enforcement verb whose subject acts on others: "X charged two men"
    person_titles: frozenset[str]  # the neutral and civil-society titles, folded: never a body's name alone


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
        victim_object=compile_words([str(w) for w in data.get("victim_object_cues", [])]),
        media=compile_words([str(w) for w in data.get("media_cues", [])]),
        byline_prefixes=tuple(str(w) for w in data.get("byline_prefixes", [])),
        title_words=title_words,
        title_at_end=re.compile(
            r"(?<!\w)(?:"
            + "|".join(
                sorted(
                    (re.escape(t) if not any(c in t for c in "?[(") else t for t in off + civ + neutral),
                    key=len,
                    reverse=True,
                )
            )
            + r")$",
            re.IGNORECASE,
        ),
        head_first=lang in ("es", "pt", "fr", "it"),
        foreign_head_first=compile_words([str(w) for w in data.get("foreign_head_first", [])]),
        title_heads=compile_words([str(w) for w in data.get("title_heads", [])], flags=0),
        place_before=re.compile(
            r"(?:" + "|".join(re.escape(str(w)) for w in data.get("place_nouns_before", [])) + r")\s+$",
            re.IGNORECASE,
        )
        if data.get("place_nouns_before")
        else re.compile(r"(?!x)x"),
        place_after=frozenset(str(w) for w in data.get("place_nouns_after", [])),
        lowercase_institutions=[
            (kind, compile_words([str(w) for w in words]))
            for kind, words in (data.get("lowercase_institutions") or {}).items()
        ],
        and_words=frozenset({"and", "y", "e", "&"}),
        speech=compile_words([str(w) for w in data.get("speech_verbs", [])]),
        weak_official=frozenset(str(w).lower() for w in data.get("weak_official_titles", [])),
        org_nouns_before=[
            (
                kind,
                re.compile(
                    r"(?<!\w)(?i:"
                    + "|".join(re.escape(str(w)) for w in words)
                    # one more word may stand between ("la fundación chilena X"), but not a
                    # preposition: "casa de abrigo em Bissau" is a shelter in a town
                    + r")(?:\s+(?!"
                    + _PREPOSITIONS
                    + r"\b)[a-záéíóúâêôãõç-]+)?\s+$",
                ),
            )
            for kind, words in (data.get("org_nouns_before") or {}).items()
        ],
        org_nouns_after=[
            (kind, re.compile(r"^\s+(?:" + "|".join(re.escape(str(w)) for w in words) + r")(?!\w)"))
            for kind, words in (data.get("org_nouns_after") or {}).items()
        ],
        pseudonym=re.compile(
            r"(?:\(\s*|,\s*|\s)(?:" + "|".join(str(w) for w in data.get("pseudonym_after", [])) + r")",
            re.IGNORECASE,
        )
        if data.get("pseudonym_after")
        else re.compile(r"(?!x)x"),
        person_nouns=re.compile(
            r"(?<!\w)(?:"
            + "|".join(str(w) for w in data.get("person_nouns_before", []))
            + r")\s*,\s*(?:(?:the|a|o|la|el)\s+)?$",
            re.IGNORECASE,
        )
        if data.get("person_nouns_before")
        else re.compile(r"(?!x)x"),
        agent_verbs=re.compile(
            r"^\s*(?:(?:also|then|later|yesterday|today|también|luego|ayer|hoy|também|depois|ontem|hoje)\s+)?"
            r"(?:(?:les?|l[oa]s?|se|os|as|lhes?|o|a)\s+)?(?:"
            + "|".join(str(w) for w in data.get("agent_verbs", []))
            + r")(?!\w)",
            re.IGNORECASE,
        )
        if data.get("agent_verbs")
        else re.compile(r"(?!x)x"),
        person_titles=frozenset(fold(t) for t in civ + neutral if not any(c in t for c in "?[(")),
        title_at_start=re.compile(
            r"^(?:(?:the|a|an|its|el|la|los|las|o|a|os|as|um|uma|un|una|su|sua|seu)\s+)?(?:former\s+|ex[- ]\s*)?"
            + compile_words(off + civ + neutral).pattern,
            re.IGNORECASE,
        ),
    )


def tokens(text: str, base: int = 0) -> list[Tok]:
    return [Tok(base + m.start(), base + m.end(), m.group()) for m in TOKEN.finditer(text)]


def is_capitalised(tok: str) -> bool:
    if re.match(r"^[dD]['’][A-ZÁÉÍÓÚ]", tok):
        return True  # "d'Alva", "D'Souza": a particle joined to a capitalised name
    if not tok[:1].isupper():
        return False
    # "USG-funded", "US-based": a capitalised prefix on a lower-case word is a modifier.
    parts = tok.split("-")
    return not (len(parts) > 1 and parts[-1][:1].islower())


def is_acronym(tok: str) -> bool:
    return bool(ACRONYM.match(tok)) and 2 <= len(tok.split("-")[-1].split("/")[0]) <= 6


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
            initial = gap.strip() == "." and len(run[-1].text) == 1 and run[-1].text.isupper()
            # "Olivares e Hijos, S.L.": a company's legal form after a comma belongs to its name
            legal_form = gap.strip() == "," and _LEGAL_FORM.fullmatch(toks[j].text.rstrip(".")) is not None
            # "Ministry of Expatriates' Welfare": a plural possessive inside a body's name
            possessive = (
                gap.strip() in ("'", "’")
                and gap.endswith(" ")
                and bool(cues.org_head_any.search(text[run[0].start : run[-1].end]))
            )
            if (gap.strip() and not (initial or legal_form or possessive)) or "\n" in gap:
                break
            head_here = cues.org_head_any.match(text, run[-1].start)
            if run[-1].text.endswith(("'s", "’s")) and not (
                cues.org_head_any.match(text, toks[j].start) or (head_here and head_here.end() > run[-1].end)
            ):
                break  # "UNICEF's Okafor": a possessive ends a name unless a head follows
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

    Kinds are tried in the cue file's order (most specific first), except that a head inside
    a longer head of another kind gives way to it ("Migraciones", a police body's head, in
    "Organización Internacional para las Migraciones"); "government" heads such as Office,
    Unit or Department only decide when no other kind's head is present.
    """
    found: list[tuple[str, int, int]] = []
    for kind, pat in cues.org_kinds:
        found += [(kind, m.start(), m.end()) for m in pat.finditer(name)]
    for kind, start, end in found:
        if kind == "government":
            continue
        # a government head may win this way too: "Instituto Colombiano de ..." is a state body
        if not any(k != kind and s <= start and end <= e and e - s > end - start for k, s, e in found):
            return kind
    for kind, pat in cues.org_kinds:
        if kind == "government" and pat.search(name):
            return kind
    return None


def _strip(run: list[Tok], cues: EntityCues, text: str) -> list[Tok]:
    """Drop leading stop words and trailing titles (and, for non-organisations, stop words)."""
    connectors = cues.org_connectors | cues.name_connectors
    while run and (
        run[0].text in connectors
        or (fold(run[0].text) in cues.stop and not cues.org_head_any.match(text, run[0].start))
    ):
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
        t not in cues.place_after
        and fold(t) not in cues.title_words
        and is_capitalised(t)
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
    has_head = any(cues.org_head_any.match(t.text) for t in run) or bool(
        cues.org_head_any.search(" ".join(t.text for t in run))
    )
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
        head_follows = last + 1 < len(run) and cues.org_head_any.fullmatch(run[last + 1].text) is not None
        place_prefix = k >= 1 and fold(run[k - 1].text) in _PLACE_PREFIXES
        if last > k and (head_follows or place_prefix or (not is_given_name(tok.text) and has_head)):
            # "Pearl Fisheries Co", "São Tomé", the model's PER inside a name such as "Fiscalía General de la Nación"
            k = last + 1
            continue
        if last > k and not is_given_name(tok.text):
            # "Wender de Paula Lins": the model often starts a name one token late
            if k >= 1 and _is_name_token(run[k - 1].text, cues) and (not out or out[-1][1] <= k - 1):
                k -= 1
            elif (
                k >= 2
                and run[k - 1].text in cues.name_connectors
                and _is_name_token(run[k - 2].text, cues)
                and (not out or out[-1][1] <= k - 2)
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
        spans = [
            sp
            for run in capitalised_runs(text, sent, cues)
            for sp in _classify_run(run, cues, text, ner_person, ctx)
        ]
        if _is_title_case(sent.text):
            # a headline in title case: every word is capitalised, so runs say nothing of names;
            # but a line that is a name (a byline, a signature, a contact) is a person's
            spans = [sp for sp in spans if sp.label in ("ORG", "ACRONYM") or _line_name(ctx, sent, sp, cues)]
            spans.extend(_title_case_places(ctx, sent))
        out.extend(spans)
    out.extend(_acronym_modifiers(ctx))
    titled = {(p.start, p.end): p for p in _titled_persons(ctx, cues, out)}
    out = [titled.get((p.start, p.end), p) for p in out]
    out = [_introduced_org(ctx, cues, p) for p in out]
    out.extend(_lowercase_institutions(ctx, cues))
    out.sort(key=lambda sp: sp.start)
    return out


def _overlaps(a_start: int, a_end: int, spans: list[Span]) -> Span | None:
    for s in spans:
        if s.start < a_end and a_start < s.end:
            return s
    return None


def _split_at(run: list[Tok], cut: set[int]) -> list[list[Tok]]:
    pieces: list[list[Tok]] = []
    cur: list[Tok] = []
    for i, t in enumerate(run):
        if i in cut:
            if cur:
                pieces.append(cur)
            cur = []
            continue
        cur.append(t)
    if cur:
        pieces.append(cur)
    return pieces


def _locative_cuts(run: list[Tok], cues: EntityCues, ctx: Context) -> set[int]:
    """Indexes of "em/en/in/no/na" connectors followed by a town or subdivision (not a country).

    "Ministério Público Federal em Uberlândia" is the federal prosecutors acting in a town:
    the organisation ends before "em". A country keeps its place in a proper name
    ("Human Rights Commission in Honduras").
    """
    from .gazetteer import Gazetteer

    cuts: set[int] = set()
    for i, t in enumerate(run[:-1]):
        if t.text not in ("em", "en", "in", "no", "na", "to"):
            continue
        gaz = Gazetteer.load()
        for j in range(len(run) - 1, i, -1):
            rest = ctx.text[run[i + 1].start : run[j].end]
            if t.text == "to":
                if gaz.country(rest, ctx.language):
                    cuts.add(i)
                    break
            elif not gaz.country(rest, ctx.language) and gaz.places(rest):
                cuts.add(i)
                break
    return cuts


def _classify_run(
    run: list[Tok], cues: EntityCues, text: str, ner_person: list[Span], ctx: Context
) -> list[Span]:
    out: list[Span] = []
    name_all = text[run[0].start : run[-1].end]
    if _title_only(re.sub(r"^.*?['’]s\s+", "", name_all), cues):
        return []  # "IOM's Chief of Mission": a person's title, though "Mission" heads bodies
    known = _known_org(run, cues, text)
    if known is not None:
        known_span, used = known
        rest = run[used:]
        while rest and rest[0].text in cues.org_connectors | cues.name_connectors:
            rest = rest[1:]
        return [known_span, *(_classify_run(rest, cues, text, ner_person, ctx) if rest else [])]
    if cues.title_heads.search(name_all):
        # the name of a law, treaty or report ("Palermo Protocol"): nothing in it is a place
        out.append(Span(run[0].start, run[-1].end, name_all, "TITLE"))
        return out
    pieces: list[list[Tok]] = []
    prev = 0
    lead = _strip(run, cues, text)
    # "NGO Fundacion Luna Nueva" in an English story: a Spanish or Portuguese head word first
    foreign = next((k for k, t in enumerate(lead[:2]) if cues.foreign_head_first.fullmatch(t.text)), None)
    if foreign:
        lead = lead[foreign:]
    if (
        (cues.head_first or foreign is not None)
        and lead
        and (cues.org_head_any.match(text, lead[0].start) or foreign is not None)
        and not any(fold(t.text) in cues.title_words for t in lead[1:])
    ):
        # "Fundación Luna Nueva", "Casa Esperanza": a Spanish or Portuguese name that starts with
        # its head word is an organisation's, whatever given names it holds
        found: list[tuple[int, int]] = []
        head_named = True
    else:
        found = _persons_in(run, cues, ner_person, ctx.language)
        head_named = False
    if not found or found[-1][1] < len(run):
        tail = _titled_tail(run, cues, text, titled_inside_counts=not head_named)
        if tail is not None and (not found or found[-1][1] <= tail[0]):
            found = [*found, tail]
    for a, b in found:
        person = run[a:b]
        out.append(Span(person[0].start, person[-1].end, text[person[0].start : person[-1].end], "PERSON"))
        pieces.append(_drop_titles(run[prev:a], cues))
        prev = b
    pieces.append(run[prev:])
    work: list[list[Tok]] = []
    for piece in pieces:
        if len(piece) > 2:
            cuts = _locative_cuts(piece, cues, ctx)
            work.extend(_split_at(piece, cuts) if cuts else [piece])
        else:
            work.append(piece)
    for piece in work:
        if piece and _title_only(text[piece[0].start : piece[-1].end], cues):
            continue  # "Chief of Mission in Sierra Leone": a person's title and where it is held
        piece = _strip(piece, cues, text)
        if not piece:
            continue
        name = text[piece[0].start : piece[-1].end]
        ands = {i for i, t in enumerate(piece) if t.text in cues.and_words}
        if org_kind(name, cues) is None:
            # "Peru and Bolivia", "Sonora y Chihuahua": two names, not one
            parts = _split_at(piece, ands) if ands else [piece]
        else:
            parts = [piece]
            for i in sorted(ands):
                left, right = _strip(piece[:i], cues, text), _strip(piece[i + 1 :], cues, text)
                if (
                    left
                    and right
                    and all(
                        org_kind(text[x[0].start : x[-1].end], cues)
                        and cues.org_head_any.match(text, x[0].start)
                        for x in (left, right)
                    )
                ):
                    # "el Ministerio Público y la Policía Nacional": two bodies, each with its head word first
                    parts = [left, right]
                    break
        for part in parts:
            span = _make_span(part, cues, text)
            if span is not None:
                out.append(span)
    out.sort(key=lambda sp: sp.start)
    return out


def _drop_titles(piece: list[Tok], cues: EntityCues) -> list[Tok]:
    """What stands before a name less the person's title: "Superintendent of Police" is Police."""
    k = 0
    while k < len(piece) and (
        _is_title_token(piece[k].text, cues) or (k > 0 and piece[k].text in cues.org_connectors)
    ):
        k += 1
    return piece[k:] if k and k < len(piece) else ([] if k else piece)


_GOV_LIKE = frozenset({"government", "law_enforcement", "judiciary", "legislature"})


def _is_title_token(tok: str, cues: EntityCues) -> bool:
    """A person's title ("Corporal", "Superintendent"); "NGO", "Fundação" or "Shelter" in a title list are bodies."""
    return fold(tok) in cues.title_words and not cues.org_head_any.fullmatch(tok) and not is_acronym(tok)


def _titled_tail(
    run: list[Tok], cues: EntityCues, text: str, *, titled_inside_counts: bool = True
) -> tuple[int, int] | None:
    """The index range of a person's name that ends a run after a title or a state body.

    "Police Corporal Shivnarine Persad", "Lieutenant Colonel Touch Vannak", "Superintendent
    of Police Dipendra Karki": a title inside the run introduces the name that ends it, given
    names known or not. "o delegado da Polícia Federal Caio Mendonça Ribas", "el comisario
    de la Policía Nacional ...": a lower-case title right before a state body's name does the
    same. The name is what follows the last title word or organisation head: two to five name
    tokens, from the first known given name among them when there is one.
    """
    n = len(run)
    if n < 3:
        return None
    cut = -1  # index of the last token that belongs to a title or an organisation head
    for i, t in enumerate(run):
        if _is_title_token(t.text, cues):
            cut = i
    titled_inside = cut >= 0 and titled_inside_counts
    for m in cues.org_head_any.finditer(text, run[0].start, run[-1].end):
        cut = max(cut, max(i for i, t in enumerate(run) if t.start < m.end()))
    if cut < 0 or n - (cut + 1) < 2:
        return None
    if not titled_inside:
        before = text[max(0, run[0].start - 40) : run[0].start]
        body = text[run[0].start : run[cut].end]
        titled_before = re.search(
            r"(?:" + cues.titles.pattern + r")\s+(?:de la|de|del|da|do|das|dos|of the|of)\s+$",
            before,
            re.IGNORECASE,
        )
        if titled_before is None or org_kind(body, cues) not in _GOV_LIKE:
            return None
    start = cut + 1
    while start < n and run[start].text in cues.name_connectors:
        start += 1
    tail = run[start:]
    if not 2 <= len(tail) <= 5 or not all(
        _is_name_token(t.text, cues) or t.text in cues.name_connectors for t in tail
    ):
        return None
    given = next((k for k, t in enumerate(tail) if is_given_name(t.text)), 0)
    if len(tail) - given < 2 or tail[given].text in cues.name_connectors:
        given = 0
    return start + given, n


def _title_only(name: str, cues: EntityCues) -> bool:
    """A person's title alone, perhaps with where it is held: "Chief of Mission in Kenya"."""
    core = re.sub(r"\s+(?:in|en|em|at|to|for|para|no|na)\s+.*$", "", fold(name))
    return core in cues.person_titles


def _known_org(run: list[Tok], cues: EntityCues, text: str) -> tuple[Span, int] | None:
    """A known organisation spelled as the data spells it at the start of a run (after a
    stop word), and the number of tokens it takes; None when the run starts with none.

    For names with no head word to find them by: the platforms a network recruits or
    advertises on ("recruited on Facebook"), "Western Union" (also in "Western Union para
    Belém", where a connector joined the next name). Case counts, so "telegram" or "signal"
    as words are not caught.
    """
    from .gazetteer import Gazetteer
    from .orgs import known_orgs

    first = 1 if len(run) > 1 and fold(run[0].text) in cues.stop else 0
    connectors = cues.org_connectors | cues.name_connectors
    for skip in dict.fromkeys((0, first)):
        for n in range(len(run), skip, -1):
            if n < len(run):
                # "United Nations Children's Fund", "State Department for Labour" are longer names;
                # "Western Union para Belém" is a company and a town, "the FBI and the Gwinnett
                # County Police Department" two bodies
                rest = text[run[n + 1].start : run[-1].end] if n + 1 < len(run) else ""
                place = bool(rest) and bool(Gazetteer.load().places(rest))
                body = run[n].text in cues.and_words and org_kind(rest, cues) is not None
                if run[n].text not in connectors or not (place or body):
                    continue
            piece = run[skip:n]
            if len(piece) == 1 and is_acronym(piece[0].text):
                continue  # acronyms have their own path, which ties them to a name spelled out
            name = text[piece[0].start : piece[-1].end]
            known = known_orgs().get(fold(name))
            if known is not None and (name == known.name or name in known.aliases):
                return Span(piece[0].start, piece[-1].end, name, f"ORG:{known.kind}"), n
    return None


def _make_span(piece: list[Tok], cues: EntityCues, text: str) -> Span | None:
    known = _known_org(piece, cues, text)  # "Facebook" out of "Facebook and WhatsApp"
    if known is not None and known[1] == len(piece):
        return known[0]
    piece = _strip(piece, cues, text)
    if not piece:
        return None
    if all(fold(t.text) in cues.stop or t.text in cues.org_connectors for t in piece):
        return None
    s, e = piece[0].start, piece[-1].end
    if piece[-1].text.endswith(("'s", "’s")):
        e -= 2
    name = text[s:e]
    if len(piece) == 1 and is_acronym(name):
        return Span(s, e, name, "ACRONYM")
    kind = org_kind(name, cues)
    if kind is not None and name.isupper() and len(piece) > 6:
        return Span(s, e, name, "CAP")  # a headline or subject line in capitals, not a name
    if kind is not None and fold(name) in cues.person_titles:
        return None  # "Chief of Mission": a person's title alone, though "Mission" heads bodies
    if kind is not None:
        if cues.head_first and kind != "company":
            # Spanish and Portuguese names start with their head word: "Detiene PGR" is a verb and a
            # name. A company's name ends with its kind as often as not: "Bentes Táxi Aéreo", "X Ltda".
            m = cues.org_head_any.search(name)
            if m and m.start() > 0:
                s += m.start()
                name = text[s:e]
        return Span(s, e, name, "ORG")
    return Span(s, e, name, "CAP")


# The only words a Title Case headline leaves in lower case: articles, prepositions and
# conjunctions (en, es, pt). Any other lower-case word ("was", "run", "fue") is prose.
_TITLE_CASE_SMALL = frozenset(
    """a an the of in on at to for by and or nor but as vs via per with from into over onto upon
    than that this de del la las el los lo y e o u en al por para con sin sobre contra entre desde
    hasta tras do da dos das os as ou em no na nos nas ao aos pelo pela pelos pelas com sem após até""".split()
)


def _is_title_case(sentence: str) -> bool:
    """A headline in Title Case: every word but articles, prepositions and conjunctions is capitalised.

    A sentence dense with names ("detuvo a Ernesto Ruiz Pineda en Juchitán", "was run by
    Dexter Ramcharan") still has a lower-case verb, so it is not taken for a headline.
    """
    words = re.findall(r"[^\W\d_][\w'’-]*", sentence)
    prose = [w for w in words if w[:1].islower() and w.lower() not in _TITLE_CASE_SMALL]
    capitalised = [w for w in words if w[:1].isupper()]
    return len(capitalised) >= 4 and not prose


_ABBREVIATED_TITLE = re.compile(r"^(?:[A-Z][a-z]{0,4}\.\s*)+$")  # "Abg.", "Lic.", "Dr.", "Sr. Dr."


def _line_name(ctx: Context, sent: Sentence, sp: Span, cues: EntityCues) -> bool:
    """A person's name that makes up its own line: "Por Ana Ruiz", "Abg. Ana Ruiz", "Ana Ruiz, IOM Kenya".

    Before it on the line only a byline prefix or a title; after it the end of the line or a
    comma (the position or body that follows in a signature or a press contact).
    """
    if sp.label != "PERSON":
        return False
    line_start = ctx.text.rfind("\n", 0, sp.start) + 1
    line_end = ctx.text.find("\n", sp.end)
    before = ctx.text[max(line_start, sent.start) : sp.start].strip().rstrip(":").strip()
    after = ctx.text[sp.end : line_end if line_end != -1 else len(ctx.text)].strip()
    # two authors: "Por Ana Ruiz y Juan Soto", "By Ana Ruiz and Juan Soto"
    pair = re.match(r"^(.*?)\s+\S+(?:\s+\S+){1,4}\s+(?:and|y|e|&)$", before)
    if pair and re.match(r"^(?:and|y|e|&)\s", after) is None:
        before = pair.group(1)
    if re.match(r"^(?:and|y|e|&)\s+[A-ZÁÉÍÓÚÂÊÔÃÕÇÑ][\w'’-]*(?:\s+[A-ZÁÉÍÓÚÂÊÔÃÕÇÑ][\w'’-]*){1,4}$", after):
        after = ""
    lead_ok = (
        not before
        or before in cues.byline_prefixes
        or fold(before) in cues.title_words
        or _ABBREVIATED_TITLE.match(before) is not None
    )
    return lead_ok and (not after or after.startswith(","))


def _title_case_places(ctx: Context, sent: Sentence) -> list[Span]:
    """Places the gazetteer knows inside a title-case headline (longest match first)."""
    from .gazetteer import Gazetteer

    gaz = Gazetteer.load()
    toks = tokens(sent.text, sent.start)
    out: list[Span] = []
    i = 0
    while i < len(toks):
        for n in (3, 2, 1):
            if i + n > len(toks):
                continue
            s, e = toks[i].start, toks[i + n - 1].end
            name = ctx.text[s:e]
            if not all(t.text[:1].isupper() for t in toks[i : i + n]):
                continue
            if gaz.country(name, ctx.language) or (n > 1 and (gaz.subdivision(name) or gaz.places(name))):
                out.append(Span(s, e, name, "CAP"))
                i += n - 1
                break
        i += 1
    return out


_MODIFIER = re.compile(
    r"\b([A-Z][A-Z0-9]{1,6})-(?:funded|backed|led|based|run|supported|sponsored|financed|trained)\b"
)


def _acronym_modifiers(ctx: Context) -> list[Span]:
    """ "USG-funded": the acronym in a modifier names an organisation too."""
    return [Span(m.start(1), m.end(1), m.group(1), "ACRONYM") for m in _MODIFIER.finditer(ctx.text)]


def _titled_persons(ctx: Context, cues: EntityCues, spans: list[Span]) -> list[Span]:
    """Capitalised runs that a title introduces or an apposition describes are persons.

    "Special Rapporteur on forced labour Aziza Ndoye-Kamau", "according to Tomasz Wirt,
    the head of a women's shelter": names with no given name the data knows.
    """
    text = ctx.text
    out: list[Span] = []
    for sp in spans:
        if sp.label != "CAP":
            continue
        words = sp.text.split()
        if not 2 <= len(words) <= 4 or not all(
            _is_name_token(w, cues) or w in cues.name_connectors for w in words
        ):
            continue
        before = text[max(0, sp.start - 60) : sp.start]
        after = text[sp.end : sp.end + 60]
        tail = before.rstrip(" ,")
        trimmed = re.sub(r"(?:\s+(?:on|of|for|in|de|del|da|do|para|sobre)(?:\s+[a-z][\w-]*){1,3})$", "", tail)
        # "The Minister of Social Welfare, X": the title's field is capitalised too
        field = re.sub(
            r"(?:\s+(?:of|for|de|del|da|do|dos|das)(?:\s+(?:the|la|el|los|las|o|a|os|as))?(?:\s+[A-Z][\w'’-]*){1,4})$",
            "",
            tail,
        )
        titled = (
            cues.title_at_end.search(tail)
            or cues.title_at_end.search(trimmed)
            or cues.title_at_end.search(field)
        ) and not before.rstrip().endswith((".", ";", ":"))
        apposed = re.match(
            r",\s+(?:the |a |an |el |la |o |a |um |uma |un |una )?", after
        ) and cues.titles.match(re.sub(r"^,\s+(?:the |a |an |el |la |o |um |uma |un |una )?", "", after))
        # "a fourth man, Ravinesh Chand, 38,": a noun for a person before it and an age after
        aged = re.match(r"^,\s*(?:de\s+|aged\s+)?\d{1,2}\s*(?:,|\)|years? old|años|anos)", after)
        described = cues.person_nouns.search(before)
        if titled or apposed or (aged and described):
            out.append(Span(sp.start, sp.end, sp.text, "PERSON"))
    return out


def _introduced_org(ctx: Context, cues: EntityCues, sp: Span) -> Span:
    """A name that a lower-case noun calls an organisation: "the NGO Sunu Xale", "la banda Los del Pasaje"."""
    if sp.label not in ("CAP", "PERSON"):
        return sp
    before = ctx.text[max(0, sp.start - 40) : sp.start]
    for kind, pat in cues.org_nouns_before:
        if pat.search(before):
            return Span(sp.start, sp.end, sp.text, f"ORG:{kind}")
    after = ctx.text[sp.end : sp.end + 20]
    for kind, pat in cues.org_nouns_after:
        m = pat.match(after)
        if m:
            end = sp.end + m.end()
            return Span(sp.start, end, ctx.text[sp.start : end], f"ORG:{kind}")
    return sp


def _lowercase_institutions(ctx: Context, cues: EntityCues) -> list[Span]:
    out: list[Span] = []
    for kind, pat in cues.lowercase_institutions:
        for m in pat.finditer(ctx.text):
            if ctx.text[m.start() : m.start() + 1].islower():
                before = ctx.text[max(0, m.start() - 4) : m.start()].lower()
                if before.endswith(("a ", "an ")):
                    continue  # "a national police" is generic
                out.append(Span(m.start(), m.end(), m.group(), f"ORG:{kind}"))
    return out

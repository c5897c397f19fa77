"""Places below country level and the countries where what the document reports happens.

Candidates are the model's GPE/LOC spans and the capitalised runs of ``entities``; the
gazetteer (``gazetteer.py``: pycountry subdivisions, GeoNames towns, country names and
demonyms in en/es/pt) decides what each one is. A name inside an organisation's name is
not a place ("Procuraduría General de Justicia del Distrito Federal"), and a country named
only there is not a country of the document ("US Department of State").

Countries follow the contract: where trafficking, victims' origin or destination,
arrests or government action happen. The nationality of suspects does not count, nor a
country named only as a geographic reference ("near the border with El Salvador").
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Evidence, Label, Place
from .context import Context, Mention, Sentence, Span
from .cues import compile_words, load_cues
from .gazetteer import Gazetteer
from .names import fold

_LEADING_ARTICLE = re.compile(r"^(?:the|la|el|los|las|o|a|os|as|le|les|l')\s+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _clean(name: str) -> str:
    name = _LEADING_ARTICLE.sub("", name.strip())
    return re.sub(r"['’]s$", "", name).strip(" ,.;:")


def looks_like_place(name: str, ctx: Context) -> bool:
    """True when a name is a country, a first-level subdivision or a sizeable town."""
    gaz = Gazetteer.load()
    name = _clean(name)
    if gaz.country(name, ctx.language) or gaz.subdivision(name):
        return True
    return any(m.population >= 5000 for m in gaz.places(name)[:3])


def _inside(span: Span | Mention, mentions: list[Mention], kind: str) -> bool:
    return any(m.kind == kind and m.start <= span.start and span.end <= m.end for m in mentions)


def _country_cues(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_cues(lang, "places")
    return compile_words(data.get("reference_only_before", [])), compile_words(data.get("suspect_nationality", []))


def extract_places(ctx: Context, proposals: list[Span]) -> None:
    """Fill ctx.facts.places and ctx.facts.countries; set ctx.main_country; add mentions."""
    gaz = Gazetteer.load()
    text, lang = ctx.text, ctx.language
    reference_only, suspect_words = _country_cues(lang)
    org_mentions = [m for m in ctx.mentions if m.kind in ("org", "person")]

    candidates: dict[tuple[int, int], Span] = {}
    for e in ctx.ents:
        if e.label in ("GPE", "LOC", "FAC", "NORP", "PER", "PERSON", "MISC"):
            candidates.setdefault((e.start, e.end), e)
    for p in proposals:
        if p.label in ("CAP", "PERSON", "ACRONYM", "ORG"):
            candidates.setdefault((p.start, p.end), p)

    country_mentions: list[Mention] = []
    place_mentions: list[tuple[Mention, list[str]]] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(candidates.values(), key=lambda s: (s.start, -(s.end - s.start))):
        if _inside(span, org_mentions, "org") or any(a <= span.start < b for a, b in taken):
            continue
        # trim leading articles and a trailing possessive, keeping offsets exact
        raw = text[span.start : span.end]
        name = _clean(raw)
        if not name or not name[:1].isupper():
            continue
        start = span.start + raw.find(name)
        end = start + len(name)
        if _inside(Span(start, end, name, ""), org_mentions, "person"):
            continue
        code = gaz.country(name, lang)
        if code:
            country_mentions.append(Mention(start, end, name, "country", code, {"via": "name"}))
            taken.append((start, end))
            continue
        if gaz.is_continent_or_region(name):
            taken.append((start, end))
            continue
        place_mentions.append((Mention(start, end, name, "place", fold(name)), [span.label]))
        taken.append((start, end))

    # demonyms and nationality adjectives: "Ecuadorians", "bengalíes", "moçambicanos"
    for sent in ctx.sentences:
        for m in _WORD.finditer(sent.text):
            word = m.group()
            hit = gaz.demonym(word, lang)
            if not hit:
                continue
            code, ambiguous = hit
            if ambiguous:
                continue
            s = sent.start + m.start()
            if _inside(Span(s, s + len(word), word, ""), ctx.mentions, "org"):
                continue
            country_mentions.append(Mention(s, s + len(word), word, "country", code, {"via": "demonym"}))

    named = Counter(m.key for m in country_mentions if m.attrs.get("via") == "name")
    hints = [c for c, _ in named.most_common()]

    places: dict[str, tuple[Place, list[Mention]]] = {}
    for mention, labels in place_mentions:
        matches = gaz.places(mention.text, hints)
        if not matches:
            continue
        best = matches[0]
        if best.kind == "city" and not (set(labels) & {"GPE", "LOC", "FAC"}) and best.country not in hints:
            continue  # a capitalised word that happens to be a town abroad
        if best.kind == "city" and best.population < 1000 and best.country not in hints:
            continue
        mention.attrs.update({"country": best.country, "subdivision": best.subdivision})
        key = fold(mention.text)
        if key not in places:
            places[key] = (Place(mention.text, best.country, best.subdivision), [])
        places[key][1].append(mention)

    # the document's main country: the most named one, with its places counted in
    weight: Counter[str] = Counter(named)
    for place, ms in places.values():
        if place.country:
            weight[place.country] += len(ms)
    ctx.main_country = weight.most_common(1)[0][0] if weight else None

    for place, ms in places.values():
        seen: set[int] = set()
        for m in ms:
            sent = ctx.sentence_at(m.start)
            if sent.index not in seen:
                seen.add(sent.index)
                place.evidence.append(ctx.evidence(sent))
            ctx.mentions.append(m)
        ctx.facts.places.append(place)

    countries: dict[str, list[Evidence]] = {}
    for m in country_mentions:
        sent = ctx.sentence_at(m.start)
        before = text[max(sent.start, m.start - 40) : m.start]
        if reference_only.search(before):
            continue  # "near the border with El Salvador"
        if m.attrs.get("via") == "demonym" and suspect_words.search(_clause_around(sent, m)):
            continue  # the nationality of suspects does not make a country of the case
        ctx.mentions.append(m)
        countries.setdefault(m.key, []).append(ctx.evidence(sent))
    for place, ms in places.values():
        if place.country and place.country not in countries:
            countries[place.country] = [ctx.evidence(ctx.sentence_at(ms[0].start))]
    for code, evs in countries.items():
        uniq: list[Evidence] = []
        for ev in evs:
            if ev not in uniq:
                uniq.append(ev)
        ctx.facts.countries.append(Label(code, uniq))


def _clause_around(sent: Sentence, m: Mention) -> str:
    lo = max(sent.start, m.start - 50)
    hi = min(sent.end, m.end + 40)
    return sent.text[lo - sent.start : hi - sent.start]

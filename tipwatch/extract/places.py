"""Places below country level and the countries where what the document reports happens.

Candidates are the model's GPE/LOC spans and the capitalised runs of ``entities``; the
gazetteer (``gazetteer.py``: pycountry subdivisions, GeoNames towns, country names and
demonyms in en/es/pt) decides what each one is. A name inside an organisation's name is
not a place ("Fiscalía General del Estado de Jalisco"), and a country named
only there is not a country of the document ("US Department of State").

Countries follow the contract: where trafficking, victims' origin or destination,
arrests or government action happen. The nationality of suspects does not count, nor a
country named only as a geographic reference ("near the border with Belize").
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Label, Place
from .context import Context, Mention, Sentence, Span
from .cues import compile_words, load_cues
from .entities import EntityCues, entity_cues
from .gazetteer import Gazetteer, PlaceMatch
from .names import fold
from .people import _FACILITY_BEFORE

_CONNECTORS = frozenset({"in", "of", "the", "de", "del", "da", "do", "dos", "das", "en", "em", "la", "el"})
# Only lower-case articles (and English "The") are dropped: "La Paz", "El Alto" keep theirs.
_LEADING_ARTICLE = re.compile(r"^(?:the|The|la|el|los|las|o|a|os|as|le|les|l')\s+")
_ARTICLE_BEFORE = re.compile(r"(?:^|[\s(])((?:La|El|Los|Las|O|A|Os|As|Le|Les|Al|San|Santa|São)\s)$")
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
    return compile_words(data.get("reference_only_before", [])), compile_words(
        data.get("suspect_nationality", [])
    )


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
        if p.label in ("CAP", "PERSON", "ACRONYM"):
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
        if _FACILITY_BEFORE.search(text[max(0, start - 15) : start]):
            continue  # "calle Isabel la Católica", "iglesia Santa Teresita": a street or a building
        art = _ARTICLE_BEFORE.search(text[max(0, start - 6) : start])
        if art and (gaz.places(art.group(1) + name) or gaz.subdivision(art.group(1) + name)):
            start -= len(art.group(1))
            name = text[start:end]  # "El Alto", "La Paz": the article belongs to the name
        if text[end : end + 1] == "$" or re.match(r"\$|\s?(?:dollars?|dólar(?:es)?)\b", text[end : end + 9]):
            taken.append((start, end))
            continue  # "US$300", "US dollars": a currency, not a country where anything happens
        code = gaz.country(name, lang)
        if code:
            country_mentions.append(Mention(start, end, name, "country", code, {"via": "name"}))
            taken.append((start, end))
            continue
        if gaz.is_continent_or_region(name):
            taken.append((start, end))
            continue
        if gaz.demonym(name, lang) and not gaz.places(name, allow_common=False)[:1]:
            continue  # "Guatemalan" is a nationality, not a place
        labels = [span.label] + [e.label for e in ctx.ents if e.start < end and start < e.end]
        if len(name.split()) > 2 and not gaz.places(name) and not gaz.subdivision(name):
            # "Kpandu in the Nkwanta North District of the Volta Region": several places in one run
            for m in re.finditer(r"[A-ZÁÉÍÓÚÂÊÔÃÕÇÑ][\w'’-]*(?:\s+[A-ZÁÉÍÓÚÂÊÔÃÕÇÑ][\w'’-]*)*", name):
                part = m.group()
                if part[:1].isupper() and fold(part) not in _CONNECTORS:
                    ps = start + m.start()
                    code = gaz.country(part, lang)
                    if code:
                        country_mentions.append(
                            Mention(ps, ps + len(part), part, "country", code, {"via": "name"})
                        )
                        continue
                    place_mentions.append((Mention(ps, ps + len(part), part, "place", fold(part)), labels))
        else:
            place_mentions.append((Mention(start, end, name, "place", fold(name)), labels))
        taken.append((start, end))

    # demonyms and nationality adjectives: "Ecuadorians", "bengalíes", "moçambicanos"
    for sent in ctx.sentences:
        for m in _WORD.finditer(sent.text):
            word = m.group()
            hit = gaz.demonym(word, lang)
            if not hit:
                continue
            code, ambiguous = hit
            if ambiguous or not gaz.demonym_in(word, lang):
                continue  # "Letona" is Latvian in Spanish, a surname in an English story
            s = sent.start + m.start()
            span = Span(s, s + len(word), word, "")
            if _inside(span, ctx.mentions, "org") or _inside(span, ctx.mentions, "person"):
                continue
            country_mentions.append(Mention(s, s + len(word), word, "country", code, {"via": "demonym"}))

    named = Counter(m.key for m in country_mentions if m.attrs.get("via") == "name")
    # first-level subdivisions are strong evidence of a country even when it is never named
    sub_countries: Counter[str] = Counter()
    sub_names: dict[str, set[str]] = {}  # the distinct subdivisions named, by country
    for mention, _ in place_mentions:
        if len(mention.text) > 3:
            for cc in {cc for cc, _code in gaz.subdivision(mention.text)}:
                sub_countries[cc] += 1
                sub_names.setdefault(cc, set()).add(fold(mention.text))
    # a subdivision vouches for its country where the document names no country at all, or
    # where two of its subdivisions are named (Oio, Bafatá and Gabú: Guinea-Bissau) while
    # the text names only a neighbour
    hints = [c for c, _ in (named or sub_countries).most_common()]
    # (they let its places in, but never outrank a named country's reading of a name)
    accepted = hints + sorted(c for c, names in sub_names.items() if len(names) >= 2 and c not in hints)
    # "Decatur, Georgia": a name after a comma that is a subdivision of a named country is that subdivision
    for cm in list(country_mentions):
        if text[max(0, cm.start - 2) : cm.start] == ", " and cm.attrs.get("via") == "name":
            subs = [(cc, code) for cc, code in gaz.subdivision(cm.text) if cc in hints and cc != cm.key]
            if subs:
                country_mentions.remove(cm)
                place_mentions.append((Mention(cm.start, cm.end, cm.text, "place", fold(cm.text)), ["GPE"]))
    cues = entity_cues(lang)

    places: dict[str, tuple[Place, list[Mention]]] = {}
    unresolved: list[Mention] = []
    for mention, labels in place_mentions:
        name = mention.text
        if fold(name) in cues.stop or len(name) < 3 and not name.isupper():
            continue
        acronym = name.isupper() and len(name) <= 3
        if name.isupper() and len(name) > 3 and not (set(labels) & {"GPE", "LOC"}):
            continue  # "ICMP", "MAPUTO" on a cable's routing line: capitals say nothing here
        if len(name.split()) == 1 and _is_common_word(name, text):
            continue  # "Trata", "Once", "State": a word the text also uses in lower case
        matches = gaz.places(name, hints, abbreviations=acronym) if not acronym or hints else []
        if acronym and matches and matches[0].country not in hints:
            matches = []
        introduced = bool(cues.place_before.search(text[max(0, mention.start - 30) : mention.start]))
        if not matches and hints and set(labels) & {"GPE", "LOC"} and 2 <= len(name.split()) <= 3:
            matches = [m for m in gaz.places(name, hints, fuzzy=True) if m.country in hints][:1]
        if not matches:
            inside_next = re.match(
                r"\s+(?:in|en|em|na|no)\s+(?:the\s+|la\s+|el\s+|o\s+|a\s+)?[A-ZÁÉÍÓÚ]",
                text[mention.end : mention.end + 25],
            )
            after_locative = re.search(
                r"\b(?:in|at|near|en|em|na|no|cerca de|perto de)\s+$",
                text[max(0, mention.start - 12) : mention.start],
            )
            if (
                introduced
                or _feature_or_unit(name, cues)
                or (inside_next and (set(labels) & {"GPE", "LOC"} or after_locative))
            ):
                unresolved.append(mention)
            continue
        best = _prefer_famous(matches, hints)
        strong = set(labels) & {"GPE", "LOC", "FAC"} or introduced
        sizeable = best.kind == "subdivision" or best.population >= 20000
        if best.country not in accepted and (not strong or (hints and not sizeable)):
            continue  # a capitalised word that happens to be a place abroad
        if best.kind == "city" and best.population < 1000 and best.country not in accepted:
            continue
        subdivision = None if _is_feature(name, cues) else best.subdivision
        _add_place(places, mention, best.country, subdivision)

    # places the gazetteer does not know, introduced as places ("barrio Lomas", "Kpandu in the
    # Nkwanta North District of the Volta Region"): the place named after them in the sentence contains them
    known = sorted((m for _, ms in places.values() for m in ms), key=lambda m: m.start)
    for mention in unresolved:
        sent = ctx.sentence_at(mention.start)
        after = [m for m in known if mention.end <= m.start < sent.end]
        country = after[0].attrs.get("country") if after else (hints[0] if hints else None)
        if country is None:
            continue
        within = after[0].attrs.get("subdivision") if after else None
        if within is None and not _is_feature(mention.text, cues):
            around = {k.attrs.get("subdivision") for k in known if k.attrs.get("country") == country}
            around.discard(None)
            within = around.pop() if len(around) == 1 else None
        _add_place(places, mention, str(country), str(within) if within else None)

    # the document's main country: the most named one, with its places counted in
    weight: Counter[str] = Counter(named)
    for place, ms in places.values():
        if place.country:
            weight[place.country] += len(ms)
    ctx.main_country = weight.most_common(1)[0][0] if weight else None

    for place, ms in places.values():
        place.evidence.extend(ctx.evidence_of(m.start for m in ms))
        ctx.mentions.extend(ms)
        ctx.facts.places.append(place)

    countries: dict[str, list[int]] = {}
    for named_country in country_mentions:
        start = named_country.start
        around_it = ctx.sentence_at(start)
        if reference_only.search(text[max(around_it.start, start - 40) : start]):
            continue  # "near the border with Belize"
        if named_country.attrs.get("via") == "demonym" and suspect_words.search(
            _clause_around(around_it, named_country)
        ):
            continue  # the nationality of suspects does not make a country of the case
        ctx.mentions.append(named_country)
        countries.setdefault(named_country.key, []).append(start)
    for place, ms in places.values():
        if place.country and place.country not in countries:
            countries[place.country] = [ms[0].start]
    for code, offsets in countries.items():
        ctx.facts.countries.append(Label(code, ctx.evidence_of(offsets)))


def _is_common_word(name: str, text: str) -> bool:
    """True when the word also appears in lower case in the text (outside a sentence start)."""
    low = name.lower()
    if low == name:
        return False
    return re.search(r"(?<![.!?]\s)(?<!^)\b" + re.escape(low) + r"\b", text) is not None


def _prefer_famous(matches: list[PlaceMatch], hints: list[str]) -> PlaceMatch:
    """The gazetteer's first reading, unless a far larger city abroad is meant ("Dubai")."""
    best = matches[0]
    if best.kind == "city":
        big = max(matches[:8], key=lambda m: m.population)
        if big.population >= 500_000 and big.population >= 100 * max(best.population, 1):
            return big
    return best


def _feature_or_unit(name: str, cues: EntityCues) -> bool:
    """A name ending in a unit or feature word: "Nkwanta North District", "Lake Titicaca"."""
    return name.split()[-1] in cues.place_after if name.split() else False


def _is_feature(name: str, cues: EntityCues) -> bool:
    """Lakes, rivers and mountains span regions: their subdivision is left unknown."""
    last = name.split()[-1] if name.split() else ""
    return last in cues.place_after and last not in _UNIT_WORDS


_UNIT_WORDS = frozenset(
    {
        "District",
        "Districts",
        "Region",
        "Province",
        "County",
        "Municipality",
        "Department",
        "State",
        "Township",
        "Village",
        "Distrito",
        "Región",
        "Região",
    }
)
_UNIT_SUFFIX = re.compile(
    r"\s+(?:District|Districts|Region|Province|County|Municipality|Department|Township|Distrito|Región|Região)$"
)


def _add_place(
    places: dict[str, tuple[Place, list[Mention]]],
    mention: Mention,
    country: str | None,
    subdivision: str | None,
) -> None:
    """One place per name, "Henan province" and "Henan" being one place."""
    mention.attrs.update({"country": country, "subdivision": subdivision})
    key = fold(_UNIT_SUFFIX.sub("", mention.text)) if len(mention.text.split()) > 1 else fold(mention.text)
    from .gazetteer import strip_affixes

    variants = [key, *strip_affixes(key)]
    for v in variants:
        if v in places:
            places[v][1].append(mention)
            return
    places[key] = (
        Place(
            _UNIT_SUFFIX.sub("", mention.text)
            if mention.text.split()[-1] in ("District", "Districts")
            else mention.text,
            country,
            subdivision,
        ),
        [mention],
    )


def _clause_around(sent: Sentence, m: Mention) -> str:
    lo = max(sent.start, m.start - 120)
    hi = min(sent.end, m.end + 40)
    return sent.text[lo - sent.start : hi - sent.start]

"""The compiled event cues of one language (``data/cues/<lang>/events.yaml``).

Shared by ``events`` (triggers, dates, countries), ``event_counts`` (how many people an
action concerns) and ``victims``; compiled once per process and language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .classify import compile_tail
from .cues import compile_words, load_cues
from .dates import find_dates
from .numbers import lang_of, load_data

YEAR = re.compile(r"(?:19|20)\d\d")
# the dates of a sentence are looked up once, however many triggers it holds
sentence_dates = lru_cache(maxsize=512)(find_dates)


@dataclass(frozen=True, slots=True)
class EventRules:
    """The compiled event cues of one language."""

    triggers: dict[str, re.Pattern[str]]
    requires: dict[str, re.Pattern[str]]
    exclude: dict[str, re.Pattern[str]]
    negation: re.Pattern[str]
    negated_subject: re.Pattern[str]
    prepositions: frozenset[str]
    prepositional_negations: frozenset[str]
    modal: re.Pattern[str]
    purpose: re.Pattern[str]
    request: re.Pattern[str]
    hypothetical: re.Pattern[str]
    passive: re.Pattern[str]
    heads: tuple[tuple[str, re.Pattern[str]], ...]
    extra_heads: re.Pattern[str]
    count_roles: dict[str, frozenset[str]]
    singular: re.Pattern[str]
    cut: re.Pattern[str]
    hard_cut: re.Pattern[str]
    statistic: re.Pattern[str]
    clause_break: re.Pattern[str]
    authority: re.Pattern[str]
    authority_before: re.Pattern[str]
    authority_in: re.Pattern[str]
    locative: re.Pattern[str]
    locative_deportation: re.Pattern[str]
    multi_country: re.Pattern[str]
    said: re.Pattern[str]
    background: re.Pattern[str]
    approx: re.Pattern[str]
    gap_words: re.Pattern[str]
    lead_in: re.Pattern[str]
    not_people: re.Pattern[str]
    unit_after: re.Pattern[str]
    case_heads: re.Pattern[str]
    comparison: re.Pattern[str]
    compared: frozenset[str]
    place_barrier: re.Pattern[str]
    not_date_after: re.Pattern[str]
    not_date_before: re.Pattern[str]
    period_start: re.Pattern[str]
    backref: re.Pattern[str]
    coref: re.Pattern[str]
    participle: re.Pattern[str]


def _alts(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True)) or "(?!x)x"


@cache
def load_event_rules(lang: str) -> EventRules:
    """Compile ``events.yaml`` of a language once per process."""
    data = load_cues(lang, "events")
    filters = data.get("filters") or {}
    excl = data.get("exclude") or {}
    common = list(excl.get("all") or [])
    triggers = {str(t): compile_words(list(w)) for t, w in (data.get("triggers") or {}).items()}
    dets, pair = _alts(data.get("determiners", [])), _alts(data.get("pair", []))
    noun = _alts(data.get("singular", []))
    # "a 'high-value' suspect", "the city's former deputy mayor", "um casal"
    pronoun = _alts(data.get("pronouns", []))
    singular = re.compile(
        rf"(?<!\w)(?:(?:{dets})\s+(?:(?:[‘'\"“][^’'\"”]{{1,20}}[’'\"”]|[\w-]+)\s+){{0,3}}?(?P<noun>{noun})"
        rf"|(?P<pair>{pair})|(?P<pron>{pronoun}))(?!\w)",
        re.IGNORECASE,
    )
    said = list((load_cues(lang, "attribution") or {}).get("verbs", [])) + list(
        data.get("statement_dates", [])
    )
    approx = list(load_data("numbers", lang_of(lang)).get("approx_before", []))
    finite = _alts(data.get("finite_auxiliaries", []))
    return EventRules(
        triggers=triggers,
        requires={str(t): compile_words(list(w)) for t, w in (data.get("requires") or {}).items()},
        exclude={t: compile_words(common + list(excl.get(t) or [])) for t in triggers},
        negation=compile_tail(list(filters.get("negation", [])), 2),
        # a negation, its noun phrase, a finite auxiliary and at most two more words before a
        # trigger: "no trafficker had ever been [convicted]", "with no papers were [arrested]"
        negated_subject=re.compile(
            rf"(?<!\w)(?P<cue>{_alts(list(filters.get('negation', [])) + list(filters.get('negated_subject', [])))})"
            rf"\s+(?:(?!(?:{finite})\s)[\w'’-]+\s+){{0,6}}?(?:{finite})(?:\s+[\w-]+){{0,2}}\s*$",
            re.IGNORECASE,
        ),
        prepositions=frozenset(w.lower() for w in data.get("prepositions", [])),
        prepositional_negations=frozenset(w.lower() for w in data.get("prepositional_negations", [])),
        modal=compile_tail(list(filters.get("modal", [])), 5),
        purpose=compile_tail(list(filters.get("purpose", [])), 0),
        request=compile_tail(list(filters.get("request", [])), 7),
        hypothetical=compile_words(list(filters.get("hypothetical", []))),
        passive=compile_tail(list(data.get("passive", [])), 3),
        heads=tuple(
            (role, re.compile(rf"(?:{_alts(list(words))})", re.IGNORECASE))
            for role, words in (data.get("heads") or {}).items()
        ),
        extra_heads=re.compile(
            rf"\s*(?:[\w-]+\s+){{0,2}}?(?:{_alts(data.get('extra_heads', []))})(?!\w)", re.IGNORECASE
        ),
        count_roles={str(t): frozenset(v or []) for t, v in (data.get("count_roles") or {}).items()},
        singular=singular,
        cut=compile_words(list(data.get("cut", []))),
        hard_cut=compile_words(list(data.get("hard_cut", []))),
        statistic=compile_words(list(data.get("statistic", []))),
        clause_break=re.compile("|".join(re.escape(b) for b in data.get("clause_breaks", [])) or "(?!x)x"),
        # a demonym right before ("the Dutch police") or right after ("la policía boliviana") one of these
        authority=re.compile(
            rf"\s+(?:[\w-]+\s+)?(?:{_alts(data.get('authority', []))})(?!\w)", re.IGNORECASE
        ),
        authority_before=re.compile(rf"(?<!\w)(?:{_alts(data.get('authority', []))})\s+$", re.IGNORECASE),
        # "authorities in Bolivia": the country where an authority acts
        authority_in=re.compile(
            rf"(?<!\w)(?:{_alts(data.get('authority', []))})\s+\w+\s+(?:the\s+|el\s+|la\s+|o\s+|a\s+)?$",
            re.IGNORECASE,
        ),
        locative=compile_tail(list(data.get("locative", [])), 1),
        locative_deportation=compile_tail(list(data.get("locative_deportation", [])), 1),
        multi_country=compile_words(list(data.get("multi_country", []))),
        # "said on Friday", "told reporters on 12 May": the date of a statement
        said=re.compile(rf"(?<!\w)(?:{_alts(said)})(?:\s+[\w,]+){{0,3}}?\s*,?\s*$", re.IGNORECASE),
        background=compile_tail(list(data.get("background", [])), 3),
        approx=re.compile(rf"(?<!\w)(?:{_alts(approx)})\s*$", re.IGNORECASE),
        gap_words=re.compile(rf"(?:{_alts(data.get('gap_words', []))})", re.IGNORECASE),
        # "detained some 46", "rescued a total of 30": words between an active trigger and its number
        lead_in=re.compile(rf"\s*(?:(?:{_alts(approx + list(data.get('lead_in', [])))})\s+)?", re.IGNORECASE),
        not_people=re.compile(
            rf"[\s-]*(?:[\w-]+\s+){{0,1}}?(?:{_alts(data.get('not_people', []))})(?!\w)", re.IGNORECASE
        ),
        unit_after=re.compile(rf"\s+(?:{_alts(data.get('not_people', []))})(?!\w)", re.IGNORECASE),
        case_heads=re.compile(
            rf"\s*(?:[\w-]+\s+){{0,3}}?(?:{_alts(data.get('case_heads', []))})(?!\w)", re.IGNORECASE
        ),
        comparison=compile_words(list(data.get("comparison", []))),
        compared=frozenset(data.get("compared_types", [])),
        place_barrier=compile_words(list(data.get("place_barrier", []))),
        not_date_before=compile_tail(list(data.get("not_date_before", [])), 0),
        period_start=compile_words(list(data.get("not_date_before", []))),
        coref=compile_words(list(data.get("coref", []))),
        backref=re.compile(rf"(?<!\w)(?:{_alts(data.get('backref', []))})\s+$", re.IGNORECASE),
        participle=re.compile(rf"(?:{_alts(data.get('participles', []))})", re.IGNORECASE),
        not_date_after=re.compile(rf"\s*(?:{_alts(data.get('not_date_after', []))})(?!\w)", re.IGNORECASE),
    )

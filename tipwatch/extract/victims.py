"""What a document says of its victims, taken together: ``Facts.victims``.

Only sentences that speak of victims count (cue words in ``data/cues/<lang>/victims.yaml``,
plus the sentences an exploitation label or a rescue event cites), so a suspect's age or a
shelter's age limit is not a victim's.

* count: the victims of the main case. The rescues the events component found (their sum,
  so itemised operations add up), else the first count of victim-like people ("cuatro
  menores", "74 undocumented non-citizens") in a sentence about victims. Period statistics
  and national estimates ("each year", "balanço") are never the count of a case.
* minors: True when a word for minors or an age under 18 is said of victims; False only
  when every victim age is stated and adult; else None.
* age_min/age_max: from explicit ages only ("aged 9 to 16", "de oito meses" -> 0).
* sexes: from words that carry a sex ("girls", "mujeres", "o filho"); generic plurals
  ("children", "menores", "trabalhadores") give none. Adults in a sentence about selling a
  child are the sellers, and a noun after "for" is the buyer ("brides for ... men").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..labels import EventType, Sex
from ..model import Evidence, Victims
from .classify import compile_tail
from .context import Context, Sentence
from .cues import compile_words, load_cues
from .events import is_statistic
from .numbers import find_ages, find_counts, find_numbers


@dataclass(frozen=True, slots=True)
class VictimRules:
    """The compiled victim cues of one language."""

    context: re.Pattern[str]
    minor: re.Pattern[str]
    not_minor: re.Pattern[str]
    adult_victims: re.Pattern[str]
    seller: re.Pattern[str]
    buyer_before: re.Pattern[str]
    female: re.Pattern[str]
    male: re.Pattern[str]
    both: re.Pattern[str]
    adult: re.Pattern[str]
    count_heads: re.Pattern[str]
    count_cues: re.Pattern[str]
    bare_head: re.Pattern[str]


@cache
def load_victim_rules(lang: str) -> VictimRules:
    """Compile ``victims.yaml`` of a language once per process."""
    data = load_cues(lang, "victims")
    sexes = data.get("sexes") or {}
    heads = sorted(data.get("count_heads", []), key=len, reverse=True)
    return VictimRules(
        context=compile_words(list(data.get("context", []))),
        minor=compile_words(list(data.get("minor", []))),
        not_minor=compile_words(list(data.get("not_minor", []))),
        adult_victims=compile_words(list(data.get("adult_victims", []))),
        seller=compile_words(list(data.get("seller", []))),
        buyer_before=compile_tail(list(data.get("buyer_before", [])), 1),
        female=compile_words(list(sexes.get("female", []))),
        male=compile_words(list(sexes.get("male", []))),
        both=compile_words(list(sexes.get("both", []))),
        adult=compile_words(list(data.get("adult", []))),
        count_heads=compile_words(heads),
        count_cues=compile_words(list(data.get("count_cues", []))),
        # "74 undocumented non-citizens": a head numbers.py does not know, right after a number
        bare_head=re.compile(rf"\s+(?:{'|'.join(heads) or '(?!x)x'})(?!\w)", re.IGNORECASE),
    )


def _victim_sentences(ctx: Context, rules: VictimRules) -> list[Sentence]:
    cited = {ev.start for lab in ctx.facts.exploitation for ev in lab.evidence}
    cited |= {ev.start for e in ctx.facts.events if e.type == EventType.RESCUE for ev in e.evidence}
    return [s for s in ctx.sentences if s.start in cited or rules.context.search(s.text)]


def _is_statistic_event(ctx: Context, quotes: list[Evidence]) -> bool:
    votes = [is_statistic(ctx, ev.quote) for ev in quotes]
    return bool(votes) and sum(votes) * 2 >= len(votes)


def _count(ctx: Context, rules: VictimRules) -> tuple[int | None, list[Evidence]]:
    rescues = [e for e in ctx.facts.events if e.type == EventType.RESCUE and e.count]
    statistic_counts = {e.count for e in ctx.facts.events if e.count and _is_statistic_event(ctx, e.evidence)}
    case = [e for e in rescues if not _is_statistic_event(ctx, e.evidence)]
    if case:
        return sum(e.count or 0 for e in case), [ev for e in case for ev in e.evidence[:1]]
    for sent in ctx.sentences:
        text = sent.text
        if not rules.count_cues.search(text) or is_statistic(ctx, text):
            continue
        values = [c.value for c in find_counts(text, ctx.language) if rules.count_heads.fullmatch(c.head)]
        if not values:
            values = [
                int(n.value)
                for n in find_numbers(text, ctx.language)
                if n.value == int(n.value) and n.value > 0 and rules.bare_head.match(text, n.end)
            ]
        for value in values:
            if value not in statistic_counts:
                return value, [ctx.evidence(sent)]
    return None, []


def _ages(ctx: Context, rules: VictimRules, sent: Sentence, has_minor_words: bool) -> list[tuple[int, int]]:
    """Ages said of victims in one sentence; an adult age needs a victim noun right before it."""
    text = sent.text
    out: list[tuple[int, int]] = []
    for age in find_ages(text, ctx.language):
        if age.age_max < 18:
            out.append((age.age_min, age.age_max))
            continue
        if has_minor_words or rules.seller.search(text):
            continue  # in a case of children, adults with ages are parents, buyers or suspects
        before = text[max(0, age.start - 40) : age.start]
        if rules.adult_victims.search(before):
            out.append((age.age_min, age.age_max))
    return out


def _sexes(rules: VictimRules, sent: Sentence) -> set[str]:
    text = sent.text
    if rules.both.search(text):
        return {Sex.FEMALE, Sex.MALE}
    selling = bool(rules.seller.search(text))
    adult_spans = [m.span() for m in rules.adult.finditer(text)]
    found: set[str] = set()
    for sex, pattern in ((Sex.FEMALE, rules.female), (Sex.MALE, rules.male)):
        for m in pattern.finditer(text):
            is_adult = any(a <= m.start() < b for a, b in adult_spans)
            if is_adult and (selling or rules.buyer_before.search(text[max(0, m.start() - 30) : m.start()])):
                continue
            found.add(sex)
    return found


def extract_victims(ctx: Context) -> None:
    """Fill ctx.facts.victims, each field with the sentences it came from."""
    rules = load_victim_rules(ctx.language)
    sentences = _victim_sentences(ctx, rules)
    v = Victims()
    v.count, count_ev = _count(ctx, rules)
    if count_ev:
        v.evidence["count"] = count_ev

    minor_sents = [
        s for s in sentences
        if any(not rules.not_minor.search(s.text, max(0, m.start() - 12), m.end() + 20) for m in rules.minor.finditer(s.text))
    ]
    ages: list[tuple[int, int]] = []
    age_ev: list[Evidence] = []
    for s in sentences:
        found = _ages(ctx, rules, s, bool(minor_sents))
        if found:
            ages.extend(found)
            age_ev.append(ctx.evidence(s))
    if ages:
        v.age_min, v.age_max = min(a for a, _ in ages), max(b for _, b in ages)
        v.evidence["age_min"] = v.evidence["age_max"] = age_ev
    if minor_sents or (ages and v.age_min is not None and v.age_min < 18):
        v.minors = True
        v.evidence["minors"] = [ctx.evidence(s) for s in minor_sents[:3]] or age_ev
    elif ages:
        v.minors = False
        v.evidence["minors"] = age_ev

    sexes: set[str] = set()
    sex_ev: list[Evidence] = []
    for s in sentences:
        found_sexes = _sexes(rules, s)
        if found_sexes - sexes:
            sex_ev.append(ctx.evidence(s))
        sexes |= found_sexes
    v.sexes = [x for x in (Sex.FEMALE, Sex.MALE) if x in sexes]
    if v.sexes:
        v.evidence["sexes"] = sex_ev
    ctx.facts.victims = v

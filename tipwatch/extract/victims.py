"""What a document says of its victims, taken together: ``Facts.victims``.

Only sentences that speak of victims count (cue words in ``data/cues/<lang>/victims.yaml``,
the sentences an exploitation label or a rescue event cites, and, in a document that
reports exploitation, sentences naming the groups it is done to: workers, children), and
never a definition or a plea, so a suspect's age or a shelter's age limit is not a victim's.

* count: the victims of the main case. The rescues the events component found (their sum,
  so itemised operations add up; a rescue dated only by a year is a period total), else
  the first count of victim-like people ("cinco menores", "31 undocumented migrants"),
  with counts joined by "and" added ("seven men and four women") unless they break down
  the one before. Period statistics, caseloads ("assisted 312 survivors in 2019") and
  national estimates are never the count of a case; "one of the victims" is no count.
* minors: True when a word for minors or an age under 18 is said of victims; False only
  when every victim age is stated and adult; else None.
* age_min/age_max: from explicit ages only ("aged 10 to 15", "de seis meses" -> 0, "aged
  14, 15 and 16"); "the youngest aged 15" bounds one side; limits ("children up to 12")
  and prison terms ("pena de 13 a 16 años") are no ages; in a case of children an adult
  age counts only right after a word for the victims.
* sexes: from words that carry a sex ("girls", "mujeres", "o filho"); generic plurals
  ("children", "menores", "trabalhadores") give none. Adults in a sentence about selling a
  child are the sellers, a noun after "for" or before "who paid" is a buyer, adults in a
  clause about suspects are suspects, and words inside an organisation's name are a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..labels import EventType, Sex
from ..model import Evidence, Victims
from .classify import compile_tail, load_label_rules, org_spans
from .context import Context, Sentence
from .cues import compile_words, load_cues
from .dates import find_dates, resolve_date
from .event_counts import drop_breakdowns
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
    suspects: re.Pattern[str]
    victim_words: re.Pattern[str]
    named_victims: re.Pattern[str]
    groups: re.Pattern[str]
    caseload: re.Pattern[str]
    age_limit: re.Pattern[str]
    youngest: re.Pattern[str]
    oldest: re.Pattern[str]
    buyer_after: re.Pattern[str]
    age_blockers: re.Pattern[str]


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
        suspects=compile_words(list(data.get("suspects", []))),
        victim_words=compile_words(list(data.get("victim_words", []))),
        named_victims=compile_tail(
            list(data.get("victim_words", [])) + list(data.get("adult_victims", [])), 2
        ),
        groups=compile_words(list(data.get("victim_groups", []))),
        caseload=compile_words(list(data.get("caseload", []))),
        age_limit=compile_tail(list(data.get("age_limit", [])), 0),
        youngest=compile_tail(list(data.get("youngest", [])), 1),
        oldest=compile_tail(list(data.get("oldest", [])), 1),
        age_blockers=compile_tail(list(data.get("age_blockers", [])), 1),
        buyer_after=re.compile(
            rf"\W*(?:{'|'.join(data.get('buyer_after', [])) or '(?!x)x'})(?!\w)", re.IGNORECASE
        ),
    )


# "aged 14, 15 and 16": numbers numbers.py left after the first age of a list
_AGE_LIST = re.compile(r"(?:\s*,\s*\d{1,2})*\s*,?\s*(?:and|or|y|e|o|ou)\s+(\d{1,2})(?!\d)", re.IGNORECASE)


# "one of the victims", "uma das vítimas": a partitive names one of a group, not its size
_PARTITIVE = re.compile(r"(?:one|una?|uma?)\s+(?:of|de|das|dos|de las|de los)\b", re.IGNORECASE)
_JOINED = re.compile(r"\s*(?:and|y|e)\s*", re.IGNORECASE)
_CLAUSE = re.compile(r";|,\s+(?:and|but|while|y|pero|mientras|e|mas|enquanto)\s+", re.IGNORECASE)


def _clause_at(text: str, pos: int) -> str:
    """The clause of a sentence around a position: "four were detained, aged 28 to 51, and seven freed"."""
    cuts = [0] + [m.end() for m in _CLAUSE.finditer(text)] + [len(text)]
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a <= pos < b:
            return text[a:b]
    return text


def _about_suspects(rules: VictimRules, clause: str) -> bool:
    return bool(rules.suspects.search(clause)) and not rules.victim_words.search(clause)


def _victim_sentences(ctx: Context, rules: VictimRules) -> list[Sentence]:
    """Sentences about victims: cue words, the sentences of exploitation labels and rescues, and,
    in a document that reports exploitation, sentences naming the people it is done to
    ("the workers, among them two 16-year-olds, ...")."""
    cited = {ev.start for lab in ctx.facts.exploitation for ev in lab.evidence}
    cited |= {ev.start for e in ctx.facts.events if e.type == EventType.RESCUE for ev in e.evidence}
    exploited = bool(ctx.facts.exploitation)
    # definitions and advocacy ("trafficking exploits women, men and children") describe no victims
    general = load_label_rules(ctx.language).not_reported
    return [
        s
        for s in ctx.sentences
        if not general.search(s.text)
        and (
            s.start in cited
            or rules.context.search(s.text)
            or (exploited and rules.groups.search(s.text) and not rules.suspects.search(s.text))
        )
    ]


def _is_statistic_event(ctx: Context, quotes: list[Evidence]) -> bool:
    votes = [is_statistic(ctx, ev.quote) for ev in quotes]
    return bool(votes) and sum(votes) * 2 >= len(votes)


def _year_only(ctx: Context, text: str) -> bool:
    """A sentence dated by a bare year ("in 2018") reports a period figure, not one case."""
    return any(
        (v := resolve_date(d.expr, ctx.published, ctx.language)) is not None and len(v) == 4
        for d in find_dates(text, ctx.language)
    )


def _count(ctx: Context, rules: VictimRules, sentences: list[Sentence]) -> tuple[int | None, list[Evidence]]:
    rescues = [e for e in ctx.facts.events if e.type == EventType.RESCUE and e.count]
    statistic_counts = {e.count for e in ctx.facts.events if e.count and _is_statistic_event(ctx, e.evidence)}
    # a rescue dated only by its year is a period total ("em 2018, 139 resgatados")
    case = [
        e for e in rescues if not _is_statistic_event(ctx, e.evidence) and not (e.date and len(e.date) == 4)
    ]
    stated = _stated_count(ctx, rules, sentences, statistic_counts)
    if case:
        rescued = sum(e.count or 0 for e in case)
        if stated is not None and stated[2] and stated[0] > rescued:
            # "seis víctimas identificadas ... dos de ellas rescatadas": not every victim was rescued
            return stated[0], stated[1]
        return rescued, [ev for e in case for ev in e.evidence[:1]]
    return (stated[0], stated[1]) if stated is not None else (None, [])


_VICTIM_WORDS = re.compile(r"v[ií]c?timas?|victims?|survivors?|sobrevivientes?|sobreviventes?", re.IGNORECASE)


def _stated_count(
    ctx: Context, rules: VictimRules, sentences: list[Sentence], statistic_counts: set[int]
) -> tuple[int, list[Evidence], bool] | None:
    """The first count of victim-like people in the sentences about the case, its evidence,
    and whether its head is a word for victims ("seis víctimas") rather than a group ("mujeres")."""
    about_victims = {s.index for s in sentences}
    for sent in ctx.sentences:
        text = sent.text
        if not (rules.count_cues.search(text) or sent.index in about_victims):
            continue
        if is_statistic(ctx, text) or rules.caseload.search(text) or _year_only(ctx, text):
            continue
        # the heads numbers.py found, or the noun right after one ("12 Vietnamese nationals")
        found = [
            c
            for c in find_counts(text, ctx.language)
            if (
                rules.count_heads.fullmatch(c.head)
                or rules.count_heads.match(text, min(len(text), c.end + 1))
            )
            and not _PARTITIVE.match(text, c.start)
        ]
        if found:
            # "seven men and four women": counts joined by "and" add up, unless they break down
            # the one before ("five victims, four men and a woman")
            kept, _ = drop_breakdowns(found)
            value, last = kept[0].value, kept[0]
            for c in kept[1:]:
                if _JOINED.fullmatch(text[last.end : c.start]):
                    value, last = value + c.value, c
                else:
                    break
            if value not in statistic_counts:
                return value, [ctx.evidence(sent)], bool(_VICTIM_WORDS.fullmatch(kept[0].head))
            continue
        values = [
            int(n.value)
            for n in find_numbers(text, ctx.language)
            if n.value == int(n.value) and n.value > 0 and rules.bare_head.match(text, n.end)
        ]
        for value in values:
            if value not in statistic_counts:
                return value, [ctx.evidence(sent)], False
    return None


def _ages(
    ctx: Context, rules: VictimRules, sent: Sentence, has_minor_words: bool
) -> list[tuple[int | None, int | None]]:
    """Ages said of victims in one sentence, as (min, max); "the youngest aged 15" bounds one side.

    An adult age needs a victim noun right before it; a limit ("up to 12 years") is no age.
    """
    text = sent.text
    out: list[tuple[int | None, int | None]] = []
    for age in find_ages(text, ctx.language):
        before = text[max(0, age.start - 40) : age.start]
        if rules.age_limit.search(before[-15:]) or rules.age_limit.search(text[age.start : age.start + 12]):
            if age.age_max >= 1:
                continue  # "girls up to 14 years old"; "menos de dois meses" is still 0
        if rules.age_blockers.search(before[-30:] + text[age.start : age.start + 3]):
            continue  # "pena de 13 a 16 años": a prison term
        low, high = age.age_min, age.age_max
        more = _AGE_LIST.match(text, age.end)
        if more:
            high = max(high, int(more.group(1)))
        if high >= 18:
            # "las víctimas, de entre 14 y 26 años", "os resgatados tinham entre 16 e 58 anos"
            named = bool(rules.named_victims.search(before))
            if (has_minor_words and not named) or rules.seller.search(text):
                continue  # in a case of children, adults with ages are parents, buyers or suspects
            if _about_suspects(rules, _clause_at(text, age.start)) or not (
                named or rules.adult_victims.search(before)
            ):
                continue  # "four people were detained, aged 28 to 51"
        if rules.youngest.search(before):
            out.append((low, None))
        elif rules.oldest.search(before):
            out.append((None, high))
        else:
            out.append((low, high))
    return out


def _sexes(ctx: Context, rules: VictimRules, sent: Sentence) -> set[str]:
    """Sexes said of victims; adults are left out where they sell, buy or are the suspects, and
    words inside an organisation's name ("Ministry of Women") are a name."""
    text = sent.text
    names = org_spans(ctx, sent)
    if rules.both.search(text):
        return {Sex.FEMALE, Sex.MALE}
    selling = bool(rules.seller.search(text))
    adult_spans = [m.span() for m in rules.adult.finditer(text)]
    found: set[str] = set()
    for sex, pattern in ((Sex.FEMALE, rules.female), (Sex.MALE, rules.male)):
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in names):
                continue
            is_adult = any(a <= m.start() < b for a, b in adult_spans)
            if is_adult and (
                selling
                or rules.buyer_before.search(text[max(0, m.start() - 30) : m.start()])
                or rules.buyer_after.match(text, m.end())
                or _about_suspects(rules, _clause_at(text, m.start()))
            ):
                continue
            found.add(sex)
    return found


def extract_victims(ctx: Context) -> None:
    """Fill ctx.facts.victims, each field with the sentences it came from."""
    rules = load_victim_rules(ctx.language)
    sentences = _victim_sentences(ctx, rules)
    v = Victims()
    v.count, count_ev = _count(ctx, rules, sentences)
    if count_ev:
        v.evidence["count"] = count_ev

    minor_sents = [
        s
        for s in sentences
        if any(
            not rules.not_minor.search(s.text, max(0, m.start() - 12), m.end() + 20)
            for m in rules.minor.finditer(s.text)
        )
    ]
    ages: list[tuple[int | None, int | None]] = []
    age_ev: list[Evidence] = []
    for s in sentences:
        found = _ages(ctx, rules, s, bool(minor_sents))
        if found:
            ages.extend(found)
            age_ev.append(ctx.evidence(s))
    lows = [a for a, _ in ages if a is not None]
    highs = [b for _, b in ages if b is not None]
    v.age_min = min(lows) if lows else None
    v.age_max = max(highs) if highs else None
    if ages:
        v.evidence["age_min"] = v.evidence["age_max"] = age_ev
    if minor_sents or (v.age_min is not None and v.age_min < 18):
        v.minors = True
        v.evidence["minors"] = [ctx.evidence(s) for s in minor_sents[:3]] or age_ev
    elif ages:
        v.minors = False
        v.evidence["minors"] = age_ev

    sexes: set[str] = set()
    sex_ev: list[Evidence] = []
    for s in sentences:
        found_sexes = _sexes(ctx, rules, s)
        if found_sexes - sexes:
            sex_ev.append(ctx.evidence(s))
        sexes |= found_sexes
    v.sexes = [x for x in (Sex.FEMALE, Sex.MALE) if x in sexes]
    if v.sexes:
        v.evidence["sexes"] = sex_ev
    ctx.facts.victims = v

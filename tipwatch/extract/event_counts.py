"""How many people an enforcement action concerns, from the words around its trigger.

The person counts in the trigger's argument (before a passive trigger, after an active one,
up to a cut word such as "for") are summed ("three recruiters and two drivers" -> 5); a
count that only breaks down the one before it ("four people, two men and two women") is
not added again; groups ("nine gangs") and units ("30 years") count no people; failing
numbers, singular nouns, pronouns and named people are counted one by one ("charged the
farm manager and her brother" -> 2). An investigation counts its cases. "Respectively"
pairs counts with dates. A trigger used as a back-reference ("los detenidos") counts none.
"""

from __future__ import annotations

import re

from .classify import spans_overlap
from .context import Context, Sentence
from .dates import resolve_date
from .event_rules import YEAR, EventRules, sentence_dates
from .numbers import Count, find_numbers

_RESPECTIVELY = re.compile(r"(?<!\w)(?:respectively|respectivamente)(?!\w)", re.IGNORECASE)
# one word between a count and the trigger after it, unless it links two actions
_NOT_BETWEEN = re.compile(r"(?:and|or|but|then|y|e|o|ou|pero|mas|que|who|which|that|,|;)", re.IGNORECASE)
_COORDINATOR = re.compile(r"(?<!\w)(?:and|y|e)(?!\w)", re.IGNORECASE)
# an insertion between dashes or brackets: "two of them - Ana Ruiz, 41, and Rui Sá, 33 - were charged"
INSERTION = re.compile(r"\s[-–—]\s.*?\s[-–—]\s|\s?\([^()]*\)")
_COORDINATED = re.compile(r"(?:,|\band\b|\by\b|\be\b)\s*$", re.IGNORECASE)


def _head_role(rules: EventRules, head: str) -> str:
    for role, pattern in rules.heads:
        if pattern.fullmatch(head.strip()):
            return role
    return "other"


def is_passive(rules: EventRules, before: str) -> bool:
    return bool(rules.passive.search(before))


def drop_breakdowns(counts: list[Count]) -> tuple[list[Count], list[Count]]:
    """Counts to sum, and counts that only break down the one before ("four people, two men and
    two women") or repeat it."""
    keep: list[Count] = []
    skip: list[Count] = []
    i = 0
    while i < len(counts):
        head = counts[i]
        keep.append(head)
        running, j = 0, i + 1
        while j < len(counts) and counts[j].start - head.end < 60:
            running += counts[j].value
            if running == head.value:
                skip.extend(counts[i + 1 : j + 1])
                i = j
                break
            j += 1
        i += 1
    return keep, skip


def _is_adjacent(rules: EventRules, gap: str) -> bool:
    """Whether a number right before a trigger counts its people: "1,350 were deported",
    "11 of them had been charged", "hay cinco detenidos", also across an insertion between
    dashes or brackets ("two of them - named - were charged")."""
    words = INSERTION.sub(" ", gap).split()
    if len(words) == 1 and not _NOT_BETWEEN.fullmatch(words[0]):
        return True  # "nueve mujeres nigerianas liberadas": one adjective between
    return len(words) <= 5 and all(rules.gap_words.fullmatch(w) for w in words)


def _numbers_count(
    ctx: Context,
    rules: EventRules,
    sent: Sentence,
    kind: str,
    window: tuple[int, int],
    trig: tuple[int, int],
    counts: list[Count],
    adjacent_only: bool = False,
    passive: bool = False,
) -> tuple[int | None, bool]:
    """Sum the person counts inside a window of the sentence that this event type may count.

    Counts come from numbers.py ("six suspected clients"); a bare number also counts when a
    person word numbers.py does not know follows it ("3 others", "two U.S. citizens", a
    demonym), when it stands right before the trigger ("1,350 were deported", "las tres
    investigaciones") or right after an active one ("detained 46 'coyotes'"), unless a unit
    that is not people follows it ("30 years", "12 houses"). An investigation counts its
    cases ("investigated 118 cases").
    """
    text, (lo, hi) = sent.text, window
    roles = rules.count_roles.get(kind, frozenset())
    total, approx, found = 0, False, False
    keep, skip = drop_breakdowns(counts)
    used = [(c.start, c.end) for c in counts]
    for c in keep:
        on_trigger = c.start < trig[1] and trig[0] < c.end
        if not (lo <= c.start and c.end <= hi) and not on_trigger:
            continue
        near = on_trigger or (c.end <= trig[0] and _is_adjacent(rules, text[c.end : trig[0]]))
        if adjacent_only and not near:
            continue
        if rules.unit_after.match(text, c.end):
            continue  # "15 Chinese provinces": a demonym before another noun
        role = _head_role(rules, c.head)
        # right before the trigger any people count ("two officials convicted"); further away
        # the police who act do not ("arrested 802 suspects in a move involving 10,000 officers")
        if roles and (near or (role != "actor" and role in roles)):
            total, approx, found = total + c.value, approx or c.approx, True
    demonyms = [
        m.start - sent.start for m in ctx.mentions_in(sent, "country") if m.attrs.get("via") == "demonym"
    ]
    dates = [(d.start, d.end) for d in sentence_dates(text, ctx.language)]
    for n in find_numbers(text[lo:hi], ctx.language):
        s, e = lo + n.start, lo + n.end
        if spans_overlap(s, e, used) or spans_overlap(s, e, dates):
            continue
        if n.value != int(n.value) or n.value <= 0 or n.scale != 1.0 or YEAR.fullmatch(text[s:e]):
            continue
        if n.is_word and n.value == 1:
            continue  # "a", "um", "un": an article; singular nouns are counted apart
        adjacent = e <= trig[0] and _is_adjacent(rules, text[e : trig[0]])
        if adjacent and text[e : trig[0]].strip() and rules.not_people.match(text, e):
            adjacent = False  # "27 anos, condenado": an age, not a number of people
        if adjacent_only and not adjacent:
            continue
        # "detained some 46 ...", and after a passive "foram expulsos do país 1.046"
        gap = text[trig[1] : s] if s >= trig[1] else ""
        for d in dates:  # "resgatou no domingo seis raparigas": a date between is no obstacle
            if trig[1] <= d[0] and d[1] <= s:
                gap = gap.replace(text[d[0] : d[1]], " ")
        right_after = s >= trig[1] and (
            rules.lead_in.fullmatch(gap) is not None or (passive and len(gap.split()) <= 3 and "," not in gap)
        )
        if kind == "investigation":
            ok = adjacent or bool(rules.case_heads.match(text, e))
        else:
            person = bool(rules.extra_heads.match(text, e)) or any(
                0 < d - e <= 25 and len(text[e:d].split()) <= 2 for d in demonyms
            )
            ok = bool(roles) and (
                adjacent or ((person or right_after) and not rules.not_people.match(text, e))
            )
        if ok:
            total, found = total + int(n.value), True
            approx = approx or bool(rules.approx.search(text, max(0, s - 25), s))
    return (total if found else None), approx


def _singular_count(
    ctx: Context, rules: EventRules, sent: Sentence, window: tuple[int, int], passive: bool
) -> int | None:
    """People named one by one next to the trigger: "a suspect", "uma gerente e um contabilista", names.

    The people must form a chain that starts at the trigger (after it for an active
    trigger, before it for a passive one), each within a few words of the next, so a name
    further on ("..., a spokeswoman for the charity said") is not counted.
    """
    lo, hi = window
    text = sent.text
    items: list[tuple[int, int, int]] = [
        (lo + m.start(), lo + m.end(), 2 if m.group("pair") else 1)
        for m in rules.singular.finditer(text[lo:hi])
    ]
    nouns = list(items)
    for p in ctx.mentions_in(sent, "person"):
        ps, pe = p.start - sent.start, p.end - sent.start
        if not (lo <= ps and pe <= hi):
            continue
        # an apposition names someone already counted: "a suspect, Ana Lima," / "driver Tomás Rey" /
        # "al antiguo vicario de la capilla de San Juan, Pedro Ruiz"; names in a list are each a person
        if any(0 <= ps - e <= 4 or 0 <= s - pe <= 4 for s, e, _ in nouns) or any(
            0 <= ps - e <= 60 and not _COORDINATOR.search(text[e:ps]) and "," in text[e:ps]
            for s, e, _ in nouns
        ):
            continue
        items.append((ps, pe, 1))
    items.sort()
    if passive:
        items.reverse()
    total, edge = 0, (hi if passive else lo)
    for s, e, n in items:
        gap = edge - e if passive else s - edge
        between = text[e:edge] if passive else text[edge:s]
        limit = 40 if total == 0 else (50 if _COORDINATED.search(between) else 30)
        if gap > limit or gap < -1:
            break
        total, edge = total + n, (s if passive else e)
    return total or None


def is_backref(rules: EventRules, text: str, start: int, end: int, lang: str) -> bool:
    """A trigger used as an adjective or noun after a definite article: "the rescued women",
    "las personas detenidas", "os detidos", "the arrests"."""
    before = text[max(0, start - 40) : start]
    ref = rules.backref.search(before)
    return (
        ref is not None
        and not rules.passive.search(before)
        and not find_numbers(ref.group(), lang)  # "las nueve mujeres liberadas" is a count, not a reference
        and bool(rules.participle.fullmatch(text[start:end]))
    )


def _first_candidate(
    ctx: Context, rules: EventRules, sent: Sentence, start: int, hi: int, counts: list[Count]
) -> int:
    """Where the first person-like thing after a trigger ends: a count, a number, a singular
    noun or a name. Adverbials before it ("resgatou no domingo seis raparigas") do not end
    the trigger's object; cut words after it do."""
    text = sent.text
    ends = [c.end for c in counts if start <= c.start < hi]
    ends += [
        start + n.end for n in find_numbers(text[start:hi], ctx.language) if not n.is_word or n.value != 1
    ]
    m = rules.singular.search(text, start, hi)
    if m:
        ends.append(m.end())
    ends += [
        p.end - sent.start for p in ctx.mentions_in(sent, "person") if start <= p.start - sent.start < hi
    ]
    return min(ends) if ends else start


def count_people(
    ctx: Context,
    rules: EventRules,
    sent: Sentence,
    kind: str,
    trig: tuple[int, int],
    bounds: tuple[int, int],
    counts: list[Count],
) -> tuple[int | None, bool]:
    """The number of people an action concerns, or None when the text does not state it."""
    if kind in ("raid", "dismantling"):
        return None, False
    text = sent.text
    lo, hi = bounds
    # the object ends at a cut word ("arrested 8 people for ..."), never inside a count and
    # never before the first person named after the trigger
    hard = rules.hard_cut.search(text, trig[1], hi)
    hi = hard.start() if hard else hi
    first = _first_candidate(ctx, rules, sent, trig[1], hi, counts)
    cut = next(
        (
            m
            for m in rules.cut.finditer(text, first, hi)
            if not any(c.start < m.start() < c.end for c in counts)
        ),
        None,
    )
    after = (trig[0], cut.start() if cut else hi)
    before = (lo, trig[1])
    passive = is_passive(rules, text[lo : trig[0]])
    # "9 people arrested", "hay cinco detenidos", "las tres investigaciones": right before the trigger
    near = ((max(lo, trig[0] - 40), trig[1]), True)
    windows = [(before, False), (after, False)] if passive else [near, (after, False)]
    for window, adjacent_only in windows:
        value, approx = _numbers_count(ctx, rules, sent, kind, window, trig, counts, adjacent_only, passive)
        if value is not None:
            return value, approx
    if not rules.count_roles.get(kind):
        return None, False
    if passive:
        # "five suspects were arrested", also "fueron detenidos el encargado y su esposa"
        return _singular_count(ctx, rules, sent, (before[0], trig[0]), True) or _singular_count(
            ctx, rules, sent, (trig[1], after[1]), False
        ), False
    return _singular_count(ctx, rules, sent, (trig[1], after[1]), False), False


def respective_pairs(
    ctx: Context, sent: Sentence, clause: tuple[int, int], trig: tuple[int, int]
) -> list[tuple[int, str | None]]:
    """(count, date) pairs of "raids on 2 and 9 June respectively freed six and four girls"."""
    text = sent.text
    if not _RESPECTIVELY.search(text, *clause):
        return []
    numbers = [
        int(n.value)
        for n in find_numbers(text[trig[0] : clause[1]], ctx.language)
        if n.value == int(n.value)
        and n.value > 0
        and not YEAR.fullmatch(text[trig[0] + n.start : trig[0] + n.end])
    ]
    dates = [d for d in sentence_dates(text, ctx.language) if clause[0] <= d.start and d.end <= clause[1]]
    if len(numbers) < 2 or len(dates) != len(numbers):
        return []
    return [
        (n, resolve_date(d.expr, ctx.published, ctx.language)) for n, d in zip(numbers, dates, strict=True)
    ]

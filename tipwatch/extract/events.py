"""Enforcement and response events: sentences -> ``Facts.events`` (type, count, date, country).

Trigger words per type and language live in ``data/cues/<lang>/events.yaml``. A trigger
reports an event unless it is negated ("no arrests"), planned or possible ("will
investigate", "podría"), a purpose ("to rescue"), a request ("demanded an
investigation"), inside a hypothesis ("if ... captured in a raid"), or inside a span the
cue file excludes (an arrest warrant, a court-ordered detention, a detention centre).

Count is the number of people the action concerns: the person counts in the trigger's
argument (before a passive trigger, after an active one, up to a cut word such as "for"),
summed ("five accused and six clients" -> 11); groups ("62 groups") give none; failing
numbers, singular nouns and named people are counted ("charged the director and his
girlfriend" -> 2). Date and country come from the trigger's clause.

Mentions of one action are merged (same type, same or unknown count, compatible date and
country) so a headline, its lead and a later back-reference are one event. A total that
its itemised parts add up to is dropped for the parts; smaller undated counts after a
total are parts of it, unless the total is a period statistic ("nationwide", "each year").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache

from ..model import Event
from .attribution import find_source
from .classify import compile_tail, mention_country, spans_overlap
from .context import Context, Sentence
from .cues import compile_words, load_cues
from .dates import find_dates, resolve_date
from .numbers import Count, find_counts, find_numbers, load_data

_RESPECTIVELY = re.compile(r"(?<!\w)(?:respectively|respectivamente)(?!\w)", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
class EventRules:
    """The compiled event cues of one language."""

    triggers: dict[str, re.Pattern[str]]
    requires: dict[str, re.Pattern[str]]
    exclude: dict[str, re.Pattern[str]]
    negation: re.Pattern[str]
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
    statistic: re.Pattern[str]
    clause_break: re.Pattern[str]
    authority: re.Pattern[str]
    locative: re.Pattern[str]
    locative_deportation: re.Pattern[str]
    multi_country: re.Pattern[str]
    said: re.Pattern[str]
    background: re.Pattern[str]
    approx: re.Pattern[str]


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
    # "a 'Level A' suspect", "Peru's former national police director", "um casal"
    singular = re.compile(
        rf"(?<!\w)(?:(?:{dets})\s+(?:(?:[‘'\"“][^’'\"”]{{1,20}}[’'\"”]|[\w-]+)\s+){{0,3}}?(?P<noun>{noun})|(?P<pair>{pair}))(?!\w)",
        re.IGNORECASE,
    )
    said = list((load_cues(lang, "attribution") or {}).get("verbs", [])) + list(data.get("statement_dates", []))
    approx = list(load_data("numbers", lang).get("approx_before", []))
    return EventRules(
        triggers=triggers,
        requires={str(t): compile_words(list(w)) for t, w in (data.get("requires") or {}).items()},
        exclude={t: compile_words(common + list(excl.get(t) or [])) for t in triggers},
        negation=compile_tail(list(filters.get("negation", [])), 2),
        modal=compile_tail(list(filters.get("modal", [])), 5),
        purpose=compile_tail(list(filters.get("purpose", [])), 1),
        request=compile_tail(list(filters.get("request", [])), 7),
        hypothetical=compile_words(list(filters.get("hypothetical", []))),
        passive=compile_tail(list(data.get("passive", [])), 3),
        heads=tuple(
            (role, re.compile(rf"(?:{_alts(list(words))})", re.IGNORECASE))
            for role, words in (data.get("heads") or {}).items()
        ),
        extra_heads=re.compile(rf"\s*(?:[\w-]+\s+){{0,2}}?(?:{_alts(data.get('extra_heads', []))})(?!\w)", re.IGNORECASE),
        count_roles={str(t): frozenset(v or []) for t, v in (data.get("count_roles") or {}).items()},
        singular=singular,
        cut=compile_words(list(data.get("cut", []))),
        statistic=compile_words(list(data.get("statistic", []))),
        clause_break=re.compile("|".join(re.escape(b) for b in data.get("clause_breaks", [])) or "(?!x)x"),
        authority=compile_words(list(data.get("authority", []))),
        locative=compile_tail(list(data.get("locative", [])), 1),
        locative_deportation=compile_tail(list(data.get("locative_deportation", [])), 1),
        multi_country=compile_words(list(data.get("multi_country", []))),
        said=re.compile(rf"(?<!\w)(?:{_alts(said)})\s*,?\s*$", re.IGNORECASE),
        background=compile_tail(list(data.get("background", [])), 3),
        approx=re.compile(rf"(?<!\w)(?:{_alts(approx)})\s*$", re.IGNORECASE),
    )


@dataclass(slots=True)
class _Mention:
    """One reported action in one sentence, before mentions of the same action are merged."""

    type: str
    count: int | None
    approx: bool
    date: str | None
    has_date: bool
    country: str | None
    strong: bool
    statistic: bool
    sent: Sentence
    places: frozenset[str]
    source: str | None


@dataclass(slots=True)
class _Draft:
    """An event being assembled from its mentions."""

    type: str
    count: int | None
    approx: bool
    date: str | None
    has_date: bool
    country: str | None
    strong: bool
    first: int
    last: int
    places: set[str]
    votes: list[bool] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    source: str | None = None

    @property
    def statistic(self) -> bool:
        return bool(self.votes) and sum(self.votes) * 2 >= len(self.votes)


def _clauses(rules: EventRules, text: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.end() for m in rules.clause_break.finditer(text)] + [len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _head_role(rules: EventRules, head: str) -> str:
    for role, pattern in rules.heads:
        if pattern.fullmatch(head.strip()):
            return role
    return "other"


def _is_passive(rules: EventRules, before: str) -> bool:
    return bool(rules.passive.search(before))


def _numbers_count(
    ctx: Context,
    rules: EventRules,
    sent: Sentence,
    kind: str,
    window: tuple[int, int],
    trig: tuple[int, int],
    counts: list[Count],
) -> tuple[int | None, bool]:
    """Sum the person counts inside a window of the sentence that this event type may count.

    Counts come from numbers.py ("six suspected clients"); a bare number also counts when a
    person word numbers.py does not know follows it ("3 others", "two U.S. citizens", a
    demonym) or when it stands right before the trigger ("2,004 were deported", "las dos
    investigaciones").
    """
    text, (lo, hi) = sent.text, window
    roles = rules.count_roles.get(kind, frozenset())
    total, approx, found, used = 0, False, False, []
    for c in counts:
        if not (lo <= c.start and c.end <= hi) and not (c.start < trig[1] and trig[0] < c.end):
            continue
        used.append((c.start, c.end))
        role = _head_role(rules, c.head)
        if role != "actor" and role in roles:
            total, approx, found = total + c.value, approx or c.approx, True
    demonyms = [m.start - sent.start for m in ctx.mentions_in(sent, "country") if m.attrs.get("via") == "demonym"]
    for n in find_numbers(text[lo:hi], ctx.language):
        s, e = lo + n.start, lo + n.end
        if spans_overlap(s, e, used) or n.value != int(n.value) or n.value <= 0 or n.scale != 1.0:
            continue
        if _YEAR.fullmatch(text[s:e]):
            continue
        adjacent = e <= trig[0] and re.fullmatch(r"\s*(?:\w+\s+)?", text[e : trig[0]]) is not None
        person = bool(rules.extra_heads.match(text, e)) or any(
            0 < d - e <= 25 and len(text[e:d].split()) <= 2 for d in demonyms
        )
        if (adjacent and (roles or kind == "investigation")) or (person and roles and kind != "investigation"):
            total, found = total + int(n.value), True
            approx = approx or bool(rules.approx.search(text, max(0, s - 25), s))
    return (total if found else None), approx


def _singular_count(
    ctx: Context, rules: EventRules, sent: Sentence, window: tuple[int, int], passive: bool
) -> int | None:
    """People named one by one next to the trigger: "a suspect", "um engenheiro e um motorista", names.

    The people must form a chain that starts at the trigger (after it for an active
    trigger, before it for a passive one), each within a few words of the next, so a name
    further on ("..., a member of IJM said") is not counted.
    """
    lo, hi = window
    text = sent.text
    items: list[tuple[int, int, int]] = [
        (lo + m.start(), lo + m.end(), 2 if m.group("pair") else 1) for m in rules.singular.finditer(text[lo:hi])
    ]
    for p in ctx.mentions_in(sent, "person"):
        ps, pe = p.start - sent.start, p.end - sent.start
        # an apposition ("a suspect, Shao Zhongyuan," / "lawyer Cesar ...") names someone already counted
        if lo <= ps and pe <= hi and not any(0 <= ps - e <= 4 or 0 <= s - pe <= 4 for s, e, _ in items):
            items.append((ps, pe, 1))
    items.sort()
    if passive:
        items.reverse()
    total, edge = 0, (hi if passive else lo)
    for s, e, n in items:
        gap = edge - e if passive else s - edge
        if gap > (40 if total == 0 else 30) or gap < -1:
            break
        total, edge = total + n, (s if passive else e)
    return total or None


def _count(
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
    cut = rules.cut.search(text, trig[1], hi)
    after = (trig[0], cut.start() if cut else hi)
    before = (lo, trig[1])
    passive = _is_passive(rules, text[lo : trig[0]])
    windows = [before, after] if passive else [after]
    if not passive:
        # "14 people arrested", "hay tres detenidos", "las dos investigaciones": right before the trigger
        near = max(lo, trig[0] - 40)
        if re.fullmatch(r"[\s\w'’,-]*", text[near : trig[0]]):
            windows.append((near, trig[1]))
    for window in windows:
        value, approx = _numbers_count(ctx, rules, sent, kind, window, trig, counts)
        if value is not None:
            return value, approx
    if rules.count_roles.get(kind):
        window = (before[0], trig[0]) if passive else (trig[1], after[1])
        return _singular_count(ctx, rules, sent, window, passive), False
    return None, False


def _respective(
    ctx: Context, sent: Sentence, clause: tuple[int, int], trig: tuple[int, int]
) -> list[tuple[int, str | None]]:
    """ "on 5 and 7 October ... respectively brought nine and one children to safety": (count, date) pairs."""
    text = sent.text
    if not _RESPECTIVELY.search(text, *clause):
        return []
    numbers = [
        int(n.value)
        for n in find_numbers(text[trig[0] : clause[1]], ctx.language)
        if n.value == int(n.value) and n.value > 0 and not _YEAR.fullmatch(text[trig[0] + n.start : trig[0] + n.end])
    ]
    dates = [d for d in find_dates(text, ctx.language) if clause[0] <= d.start and d.end <= clause[1]]
    if len(numbers) < 2 or len(dates) != len(numbers):
        return []
    return [(n, resolve_date(d.expr, ctx.published, ctx.language)) for n, d in zip(numbers, dates, strict=True)]


def _date(ctx: Context, rules: EventRules, sent: Sentence, clause: tuple[int, int], trig: tuple[int, int]) -> tuple[str | None, bool]:
    """The date of the clause nearest to the trigger, resolved against the publication date."""
    text = sent.text
    spans = [d for d in find_dates(text, ctx.language) if clause[0] <= d.start and d.end <= clause[1]]
    # "..., the ministry said yesterday", "a press release dated ...": the date of a statement
    spans = [d for d in spans if not rules.said.search(text[max(0, d.start - 40) : d.start])]
    spans.sort(key=lambda d: min(abs(d.start - trig[1]), abs(trig[0] - d.end)))
    for d in spans:
        value = resolve_date(d.expr, ctx.published, ctx.language)
        if value:
            return value, True
    return None, bool(spans)


def _country(ctx: Context, rules: EventRules, sent: Sentence, kind: str, trig: tuple[int, int]) -> tuple[str | None, bool]:
    """The acting authority's country and whether an authority names it ("the Spanish police",
    "authorities in Peru"); else the nearest place or "in <country>"; else the main country."""
    text = sent.text
    near: list[tuple[int, str, bool]] = []
    for m in ctx.mentions_in(sent):
        code = mention_country(m)
        if code is None:
            continue
        s, e = m.start - sent.start, m.end - sent.start
        dist = max(s - trig[1], trig[0] - e, 0)
        before = text[max(0, s - 30) : s]
        if m.kind == "country" and m.attrs.get("via") == "demonym":
            if rules.authority.search(text, e, min(len(text), e + 20)) or rules.authority.search(before[-20:]):
                near.append((dist, code, True))
            continue
        if dist > 100:
            continue
        if m.kind == "place":
            near.append((dist, code, False))
        elif rules.locative.search(before) or (kind == "deportation" and rules.locative_deportation.search(before)):
            near.append((dist, code, bool(rules.authority.search(before))))
    strong = [n for n in near if n[2]]
    if strong:
        return min(strong)[1], True
    if near:
        return min(near)[1], False
    if rules.multi_country.search(text, max(0, trig[0] - 60), min(len(text), trig[1] + 60)):
        return None, False  # "in 40 countries": a multi-country total
    return ctx.main_country, False


def _triggers(ctx: Context, rules: EventRules, sent: Sentence) -> list[tuple[str, int, int, tuple[int, int]]]:
    """(type, start, end, clause) of every trigger in a sentence that reports an action."""
    text = sent.text
    names = [(m.start - sent.start, m.end - sent.start) for m in ctx.mentions_in(sent, "org")]
    clauses = _clauses(rules, text)
    out: list[tuple[str, int, int, tuple[int, int]]] = []
    for kind, pattern in rules.triggers.items():
        blocked = [m.span() for m in rules.exclude[kind].finditer(text)]
        for m in pattern.finditer(text):
            if spans_overlap(m.start(), m.end(), blocked) or any(a <= m.start() and m.end() <= b for a, b in names):
                continue
            clause = next((c for c in clauses if c[0] <= m.start() < c[1]), (0, len(text)))
            if kind in rules.requires and not rules.requires[kind].search(text, clause[0], clause[1]):
                continue
            before = text[clause[0] : m.start()]
            tail = before[-160:]
            if (
                rules.negation.search(tail)
                or rules.modal.search(tail)
                or rules.purpose.search(tail)
                or rules.request.search(tail)
                or rules.hypothetical.search(before)
            ):
                continue
            out.append((kind, m.start(), m.end(), clause))
    out.sort(key=lambda t: t[1])
    return out


def _sentence_mentions(ctx: Context, rules: EventRules, sent: Sentence) -> list[_Mention]:
    found = _triggers(ctx, rules, sent)
    if not found:
        return []
    text = sent.text
    counts = find_counts(text, ctx.language)
    statistic = bool(rules.statistic.search(text))
    places = frozenset(str(m.attrs.get("subdivision") or m.key) for m in ctx.mentions_in(sent, "place"))
    source = find_source(text, ctx.language)
    out: list[_Mention] = []
    for i, (kind, start, end, clause) in enumerate(found):
        country, strong = _country(ctx, rules, sent, kind, (start, end))
        pairs = _respective(ctx, sent, clause, (start, end)) if rules.count_roles.get(kind) else []
        if pairs:
            out.extend(
                _Mention(kind, n, False, d, True, country, strong, statistic, sent, places, source) for n, d in pairs
            )
            continue
        prev_end = max((e for _, s, e, c in found[:i] if c == clause), default=clause[0])
        next_start = min((s for _, s, _, c in found[i + 1 :] if c == clause and s > end), default=clause[1])
        count, approx = _count(ctx, rules, sent, kind, (start, end), (max(clause[0], prev_end), next_start), counts)
        if kind == "investigation" and rules.background.search(text[max(0, start - 60) : start]):
            date, has_date = None, False  # "no âmbito de inquérito": the frame of another action
        else:
            date, has_date = _date(ctx, rules, sent, clause, (start, end))
        out.append(_Mention(kind, count, approx, date, has_date, country, strong, statistic, sent, places, source))
    # one mention per action in a sentence: "the arrests ... when four suspects were caught" is one
    uniq: list[_Mention] = []
    for m in out:
        same = next(
            (u for u in uniq if u.type == m.type and (u.count == m.count or m.count is None or u.count is None)), None
        )
        if same is None:
            uniq.append(m)
        elif same.count is None and m.count is not None:
            same.count, same.approx = m.count, m.approx
            same.date, same.has_date = same.date or m.date, same.has_date or m.has_date
    return uniq


def _close(a: int, b: int, approx: bool) -> bool:
    return a == b or (approx and abs(a - b) <= 0.1 * max(a, b))


def _compatible(d: _Draft, m: _Mention) -> bool:
    """Whether a mention may be the same action as a draft.

    Different countries keep actions apart when an authority names one of them ("the Spanish
    police") or when the mention states its own count; a bare back-reference ("las personas
    detenidas") near a foreign place still joins the action it refers to.
    """
    if d.type != m.type:
        return False
    if d.country and m.country and d.country != m.country and (d.strong or m.strong or m.count is not None):
        return False
    return not (d.date and m.date and d.date != m.date)


def _merge(mentions: list[_Mention]) -> list[_Draft]:
    """Mentions of one action become one draft: same count first, else the latest unknown count."""
    drafts: list[_Draft] = []
    for m in mentions:
        candidates = [d for d in reversed(drafts) if _compatible(d, m)]
        target = None
        if m.count is not None:
            target = next(
                (d for d in candidates if d.count is not None and _close(d.count, m.count, d.approx or m.approx)),
                None,
            ) or next((d for d in candidates if d.count is None), None)
        elif candidates:
            target = candidates[0]
        if target is None:
            drafts.append(
                _Draft(m.type, m.count, m.approx, m.date, m.has_date, m.country, m.strong, m.sent.index,
                       m.sent.index, set(m.places), [m.statistic], [m.sent], m.source)
            )
            continue
        if m.count is not None and (target.count is None or (target.approx and not m.approx)):
            target.count, target.approx = m.count, m.approx
            target.has_date = target.has_date or m.has_date
        target.date = target.date or m.date
        if m.strong and not target.strong:
            target.country, target.strong = m.country, True
        target.country = target.country or m.country
        target.places |= m.places
        target.votes.append(m.statistic)
        target.last = m.sent.index
        target.source = target.source or m.source
        if m.sent not in target.sentences:
            target.sentences.append(m.sent)
    return drafts


def _absorb(drafts: list[_Draft]) -> list[_Draft]:
    """Drop totals their parts add up to; fold undated smaller counts into the total before them."""
    removed: set[int] = set()
    for total in sorted(drafts, key=lambda d: -(d.count or 0)):
        if total.count is None or total.statistic or id(total) in removed:
            continue
        parts = [
            d for d in drafts
            if d is not total and d.type == total.type and d.count is not None and d.count < total.count
            and not d.statistic and id(d) not in removed
        ]
        summed = next(
            (combo for r in range(2, min(len(parts), 6) + 1) for combo in itertools.combinations(parts, r)
             if sum(p.count or 0 for p in combo) == total.count),
            None,
        )
        if summed:
            removed.add(id(total))
            continue
        for d in parts:
            if d.first > total.first and not d.has_date and (not d.places or not total.places or d.places <= total.places):
                removed.add(id(d))
                total.sentences.extend(s for s in d.sentences if s not in total.sentences)
    return [d for d in drafts if id(d) not in removed]


def extract_events(ctx: Context) -> None:
    """Fill ctx.facts.events: one event per reported action, with its sentences and source."""
    rules = load_event_rules(ctx.language)
    mentions: list[_Mention] = []
    for sent in ctx.sentences:
        mentions.extend(_sentence_mentions(ctx, rules, sent))
    for d in _absorb(_merge(mentions)):
        ctx.facts.events.append(
            Event(d.type, d.count, d.date, d.country, [ctx.evidence(s) for s in d.sentences], d.source)
        )


def is_statistic(ctx: Context, text: str) -> bool:
    """True when a sentence reports a period total or a national figure (used by victims)."""
    return bool(load_event_rules(ctx.language).statistic.search(text))

"""Enforcement and response events: sentences -> ``Facts.events`` (type, count, date, country).

Trigger words per type and language live in ``data/cues/<lang>/events.yaml``. A trigger
reports an event unless it is negated ("no arrests"), planned or possible ("will
investigate", "podría"), a purpose ("to rescue"), a request ("demanded an
investigation"), inside a hypothesis ("if the owners are caught ..."), or inside a span the
cue file excludes (an arrest warrant, a court-ordered detention, a detention centre).

How many people an action concerns is ``event_counts.py``'s job. The date is the one of
the trigger's clause nearest to it (not a statement's date, a dateline, a law's year or
the start of a period), else a date that opens the sentence. The country is the acting
authority's ("the Dutch police", "authorities in Bolivia"), else a place near the trigger,
else where the document's places lie. Mentions of one action are then merged into one
event (``event_merge.py``).
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Event
from .attribution import find_source
from .classify import mention_country, spans_overlap
from .context import Context, Sentence
from .dates import resolve_date
from .event_counts import INSERTION, count_people, is_backref, respective_pairs
from .event_merge import EventMention, merge_mentions
from .event_rules import YEAR, EventRules, load_event_rules, sentence_dates
from .numbers import find_counts, find_numbers

_DATELINE = re.compile(r"\s*(?:\(\w+\)\s*)?[-–—:]")


def _clauses(rules: EventRules, text: str) -> list[tuple[int, int]]:
    # a break inside an insertion between dashes or brackets ends no clause: "two of them -
    # Ana Ruiz, 41, and Rui Sá, 33 - were charged"
    inserted = [m.span() for m in INSERTION.finditer(text)]
    breaks = [m.end() for m in rules.clause_break.finditer(text)]
    cuts = [0] + [b for b in breaks if not any(a < b <= z for a, z in inserted)] + [len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _date(
    ctx: Context,
    rules: EventRules,
    sent: Sentence,
    clause: tuple[int, int],
    trig: tuple[int, int],
    stop: int | None = None,
    comparisons: tuple[int, ...] = (),
) -> tuple[str | None, bool]:
    """The date of the clause nearest to the trigger (before ``stop``), resolved against the
    publication date; and whether the clause dates the action at all."""
    text = sent.text
    hi = clause[1] if stop is None else min(stop, clause[1])
    everything = sentence_dates(text, ctx.language)
    spans = [d for d in everything if clause[0] <= d.start and d.end <= hi]
    if not spans:
        # "In 2015, ...", "Em 2018, ...": a date that opens the sentence frames all of it
        spans = [d for d in everything if d.start < 5 and d.end < trig[0]]
    # "..., the ministry said on Friday", "a statement dated ...": the date of a statement;
    # "MANILA, March 15 -": a dateline, the date of the report; "a 2005 law": the law's year
    spans = [
        d
        for d in spans
        if not rules.said.search(text[max(0, d.start - 40) : d.start])
        and not (d.start < 40 and _DATELINE.match(text[d.end : d.end + 4]))
        and not rules.not_date_after.match(text, d.end)
        and not rules.not_date_before.search(text[max(0, d.start - 20) : d.start])
        and not rules.period_start.match(text, d.start)
        and not any(c <= d.start <= c + 40 for c in comparisons)
    ]
    spans.sort(key=lambda d: min(abs(d.start - trig[1]), abs(trig[0] - d.end)))
    for d in spans:
        value = resolve_date(d.expr, ctx.published, ctx.language)
        if value:
            return value, True
    return None, bool(spans)


def _comparisons(
    ctx: Context, rules: EventRules, sent: Sentence, clause: tuple[int, int], start: int
) -> list[tuple[int, int, str | None]]:
    """(offset, count, date) of "..., compared with 97 in 2014": an earlier figure of the same kind."""
    text = sent.text
    out: list[tuple[int, int, str | None]] = []
    for m in rules.comparison.finditer(text, start, clause[1]):
        nums = [
            n for n in find_numbers(text[m.end() : m.end() + 20], ctx.language) if n.value == int(n.value)
        ]
        if not nums or YEAR.fullmatch(text[m.end() + nums[0].start : m.end() + nums[0].end]):
            continue
        at = m.end() + nums[0].end
        date = next(
            (
                resolve_date(d.expr, ctx.published, ctx.language)
                for d in sentence_dates(text, ctx.language)
                if at <= d.start <= at + 15
            ),
            None,
        )
        out.append((m.start(), int(nums[0].value), date))
    return out


def _country(
    ctx: Context, rules: EventRules, sent: Sentence, kind: str, trig: tuple[int, int], fallback: str | None
) -> tuple[str | None, bool]:
    """The acting authority's country and whether an authority names it ("the Dutch police",
    "la policía boliviana", "authorities in Bolivia"); else the nearest place or "in <country>"
    in the clause; else the country of the document's places."""
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
            if rules.authority.match(text, e) or rules.authority_before.search(before):
                near.append((dist, code, True))
            continue
        if dist > 100:
            continue
        # after the trigger, a place past a relative clause or an origin is not where it happened
        # ("arrested three men who lured them with jobs in Dubai", "rescued 11 women from Nepal")
        deported_from = kind == "deportation" and bool(rules.locative_deportation.search(before))
        if s > trig[1] and not deported_from and rules.place_barrier.search(text, trig[1], s):
            continue
        if m.kind == "place":
            near.append((dist, code, False))
        elif rules.locative.search(before) or (
            kind == "deportation" and rules.locative_deportation.search(before)
        ):
            near.append((dist, code, bool(rules.authority_in.search(before))))
    strong = [n for n in near if n[2]]
    if strong:
        return min(strong)[1], True
    if near:
        return min(near)[1], False
    if rules.multi_country.search(text, max(0, trig[0] - 60), min(len(text), trig[1] + 60)):
        return None, False  # "in 40 countries": a multi-country total
    return fallback, False


def document_country(ctx: Context) -> str | None:
    """Where the document's actions happen when a sentence does not say: the main country when
    some of the document's places lie in it, else the country most of its places lie in
    (places are where things happen; a country's name may be an origin or a destination),
    else the main country."""
    counts = Counter(c for m in ctx.mentions if m.kind == "place" and (c := mention_country(m)))
    if not counts or ctx.main_country in counts:
        return ctx.main_country
    return counts.most_common(1)[0][0]


def _triggers(ctx: Context, rules: EventRules, sent: Sentence) -> list[tuple[str, int, int, tuple[int, int]]]:
    """(type, start, end, clause) of every trigger in a sentence that reports an action."""
    text = sent.text
    names = [(m.start - sent.start, m.end - sent.start) for m in ctx.mentions_in(sent, "org")]
    clauses = _clauses(rules, text)
    out: list[tuple[str, int, int, tuple[int, int]]] = []
    for kind, pattern in rules.triggers.items():
        blocked = [m.span() for m in rules.exclude[kind].finditer(text)]
        for m in pattern.finditer(text):
            if spans_overlap(m.start(), m.end(), blocked) or any(
                a <= m.start() and m.end() <= b for a, b in names
            ):
                continue
            clause = next((c for c in clauses if c[0] <= m.start() < c[1]), (0, len(text)))
            if kind in rules.requires and not rules.requires[kind].search(text, clause[0], clause[1]):
                continue
            before = text[clause[0] : m.start()]
            tail = before[-160:]
            if (
                _negated(rules, before, tail)
                or rules.modal.search(tail)
                or rules.purpose.search(tail)
                or rules.request.search(tail)
                or rules.hypothetical.search(before)
            ):
                continue
            out.append((kind, m.start(), m.end(), clause))
    out.sort(key=lambda t: t[1])
    return out


def _negated(rules: EventRules, before: str, tail: str) -> bool:
    """Whether a negation covers the trigger after ``before`` (its clause up to the trigger).

    A negated subject negates a passive action ("no trafficker had ever been convicted"),
    but a negation inside a prepositional phrase negates a thing ("six men with no papers
    were arrested", "sin documentos fueron detenidas")."""
    found = rules.negated_subject.search(before)
    if found:
        cue = found["cue"].lower()
        previous = before[: found.start()].split()[-1:]
        return not (
            cue in rules.prepositional_negations
            or (previous and previous[0].strip(",;:").lower() in rules.prepositions)
        )
    return bool(rules.negation.search(tail))


def _sentence_mentions(
    ctx: Context, rules: EventRules, sent: Sentence, fallback: str | None, para: int
) -> list[EventMention]:
    found = _triggers(ctx, rules, sent)
    if not found:
        return []
    text = sent.text
    counts = find_counts(text, ctx.language)
    statistic = bool(rules.statistic.search(text))
    places = frozenset(str(m.attrs.get("subdivision") or m.key) for m in ctx.mentions_in(sent, "place"))
    source = find_source(text, ctx.language)
    out: list[EventMention] = []

    def mention(
        kind: str,
        count: int | None,
        approx: bool,
        date: str | None,
        dated: bool,
        inherit: bool = True,
        coref: bool = False,
    ) -> None:
        out.append(
            EventMention(
                kind,
                count,
                approx,
                date,
                dated,
                country,
                strong,
                statistic,
                sent,
                places,
                source,
                para,
                inherit,
                coref,
            )
        )

    # "..., contra 31 em 2017": the dates of an earlier figure date no action of this sentence
    compared_at = tuple(m.start() for m in rules.comparison.finditer(text))
    for i, (kind, start, end, clause) in enumerate(found):
        country, strong = _country(ctx, rules, sent, kind, (start, end), fallback)
        pairs = respective_pairs(ctx, sent, clause, (start, end)) if rules.count_roles.get(kind) else []
        if pairs:
            for n, d in pairs:
                mention(kind, n, False, d, True)
            continue
        prev_end = max((e for _, s, e, c in found[:i] if c == clause), default=clause[0])
        next_start = min((s for _, s, _, c in found[i + 1 :] if c == clause and s > end), default=clause[1])
        earlier = _comparisons(ctx, rules, sent, clause, end) if kind in rules.compared else []
        stop = earlier[0][0] if earlier else next_start
        count, approx = count_people(
            ctx, rules, sent, kind, (start, end), (max(clause[0], prev_end), stop), counts
        )
        if is_backref(rules, text, start, end, ctx.language):
            # "los cinco detenidos fueron indagados el miércoles", "entre las personas rescatadas hay
            # 19 menores": a group already reported; its numbers and dates are another action's
            mention(kind, None, False, None, False, inherit=False)
            continue
        if kind == "investigation" and rules.background.search(text[max(0, start - 60) : start]):
            # "no âmbito de um processo-crime": the frame of another action, dated by none
            mention(kind, count, approx, None, False, inherit=False)
            continue
        date, has_date = _date(
            ctx, rules, sent, clause, (start, end), earlier[0][0] if earlier else None, compared_at
        )
        # "the detainees were charged", "acusou-os": the people arrested before
        coref = (
            count is None
            and kind in ("charge", "conviction")
            and bool(rules.coref.search(text, max(clause[0], start - 60), min(clause[1], end + 20)))
        )
        mention(kind, count, approx, date, has_date, coref=coref)
        for _, n, d in earlier:
            mention(kind, n, False, d, True, inherit=False)
    # one mention per action in a sentence: "the arrests ... when four suspects were caught" is one
    uniq: list[EventMention] = []
    for m in out:
        same = next(
            (
                u
                for u in uniq
                if u.type == m.type and (u.count == m.count or m.count is None or u.count is None)
            ),
            None,
        )
        if same is None:
            uniq.append(m)
        elif same.count is None and m.count is not None:
            same.count, same.approx = m.count, m.approx
            same.date, same.has_date = same.date or m.date, same.has_date or m.has_date
    return uniq


def extract_events(ctx: Context) -> None:
    """Fill ctx.facts.events: one event per reported action, with its sentences and source."""
    rules = load_event_rules(ctx.language)
    fallback = document_country(ctx)
    mentions: list[EventMention] = []
    para, prev_end = 0, 0
    for sent in ctx.sentences:
        if "\n" in ctx.text[prev_end : sent.start]:
            para += 1
        prev_end = sent.end
        mentions.extend(_sentence_mentions(ctx, rules, sent, fallback, para))
    for d in merge_mentions(mentions):
        ctx.facts.events.append(
            Event(d.type, d.count, d.date, d.country, [ctx.evidence(s) for s in d.sentences], d.source)
        )


def is_statistic(ctx: Context, text: str) -> bool:
    """True when a sentence reports a period total or a national figure (used by victims)."""
    return bool(load_event_rules(ctx.language).statistic.search(text))

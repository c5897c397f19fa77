"""One event per reported action: the mentions ``events`` finds in sentences -> merged events.

A headline, its lead and a later back-reference ("the arrests", "los arrestados")
report one action. Mentions merge when their type matches, their counts are equal (or one
is unknown, or an approximate count is close: "over 300" and 304) and their dates and
countries do not conflict; a country named by an authority ("the Dutch police") keeps
two investigations apart where a nearby foreign place does not.

Then parts and totals: a total that its itemised parts add up to ("rescued twelve women",
then eight on Monday and four on Tuesday) is dropped for the parts; a smaller undated count
after a total, in no other place, is part of it ("9 people arrested ... a driver and a cook
were also arrested"). A period statistic ("nationwide", "each year") absorbs
nothing, so a national total stays beside the cases it includes.

Last, dates: an undated action takes the date of an action told just before it in the same
paragraph, and the undated arrests, raids, rescues and dismantlings of an operation take the
date of the operation the report opens with.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .context import Sentence

_MAX_PARTS = 12
# the actions of one police operation, and how far into a report its lead goes
_OPERATION = frozenset({"arrest", "raid", "rescue", "dismantling"})
_LEAD_SENTENCES = 6


@dataclass(slots=True)
class EventMention:
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
    para: int = 0
    inherit: bool = True
    coref: bool = False


@dataclass(slots=True)
class Draft:
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
    spots: list[tuple[int, int]] = field(default_factory=list)
    inherit: bool = True
    coref: bool = False

    @property
    def statistic(self) -> bool:
        return bool(self.votes) and sum(self.votes) * 2 >= len(self.votes)


def _close(a: int, b: int, approx: bool) -> bool:
    return a == b or (approx and abs(a - b) <= 0.1 * max(a, b))


def _compatible(d: Draft, m: EventMention) -> bool:
    """Whether a mention may be the same action as a draft.

    Different countries keep actions apart when an authority names one of them ("the Dutch
    police") or when the mention states its own count; a bare back-reference ("los
    arrestados") near a foreign place still joins the action it refers to.
    """
    if d.type != m.type:
        return False
    if d.country and m.country and d.country != m.country and (d.strong or m.strong or m.count is not None):
        return False
    return not (d.date and m.date and d.date != m.date)


def _merge(mentions: list[EventMention]) -> list[Draft]:
    """Mentions of one action become one draft: same count first, else the latest unknown count."""
    drafts: list[Draft] = []
    for m in mentions:
        candidates = [d for d in reversed(drafts) if _compatible(d, m)]
        target = None
        if m.count is not None:
            target = next(
                (
                    d
                    for d in candidates
                    if d.count is not None and _close(d.count, m.count, d.approx or m.approx)
                ),
                None,
            ) or next((d for d in candidates if d.count is None), None)
        elif candidates:
            target = candidates[0]
        if target is None:
            drafts.append(
                Draft(
                    m.type,
                    m.count,
                    m.approx,
                    m.date,
                    m.has_date,
                    m.country,
                    m.strong,
                    m.sent.index,
                    m.sent.index,
                    set(m.places),
                    [m.statistic],
                    [m.sent],
                    m.source,
                    [(m.para, m.sent.index)],
                    m.inherit,
                    m.coref,
                )
            )
            continue
        target.spots.append((m.para, m.sent.index))
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


def _absorb(drafts: list[Draft]) -> list[Draft]:
    """Drop totals their parts add up to; fold undated smaller counts into the total before them."""
    removed: set[int] = set()
    for total in sorted(drafts, key=lambda d: -(d.count or 0)):
        if total.count is None or total.statistic or id(total) in removed:
            continue
        parts = [
            d
            for d in drafts
            if d is not total
            and d.type == total.type
            and d.count is not None
            and d.count < total.count
            and not d.statistic
            and id(d) not in removed
        ]
        # the itemised parts follow the total; a few nearest ones are tried (combinations grow fast)
        later = sorted((d for d in parts if d.first > total.first), key=lambda d: d.first)[:_MAX_PARTS]
        summed = next(
            (
                combo
                for r in range(2, min(len(later), 4) + 1)
                for combo in itertools.combinations(later, r)
                if sum(p.count or 0 for p in combo) == total.count
            ),
            None,
        )
        if summed:
            removed.add(id(total))
            continue
        for d in parts:
            if (
                d.first > total.first
                and not d.has_date
                and (not d.places or not total.places or d.places <= total.places)
            ):
                removed.add(id(d))
                total.sentences.extend(s for s in d.sentences if s not in total.sentences)
    return [d for d in drafts if id(d) not in removed]


def _inherit_dates(drafts: list[Draft]) -> list[Draft]:
    """An undated action takes the date of an action told just before it in the same paragraph
    ("In 2015 the unit investigated 118 cases. Prosecutors charged 52 defendants ...")."""
    for d in drafts:
        if d.date or d.has_date or not d.inherit or d.type == "investigation":
            continue  # an investigation is dated only by its own words ("began in March")
        para, at = d.spots[0]
        donors = [
            (i, e.date)
            for e in drafts
            if e is not d and e.date and e.inherit
            for p, i in e.spots
            if p == para and 0 <= at - i <= 2
        ]
        if donors:
            d.date = max(donors)[1]
    return drafts


def _resolve_coreference(drafts: list[Draft]) -> list[Draft]:
    """A charge or conviction of "the detainees" ("acusou-os", "les dictó el procesamiento")
    concerns as many people as the arrest told before it."""
    for i, d in enumerate(drafts):
        if d.coref and d.count is None:
            arrests = [a for a in drafts[:i] if a.type == "arrest" and a.count]
            if arrests:
                d.count = arrests[-1].count
    return drafts


def _lead_dates(drafts: list[Draft], mentions: list[EventMention]) -> list[Draft]:
    """The operation a report opens with dates the operation's other actions: an undated
    arrest, raid, rescue or dismantling takes the date of the first dated one of the lead."""
    lead = next(
        (
            m.date
            for m in mentions
            if m.type in _OPERATION and m.date and m.has_date and m.sent.index <= _LEAD_SENTENCES
        ),
        None,
    )
    if lead:
        for d in drafts:
            if d.type in _OPERATION and not d.date and not d.has_date and d.inherit:
                d.date = lead
    return drafts


def merge_mentions(mentions: list[EventMention]) -> list[Draft]:
    """The events the mentions report, in order of first mention."""
    return _lead_dates(_inherit_dates(_resolve_coreference(_absorb(_merge(mentions)))), mentions)

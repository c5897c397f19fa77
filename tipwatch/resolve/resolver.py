"""The resolver: every document's facts + the analysts' judgements -> entities, cases, judgements.

Pure: it reads nothing and writes nothing (the store calls it, see
``tipwatch.store.resolution``). For each kind (person, organisation, place) it builds
mentions, blocks them into candidate pairs, scores each pair, and clusters under the
analysts' constraints; then it groups the documents into cases. The output depends only on
the input's content, never on its order.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .blocking import candidate_pairs
from .cases import make_cases
from .cluster import Scored, cluster
from .entities import make_entity
from .match import POSITIVE_AT, UNSURE_AT, Profile, Score, make_profile, names_compatible, score_pair
from .mentions import DocFacts, make_context, make_mentions
from .model import AUTO, Case, Entity, EntityKind, Judgement, Mention, Verdict


@dataclass(slots=True)
class Resolution:
    """What one run produces: entities and cases to store, automatic judgements, a summary."""

    entities: list[Entity]
    cases: list[Case]
    judgements: list[Judgement] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    pairs: int = 0  # candidate pairs scored: a cost figure for benchmarks, not part of the summary

    def summary(self) -> dict[str, Any]:
        kinds = Counter(e.kind for e in self.entities)
        verdicts = Counter(str(j.verdict) for j in self.judgements)
        return {
            "mentions": sum(len(e.mentions) for e in self.entities),
            "entities": dict(sorted(kinds.items())),
            "cases": len(self.cases),
            "multi_document_cases": sum(1 for c in self.cases if len(c.doc_ids) > 1),
            "judgements": dict(sorted(verdicts.items())),
            "conflicts": list(self.conflicts),
        }


def _flag_ambiguous(profiles: Sequence[Profile], scored: list[Scored]) -> None:
    """A lone surname or acronym that fits several different full names links to none of them.

    Unless one fits clearly better (by 0.1 or more): then the others become unsure.
    """
    by_short: dict[int, list[int]] = defaultdict(list)
    for n, s in enumerate(scored):
        a, b = profiles[s.left], profiles[s.right]
        if s.score.value < POSITIVE_AT or a.is_short == b.is_short:
            continue
        by_short[a.index if a.is_short else b.index].append(n)
    for short, hits in by_short.items():
        if len(hits) < 2:
            continue

        def other(n: int, short: int = short) -> Profile:
            pair = scored[n]
            return profiles[pair.right] if pair.left == short else profiles[pair.left]

        hits.sort(key=lambda n: (-scored[n].score.value, other(n).key))
        best = other(hits[0])
        rivals = [n for n in hits[1:] if not names_compatible(best, other(n))]
        if not rivals:
            continue
        margin = scored[hits[0]].score.value - scored[rivals[0]].score.value
        demote = rivals if margin >= 0.1 else hits
        for n in demote:
            old = scored[n].score
            value = min(old.value, POSITIVE_AT - 0.01) if old.value >= UNSURE_AT else old.value
            scored[n].score = Score(
                value, old.names, old.reason + "; ambiguous: fits several different names"
            )


def resolve_kind(
    kind: str, mentions: Sequence[Mention], contexts: dict[str, Any], analyst: Sequence[Judgement]
) -> tuple[list[Entity], list[Judgement], list[str], int]:
    """Entities of one kind from its mentions, the judgements made, conflicts and pairs scored.

    Mentions are numbered in name order (country, normalised name, key), so that mentions
    compared with one another sit close together in memory: at 100,000 mentions that, not
    the number of pairs, is much of what a pass costs.
    """
    ordered = sorted(mentions, key=lambda m: (m.country or "", m.key.split(":", 2)[2], m.key))
    profiles = [make_profile(i, m, contexts.get(m.doc_id)) for i, m in enumerate(ordered)]
    scored: list[Scored] = []
    pairs = candidate_pairs(profiles)
    keys = [p.key for p in profiles]
    for i, j in pairs:
        if keys[i] > keys[j]:
            i, j = j, i  # the smaller key first, as a reason names them, whatever the numbering
        score = score_pair(profiles[i], profiles[j])
        if score.names >= 0.4 or score.value >= UNSURE_AT:
            scored.append(Scored(i, j, score))
    _flag_ambiguous(profiles, scored)
    result = cluster(profiles, scored, analyst, names_compatible)
    member_of: dict[str, int] = {}
    for g, group in enumerate(result.groups):
        for i in group:
            member_of[profiles[i].key] = g
    inside: dict[int, list[Judgement]] = defaultdict(list)
    for jm in [*result.judgements, *analyst]:
        where = member_of.get(jm.left)
        if where is not None and where == member_of.get(jm.right) and jm.verdict == Verdict.POSITIVE:
            inside[where].append(jm)
    entities = [
        make_entity(kind, [ordered[i] for i in group], inside[g]) for g, group in enumerate(result.groups)
    ]
    return entities, result.judgements, result.conflicts, len(pairs)


def resolve(docs: Iterable[DocFacts], judgements: Iterable[Judgement] = ()) -> Resolution:
    """Resolve every document's persons, organisations and places, then group reports into cases.

    ``judgements`` may hold earlier automatic ones; only analysts' judgements are used, as
    constraints. The automatic judgements of this run are in the result.
    """
    with _cycle_collection_paused():
        return _resolve(docs, judgements)


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one run; restored after it, error or not.

    A run builds hundreds of thousands of long-lived objects (mentions, profiles, scores,
    judgements) and no reference cycles, so the collector frees nothing, yet each of its
    full passes walks every object alive: at 100,000 mentions those passes were a third of
    the run and grew faster than the corpus. Reference counting frees memory as usual; only
    cycles made meanwhile (by other threads) wait until the run ends.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _resolve(docs: Iterable[DocFacts], judgements: Iterable[Judgement]) -> Resolution:
    doc_list = sorted(docs, key=lambda d: d.doc_id)
    analyst = [j for j in judgements if j.author != AUTO]
    contexts = {d.doc_id: make_context(d) for d in doc_list}
    by_kind: dict[str, list[Mention]] = defaultdict(list)
    for d in doc_list:
        for m in make_mentions(d):
            by_kind[m.kind].append(m)
    entities: list[Entity] = []
    made: list[Judgement] = []
    conflicts: list[str] = []
    pairs = 0
    for kind in (EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE):
        ents, js, cs, n = resolve_kind(kind, by_kind.get(kind, []), contexts, analyst)
        entities += ents
        made += js
        conflicts += cs
        pairs += n
    entities.sort(key=lambda e: e.id)
    made.sort(key=lambda j: (j.left, j.right))
    return Resolution(entities, make_cases(doc_list, entities), made, conflicts, pairs)

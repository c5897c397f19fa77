"""Running resolution over a store: read every document's facts and the judgements, resolve, write back.

Takes a Store; reads each document's facts and every judgement, calls the pure resolver
(``tipwatch.resolve.resolve``), replaces the derived entities and cases in one
transaction, and brings the automatic judgements up to date (stale ones removed, changed
ones rewritten, an analyst's never touched). The analysts' merge and split decisions are
written here too, as judgements on mention keys, so they hold on every later run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from itertools import combinations
from typing import Any

from ..errors import ResolveError
from ..resolve.mentions import DocFacts
from ..resolve.model import AUTO, Entity, Judgement, Verdict
from ..resolve.resolver import Resolution, resolve
from .base import Store

log = logging.getLogger(__name__)

SCORE_DIGITS = 4


def iter_doc_facts(store: Store) -> Iterator[DocFacts]:
    """Every stored document that has facts, as the resolver takes it."""
    for doc in store.iter_documents():
        facts = store.get_facts(doc.id)
        if facts is not None:
            yield DocFacts(doc.id, facts, doc.published, doc.name, doc.title)


def _same(a: Judgement, b: Judgement) -> bool:
    return (
        a.verdict == b.verdict
        and a.reason == b.reason
        and round(a.score or 0.0, SCORE_DIGITS) == round(b.score or 0.0, SCORE_DIGITS)
    )


def refresh_resolution(store: Store) -> dict[str, Any]:
    """Resolve every document in the store again and store the result; returns a summary.

    The analysts' judgements are read and applied as constraints; the automatic ones are
    recomputed. Entities, mentions and cases are replaced as a whole.
    """
    judgements = store.get_judgements()
    result: Resolution = resolve(iter_doc_facts(store), judgements)
    store.replace_resolution(result.entities, result.cases)
    old = {(j.left, j.right): j for j in judgements if j.author == AUTO}
    new = {(j.left, j.right): j for j in result.judgements}
    analyst = {(j.left, j.right) for j in judgements if j.author != AUTO}
    written = removed = 0
    for pair in sorted(old.keys() - new.keys()):
        store.delete_judgement(*pair)
        removed += 1
    for pair, j in sorted(new.items()):
        if pair in analyst or (pair in old and _same(old[pair], j)):
            continue
        store.put_judgement(j)
        written += 1
    summary = result.summary()
    summary["judgements_written"] = written
    summary["judgements_removed"] = removed
    summary["analyst_judgements"] = len(analyst)
    for line in result.conflicts:
        log.warning("resolution conflict: %s", line)
    return summary


def _entity(store: Store, ident: str) -> Entity:
    return store.get_entity(ident)


def merge_entities(store: Store, ids: Sequence[str], *, author: str, reason: str = "") -> dict[str, Any]:
    """An analyst says these entities are one: positive judgements tie every mention to one anchor.

    Earlier analyst judgements that kept any two of them apart are removed. Resolution is
    then run again; returns its summary with ``entity``, the id of the merged entity.
    """
    if author == AUTO:
        raise ResolveError(f"merge: the author {AUTO!r} is the resolver's own; give an analyst's name")
    entities = [_entity(store, i) for i in ids]
    if len(entities) < 2 or len({e.id for e in entities}) < 2:
        raise ResolveError("merge: give two or more different entity ids; see 'tipwatch entities'")
    kinds = {e.kind for e in entities}
    if len(kinds) > 1:
        raise ResolveError(
            f"merge: {', '.join(e.id for e in entities)} are of different kinds ({', '.join(sorted(kinds))}); "
            "only entities of one kind can be one"
        )
    keys = sorted(m.key for e in entities for m in e.mentions)
    anchor = keys[0]
    groups = [{m.key for m in e.mentions} for e in entities]
    negatives = [j for j in store.get_judgements() if j.author != AUTO and j.verdict == Verdict.NEGATIVE]
    for j in negatives:
        if any(
            j.left in ga and j.right in gb or j.right in ga and j.left in gb
            for ga, gb in combinations(groups, 2)
        ):
            store.delete_judgement(j.left, j.right)
    why = reason or "merged by an analyst"
    for key in keys[1:]:
        store.put_judgement(Judgement(anchor, key, Verdict.POSITIVE, 1.0, why, author))
    summary = refresh_resolution(store)
    merged = store.entity_of_mention(anchor)
    summary["entity"] = merged
    return summary


def split_entity(store: Store, ident: str, *, author: str, reason: str = "") -> dict[str, Any]:
    """An analyst says an entity is several: its name-groups are kept apart from now on.

    Mentions are grouped by the name they use; every pair of mentions from two different
    groups gets a negative judgement, and analyst merges inside the entity are removed.
    Resolution is then run again; returns its summary with ``entities``, the ids now
    holding the former entity's mentions.
    """
    if author == AUTO:
        raise ResolveError(f"split: the author {AUTO!r} is the resolver's own; give an analyst's name")
    entity = _entity(store, ident)
    groups: dict[str, list[str]] = {}
    for m in entity.mentions:
        groups.setdefault(m.key.split(":", 2)[2], []).append(m.key)
    if len(groups) < 2:
        raise ResolveError(
            f"split: entity {entity.id} has one name only ({entity.name!r}); there is nothing to split by name"
        )
    keys = {m.key for m in entity.mentions}
    for j in store.get_judgements():
        if j.author != AUTO and j.verdict == Verdict.POSITIVE and j.left in keys and j.right in keys:
            store.delete_judgement(j.left, j.right)
    why = reason or "split by an analyst"
    for ga, gb in combinations(sorted(groups.values()), 2):
        for a in ga:
            for b in gb:
                store.put_judgement(Judgement(a, b, Verdict.NEGATIVE, 0.0, why, author))
    summary = refresh_resolution(store)
    summary["entities"] = sorted({e for e in (store.entity_of_mention(k) for k in sorted(keys)) if e})
    return summary

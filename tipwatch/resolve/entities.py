"""Entities: a group of mentions -> one Entity with a content-derived id and a display name.

Takes the mentions of one group (and the judgements that explain it) and returns an
Entity. The id is a prefix for the kind plus a short hash of the group's smallest mention
key, so the same documents give the same ids in any order and on any machine.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from .model import Entity, EntityKind, Judgement, Mention
from .names import is_acronym, name_tokens

ID_PREFIX = {EntityKind.PERSON: "per-", EntityKind.ORGANIZATION: "org-", EntityKind.PLACE: "plc-"}
ID_HASH = 12


def entity_id(kind: str, keys: Sequence[str]) -> str:
    """``per-``/``org-``/``plc-`` + 12 hex characters of the SHA-1 of the smallest mention key."""
    digest = hashlib.sha1(min(keys).encode("utf-8")).hexdigest()[:ID_HASH]
    return ID_PREFIX.get(EntityKind(kind), "ent-") + digest


def _accents(name: str) -> int:
    return sum(1 for c in name if ord(c) > 127)


def display_name(kind: str, mentions: Sequence[Mention]) -> str:
    """The name to show: the fullest form, then the most documents, then accents kept.

    "Raúl Benavente" over "Benavente" and "Raul Benavente"; "National Civil Police" over "PNC".
    """
    docs: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for m in mentions:
        if (m.name, m.doc_id) not in seen:
            seen.add((m.name, m.doc_id))
            docs[m.name] += 1

    def rank(name: str) -> tuple[int, int, int, int, str]:
        if kind == EntityKind.PERSON:
            fullness = len([t for t in name_tokens(name) if len(t) > 1])
        elif kind == EntityKind.ORGANIZATION:
            fullness = 0 if is_acronym(name) else 1
        else:
            fullness = 0
        return (-fullness, -docs[name], -_accents(name), -len(name), name)

    return min(docs, key=rank)


def make_entity(kind: str, mentions: Sequence[Mention], links: Sequence[Judgement]) -> Entity:
    """One Entity from a group of mentions of one kind; ``links`` are the judgements inside it."""
    ordered = sorted(mentions, key=lambda m: m.key)
    names = sorted({m.name for m in ordered})
    data: dict[str, object] = {}
    if kind == EntityKind.PERSON:
        data["roles"] = sorted({r for m in ordered for r in m.data.get("roles") or []})
        ages = sorted({int(m.data["age"]) for m in ordered if m.data.get("age") is not None})
        if ages:
            data["ages"] = ages
    elif kind == EntityKind.ORGANIZATION:
        kinds = Counter(str(m.data.get("org_kind")) for m in ordered if m.data.get("org_kind"))
        if kinds:
            data["org_kind"] = min(kinds, key=lambda k: (-kinds[k], k))
        aliases = sorted({a for m in ordered for a in m.data.get("aliases") or []} - set(names))
        names = sorted(set(names) | set(aliases))
        data["aliases"] = aliases
    else:
        subs = Counter(str(m.data["subdivision"]) for m in ordered if m.data.get("subdivision"))
        if subs:
            data["subdivision"] = min(subs, key=lambda k: (-subs[k], k))
    data["links"] = [j.to_dict() for j in sorted(links, key=lambda j: (j.left, j.right))]
    return Entity(
        id=entity_id(kind, [m.key for m in ordered]),
        kind=str(kind),
        name=display_name(kind, ordered),
        names=names,
        countries=sorted({m.country for m in ordered if m.country}),
        protected=any(m.protected for m in ordered),
        mentions=ordered,
        data=data,
    )

"""Blocking: which pairs of mentions are worth scoring, without comparing all pairs.

Takes the Profiles of one kind and returns candidate pairs (index, index), each once,
lower index first. Every profile gets a few block keys (its exact name, pairs of its
words' sound keys, initial + surname, acronyms); two profiles are candidates when they
share a key. A block larger than BLOCK_CAP is not compared all-pairs: its members are
sorted (country, name, key) and each is compared with its next WINDOW neighbours, the
"sorted neighbourhood" method, so a common key costs O(n), not O(n^2). The same idea as
nomenklatura's token index, which scores only entities that share tokens.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations

from .match import Profile
from .model import EntityKind
from .names import phonetic

BLOCK_CAP = 16  # members up to which a block is compared all-pairs
WINDOW = 8  # neighbours each member of a larger block is compared with


def _person_keys(p: Profile) -> tuple[list[str], list[str]]:
    """(symmetric keys, one-sided keys): a surname alone pairs only through the latter."""
    toks = p.tokens
    content = [t for t in toks if len(t) > 1]
    sounds = [phonetic(t) for t in content]
    keys = ["n:" + p.norm]
    keys += [f"pp:{x}|{y}" for x, y in combinations(sorted(set(sounds)), 2)]
    if len(toks) >= 2:
        keys += [f"i:{toks[0][0]}|{phonetic(t)}" for t in toks[1:] if len(t) > 1]
    return keys, [f"s:{s}" for s in sounds]


def _org_keys(p: Profile) -> list[str]:
    keys = ["n:" + p.norm]
    keys += [f"a:{a}" for a in p.acronyms if len(a) >= 2]
    if p.known:
        keys.append("k:" + p.known)
    sounds = sorted({phonetic(t) for t in p.tokens if len(t) > 2})
    keys += [f"pp:{x}|{y}" for x, y in zip(sounds, sounds[1:], strict=False)]
    return keys


def _place_keys(p: Profile) -> list[str]:
    return ["n:" + p.norm, "ph:" + "".join(phonetic(t) for t in p.tokens)]


def _block_pairs(members: Sequence[Profile], sides: Sequence[bool] | None) -> Iterator[tuple[int, int]]:
    """Pairs within one block; ``sides`` marks members that may pair only with a short one."""
    order = sorted(
        range(len(members)), key=lambda i: (members[i].country or "", members[i].norm, members[i].key)
    )
    size = len(order)
    for pos, i in enumerate(order):
        end = size if size <= BLOCK_CAP else min(size, pos + 1 + WINDOW)
        for j in order[pos + 1 : end]:
            if sides is not None and not (members[i].is_short or members[j].is_short):
                continue
            a, b = members[i].index, members[j].index
            yield (a, b) if a < b else (b, a)


def candidate_pairs(profiles: Iterable[Profile]) -> list[tuple[int, int]]:
    """Every candidate pair of one kind's profiles, sorted, each once."""
    symmetric: dict[str, list[Profile]] = defaultdict(list)
    one_sided: dict[str, list[Profile]] = defaultdict(list)
    for p in profiles:
        kind = p.mention.kind
        if kind == EntityKind.PERSON:
            keys, sided = _person_keys(p)
            for k in sided:
                one_sided[k].append(p)
        elif kind == EntityKind.ORGANIZATION:
            keys = _org_keys(p)
        else:
            keys = _place_keys(p)
        for k in dict.fromkeys(keys):
            symmetric[k].append(p)
    pairs: set[tuple[int, int]] = set()
    for members in symmetric.values():
        if len(members) > 1:
            pairs.update(_block_pairs(members, None))
    for members in one_sided.values():
        if len(members) > 1 and any(m.is_short for m in members):
            shorts = [m for m in members if m.is_short]
            if len(members) <= BLOCK_CAP:
                pairs.update(_block_pairs(members, [True] * len(members)))
            else:
                # a common surname: each lone surname meets the full names of its own country
                pairs.update(_short_pairs(shorts, members))
    return sorted(pairs)


def _short_pairs(shorts: Sequence[Profile], members: Sequence[Profile]) -> Iterator[tuple[int, int]]:
    by_country: dict[str | None, list[Profile]] = defaultdict(list)
    for m in members:
        by_country[m.country].append(m)
    for s in shorts:
        pool = by_country.get(s.country, [])
        if len(pool) > BLOCK_CAP * 4:
            pool = sorted(pool, key=lambda m: (m.norm, m.key))[: BLOCK_CAP * 4]
        for m in pool:
            if m.index != s.index:
                yield (s.index, m.index) if s.index < m.index else (m.index, s.index)

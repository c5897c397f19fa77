"""Blocking: which pairs of mentions are worth scoring, without comparing all pairs.

Takes the Profiles of one kind and returns candidate pairs (index, index), each once,
lower index first. Every profile gets a few block keys (its exact name, pairs of its
words' sound keys, initial + surname, acronyms); two profiles are candidates when they
share a key.

A bigger corpus repeats names more, so a mention's keys lead to ever larger blocks; if
each were compared all-pairs, or each gave a fixed window of neighbours, the pairs per
mention would grow with the corpus. So each mention takes its keys rarest first (the
smallest blocks: the most specific keys, as nomenklatura's token index weighs tokens by
rarity) and stops once it has BUDGET candidates. A block that fits in what is left of
its budget is taken whole; a larger one gives only the nearest neighbours in the block's
sorted order (country, name, key), half the room on each side: the "sorted
neighbourhood" method, which keeps the neighbours of one name chained together. Two
mentions are a candidate pair when either reaches the other, so the pairs per mention
stay about flat however large the corpus grows.

A lone surname ("Benavente") is its own case: its one-sided surname keys are always
taken, whatever its budget, since they are its only way to the full names. When the
surname is common it meets each distinct full name of its own country once (mentions of
one name are linked by their own exact-name key), at most SHORT_POOL of them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from .match import Profile
from .model import EntityKind
from .names import phonetic

BUDGET = 6  # candidates after which a mention takes no further (commoner) key
BLOCK_CAP = 16  # a lone surname's one-sided block up to this size is taken whole
SHORT_POOL = BLOCK_CAP * 4  # distinct full names a lone surname meets when its surname is common


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
    keys = ["n:" + p.norm, "ph:" + "".join(phonetic(t) for t in p.tokens)]
    if p.known:
        keys.append("k:" + p.known)  # the gazetteer's name: exonyms and old spellings meet
    return keys


def _keys(p: Profile) -> tuple[list[str], list[str]]:
    kind = p.mention.kind
    if kind == EntityKind.PERSON:
        keys, sided = _person_keys(p)
    elif kind == EntityKind.ORGANIZATION:
        keys, sided = _org_keys(p), []
    else:
        keys, sided = _place_keys(p), []
    return list(dict.fromkeys(keys)), list(dict.fromkeys(sided))


def _order(p: Profile) -> tuple[str, str, str]:
    """The order of every block: country, then name, then key (one name's mentions side by side)."""
    return (p.country or "", p.norm, p.key)


def _short_pools(members: Sequence[int], plist: Sequence[Profile]) -> dict[str | None, list[int]]:
    """Whom a lone surname of each country meets in a large one-sided block (``members`` in order).

    The first mention of each distinct name of the country, at most SHORT_POOL of them.
    """
    pools: dict[str | None, list[int]] = defaultdict(list)
    last: tuple[str | None, str] | None = None
    for r in members:  # in (country, name, key) order: a name's first mention comes first
        m = plist[r]
        if (m.country, m.norm) != last:
            last = (m.country, m.norm)
            pool = pools[m.country]
            if len(pool) < SHORT_POOL:
                pool.append(r)
    return pools


def candidate_pairs(profiles: Iterable[Profile], budget: int = BUDGET) -> list[tuple[int, int]]:
    """Every candidate pair of one kind's profiles, sorted, each once.

    ``budget``: the candidates after which a mention takes no further key (see the module's
    docstring).
    """
    plist = sorted(profiles, key=_order)
    # blocks hold ranks in that order, so each is sorted as it is built
    symmetric: dict[str, list[int]] = defaultdict(list)
    one_sided: dict[str, list[int]] = defaultdict(list)
    keys_of: list[tuple[list[str], list[str]]] = []
    for r, p in enumerate(plist):
        keys, sided = _keys(p)
        keys_of.append((keys, sided))
        for k in keys:
            symmetric[k].append(r)
        for k in sided:
            one_sided[k].append(r)
    pools: dict[str, dict[str | None, list[int]]] = {}
    index = [p.index for p in plist]
    base = max(index, default=0) + 1
    pairs: set[int] = set()  # (a, b) as a * base + b: cheaper to hash and sort than tuples
    for r, (p, (keys, sided)) in enumerate(zip(plist, keys_of, strict=True)):
        found: set[int] = set()
        for k in sorted(keys, key=lambda k: (len(symmetric[k]), k)):
            room = budget - len(found)
            if room <= 0:
                break
            members = symmetric[k]
            if len(members) < 2:
                continue
            if len(members) - 1 <= room:
                found.update(members)
            else:
                pos, reach = bisect_left(members, r), (room + 1) // 2
                found.update(members[max(0, pos - reach) : pos + reach + 1])
            found.discard(r)
        if p.is_short:
            for k in sided:
                members = one_sided[k]
                if len(members) > BLOCK_CAP:
                    if k not in pools:
                        pools[k] = _short_pools(members, plist)
                    members = pools[k].get(p.country, [])
                found.update(members)
        found.discard(r)
        a = index[r]
        pairs.update(a * base + b if a < b else b * base + a for b in (index[x] for x in found))
    return [divmod(code, base) for code in sorted(pairs)]

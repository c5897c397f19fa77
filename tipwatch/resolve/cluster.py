"""Clustering: scored pairs and analyst judgements -> groups of mentions, with a judgement per pair.

Takes the profiles of one kind, their scored candidate pairs and the analysts' judgements;
returns the groups (lists of profile indexes) and one automatic Judgement per recorded
pair. Analyst judgements are hard constraints applied first: a positive one must link, a
negative one can never be crossed, not even through a chain of other links (a union-find
whose roots carry the set of roots they may not join). Automatic links are then taken
best score first, so the result does not depend on input order, and a link is refused
when the two groups hold names that cannot be one (a lone "Benavente" may not chain
"Raúl Benavente" to "Juan Benavente").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .match import POSITIVE_AT, RECORD_AT, UNSURE_AT, Profile, Score
from .model import AUTO, Judgement, Verdict


@dataclass(slots=True)
class Scored:
    """One scored candidate pair (profile indexes)."""

    left: int
    right: int
    score: Score


@dataclass(slots=True)
class Clustering:
    """The outcome for one kind: groups, automatic judgements and analyst conflicts."""

    groups: list[list[int]]
    judgements: list[Judgement] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


class _Groups:
    """Union-find over profile indexes with cannot-link sets and a compatibility check."""

    def __init__(self, profiles: Sequence[Profile], compatible: Callable[[Profile, Profile], bool]) -> None:
        n = len(profiles)
        self.profiles = profiles
        self.parent = list(range(n))
        self.size = [1] * n
        # Distinct names per group, in classes: names an analyst has joined form one class (they
        # are one by decree), names joined by scores stay in classes of their own. Kept only for
        # groups of more than one: most profiles never join anything.
        self.classes: dict[int, list[dict[str, int]]] = {}
        self.apart: dict[int, set[int]] = {}
        self.compatible = compatible

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def name_classes(self, root: int) -> list[dict[str, int]]:
        """The name classes of the group ``root`` heads."""
        return self.classes.get(root) or [{self.profiles[root].norm: root}]

    def kept_apart(self, ra: int, rb: int) -> bool:
        return rb in self.apart.get(ra, ())

    def fits(self, ra: int, rb: int) -> bool:
        """True when every name class of one group may be one with every class of the other.

        A class fits another when some name of one is compatible with some name of the other.
        """
        p = self.profiles
        return all(
            any(self.compatible(p[x], p[y]) for x in ca.values() for y in cb.values())
            for ca in self.name_classes(ra)
            for cb in self.name_classes(rb)
        )

    def separate(self, ra: int, rb: int) -> None:
        self.apart.setdefault(ra, set()).add(rb)
        self.apart.setdefault(rb, set()).add(ra)

    def union(self, ra: int, rb: int, *, by_analyst: bool = False) -> int:
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        theirs = self.name_classes(rb)
        self.classes.pop(rb, None)
        mine = self.classes[ra] = self.name_classes(ra)
        if by_analyst:
            joined: dict[str, int] = {}
            for cls in [*mine, *theirs]:
                for name, idx in cls.items():
                    joined.setdefault(name, idx)
            self.classes[ra] = [joined]
        else:
            known = {name for cls in mine for name in cls}
            mine.extend(c for c in theirs if not set(c) <= known)
        moved = self.apart.pop(rb, set())
        if moved:
            kept = self.apart.setdefault(ra, set())
            for other in moved:
                peers = self.apart[other]
                peers.discard(rb)
                peers.add(ra)
                kept.add(other)
        return ra


def _verdict(value: float) -> str:
    if value >= POSITIVE_AT:
        return Verdict.POSITIVE
    if value >= UNSURE_AT:
        return Verdict.UNSURE
    return Verdict.NEGATIVE


def _best_first(
    n: int,
    scored: Sequence[Scored],
    merges: Sequence[Judgement],
    by_key: dict[str, int],
    rank: Callable[[Scored], tuple[float, float, str, str]],
) -> Iterator[Scored]:
    """The scored pairs best first within each connected part of the graph they (and analysts' merges) form.

    A link can only join what a chain of pairs connects, so each part is clustered on its
    own: the same outcome as one pass over all pairs best first, but with small sorts, and
    each part's profiles (near one another in the resolver's name order) visited together,
    which at 100,000 mentions is much faster than hopping across all of memory.
    """
    parent = list(range(n))

    def top(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in [(s.left, s.right) for s in scored] + [(by_key[j.left], by_key[j.right]) for j in merges]:
        ra, rb = top(a), top(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    parts: dict[int, list[Scored]] = defaultdict(list)
    for s in scored:
        parts[top(s.left)].append(s)
    ordered = [sorted(part, key=rank) for part in parts.values()]
    ordered.sort(key=lambda part: rank(part[0]))
    for part in ordered:
        yield from part


def cluster(
    profiles: Sequence[Profile],
    scored: Sequence[Scored],
    analyst: Sequence[Judgement],
    compatible: Callable[[Profile, Profile], bool],
) -> Clustering:
    """Group one kind's profiles under the analysts' constraints and the automatic scores."""
    by_key = {p.key: p.index for p in profiles}
    groups = _Groups(profiles, compatible)
    out = Clustering(groups=[])
    decided: set[tuple[int, int]] = set()

    mine = [j for j in analyst if j.left in by_key and j.right in by_key]
    for j in sorted(mine, key=lambda j: (j.left, j.right)):
        if j.verdict == Verdict.POSITIVE:
            ra, rb = groups.find(by_key[j.left]), groups.find(by_key[j.right])
            if ra != rb:
                groups.union(ra, rb, by_analyst=True)
    for j in sorted(mine, key=lambda j: (j.left, j.right)):
        a, b = by_key[j.left], by_key[j.right]
        decided.add((min(a, b), max(a, b)))
        if j.verdict == Verdict.NEGATIVE:
            ra, rb = groups.find(a), groups.find(b)
            if ra == rb:
                out.conflicts.append(
                    f"{j.left} / {j.right}: {j.author} said 'not one', but analyst merges join them; "
                    "the merges win until one of them is undone"
                )
            else:
                groups.separate(ra, rb)

    # best first; on equal scores the closer names first (an exact name before a shorter form),
    # then by the pair's keys, whatever the profiles' numbering
    keys = [p.key for p in profiles]

    def rank(s: Scored) -> tuple[float, float, str, str]:
        a, b = keys[s.left], keys[s.right]
        return (-s.score.value, -s.score.names, a, b) if a < b else (-s.score.value, -s.score.names, b, a)

    for s in _best_first(
        len(profiles), scored, [j for j in mine if j.verdict == Verdict.POSITIVE], by_key, rank
    ):
        pair = (min(s.left, s.right), max(s.left, s.right))
        if pair in decided:
            continue  # an analyst has judged this very pair; no automatic judgement beside it
        verdict, reason = _verdict(s.score.value), s.score.reason
        if verdict == Verdict.POSITIVE:
            ra, rb = groups.find(s.left), groups.find(s.right)
            if ra != rb:
                if groups.kept_apart(ra, rb):
                    verdict, reason = Verdict.NEGATIVE, reason + "; but an analyst keeps these entities apart"
                elif not groups.fits(ra, rb):
                    verdict, reason = (
                        Verdict.UNSURE,
                        reason + "; but other names of the two entities conflict",
                    )
                else:
                    groups.union(ra, rb)
        if verdict == Verdict.POSITIVE or s.score.names >= RECORD_AT:
            # the verdict as a plain string: a dict holding an enum member is one more object
            # for the garbage collector to walk, and entities keep a dict of every link
            out.judgements.append(
                Judgement(keys[s.left], keys[s.right], str(verdict), s.score.value, reason, AUTO)
            )
    roots: dict[int, list[int]] = {}
    for i in range(len(profiles)):
        roots.setdefault(groups.find(i), []).append(i)
    out.groups = sorted((sorted(g) for g in roots.values()), key=lambda g: profiles[g[0]].key)
    return out

"""tipwatch/resolve/blocking.py: candidate pairs without all-pairs comparison."""

from __future__ import annotations

from tipwatch.resolve.blocking import BLOCK_CAP, WINDOW, candidate_pairs
from tipwatch.resolve.match import make_profile
from tipwatch.resolve.model import Mention


def _profiles(names, kind="person", country="GT", aliases=None):
    out = []
    for i, name in enumerate(names):
        data = {"aliases": (aliases or {}).get(name, [])} if kind == "organization" else {}
        m = Mention(f"d{i:04d}:{kind}:{name}", f"d{i:04d}", kind, name, country=country, data=data)
        out.append(make_profile(i, m, None))
    return out


def test_variants_are_candidates_and_strangers_are_not():
    ps = _profiles(["Raúl Benavente", "R. Benavente", "Benavente", "RAUL BENAVENTE", "Ana Batz", "Cesar Ibara",
                    "Cesar Ibarra Aguirre"])  # fmt: skip
    pairs = set(candidate_pairs(ps))
    assert {(0, 1), (0, 2), (0, 3), (1, 2), (5, 6)} <= pairs
    assert not any(4 in p for p in pairs)


def test_acronym_meets_the_name_that_defines_it():
    ps = _profiles(["National Civil Police", "PNC", "Public Ministry"], "organization",
                   aliases={"National Civil Police": ["PNC"]})  # fmt: skip
    assert candidate_pairs(ps) == [(0, 1)]


def test_large_block_grows_linearly():
    n = BLOCK_CAP * 25
    ps = _profiles([f"Maria Lopez {chr(97 + i % 26)}{i}" for i in range(n)])
    pairs = candidate_pairs(ps)
    # every name shares "maria"/"lopez" keys; all-pairs would be n*(n-1)/2
    assert len(pairs) <= n * WINDOW * 4
    assert len(pairs) < n * (n - 1) // 20


def test_pairs_are_sorted_and_unique():
    ps = _profiles(["Raúl Benavente", "Raul Benavente", "Benavente"])
    pairs = candidate_pairs(ps)
    assert pairs == sorted(set(pairs)) and all(a < b for a, b in pairs)

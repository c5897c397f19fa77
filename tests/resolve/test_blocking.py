"""tipwatch/resolve/blocking.py: candidate pairs without all-pairs comparison."""

from __future__ import annotations

from tipwatch.resolve.blocking import BLOCK_CAP, BUDGET, candidate_pairs
from tipwatch.resolve.match import make_profile
from tipwatch.resolve.model import Mention


def _profiles(names, kind="person", country="GT", aliases=None, countries=None):
    out = []
    for i, name in enumerate(names):
        data = {"aliases": (aliases or {}).get(name, [])} if kind == "organization" else {}
        where = countries[i] if countries else country
        m = Mention(f"d{i:04d}:{kind}:{name}", f"d{i:04d}", kind, name, country=where, data=data)
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
    # every name shares "maria"/"lopez" keys; all-pairs would be n*(n-1)/2; each mention
    # reaches at most one past its budget
    assert len(pairs) <= n * (BUDGET + 1)
    assert len(pairs) < n * (n - 1) // 20


def test_pairs_are_sorted_and_unique():
    ps = _profiles(["Raúl Benavente", "Raul Benavente", "Benavente"])
    pairs = candidate_pairs(ps)
    assert pairs == sorted(set(pairs)) and all(a < b for a, b in pairs)


def _connected(n, pairs):
    parent = list(range(n))

    def top(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in pairs:
        parent[top(a)] = top(b)
    return len({top(i) for i in range(n)}) == 1


def test_pairs_per_mention_stay_flat_as_names_repeat():
    # 12 people, each named 5 to 100 times over two countries: the blocks of a big corpus
    givens, surnames = ["Ana", "Raúl", "Lucía", "Juan"], ["Batz", "Ccori", "Benavente"]
    people = [f"{g} {s}" for g in givens for s in surnames]
    for times in (5, 100):
        names = [p for p in people for _ in range(times)]
        ps = _profiles(names, countries=["GT" if i % 3 else "PE" for i in range(len(names))])
        pairs = candidate_pairs(ps)
        assert len(pairs) <= len(ps) * (BUDGET + 1) / 2 + len(ps)
        for person in people:  # the mentions of one name still form one chain
            mine = [i for i, n in enumerate(names) if n == person]
            at = {i: k for k, i in enumerate(mine)}
            assert _connected(len(mine), [(at[a], at[b]) for a, b in pairs if a in at and b in at])


def test_rarest_key_first():
    # two "Lucía Batz" in two countries, with 30 other "L... Batz" around each in every shared
    # block but their exact name's: the budget goes to that rarest key, so they still meet
    around = [f"La{i} Batz" for i in range(30)], [f"Lz{i} Batz" for i in range(30)]
    names = [*around[0], "Lucía Batz", *around[1], *around[0], "Lucía Batz", *around[1]]
    ps = _profiles(names, countries=["GT"] * 61 + ["PE"] * 61)
    assert (30, 91) in set(candidate_pairs(ps))


def test_lone_surname_meets_each_full_name_of_its_country_once():
    names = ["Juan Benavente"] * 30 + ["Raúl Benavente"] * 30 + ["Ana Benavente"] * 30 + ["Benavente"]
    countries = ["GT"] * 60 + ["PE"] * 30 + ["GT"]
    ps = _profiles(names, countries=countries)
    short = len(names) - 1
    met = sorted(names[a if b == short else b] for a, b in candidate_pairs(ps) if short in (a, b))
    assert met == ["Juan Benavente", "Raúl Benavente"]

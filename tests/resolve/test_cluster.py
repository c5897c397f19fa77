"""tipwatch/resolve/cluster.py: constraints first, then links best score first."""

from __future__ import annotations

from tipwatch.resolve.cluster import Scored, cluster
from tipwatch.resolve.match import Score, make_profile, names_compatible
from tipwatch.resolve.model import Judgement, Mention


def _profiles(names):
    return [
        make_profile(i, Mention(f"k{i}", f"d{i}", "person", n, country="PE"), None)
        for i, n in enumerate(names)
    ]


def _s(a, b, value):
    return Scored(a, b, Score(value, value, "test"))


def test_links_form_groups_and_judgements_are_recorded():
    ps = _profiles(["Raúl Benavente", "Raul Benavente", "Ana Batz"])
    out = cluster(ps, [_s(0, 1, 0.95), _s(1, 2, 0.55)], [], names_compatible)
    assert out.groups == [[0, 1], [2]]
    verdicts = {(j.left, j.right): j.verdict for j in out.judgements}
    assert verdicts == {("k0", "k1"): "positive", ("k1", "k2"): "negative"}


def test_negative_judgement_holds_through_a_chain():
    ps = _profiles(["Raúl Benavente", "R. Benavente", "Raul Benavente"])
    no = Judgement("k0", "k2", "negative", author="ana")
    out = cluster(ps, [_s(0, 1, 0.9), _s(1, 2, 0.9)], [no], names_compatible)
    assert [0, 2] not in out.groups and not any({0, 2} <= set(g) for g in out.groups)
    assert any("analyst keeps" in j.reason for j in out.judgements)


def test_positive_judgement_must_link():
    ps = _profiles(["Raúl Benavente", "Ana Batz"])
    yes = Judgement("k0", "k1", "positive", author="ana")
    assert cluster(ps, [], [yes], names_compatible).groups == [[0, 1]]


def test_lone_surname_does_not_chain_two_people():
    ps = _profiles(["Juan Benavente", "Benavente", "Raúl Benavente"])
    out = cluster(ps, [_s(0, 1, 0.85), _s(1, 2, 0.84)], [], names_compatible)
    assert sorted(map(sorted, out.groups)) == [[0, 1], [2]]
    assert any(j.verdict == "unsure" and "conflict" in j.reason for j in out.judgements)


def test_order_of_input_does_not_matter():
    ps = _profiles(["Raúl Benavente", "Raul Benavente", "Benavente", "Ana Batz"])
    scored = [_s(0, 1, 0.9), _s(1, 2, 0.82), _s(0, 2, 0.82), _s(2, 3, 0.3)]
    a = cluster(ps, scored, [], names_compatible)
    b = cluster(ps, list(reversed(scored)), [], names_compatible)
    assert a.groups == b.groups and a.judgements == b.judgements


def test_conflicting_analyst_judgements_are_reported():
    ps = _profiles(["Raúl Benavente", "Ana Batz"])
    js = [Judgement("k0", "k1", "positive", author="ana"), Judgement("k0", "k1", "negative", author="bo")]
    out = cluster(ps, [], js, names_compatible)
    assert out.groups == [[0, 1]] and out.conflicts

"""tipwatch/store/facets.py: filtered full-text search with facet counts on a real SQLite store."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from tests.conftest import make_doc
from tipwatch.model import Event, Facts, Label
from tipwatch.store import SQLiteStore
from tipwatch.store.facets import FACETS, SearchFilters, faceted_search

DOCS = [
    ("Brick kiln workers freed near Trujillo", "en", "2021-04-02", ["PE"], ["forced_labor"], ["rescue"]),
    (
        "Red de trata desarticulada en Arequipa",
        "es",
        "2022-09",
        ["PE", "BO"],
        ["sex_trafficking"],
        ["arrest", "raid"],
    ),
    ("Trabalhadores resgatados em fazenda de Xinguara", "pt", "2022", ["BR"], ["forced_labor"], ["rescue"]),
    ("Fishing crew trafficking case reaches court in Tacna", "en", None, [], [], []),
]


@pytest.fixture
def store(tmp_path):
    with SQLiteStore(tmp_path / "f.db") as s:
        for title, lang, published, countries, exploitation, events in DOCS:
            doc = make_doc(
                f"{title}\n\nA fictional report about {title.lower()} and trafficking.", lang, published
            )
            doc.title = title
            facts = Facts(
                doc=doc.name,
                doc_id=doc.id,
                countries=[Label(c) for c in countries],
                exploitation=[Label(x) for x in exploitation],
                events=[Event(t) for t in events],
            )
            s.add_document(doc, doc.text.encode(), facts)
        yield s


def test_facets_count_every_matching_document(store):
    result = faceted_search(store, "trafficking")
    assert result.total == 4 and len(result.hits) == 4
    assert dict(result.facets["language"]) == {"en": 2, "es": 1, "pt": 1}
    assert dict(result.facets["country"]) == {"PE": 2, "BO": 1, "BR": 1}
    assert dict(result.facets["exploitation"]) == {"forced_labor": 2, "sex_trafficking": 1}
    assert dict(result.facets["event_type"]) == {"rescue": 2, "arrest": 1, "raid": 1}
    assert result.facets["year"] == [("2022", 2), ("2021", 1)]


@pytest.mark.parametrize(
    "filters, titles",
    [
        (
            SearchFilters(language="en"),
            {
                "Brick kiln workers freed near Trujillo",
                "Fishing crew trafficking case reaches court in Tacna",
            },
        ),
        (SearchFilters(country="bo"), {"Red de trata desarticulada en Arequipa"}),
        (
            SearchFilters(exploitation="forced_labor", year="2022"),
            {"Trabalhadores resgatados em fazenda de Xinguara"},
        ),
        (SearchFilters(event_type="raid"), {"Red de trata desarticulada en Arequipa"}),
        (SearchFilters(year="not-a-year"), set()),
    ],
)
def test_facets_filters_narrow_hits_and_counts(store, filters, titles):
    result = faceted_search(store, "trafficking", filters)
    assert {h.title for h in result.hits} == titles
    assert result.total == len(titles)


def test_facets_empty_query_lists_newest_first_with_paging(store):
    first = faceted_search(store, "", limit=2)
    assert first.total == 4
    assert [h.published for h in first.hits] == ["2022-09", "2022"]
    rest = faceted_search(store, "", limit=2, offset=2, with_facets=False)
    assert [h.published for h in rest.hits] == ["2021-04-02", None] and rest.facets == {}


def test_facets_query_of_only_symbols_matches_nothing(store):
    result = faceted_search(store, '"" *** ()')
    assert result.total == 0 and result.hits == []


def test_facets_snippet_marks_matches(store):
    (hit,) = faceted_search(store, "Xinguara").hits
    assert "[Xinguara]" in hit.snippet


# -- exact counts, however they are counted ------------------------------------------------
# A query matching most of the store is counted as the store's counts minus what does not
# match, a narrow one directly, an empty one from the store's counts: all must agree with
# counting by hand, duplicates in the facts included.

WORKS = ["kiln", "mine", "farm", "boat"]
KINDS = ["sex_trafficking", "forced_labor", "begging"]
EVENTS = ["rescue", "arrest", "raid", "conviction"]


def _corpus(n: int = 40, seed: int = 6) -> list[tuple[object, Facts]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        work = WORKS[0] if i % 5 == 0 else rng.choice(WORKS[1:])
        doc = make_doc(
            f"Fictional report {i}: trafficking case at a {work} near Juliaca.",
            rng.choice(["en", "es", "pt", None]),
            rng.choice([None, "2019", "2020-03", "2021-07-09"]),
        )
        facts = Facts(
            doc=doc.name,
            doc_id=doc.id,
            countries=[Label(c) for c in rng.sample(["PE", "BO", "br"], rng.randint(0, 2))],
            exploitation=[Label(rng.choice(KINDS)) for _ in range(rng.randint(0, 3))],  # may repeat
            events=[Event(rng.choice(EVENTS)) for _ in range(rng.randint(0, 3))],
        )
        out.append((doc, facts))
    return out


def _by_hand(corpus, keep) -> tuple[int, dict[str, dict[str, int]]]:
    counts: dict[str, Counter] = {name: Counter() for name in FACETS}
    total = 0
    for doc, facts in corpus:
        if not keep(doc, facts):
            continue
        total += 1
        counts["language"][doc.language or "unknown"] += 1
        if doc.published:
            counts["year"][doc.published[:4]] += 1
        counts["country"].update({c.value.upper() for c in facts.countries})
        counts["exploitation"].update({x.value for x in facts.exploitation})
        counts["event_type"].update({e.type for e in facts.events})
    return total, {name: dict(c) for name, c in counts.items()}


@pytest.fixture
def corpus_store(tmp_path):
    corpus = _corpus()
    with SQLiteStore(tmp_path / "c.db") as s:
        for doc, facts in corpus:
            s.add_document(doc, doc.text.encode(), facts)
        yield s, corpus


def _has(word):
    return lambda doc, facts: word in doc.text.split(" ")


@pytest.mark.parametrize(
    "query, filters, keep",
    [
        ("trafficking", SearchFilters(), lambda d, f: True),  # all match: store minus none
        ("trafficking mine", SearchFilters(), _has("mine")),  # most match
        ("kiln", SearchFilters(), _has("kiln")),  # few match: counted directly
        ("", SearchFilters(), lambda d, f: True),  # the store's own counts
        (
            "trafficking",
            SearchFilters(exploitation="begging"),
            lambda d, f: "begging" in {x.value for x in f.exploitation},
        ),
        (
            "",
            SearchFilters(country="br", event_type="raid"),
            lambda d, f: (
                "BR" in {c.value.upper() for c in f.countries} and "raid" in {e.type for e in f.events}
            ),
        ),
        ("", SearchFilters(year="2020"), lambda d, f: (d.published or "").startswith("2020")),
        ("kiln", SearchFilters(language="es"), lambda d, f: "kiln" in d.text and d.language == "es"),
    ],
)
def test_facets_counts_are_exact_whatever_matches(corpus_store, query, filters, keep):
    store, corpus = corpus_store
    result = faceted_search(store, query, filters, limit=100)
    total, expected = _by_hand(corpus, keep)
    assert result.total == total == len(result.hits)
    assert {name: dict(pairs) for name, pairs in result.facets.items()} == expected
    assert result.sampled == []


def test_facets_follow_rewritten_facts(corpus_store):
    store, corpus = corpus_store
    doc, facts = corpus[0]
    before = dict(faceted_search(store, "trafficking").facets["exploitation"])
    facts.exploitation = [Label("illegal_adoption"), Label("illegal_adoption")]
    facts.countries = [Label("GT")]
    store.put_facts(doc.id, facts)
    for query in ("trafficking", "", "kiln"):
        result = faceted_search(store, query, limit=100)
        keep = (lambda d, f: True) if query in ("trafficking", "") else _has(query)
        assert {name: dict(pairs) for name, pairs in result.facets.items()} == _by_hand(corpus, keep)[1]
    after = dict(faceted_search(store, "trafficking").facets["exploitation"])
    assert after["illegal_adoption"] == 1 and after != before
    (hit,) = faceted_search(store, "", SearchFilters(exploitation="illegal_adoption")).hits
    assert hit.doc_id == doc.id


def test_facets_ties_page_in_stored_order(corpus_store):
    store, corpus = corpus_store
    # "trafficking" is in every document: all score alike, and pages must still partition them.
    seen = [
        h.doc_id
        for offset in range(0, 40, 7)
        for h in faceted_search(store, "trafficking", limit=7, offset=offset).hits
    ]
    assert sorted(seen) == sorted(doc.id for doc, _ in corpus) and len(set(seen)) == 40

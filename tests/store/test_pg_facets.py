"""tipwatch/store/pg_facets.py: faceted search on PostgreSQL gives what store/facets.py gives on SQLite."""

from __future__ import annotations

import pytest

from tests.conftest import make_doc
from tipwatch.model import Event, Facts, Label
from tipwatch.store.facets import SearchFilters, faceted_search
from tipwatch.store.postgres import PostgresStore
from tipwatch.store.sqlite import SQLiteStore

DOCS = [
    ("Quarry workers freed near Huaraz", "en", "2020-06-11", ["PE"], ["forced_labor"], ["rescue"]),
    (
        "Red de explotación desarticulada en Potosí",
        "es",
        "2023-02",
        ["BO", "PE"],
        ["sex_trafficking"],
        ["arrest"],
    ),
    (
        "Trabalhadores resgatados em carvoaria de Marabá",
        "pt",
        "2023",
        ["BR"],
        ["forced_labor"],
        ["rescue", "raid"],
    ),
    ("Fishing crew trafficking case heard in Ilo", "en", None, [], [], []),
]


def _fill(store) -> None:
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
        store.add_document(doc, doc.text.encode(), facts)


@pytest.fixture
def pair(tmp_path, pg_url):
    with SQLiteStore(tmp_path / "f.db") as lite, PostgresStore(pg_url) as pg:
        _fill(lite)
        _fill(pg)
        yield lite, pg


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("trafficking", SearchFilters()),
        ("trafficking", SearchFilters(language="en")),
        ("trafficking", SearchFilters(country="bo")),
        ("trafficking", SearchFilters(exploitation="forced_labor", year="2023")),
        ("trafficking", SearchFilters(event_type="raid")),
        ("trafficking", SearchFilters(year="not-a-year")),
        ("", SearchFilters()),
        ("", SearchFilters(country="PE")),
        ('"" *** ()', SearchFilters()),
        ("Marabá", SearchFilters(event_type="rescue")),
    ],
)
def test_pg_facets_match_sqlite(pair, query, filters):
    lite, pg = pair
    want = faceted_search(lite, query, filters)
    got = faceted_search(pg, query, filters)
    assert got.total == want.total
    assert got.facets == want.facets
    key = (lambda h: h.doc_id) if query.strip() else (lambda h: (h.doc_id, h.published))
    assert sorted(map(key, got.hits)) == sorted(map(key, want.hits))


def test_pg_facets_empty_query_newest_first_with_paging(pair):
    _, pg = pair
    first = faceted_search(pg, "", limit=2)
    assert first.total == 4 and [h.published for h in first.hits] == ["2023-02", "2023"]
    rest = faceted_search(pg, "", limit=2, offset=2, with_facets=False)
    assert [h.published for h in rest.hits] == ["2020-06-11", None] and rest.facets == {}


def test_pg_facets_snippet_marks_matches(pair):
    _, pg = pair
    (hit,) = faceted_search(pg, "Huaraz").hits
    assert "[Huaraz]" in hit.snippet and hit.score > 0


def test_pg_facets_nul_in_filters_never_raises(pair):
    _, pg = pair
    result = faceted_search(pg, "traffick\x00ing", SearchFilters(country="P\x00E", exploitation="\x00"))
    assert isinstance(result.total, int)

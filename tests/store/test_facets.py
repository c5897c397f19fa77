"""tipwatch/store/facets.py: filtered full-text search with facet counts on a real SQLite store."""

from __future__ import annotations

import pytest

from tests.conftest import make_doc
from tipwatch.model import Event, Facts, Label
from tipwatch.store import SQLiteStore
from tipwatch.store.facets import SearchFilters, faceted_search

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

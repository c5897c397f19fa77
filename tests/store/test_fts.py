"""tipwatch/store/fts.py: user text becomes a MATCH expression FTS5 cannot reject."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipwatch.store.fts import make_fts_query


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trafficking", '"trafficking"'),
        ("trata de personas", '"trata" AND "personas"'),
        ("tráfico de pessoas em São Paulo", '"tráfico" AND "pessoas" AND "São" AND "Paulo"'),
        ("The Hague", '"Hague"'),
        ("de la", '"de" AND "la"'),  # nothing else to search: kept
        ('"trata de personas" y Lima', '"trata de personas" AND "Lima"'),
        ("de*", '"de"*'),  # a prefix is asked for on purpose
        ("trata OR personas", '"trata" AND "OR" AND "personas"'),  # an operator typed: a word
        ('"trata de personas" Lima', '"trata de personas" AND "Lima"'),
        ("traffick*", '"traffick"*'),
        ("NEAR(a b)", '"NEAR(a" AND "b)"'),
        ("title:Lima -Cusco", '"title:Lima" AND "-Cusco"'),
        ('unbalanced "quote Lima', '"unbalanced" AND "quote" AND "Lima"'),
        ("'; DROP TABLE documents; --", '"DROP" AND "TABLE" AND "documents;"'),
        ("ministério", '"ministério"'),
    ],
)
def test_make_fts_query_quotes_every_term(text, expected):
    assert make_fts_query(text) == expected


@pytest.mark.parametrize("text", ["", "   ", '"', '""', "*", "-- ;", "()", "___", "\x00", '" "'])
def test_make_fts_query_nothing_to_search_is_none(text):
    assert make_fts_query(text) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_make_fts_query_output_always_parses(text):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO t VALUES ('trata de personas en Lima')")
    query = make_fts_query(text)
    if query is not None:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", (query,)).fetchall()

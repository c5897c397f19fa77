"""Tests for tipwatch/ingest/markdown.py: front matter is metadata, never body text."""

from pathlib import Path

from tipwatch.ingest.markdown import (
    has_front_matter,
    is_prose,
    parse_front_matter,
    read_markdown,
    split_front_matter,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
LANGS = ("en", "es", "pt", "fr")


def _jekyll():
    return read_markdown((FIXTURES / "jekyll_pt.md").read_text(encoding="utf-8"), LANGS)


def test_read_markdown_takes_title_date_and_support_line_from_front_matter():
    ex = _jekyll()
    assert ex.title == "Auditores libertam 14 trabalhadores em fazenda de café no sul de Minas"
    assert ex.published == "2016-09-12"
    assert ex.standfirst == [
        "Fiscalização do Ministério do Trabalho encontrou alojamentos sem água potável nem banheiros em Três Pontas."
    ]


def test_read_markdown_keeps_front_matter_out_of_the_body():
    body = _jekyll().body
    for key in ("layout:", "legacy_url", "images:", "menu:", "support_line", "example.org", "---"):
        assert key not in body, key
    assert body.startswith(
        "Da Assessoria do Ministério Público do Trabalho\n\nAuditores fiscais resgataram 14"
    )
    assert body.endswith("Os trabalhadores vieram de Itinga, no Vale do Jequitinhonha.")


def test_read_markdown_treats_author_none_as_no_author():
    ex = _jekyll()
    assert "author" not in ex.meta
    assert ex.meta["front_matter"]["tags"] == ["trabalho escravo", "minas gerais"]


def test_read_markdown_published_true_is_a_flag_not_a_date():
    text = '---\npublished: "true"\ntitle: "Condenan a un tratante en Tucumán"\nauthor: "REDACCION"\n---\n\nTucumán. El tribunal condenó ayer a Ramiro Ledesma.\n'
    ex = read_markdown(text, LANGS)
    assert ex.published is None
    assert ex.author == "REDACCION"
    assert ex.body == "Tucumán. El tribunal condenó ayer a Ramiro Ledesma."


def test_read_markdown_reads_a_yaml_date_value():
    ex = read_markdown("---\ntitle: Nota\ndate: 2013-01-28\n---\nTexto do corpo da nota.\n", LANGS)
    assert ex.published == "2013-01-28"


def test_read_markdown_survives_invalid_yaml():
    text = (
        "---\ntitle: Rede desmontada: 9 presos em Braga\nauthor: Lusa\n---\nA polícia deteve nove pessoas.\n"
    )
    ex = read_markdown(text, LANGS)
    assert ex.title == "Rede desmontada: 9 presos em Braga"
    assert ex.author == "Lusa"


def test_read_markdown_without_front_matter_reads_the_whole_text():
    ex = read_markdown("# Relatório anual\n\nO relatório descreve 12 casos.\n", LANGS)
    assert ex.body == "Relatório anual\n\nO relatório descreve 12 casos."
    assert ex.title is None


def test_split_front_matter_needs_a_closing_fence_and_keys():
    assert split_front_matter("---\nno closing fence\n")[0] is None
    assert split_front_matter("---\n\n---\nbody")[0] is None
    assert has_front_matter("---\ntitle: x\n---\nbody")


def test_parse_front_matter_falls_back_to_key_lines():
    assert parse_front_matter('title: "A: B"\nauthor: x: y') == {"title": "A: B", "author": "x: y"}


def test_is_prose_decides_by_value():
    assert is_prose(
        "twitt", "Los agentes catearon una vivienda del barrio de Analco, en Puebla, al amanecer."
    )
    assert is_prose("support_line", "Fiscais encontraram oito trabalhadores sem registro em carteira.")
    assert not is_prose("twitt", "Breve nota")
    assert not is_prose("image_caption", "http://example.org/a/b/c/d/e/f/g.jpg and more words here too")
    assert not is_prose("tags", "trabalho escravo minas gerais direitos humanos campo")

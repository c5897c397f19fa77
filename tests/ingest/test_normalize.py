"""Tests for tipwatch/ingest/normalize.py: entities, mojibake, markup, wrapping, whitespace."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tipwatch.ingest.normalize import dedupe_lines, has_markup, markup_to_text, normalize_text


def test_normalize_decodes_html_entities():
    assert (
        normalize_text("a Superintend&ecirc;ncia&nbsp;do Trabalho em Goi&aacute;s")
        == "a Superintendência do Trabalho em Goiás"
    )


def test_normalize_turns_c1_controls_into_curly_quotes():
    raw = "fue párroco hasta 2011.\x93Nunca vi nada extraño\x94, dijo"
    assert normalize_text(raw) == "fue párroco hasta 2011. “Nunca vi nada extraño”, dijo"


def test_normalize_repairs_mojibake():
    assert (
        normalize_text("a Procuradoria da RepÃºblica em BrasÃ\xadlia")
        == "a Procuradoria da República em Brasília"
    )


def test_normalize_keeps_curly_apostrophes():
    assert normalize_text("Amara N’diaye’s shelter") == "Amara N’diaye’s shelter"


def test_normalize_collapses_spaces_and_blank_lines():
    raw = "  First   paragraph\there.  \n\n\n\n\tSecond paragraph.\r\n\r\nThird.\n"
    assert normalize_text(raw) == "First paragraph here.\n\nSecond paragraph.\n\nThird."


def test_normalize_joins_a_sentence_wrapped_before_a_lower_case_word():
    raw = "The\nrecent reforms in Accra eased transport. \nThe ministry said so."
    assert normalize_text(raw) == "The recent reforms in Accra eased transport.\nThe ministry said so."


def test_normalize_joins_lines_ending_in_a_single_soft_space():
    raw = "Marguerite \nOkafor, director of the shelter, spoke to \nthe Daily Ledger on Friday."
    assert (
        normalize_text(raw)
        == "Marguerite Okafor, director of the shelter, spoke to the Daily Ledger on Friday."
    )


def test_normalize_joins_a_paragraph_cut_mid_sentence_across_a_blank_line():
    raw = "The mayor asked for more shelters and better\n\ntraining for border police.\n\nNext paragraph."
    assert (
        normalize_text(raw)
        == "The mayor asked for more shelters and better training for border police.\n\nNext paragraph."
    )


def test_normalize_keeps_one_paragraph_per_line_when_sentences_end():
    raw = "Police in Quito arrested two men.\nInSight Analysis\nThe case is open."
    assert normalize_text(raw) == raw


def test_normalize_turns_inline_markup_into_paragraphs_and_drops_images():
    raw = (
        "<div>&nbsp;</div><p><strong>Da Redação</strong></p><p>&nbsp;</p><p>Primeiro parágrafo.</p>"
        "<p><br>Segundo parágrafo.</p>\n![](http://example.org/a.jpg)\n<p>Terceiro.</p>"
    )
    assert normalize_text(raw) == "Da Redação\n\nPrimeiro parágrafo.\n\nSegundo parágrafo.\n\nTerceiro."


def test_normalize_drops_inline_markdown_image_and_keeps_link_text():
    raw = "![](http://i.example.org/x.jpg)Quito. La fiscalía [informó](http://example.org/n) el caso."
    assert normalize_text(raw) == "Quito. La fiscalía informó el caso."


def test_normalize_drops_heading_marks_and_rule_lines():
    assert normalize_text("#### Victim Protection\n\n-----\n\nText.") == "Victim Protection\n\nText."


def test_normalize_unwraps_pdf_lines_and_dehyphenates():
    raw = "The inspectors found that the workers at the quarry had not been paid for traf-\nficking\nwork in months and lived in sheds.\nA second paragraph starts here."
    out = normalize_text(raw, wrapped=True)
    assert out.startswith(
        "The inspectors found that the workers at the quarry had not been paid for trafficking work"
    )


def test_normalize_separates_sentences_glued_by_a_lost_paragraph_tag():
    assert (
        normalize_text("condenado en Chile.La primera decisión") == "condenado en Chile. La primera decisión"
    )
    assert normalize_text("U.S. Army and site.mx stay") == "U.S. Army and site.mx stay"


def test_has_markup_ignores_comparison_signs():
    assert has_markup("<p>Hi</p>")
    assert not has_markup("if a < b and c > d")


def test_markup_to_text_skips_scripts():
    assert markup_to_text("<div>Kept<script>var x = 1;</script></div>").strip() == "Kept"


def test_dedupe_lines_drops_a_repeated_title():
    assert dedupe_lines(["Title", "Title", "Body."]) == ["Title", "Body."]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab C.\n\t ,é&;<>’\x93")), max_size=80))
def test_normalize_output_is_tidy(raw):
    out = normalize_text(raw)
    assert "\n\n\n" not in out
    assert "\t" not in out and "\r" not in out
    assert all(line == line.strip() for line in out.split("\n"))
    assert "  " not in out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab C.\n\t ,é&;’-")), max_size=80))
def test_normalize_is_idempotent(raw):
    once = normalize_text(raw)
    assert normalize_text(once) == once

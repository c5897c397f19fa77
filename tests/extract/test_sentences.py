import pytest

from tipwatch.extract.sentences import split_sentences


def test_split_sentences_offsets_match_text():
    text = "Police in Lima arrested two men. They were charged on Friday!\n\nA third is at large? Yes."
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Police in Lima arrested two men.",
        "They were charged on Friday!",
        "A third is at large?",
        "Yes.",
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Ramos met Dr. Alves in the U.S. embassy on Monday.",
        "La Sra. Quispe habló con el Gral. Torres en la Av. Grau.",
        "The agent, J. Doe, testified.",
    ],
)
def test_split_sentences_keeps_abbreviations_inside(text):
    assert len(split_sentences(text)) == 1


def test_split_sentences_splits_glued_wire_copy():
    text = "El juez condenó al acusado en 2019.La defensa apelará el fallo."
    assert [s.text for s in split_sentences(text)] == [
        "El juez condenó al acusado en 2019.",
        "La defensa apelará el fallo.",
    ]


def test_split_sentences_line_breaks_always_end_a_sentence():
    text = "HEADLINE WITHOUT STOP\nBody starts here."
    assert [s.text for s in split_sentences(text)] == ["HEADLINE WITHOUT STOP", "Body starts here."]

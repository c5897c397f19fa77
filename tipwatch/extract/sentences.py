"""Split stored text into sentences with exact offsets.

Rule-based and fast: a line break always ends a sentence (ingest has already joined
hard-wrapped lines), and inside a line a sentence ends at ``.``, ``!`` or ``?`` (with any
closing quotes) followed by space and an upper-case letter, a digit or an opening quote,
unless the word before the stop is a known abbreviation or an initial. A stop glued to the
next sentence ("2008.Las") also ends a sentence, as wire copy often loses that space.
"""

from __future__ import annotations

import re

from .context import Sentence

# Abbreviations after which a period does not end a sentence (en/es/pt/fr), lower-cased.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr sra srta sres dra st mt gen gov lt col capt sgt cmdr adm rev fr hon
    jr no nos nº vol pp art arts inc ltd corp co dept univ est approx vs etc al ca cf
    jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic fev mai out dez
    av avda pres sec min dep dip lic ing arq gral cia exmo exma sto sta""".split()
)

_LINE = re.compile(r"[^\n]+")
_STOP = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[¿¡]?[A-ZÁÉÍÓÚÂÊÔÃÕÀÇÑÜ0-9])""")
_GLUED = re.compile(r"(?<=[a-záéíóúñãõç0-9)])\.(?=[A-ZÁÉÍÓÚÂÊÔÃÕÇÑ][a-záéíóúñãõç])")
_WORD_BEFORE = re.compile(r"(\S+)$")


def _is_abbreviation(line: str, stop_at: int) -> bool:
    m = _WORD_BEFORE.search(line, 0, stop_at)
    if not m:
        return False
    word = m.group(1).lstrip("(\"'“‘«")
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith"
        return True
    if "." in word:  # "U.S.", "e.g." — dotted abbreviations
        return word.replace(".", "").isalpha() and len(word) <= 6
    return word.lower() in ABBREVIATIONS


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order; each one's text is ``text[start:end]``, trimmed."""
    out: list[Sentence] = []
    for line in _LINE.finditer(text):
        base = line.start()
        s = line.group()
        cuts = [0]
        for m in _STOP.finditer(s):
            if m.group().startswith(".") and _is_abbreviation(s, m.start()):
                continue
            cuts.append(m.end())
        for m in _GLUED.finditer(s):
            if not _is_abbreviation(s, m.start()):
                cuts.append(m.end())
        cuts = sorted(set(cuts)) + [len(s)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            chunk = s[a:b]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk.rstrip())
            if trail <= lead:
                continue
            start, end = base + a + lead, base + a + trail
            out.append(Sentence(len(out), start, end, text[start:end]))
    return out

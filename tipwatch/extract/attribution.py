"""Who a sentence says a fact comes from: "said police", "según la Policía", "segundo a PSP".

Analysts weigh a fact by its source, so every label, event and amount carries the name the
sentence attributes it to (an extra key beside the contract's). Patterns are per-language
data in ``data/cues/<lang>/attribution.yaml``; ``{src}`` in a pattern stands for a source
phrase (a capitalised name, or a generic agent such as "prosecutors" or "la dependencia")
``{phrase}`` for any short phrase up to the next punctuation, and ``{verb}`` for a reporting verb.
"""

from __future__ import annotations

import re
from functools import cache

from .cues import load_cues

# An upper-case first letter is what makes a word part of a name; the rest of a pattern is
# matched without regard to case, so "According to" opens a sentence as well as "according to".
_CAP = r"(?-i:[A-ZÁÉÍÓÚÂÊÔÃÕÀÇÑÜ])[\w'’.&-]*"
_CONNECT = r"(?:of|the|for|and|on|in|de|del|la|las|los|do|da|dos|das|y|e|en|em|against|contra|para)"
_NAME = rf"{_CAP}(?:\s+(?:{_CONNECT}\s+){{0,2}}{_CAP}){{0,7}}(?:\s*\((?-i:[A-Z])[\w-]*\))?"
_DET = r"(?:the|la|el|los|las|o|a|os|as|um|uma|un|una|an|this|esta|este|essa|esse)"
_LEADING_DET = re.compile(rf"^{_DET}\s+", re.IGNORECASE)
_AFTER_PREPOSITION = re.compile(
    r"(?<!\w)(?:of|in|at|from|to|into|near|de|del|do|da|dos|das|em|no|na|nos|nas|en|para|a|al)\s+$",
    re.IGNORECASE,
)


@cache
def _patterns(lang: str) -> tuple[list[re.Pattern[str]], frozenset[str]]:
    data = load_cues(lang, "attribution")
    agents = "|".join(sorted(data.get("agents", []), key=len, reverse=True)) or "(?!x)x"
    verbs = "|".join(sorted(data.get("verbs", []), key=len, reverse=True)) or "(?!x)x"
    src = (
        rf"(?P<src>(?:{_DET}\s+)?(?:(?:{agents})(?!\w)(?:\s+{_NAME})?"
        rf"|(?:{_CAP}\s+){{0,3}}(?:{agents})(?!\w)|{_NAME}))"
    )
    verb = rf"(?:{verbs})(?!\w)"
    phrase = r"(?P<src>(?:[\w’'-]+\s+){0,5}[\w’'-]+)(?=\s*(?:[.,;:!?\"”’)»]|$))"
    compiled = [
        re.compile(
            r"(?<!\w)" + p.replace("{src}", src).replace("{phrase}", phrase).replace("{verb}", verb),
            re.IGNORECASE,
        )
        for p in data.get("patterns", [])
    ]
    stop = frozenset(w.lower() for w in data.get("not_sources", []))
    return compiled, stop


def _clean(raw: str, at_start: bool) -> str:
    raw = raw.strip()
    # a capitalised article belongs to a name ("La Jornada", "O Globo") except at the start of a
    # sentence, where every word is capitalised; English "The" never does
    if at_start or raw[:1].islower() or re.match(r"(?:The|A|An)\s", raw):
        raw = _LEADING_DET.sub("", raw)
    name = raw
    name = re.sub(r"['’]s$", "", name)
    return name.strip(" ,.;:\"'“”‘’«»")


def find_source(sentence_text: str, lang: str) -> str | None:
    """The source a sentence attributes its content to, as the sentence names it, or None."""
    patterns, stop = _patterns(lang)
    for pat in patterns:
        for m in pat.finditer(sentence_text):
            if m.start("src") == m.start() and _AFTER_PREPOSITION.search(sentence_text, 0, m.start()):
                continue  # "... in the flats of Lisbon, announced": a place, not who announced it
            name = _clean(m.group("src"), m.start("src") == 0)
            if name and name.lower() not in stop and not name.isdigit():
                return name
    return None

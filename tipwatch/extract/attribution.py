"""Who a sentence says a fact comes from: "said prosecutors", "según la Fiscalía", "segundo o MPT".

Analysts weigh a fact by its source, so every label, event and amount carries the name the
sentence attributes it to (an extra key beside the contract's). Patterns are per-language
data in ``data/cues/<lang>/attribution.yaml``; ``{src}`` in a pattern stands for a source
phrase (a capitalised name, or a generic agent such as "prosecutors" or "la dependencia")
and ``{verb}`` for a reporting verb.
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
    compiled = [
        re.compile(r"(?<!\w)" + p.replace("{src}", src).replace("{verb}", verb), re.IGNORECASE)
        for p in data.get("patterns", [])
    ]
    stop = frozenset(w.lower() for w in data.get("not_sources", []))
    return compiled, stop


def _clean(raw: str) -> str:
    name = _LEADING_DET.sub("", raw.strip())
    name = re.sub(r"['’]s$", "", name)
    return name.strip(" ,.;:\"'“”‘’«»")


def find_source(sentence_text: str, lang: str) -> str | None:
    """The source a sentence attributes its content to, as the sentence names it, or None."""
    patterns, stop = _patterns(lang)
    for pat in patterns:
        for m in pat.finditer(sentence_text):
            name = _clean(m.group("src"))
            if name and name.lower() not in stop and not name.isdigit():
                return name
    return None

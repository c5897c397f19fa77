"""Names as resolution compares them: folded tokens, initials, phonetic keys, organisation keys.

Takes the names the extractor found (any case, accents, punctuation, Spanish, Portuguese or
English) and returns the comparable forms the blocking index and the scorer use. Nothing here
decides a match; it only makes "Raúl Benavente", "RAUL BENAVENTE" and "R. Benavente" comparable,
and "Policía Nacional Civil" and "National Civil Police" one bag of words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

NAME_CACHE = 1 << 17  # names seen again and again across documents are folded once

# Words before a name that are a title, never part of the name.
HONORIFICS = frozenset(
    """mr mrs ms miss dr dra sr sra srta don dona lic licda licenciado licenciada ing prof
    judge juez jueza fiscal senor senora senhor senhora sir madam gen col capt sgt lt cmdr
    the""".split()
)
# Particles of Iberian and Dutch/German surnames: kept for display, ignored when comparing.
PARTICLES = frozenset("de del la las los da das do dos di y e van von der le".split())

_APOSTROPHES = str.maketrans({"’": "", "'": "", "`": "", "´": ""})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&./-]{1,9}$")


@lru_cache(maxsize=NAME_CACHE)
def fold(text: str) -> str:
    """Lower case without accents: the form under which names compare."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=NAME_CACHE)
def name_tokens(name: str) -> tuple[str, ...]:
    """The folded words of a person's name, titles and surname particles left out.

    "Lic. Raúl de la Cruz Benavente" -> ("raul", "cruz", "benavente"); an initial stays a
    one-letter token ("R. Benavente" -> ("r", "benavente")).
    """
    words = _WORD.findall(fold(name).translate(_APOSTROPHES))
    while words and words[0] in HONORIFICS:
        words = words[1:]
    return tuple(w for w in words if w not in PARTICLES)


def person_key(name: str) -> str:
    """The part of a mention key that names a person: its folded tokens joined by spaces."""
    return " ".join(name_tokens(name)) or fold(name).strip()


@lru_cache(maxsize=NAME_CACHE)
def phonetic(token: str) -> str:
    """A coarse sound key for blocking: first letter, then consonants without doubles.

    Typos and transliterations ("Ibara", "Ibarra"; "Gonzales", "González") share a
    key; the scorer, not this key, decides.
    """
    if not token:
        return ""
    token = token.replace("ph", "f").replace("ll", "y").replace("z", "s").replace("v", "b")
    token = token.replace("qu", "k").replace("c", "k").replace("h", "")
    out = [token[0]]
    for ch in token[1:]:
        if ch in "aeiouy" or ch == out[-1]:
            continue
        out.append(ch)
    return "".join(out)


def is_acronym(name: str) -> bool:
    """True for a bare acronym such as PNC, DIGEMIG or U.N.: what a scorer must not fuzz."""
    compact = name.strip()
    return bool(_ACRONYM.match(compact)) and sum(c.isalpha() for c in compact) >= 2


def acronym_of(name: str) -> str:
    """The acronym's letters, upper case and without dots ("U.N." -> "UN")."""
    return "".join(c for c in name.upper() if c.isalnum())


@dataclass(frozen=True, slots=True)
class OrgWords:
    """Cue words that let names of one body in Spanish, Portuguese and English compare.

    ``english`` maps a folded Spanish or Portuguese word to its English equivalent;
    ``stop`` words (articles, prepositions) carry no identity.
    """

    english: dict[str, str]
    stop: frozenset[str]


@cache
def org_words() -> OrgWords:
    """The packaged translation cue words (tipwatch/data/resolve/org_words.tsv)."""
    path = resources.files("tipwatch") / "data" / "resolve" / "org_words.tsv"
    english: dict[str, str] = {}
    stop: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, target = (line.split("\t") + [""])[:2]
        for w in word.split("|"):
            w = fold(w.strip())
            if target.strip() == "-":
                stop.add(w)
            elif w:
                english[w] = fold(target.strip())
    return OrgWords(english, frozenset(stop))


@lru_cache(maxsize=NAME_CACHE)
def org_tokens(name: str) -> tuple[str, ...]:
    """An organisation's name as English-equivalent content words, in name order.

    "Policía Nacional Civil" -> ("police", "national", "civil"); "the Public Ministry's"
    -> ("public", "ministry"). Words without a known equivalent stay as they are.
    """
    words = org_words()
    folded = fold(name).replace("’s", "").replace("'s", "").translate(_APOSTROPHES)
    out: list[str] = []
    for w in _WORD.findall(folded):
        if w in words.stop:
            continue
        out.extend(words.english.get(w, w).split())
    return tuple(out)


@lru_cache(maxsize=NAME_CACHE)
def org_key(name: str) -> str:
    """An order-free key for an organisation: its English-equivalent words, sorted.

    Spanish puts the noun first ("Policía Nacional Civil") and English last ("National
    Civil Police"); sorting the words makes the two one key.
    """
    if is_acronym(name):
        return acronym_of(name).lower()
    return " ".join(sorted(org_tokens(name))) or fold(name).strip()


@lru_cache(maxsize=NAME_CACHE)
def initials(name: str) -> str:
    """The initials of an organisation's content words in name order ("Policía Nacional Civil" -> "PNC")."""
    words = org_words()
    folded = fold(name).translate(_APOSTROPHES)
    letters = [w[0] for w in _WORD.findall(folded) if w not in words.stop and not w.isdigit()]
    return "".join(letters).upper()

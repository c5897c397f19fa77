"""Given names from real data, to tell a person's name from other capitalised words.

The list is Jörg Michael's ``nam_dict.txt`` (about 48,000 given names from many countries,
GNU Free Documentation License) as shipped by the gender-guesser package. Only the names
are read; gender is not used, since a victim's sex is taken from the wording only.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

# Given names that are far more often ordinary capitalised words in reporting.
_NOT_NAMES = frozenset(
    """santa sierra casa mission justice police court love hope faith grace april may june august
    march will mark bill rose iris lane star sky summer dawn eve major norma? china asia
    paz luz rosario consuelo dolores mercedes pilar amparo socorro soledad concepcion
    guadalupe trinidad angeles reyes cruz""".split()
)


def fold(s: str) -> str:
    """Lower-case without accents: the key under which names are compared."""
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if not unicodedata.combining(c))


@cache
def given_names() -> frozenset[str]:
    """Folded given names (single words) from the gender-guesser data file."""
    try:
        data = resources.files("gender_guesser") / "data" / "nam_dict.txt"
        raw = data.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - dependency missing
        return frozenset()
    out: set[str] = set()
    for line in raw.decode("utf-8", errors="replace").splitlines():
        if not line or line.startswith("#") or len(line) < 4:
            continue
        name = line[3:29].strip()
        for part in name.replace("+", " ").replace("-", " ").split():
            if len(part) > 1:
                out.add(fold(part))
    return frozenset(out - _NOT_NAMES)


def is_given_name(word: str) -> bool:
    return fold(word) in given_names()

"""Where a country's documents and cases link to: origin, transit and destination countries.

Takes the sentences that name another country (the evidence of ``Facts.countries``) and
reads the words right before the name: "from Honduras" makes Honduras an origin, "through
Mexico" a transit country, "to the United States" a destination; a nationality word
("Honduran girls") is an origin too. Anything else is a plain link. Cues per language live
under ``flows`` in ``tipwatch/data/cues/<lang>/threep.yaml``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..extract.cues import load_cues
from ..extract.gazetteer import DATA_DIR

ROLES = ("origin", "transit", "destination", "linked")
_PEOPLE = re.compile(
    r"\s+(?:victims?|women|girls?|boys?|child(?:ren)?|men|workers?|migrants?|minors?|nationals?|citizens?|"
    r"victimas?|mujeres|ninas?|ninos?|menores|trabajador\w*|migrantes|"
    r"vitimas?|mulheres|meninas?|meninos?|trabalhador\w*)\b"
)
_WINDOW = 80  # characters before a name in which a flow word must stand
_NAME = r"[A-ZÁÉÍÓÚÂÊÔÃÕÇÑ][\w'’.-]*(?:\s+(?:of|the|de|del|do|da|[A-ZÁÉÍÓÚÂÊÔÃÕÇÑ][\w'’.-]*))*"
_LIST = rf"(?:{_NAME}\s*(?:,|\s(?:and|or|y|o|e|ou))\s+(?:(?:the|el|la|los|las|o|a|os|as)\s+)?){{0,4}}"
_ARTICLES = "the|el|la|los|las|o|a|os|as"


@dataclass(frozen=True, slots=True)
class _Flows:
    roles: tuple[tuple[str, re.Pattern[str]], ...]


def _fold(s: str) -> str:
    """Lower case without accents, one character for one: positions stay those of ``s``."""
    return "".join((unicodedata.normalize("NFKD", c)[:1] or c).lower()[:1] or c for c in s)


def _read_rows(name: str) -> list[list[str]]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [
        row for row in csv.reader(text.splitlines(), delimiter="\t") if row and not row[0].startswith("#")
    ]


@cache
def _names() -> dict[str, list[tuple[str, bool]]]:
    """ISO2 -> [(folded name or demonym, is_demonym)], longest first."""
    out: dict[str, set[tuple[str, bool]]] = {}
    for row in _read_rows("countries.tsv"):
        if len(row) >= 3 and row[2]:
            out.setdefault(row[2], set()).add((_fold(row[1]), False))
    for row in _read_rows("demonyms.tsv"):
        if len(row) >= 4 and row[3] != "1":
            out.setdefault(row[2], set()).add((_fold(row[1]), True))
    return {cc: sorted(v, key=lambda x: -len(x[0])) for cc, v in out.items()}


@cache
def _flows(lang: str) -> _Flows:
    data = load_cues(lang if lang in ("en", "es", "pt") else "en", "threep").get("flows") or {}
    roles = []
    for role in ("transit", "origin", "destination"):
        words = sorted(data.get(role) or [], key=len, reverse=True)
        if words:
            alt = "|".join(words)
            # a flow word, then earlier items of a list of names ("to Guatemala, Mexico and"),
            # then at most an article, right before the name
            roles.append((role, re.compile(rf"(?:^|\W)(?i:{alt})\s+{_LIST}(?:(?i:{_ARTICLES})\s+)?$")))
    return _Flows(tuple(roles))


def role_in_sentence(sentence: str, cc: str, lang: str | None) -> str | None:
    """The role of country ``cc`` in one sentence, or None when the sentence does not name it."""
    folded = _fold(sentence)
    names = _names().get(cc.upper(), [])
    found: list[tuple[int, int, bool]] = []
    for name, is_demonym in names:
        if len(name) < 3:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
            found.append((m.start(), m.end(), is_demonym))
    if not found:
        return None
    flows = _flows(lang or "en")
    best = "linked"
    for start, end, is_demonym in sorted(found):
        if is_demonym and (folded[end - 1 : end] == "s" or _PEOPLE.match(folded, end)):
            return "origin"  # "Hondurans", "Honduran girls": people from there; not "the Spanish police"
        before = sentence[max(0, start - _WINDOW) : start]
        for role, pattern in flows.roles:
            if pattern.search(before):
                return role
    return best

"""TIP Report tier placements: the packaged 2001–2015 table and tiers stated in ingested narratives.

Takes an ISO 3166-1 alpha-2 code (and the store's documents); gives ``TierRecord``s of
``{year, tier, source, evidence}`` with ``tier`` one of ``1``, ``2``, ``2WL`` (Tier 2 Watch
List) and ``3``. The table is Kelley and Heiss's (``tipwatch/data/tiers/``, MIT, see its
SOURCES.md: its code 3 is the Watch List and 4 is Tier 3). A narrative statement such as
"Guatemala (Tier 2)" in a stored TIP Report country chapter is read with the sentence that
states it; where the two disagree for a year, both are kept and shown.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import pycountry

from ..errors import ConfigError
from ..extract.cues import compile_words, load_cues
from ..extract.gazetteer import Gazetteer
from ..extract.sentences import split_sentences
from ..model import Document

DATA = resources.files("tipwatch") / "data" / "tiers"
TABLE = "tip_tiers_2001_2015_kelley.csv"
DATASET_SOURCE = "kelley-heiss-2017"
DATASET_CITATION = (
    "Judith G. Kelley and Andrew Heiss, scorecard-diplomacy data/processed/map_tiers.csv (MIT); "
    "Kelley, Scorecard Diplomacy, Cambridge University Press, 2017"
)
TIERS = ("1", "2", "2WL", "3")
# The table's integer codes (SOURCES.md): 3 is the Watch List, 4 is Tier 3.
_CODES = {"1": "1", "2": "2", "3": "2WL", "4": "3"}
_ISO3_EXTRA = {"KOS": "XK"}  # Kosovo has no ISO code; the table writes KOS
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "uno": "1",
    "dos": "2",
    "tres": "3",
    "um": "1",
    "dois": "2",
    "três": "3",
}
_TIER_NUMBER = re.compile(r"(?:tier|nivel|nível|categor[ií]a)\s+(\w+)", re.IGNORECASE)
# A country name in a tier statement: capitalised words, with lower-case joiners inside.
_COUNTRY = r"(?P<country>[A-ZÁÉÍÓÚÂÊÔÃÕÇÑ][\w'’.-]*(?:\s+(?:and|of|the|de|del|da|do|y|e|[A-ZÁÉÍÓÚÂÊÔÃÕÇÑ][\w'’.-]*)){0,4})"


@dataclass(slots=True)
class TierRecord:
    """One tier placement for one report year, and where it comes from."""

    year: int
    tier: str
    source: str  # DATASET_SOURCE, or "document:<doc id>"
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "tier": self.tier, "source": self.source, "evidence": self.evidence}


def _iso2(iso3: str) -> str | None:
    if iso3 in _ISO3_EXTRA:
        return _ISO3_EXTRA[iso3]
    found = pycountry.countries.get(alpha_3=iso3)
    return found.alpha_2 if found else None


@cache
def load_tier_table() -> dict[str, list[TierRecord]]:
    """The packaged table as ``{ISO2: [TierRecord, ...]}`` by year; ``NA`` rows are left out."""
    res = DATA / TABLE
    try:
        text = res.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{res}: cannot read the packaged tier table: {exc}; reinstall tipwatch") from exc
    out: dict[str, list[TierRecord]] = {}
    for row in csv.DictReader(text.splitlines()):
        tier = _CODES.get((row.get("tier") or "").strip())
        cc = _iso2((row.get("iso") or "").strip())
        if tier is None or cc is None:
            continue
        line = ",".join(row[k] for k in ("countryname", "iso", "year", "ccode", "tier"))
        out.setdefault(cc, []).append(
            TierRecord(
                int(row["year"]),
                tier,
                DATASET_SOURCE,
                {"dataset": f"tipwatch/data/tiers/{TABLE}", "row": line, "citation": DATASET_CITATION},
            )
        )
    for records in out.values():
        records.sort(key=lambda r: r.year)
    return out


def dataset_tiers(cc: str) -> list[TierRecord]:
    """The table's placements of one country (ISO 3166-1 alpha-2), oldest first."""
    return list(load_tier_table().get(cc.strip().upper(), []))


def normalise_tier(text: str, watch_list: re.Pattern[str]) -> str | None:
    """``"Tier 2 Watch List"`` -> ``"2WL"``, ``"Nivel Dos"`` -> ``"2"``; None when not a tier."""
    m = _TIER_NUMBER.search(text)
    if not m:
        return None
    word = m.group(1).lower()
    number = word if word in ("1", "2", "3") else _NUMBER_WORDS.get(word)
    if number is None:
        return None
    if watch_list.search(text):
        return "2WL" if number == "2" else None  # only Tier 2 has a Watch List
    return number


@dataclass(frozen=True, slots=True)
class _TierRules:
    report: tuple[re.Pattern[str], ...]
    statements: tuple[re.Pattern[str], ...]
    watch_list: re.Pattern[str]


@cache
def _tier_rules(lang: str) -> _TierRules:
    data = load_cues(lang if lang in ("en", "es", "pt") else "en", "threep").get("tiers") or {}
    statements = tuple(
        re.compile(s.replace("{country}", _COUNTRY), re.MULTILINE) for s in data.get("statements") or []
    )
    report = tuple(re.compile(s, re.IGNORECASE) for s in data.get("report") or [])
    return _TierRules(report, statements, compile_words(list(data.get("watch_list") or [])))


def report_year(doc: Document) -> int | None:
    """The TIP Report year a document is a chapter of: its title or text says it, else its date."""
    rules = _tier_rules(doc.language or "en")
    for text in (doc.title or "", doc.text[:3000]):
        for pattern in rules.report:
            m = pattern.search(text)
            if m:
                return int(m.group("year"))
    if doc.published and doc.published[:4].isdigit():
        return int(doc.published[:4])
    return None


def _main_country(doc: Document, gaz: Gazetteer) -> str | None:
    """The country a chapter is about when its placement line names none ("TIER 2")."""
    title = doc.title or ""
    m = re.search(r"[-–—:]\s*([^-–—:]+)$", title)
    return gaz.country(m.group(1).strip(), doc.language) if m else None


def narrative_tiers(doc: Document, cc: str | None = None) -> list[TierRecord]:
    """Tier placements a document states, each with the sentence that states it.

    Only documents that read as TIP Report chapters have them: a statement needs a tier
    phrase ("(Tier 2)", "placed on Tier 2 Watch List") and a year (the report named in the
    document, else its publication year). ``cc`` keeps only that country's placements.
    """
    rules = _tier_rules(doc.language or "en")
    if not rules.statements:
        return []
    year = report_year(doc)
    if year is None:
        return []
    gaz = Gazetteer.load()
    out: list[TierRecord] = []
    seen: set[tuple[str, str]] = set()
    for sent in split_sentences(doc.text):
        for pattern in rules.statements:
            for m in pattern.finditer(sent.text):
                tier = normalise_tier(m.group("tier"), rules.watch_list)
                named = m.groupdict().get("country")
                code = _country_code(named, doc, gaz) if named else _main_country(doc, gaz)
                if tier is None or code is None or (cc and code != cc.upper()) or (code, tier) in seen:
                    continue
                seen.add((code, tier))
                out.append(
                    TierRecord(
                        year,
                        tier,
                        f"document:{doc.id}",
                        {
                            "doc_id": doc.id,
                            "doc": doc.name,
                            "start": sent.start,
                            "end": sent.end,
                            "quote": sent.text,
                            "country": code,
                        },
                    )
                )
    return out


def _country_code(named: str, doc: Document, gaz: Gazetteer) -> str | None:
    """The code of the country a statement names; its last words first ("In 2019 Guatemala")."""
    words = named.split()
    for i in range(len(words)):
        code: str | None = gaz.country(" ".join(words[i:]), doc.language)
        if code:
            return code
    return None


def merge_tiers(records: Iterable[TierRecord]) -> list[dict[str, Any]]:
    """Per year: the tiers stated, their sources, and whether the sources disagree."""
    by_year: dict[int, list[TierRecord]] = {}
    for r in records:
        by_year.setdefault(r.year, []).append(r)
    out = []
    for year in sorted(by_year):
        tiers = sorted({r.tier for r in by_year[year]}, key=TIERS.index)
        out.append(
            {
                "year": year,
                "tiers": tiers,
                "sources": sorted({r.source for r in by_year[year]}),
                "disagree": len(tiers) > 1,
            }
        )
    return out

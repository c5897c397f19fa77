"""Tests of tipwatch/extract/gazetteer.py against the packaged place data."""

from __future__ import annotations

import json
from pathlib import Path

import pycountry
import pytest

from tipwatch.errors import ConfigError
from tipwatch.extract.gazetteer import DATA_DIR, Gazetteer, PlaceMatch, fold, strip_affixes

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TOP_LEVEL = {s.code for s in pycountry.subdivisions if not s.parent_code}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def first(matches: list[PlaceMatch]) -> tuple[str, str | None, str] | None:
    return (matches[0].country, matches[0].subdivision, matches[0].kind) if matches else None


# -- fold and affixes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Côte d'Ivoire", "cote d ivoire"),
        ("EE.UU.", "ee uu"),
        ("São  Romão", "sao romao"),
        ("  Łódź—Bałuty ", "lodz baluty"),
        ("Quetzaltenango", "quetzaltenango"),
        ("...", ""),
    ],
)
def test_fold_folds_accents_case_and_punctuation(text, folded):
    assert fold(text) == folded


def test_strip_affixes_removes_type_words_both_sides():
    assert strip_affixes("henan province") == ["henan"]
    assert strip_affixes("the state of texas") == ["texas"]
    assert "cusco" in strip_affixes("region del cusco")
    assert strip_affixes("el peten") == ["peten"]
    assert strip_affixes("el peten", articles=False) == []
    assert strip_affixes("province") == []  # never strips down to nothing


# -- countries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Guatemala", "GT"),
        ("the United States", "US"),
        ("Estados Unidos", "US"),
        ("EE.UU.", "US"),
        ("EEUU", "US"),
        ("U.S.", "US"),
        ("Moçambique", "MZ"),
        ("Mocambique", "MZ"),
        ("Bangladesh", "BD"),
        ("Reino Unido", "GB"),
        ("Britain", "GB"),
        ("Holland", "NL"),
        ("Países Bajos", "NL"),
        ("Bolívia", "BO"),
        ("Ivory Coast", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Burma", "MM"),
        ("Birmânia", "MM"),
        ("Czechia", "CZ"),
        ("República Checa", "CZ"),
        ("El Salvador", "SV"),
        ("Corea del Sur", "KR"),
        ("Irão", "IR"),
        ("Quênia", "KE"),
        ("États-Unis", "US"),
        ("Allemagne", "DE"),
        ("los Estados Unidos", "US"),
    ],
)
def test_country_reads_names_in_four_languages(gaz, name, code):
    assert gaz.country(name) == code


def test_country_acronyms_only_in_capitals(gaz):
    assert gaz.country("US") == "US"
    assert gaz.country("us") is None
    assert gaz.country("UK") == "GB"


def test_country_language_decides_america(gaz):
    assert gaz.country("America", "en") == "US"
    assert gaz.country("América", "es") is None
    assert gaz.is_continent_or_region("América", "pt")
    assert not gaz.is_continent_or_region("America", "en")


@pytest.mark.parametrize("name", ["Atlantis", "Police", "Mission", "Texas", ""])
def test_country_unknown_is_none(gaz, name):
    assert gaz.country(name) is None


@pytest.mark.parametrize(
    "name",
    [
        "Central America",
        "Middle East",
        "Oriente Médio",
        "Oriente Medio",
        "Europe",
        "África",
        "Sudeste Asiático",
        "the Caribbean",
        "Latinoamérica",
        "Afrique de l'Ouest",
    ],
)
def test_is_continent_or_region_knows_regions(gaz, name):
    assert gaz.is_continent_or_region(name)


@pytest.mark.parametrize("name", ["Guatemala", "Peru", "Texas", "Recife", "Nowhere"])
def test_is_continent_or_region_rejects_countries_and_towns(gaz, name):
    assert not gaz.is_continent_or_region(name)


# -- demonyms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "code", "ambiguous"),
    [
        ("Guatemalan", "GT", False),
        ("Guatemalans", "GT", False),
        ("guatemaltecas", "GT", False),
        ("Chinese", "CN", False),
        ("Filipina", "PH", False),
        ("Filipinos", "PH", False),
        ("bengalíes", "BD", False),
        ("bengalies", "BD", False),
        ("estadounidenses", "US", False),
        ("moçambicanas", "MZ", False),
        ("zimbabweano", "ZW", False),
        ("brasileiros", "BR", False),
        ("hondureños", "HN", False),
        ("salvadoreña", "SV", False),
        ("alemães", "DE", False),
        ("Spaniards", "ES", False),
        ("indios", "IN", True),
        ("índios", "IN", True),
        ("americano", "US", True),
        ("Congolese", "CD", True),
        ("Korean", "KR", True),
    ],
)
def test_demonym_reads_every_gender_and_number(gaz, word, code, ambiguous):
    assert gaz.demonym(word) == (code, ambiguous)


def test_demonym_unknown_is_none(gaz):
    assert gaz.demonym("Martian") is None
    assert gaz.demonym("police") is None


def test_demonyms_cover_every_sovereign_state():
    rows = [
        line.split("\t")
        for line in (DATA_DIR / "demonyms.tsv").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    codes = {r[2] for r in rows}
    assert codes <= {c.alpha_2 for c in pycountry.countries}
    # Every sovereign state has a form in each language; small territories may not.
    no_people = set(
        "AQ BV HM TF UM GS IO VA CC CX NF PN BQ SJ BL MF PM GG JE NU TK EH AX MP GU VI VG SH TC YT "
        "WF CK AS PF NC RE GP MQ GF FK GI IM KY BM AI MS AW CW SX FO GL HK MO PR PS TW".split()
    )
    for lang in ("en", "es", "pt"):
        have = {r[2] for r in rows if r[0] == lang}
        missing = {c.alpha_2 for c in pycountry.countries} - no_people - have
        assert not missing, f"{lang}: no demonym for {sorted(missing)}"


# -- subdivisions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country", "code"),
    [
        ("Volta Region", None, "GH-TV"),
        ("Hunan province", None, "CN-HN"),
        ("Hunan Sheng", None, "CN-HN"),
        ("provincia de Cusco", None, "PE-CUS"),
        ("departamento de Escuintla", None, "GT-05"),
        ("Quetzaltenango", "GT", "GT-09"),
        ("estado de Jalisco", None, "MX-JAL"),
        ("Estado de México", None, "MX-MEX"),
        ("Ciudad de México", None, "MX-CMX"),
        ("Distrito Federal", "MX", "MX-CMX"),
        ("Distrito Federal", "BR", "BR-DF"),
        ("México, D.F.", None, "MX-CMX"),
        ("Veracruz", None, "MX-VER"),
        ("região de Lisboa", None, "PT-11"),
        ("Suchitepéquez", None, "GT-10"),
        ("Suchitepequez", None, "GT-10"),
        ("Tejas", "US", "US-TX"),
        ("Barcelona", "ES", "ES-CT"),  # a province: answered with its autonomous community
        ("Alicante", "ES", "ES-VC"),
        ("Inner Mongolia", None, "CN-NM"),
    ],
)
def test_subdivision_reads_names_with_or_without_type_words(gaz, name, country, code):
    hits = gaz.subdivision(name, country)
    assert hits and hits[0][1] == code
    assert code in TOP_LEVEL


def test_subdivision_abbreviations_only_on_request_and_with_country(gaz):
    assert gaz.subdivision("MG", "BR", abbreviations=True) == [("BR", "BR-MG")]
    assert gaz.subdivision("TX", "US", abbreviations=True) == [("US", "US-TX")]
    assert gaz.subdivision("CDMX", "MX", abbreviations=True) == [("MX", "MX-CMX")]
    assert gaz.subdivision("MG", "BR") == []
    assert gaz.subdivision("MG", abbreviations=True) == []
    assert gaz.subdivision("mg", "BR", abbreviations=True) == []


def test_subdivision_name_gives_pycountry_name(gaz):
    assert gaz.subdivision_name("GT-10") == "Suchitepéquez"
    assert gaz.subdivision_name("XX-99") is None


def test_subdivision_unknown_is_empty(gaz):
    assert gaz.subdivision("Neverland province") == []


# -- places -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "countries", "expected"),
    [
        ("Guatemala City", [], ("GT", "GT-01", "city")),
        ("Quetzaltenango", [], ("GT", "GT-09", "subdivision")),
        ("Coatepeque", ["GT"], ("GT", "GT-09", "city")),
        ("Cusco", [], ("PE", "PE-CUS", "subdivision")),
        ("Olinda", ["BR"], ("BR", "BR-PE", "city")),
        ("Caruaru", [], ("BR", "BR-PE", "city")),
        ("Uberlândia", [], ("BR", "BR-MG", "city")),
        ("Rancagua", [], ("CL", "CL-LI", "city")),
        ("Talcahuano", ["CL"], ("CL", "CL-BI", "city")),
        ("Catandica", ["MZ"], ("MZ", "MZ-B", "city")),
        ("Vilankulo", [], ("MZ", "MZ-I", "city")),
        ("Marfa", ["US"], ("US", "US-TX", "city")),  # under 2,000 inhabitants
        ("Van Horn", ["US"], ("US", "US-TX", "city")),
        ("Iztapalapa", ["MX"], ("MX", "MX-CMX", "city")),  # a borough of Mexico City
        ("Coyoacán", ["MX"], ("MX", "MX-CMX", "city")),
        ("Linyi", [], ("CN", "CN-SD", "city")),
        ("Zibo city", [], ("CN", "CN-SD", "city")),
        ("Dambai", [], ("GH", "GH-OT", "city")),
        ("Nkwanta South", ["GH"], ("GH", "GH-OT", "district")),  # a GeoNames admin2 district
        ("Quintana Roo", [], ("MX", "MX-ROO", "subdivision")),
        ("El Petén", ["GT"], ("GT", "GT-17", "subdivision")),
        ("Saigon", [], ("VN", "VN-SG", "city")),  # an alternate name
    ],
)
def test_places_resolves_real_places(gaz, name, countries, expected):
    assert first(gaz.places(name, countries)) == expected


def test_places_puts_hinted_country_first(gaz):
    assert first(gaz.places("Valencia", ["VE"]))[:2] == ("VE", "VE-G")
    assert first(gaz.places("Valencia", ["ES"]))[:2] == ("ES", "ES-VC")
    # a town in the hinted country beats a first-level unit elsewhere
    assert first(gaz.places("Concepción", ["PY"]))[:2] == ("PY", "PY-1")


def test_places_ranks_subdivision_before_same_named_town(gaz):
    kinds = [m.kind for m in gaz.places("Escuintla", ["GT"])]
    assert kinds[0] == "subdivision"
    assert "city" in kinds


def test_places_ranks_towns_by_population(gaz):
    towns = [m for m in gaz.places("Cuauhtémoc", ["MX"]) if m.kind == "city" and not m.alternate]
    pops = [m.population for m in towns]
    assert pops == sorted(pops, reverse=True)
    assert towns[0].subdivision == "MX-CMX"


def test_places_near_prefers_the_document_subdivisions(gaz):
    plain = gaz.places("Cuauhtémoc", ["MX"])
    near = gaz.places("Cuauhtémoc", ["MX"], near=["MX-CHH"])
    assert plain[0].subdivision == "MX-CMX"
    assert near[0].subdivision == "MX-CHH"


@pytest.mark.parametrize("word", ["Police", "Vila", "Justice", "Mission", "Federal", "Central", "Union"])
def test_places_ignores_common_words(gaz, word):
    assert gaz.places(word) == []
    assert gaz.places(word, ["US", "PL", "PT", "AR"]) == []


def test_places_allow_common_returns_them(gaz):
    assert first(gaz.places("Mission", ["US"], allow_common=True)) == ("US", "US-TX", "city")
    assert gaz.places("Vila", allow_common=True)


def test_places_keeps_large_towns_named_by_common_words(gaz):
    assert first(gaz.places("Santiago", ["CL"]))[:2] == ("CL", "CL-RM")
    assert first(gaz.places("Concepción", ["CL"])) == ("CL", "CL-BI", "city")


def test_places_abbreviation_only_on_request(gaz):
    assert gaz.places("SP", ["BR"]) == []
    assert first(gaz.places("SP", ["BR"], abbreviations=True)) == ("BR", "BR-SP", "subdivision")


def test_places_fuzzy_finds_close_spelling_within_country(gaz):
    assert gaz.places("Nkwanta Southh", ["GH"]) == []
    hit = gaz.places("Nkwanta Southh", ["GH"], fuzzy=True)
    assert first(hit) == ("GH", "GH-OT", "district")
    assert gaz.places("Nkwanta Southh", [], fuzzy=True) == []


def test_places_unknown_is_empty(gaz):
    assert gaz.places("Xqzvw") == []
    assert gaz.places("") == []


def test_places_codes_are_all_top_level_pycountry_codes(gaz):
    index = gaz._place_index()
    codes = {e.split("|")[2] for raw in list(index.values())[::50] for e in raw.split("\t")}
    codes.discard("")
    assert codes and codes <= TOP_LEVEL


def test_load_is_cached():
    assert Gazetteer.load() is Gazetteer.load()


def test_missing_data_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(ConfigError, match=r"countries\.tsv.*build_gazetteer"):
        Gazetteer(tmp_path)


def test_shipped_data_is_under_ten_megabytes():
    size = sum(p.stat().st_size for p in DATA_DIR.iterdir() if p.is_file())
    assert size < 10 * 1024 * 1024


# -- gold places --------------------------------------------------------------------------


def _gold_places() -> list[dict]:
    files = [SHARED / "corpus" / "gold" / "seeds.jsonl", SHARED / "corpus" / "dev" / "gold.jsonl"]
    if not all(f.exists() for f in files):
        pytest.skip("shared/corpus gold files are not beside the repository")
    places = []
    for f in files:
        for line in f.read_text("utf-8").splitlines():
            if line.strip():
                places.extend(json.loads(line)["places"])
    return places


def test_gold_places_get_their_subdivision(gaz):
    """Each gold place, looked up as the extractor would (its country as hint), answers
    with the gold subdivision first, or with nothing where the gold has none. Misses are
    places GeoNames lacks (villages, neighbourhoods) and regions that are no ISO unit."""
    places = _gold_places()
    misses = []
    for p in places:
        found = gaz.places(p["name"], [p["country"]], abbreviations=True, fuzzy=True)
        got = found[0].subdivision if found and found[0].country == p["country"] else None
        if got != p["subdivision"]:
            misses.append(f"{p['name']} ({p['country']}): gold {p['subdivision']}, got {got}")
    assert len(misses) <= 0.15 * len(places), "\n".join(misses)

"""tipwatch/resolve/match.py: pair scores from names and context."""

from __future__ import annotations

from tipwatch.resolve.match import POSITIVE_AT, UNSURE_AT, make_profile, names_compatible, score_pair
from tipwatch.resolve.mentions import DocContext
from tipwatch.resolve.model import Mention


def _person(name, country="PE", roles=("suspect",), names=(), doc="d1"):
    m = Mention(f"{doc}:person:{name}", doc, "person", name, country=country, data={"roles": list(roles)})
    ctx = DocContext(doc, country, frozenset({country} if country else ()), frozenset(names))
    return make_profile(0, m, ctx)


def _org(name, country="GT", kind="law_enforcement", aliases=(), doc="d1"):
    m = Mention(
        f"{doc}:organization:{name}", doc, "organization", name, country=country,
        data={"org_kind": kind, "aliases": list(aliases)},
    )  # fmt: skip
    return make_profile(0, m, DocContext(doc, country, frozenset({country} if country else ()), frozenset()))


def test_person_name_variants_link():
    full = _person("Raúl Benavente", doc="a")
    for variant in ("RAUL BENAVENTE", "Raul Benavente", "R. Benavente", "Benavente"):
        assert score_pair(full, _person(variant, doc="b")).value >= POSITIVE_AT, variant


def test_person_shorter_form_links():
    s = score_pair(_person("Cesar Ibarra Aguirre", "GT"), _person("Cesar Ibarra", "GT", doc="b"))
    assert s.value >= POSITIVE_AT and "shorter form" in s.reason


def test_person_other_given_name_does_not_link():
    s = score_pair(_person("Juan Benavente"), _person("Jorge Benavente", doc="b"))
    assert s.value < UNSURE_AT
    assert not names_compatible(_person("Juan Benavente"), _person("Jorge Benavente", doc="b"))


def test_person_one_name_two_countries_is_not_enough():
    s = score_pair(_person("Raúl Quispe Mamani", "PE"), _person("Raúl Quispe Mamani", "BO", doc="b"))
    assert s.value < POSITIVE_AT and "different countries" in s.reason


def test_person_one_name_two_countries_links_with_shared_people():
    shared = ("p:lucia farfan", "p:ernesto cuxil")
    a = _person("Raúl Quispe Mamani", "PE", names=shared)
    b = _person("Raúl Quispe Mamani", "BO", names=shared, doc="b")
    assert score_pair(a, b).value >= POSITIVE_AT


def test_surname_alone_without_country_is_unsure():
    s = score_pair(_person("Raúl Benavente", None), _person("Benavente", None, doc="b"))
    assert UNSURE_AT <= s.value < POSITIVE_AT


def test_acronym_defined_in_one_document_links_in_the_same_country():
    full = _org("National Civil Police", aliases=["PNC"])
    assert score_pair(full, _org("PNC", doc="b")).value >= POSITIVE_AT
    assert score_pair(full, _org("PNC", "SV", doc="b")).value < UNSURE_AT


def test_translation_links_only_in_one_country():
    en = _org("National Civil Police")
    assert score_pair(en, _org("Policía Nacional Civil", doc="b")).value >= POSITIVE_AT
    s = score_pair(en, _org("Policía Nacional Civil", "SV", doc="b"))
    assert s.value < UNSURE_AT and "state body in different countries" in s.reason


def test_unit_is_not_its_parent_body():
    s = score_pair(_org("PNC Anti-TIP Unit"), _org("PNC", doc="b"))
    assert s.value < UNSURE_AT


def test_well_known_body_links_across_countries_and_names():
    a = _org("UNICEF", "GT", kind="international")
    b = _org("United Nations Children's Fund", "PE", kind="international", doc="b")
    assert score_pair(a, b).value == 1.0


def test_media_in_two_countries_still_links():
    a = _org("Diario del Sur", "GT", kind="media")
    assert score_pair(a, _org("Diario del Sur", "MX", kind="media", doc="b")).value >= POSITIVE_AT


def _place(name, country, subdivision=None, doc="d1"):
    m = Mention(f"{doc}:place:{name}", doc, "place", name, country=country, data={"subdivision": subdivision})
    return make_profile(0, m, None)


def test_place_exonym_and_old_spelling_are_one_place_in_the_gazetteer():
    assert score_pair(_place("Assunção", "PY"), _place("Asunción", "PY", "PY-ASU", doc="b")).value == 1.0
    s = score_pair(_place("Cuzco", "PE"), _place("Cusco", "PE", doc="b"))
    assert s.value == 1.0 and "gazetteer" in s.reason


def test_place_gazetteer_never_joins_two_countries_or_a_subdivision_the_text_contradicts():
    assert score_pair(_place("Alto Paraná", "PY"), _place("Alto Paraná", "BR", doc="b")).value == 0.0
    # the text put this Cuzco in another department than the gazetteer's: no shared name
    assert _place("Cuzco", "PE", "PE-PUN").known is None
    assert score_pair(_place("Cuzco", "PE", "PE-PUN"), _place("Cusco", "PE", doc="b")).value < POSITIVE_AT
    assert _place("Lugar Inventadísimo", "PE").known is None

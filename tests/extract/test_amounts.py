"""Money tied to the crime or the response (tipwatch/extract/amounts.py), on fictional sentences."""

from __future__ import annotations

from tests.conftest import make_ctx
from tipwatch.extract.amounts import extract_money


def money(text, lang="en", main_country=None):
    ctx = make_ctx(text, lang, main_country=main_country)
    extract_money(ctx)
    return [(m.amount, m.amount_max, m.currency, m.context) for m in ctx.facts.money]


def test_money_price_paid_for_a_victim():
    assert money("The girls were sold for $2,000 each, police said.") == [(2000.0, None, "USD", "price")]


def test_money_range_is_one_amount():
    assert money("Clients paid between $50 and $120 per visit.") == [(50.0, 120.0, "USD", "price")]


def test_money_conversion_is_not_listed_again():
    text = "The ministry has a budget of Q5 million (USD 650,000) for shelters."
    assert money(text, main_country="GT") == [(5000000.0, None, "GTQ", "budget")]


def test_money_unrelated_to_the_case_is_dropped():
    assert money("The company reported revenue of $3 million last year.") == []


def test_money_same_figure_twice_is_one_amount_with_two_sentences():
    text = "The boy was sold for $800. Police said the $800 was paid in cash."
    ctx = make_ctx(text)
    extract_money(ctx)
    (amount,) = ctx.facts.money
    assert amount.amount == 800.0 and len(amount.evidence) == 2
    assert all(text[e.start : e.end] == e.quote for e in amount.evidence)


def test_money_local_currencies_with_the_country_hint():
    assert money("Los clientes pagaban 500 pesos por cada servicio.", "es", "MX") == [
        (500.0, None, "MXN", "price")
    ]
    assert money("O casal negociou a venda do filho por dois milhões de meticais.", "pt", "MZ") == [
        (2000000.0, None, "MZN", "price")
    ]
    assert money("Os trabalhadores recebiam 300 reais por mês.", "pt", "BR") == [
        (300.0, None, "BRL", "payment_to_victim")
    ]


def test_money_carries_the_source():
    ctx = make_ctx("Each worker owed $400 for the journey, according to the labour inspectors.")
    extract_money(ctx)
    assert [m.source for m in ctx.facts.money] == ["labour inspectors"]


def test_money_currencies_named_with_their_country_and_local_signs():
    found = money(
        "Recruiters promised salaries of 1,500 Saudi riyals; the broker took TT$1,200 for each woman "
        "and 300,000 Fijian dollars ($140,000) were paid in bribes.",
        main_country="TT",
    )
    assert (1500.0, None, "SAR") in [f[:3] for f in found]
    assert (1200.0, None, "TTD") in [f[:3] for f in found]
    assert (300000.0, None, "FJD") in [f[:3] for f in found]
    assert 140000.0 not in [f[0] for f in found]  # the conversion is not listed again


def test_money_kwacha_and_lempira_follow_the_documents_country():
    pt = money(
        "Os pais receberam entre 15 mil e 20 mil kwachas por cada criança vendida.", "pt", main_country="MW"
    )
    assert [f[:3] for f in pt] == [(15000.0, 20000.0, "MWK")]
    es = money("La red pagó sobornos por L 250.000 a policías de San Pedro Sula.", "es", main_country="HN")
    assert [f[:3] for f in es] == [(250000.0, None, "HNL")]


def test_money_dollar_sign_in_a_dollar_country_cfa_by_region_and_money_trails():
    assert [
        f[:3]
        for f in money(
            "Police have restrained $640,000 in assets of the labour hire firm.", main_country="AU"
        )
    ] == [(640000.0, None, "AUD")]
    assert [
        f[:3]
        for f in money("Los padres recibieron 150.000 francos CFA por cada niño.", "es", main_country="GQ")
    ] == [(150000.0, None, "XAF")]
    assert [
        f[:3]
        for f in money(
            "La UIF congeló 27 cuentas con 14,7 millones de pesos mexicanos.", "es", main_country="MX"
        )
    ] == [(14700000.0, None, "MXN")]
    assert [f[:3] for f in money("They had paid up to 1,500 rials for each of them.", main_country="OM")] == [
        (1500.0, None, "OMR")
    ]

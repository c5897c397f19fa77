"""Money amounts and their context (tipwatch/extract/money.py), on fictional sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipwatch.extract import money
from tipwatch.extract.money import MoneySpan, classify_context, find_amounts
from tipwatch.extract.numbers import load_data

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def _found(text, lang, hint=None):
    return [
        (s.amount, s.amount_max, s.currency) for s in find_amounts(text, lang, hint) if not s.is_conversion
    ]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Each client paid $85 to the owner.", "en", [(85, None, "USD")]),
        ("The fee was US$ 1,200 per trip.", "en", [(1200, None, "USD")]),
        ("A grant of USD 48 million was announced.", "en", [(48e6, None, "USD")]),
        ("She was offered €2,000 for the job.", "en", [(2000, None, "EUR")]),
        ("The ring laundered £40,000.", "en", [(40000, None, "GBP")]),
        ("Bail was set at ₱50,000.", "en", [(50000, None, "PHP")]),
        ("Police seized ₹20 lakh in cash.", "en", [(2e6, None, "INR")]),
        ("The fund holds $5m and the state added $2bn.", "en", [(5e6, None, "USD"), (2e9, None, "USD")]),
        ("The agency has a budget of Q1.5 millones.", "es", [(1.5e6, None, "GTQ")]),
        ("Pagaban S/ 3,000 por cada joven.", "es", [(3000, None, "PEN")]),
        ("Cobraban S/. 500 por noche.", "es", [(500, None, "PEN")]),
        ("Le ofrecieron MXN 5,000 al mes.", "es", [(5000, None, "MXN")]),
        ("Vendían a cada niña por cinco mil dólares.", "es", [(5000, None, "USD")]),
        ("El gobierno destinó 180 millones de quetzales.", "es", [(180e6, None, "GTQ")]),
        ("La red obtuvo 3 mil millones de pesos.", "es", [(3e9, None, None)]),  # no hint: which peso?
        ("Los fiscales hallaron 100 mdp en cuentas.", "es", [(100e6, None, "MXN")]),
        ("A multa foi de R$ 2 mil.", "pt", [(2000, None, "BRL")]),
        ("Recebiam R$ 1.500,00 por mês.", "pt", [(1500, None, "BRL")]),
        ("Pagou dez mil reais ao aliciador.", "pt", [(10000, None, "BRL")]),
        ("A criança foi vendida por três milhões de meticais.", "pt", [(3e6, None, "MZN")]),
        ("O negócio fechou-se por um milhão de meticais.", "pt", [(1e6, None, "MZN")]),
        ("Pediam 50 mil kwanzas por cada menor.", "pt", [(50000, None, "AOA")]),
        ("The guide charged 300 cedis per head.", "en", [(300, None, "GHS")]),
        ("Each worker was promised 20,000 naira.", "en", [(20000, None, "NGN")]),
        ("O salário prometido era de 5.000 meticais.", "pt", [(5000, None, "MZN")]),
    ],
)
def test_find_amounts_reads_figure_and_currency(text, lang, expected):
    assert _found(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Customers paid between $60 and $240 for each room.", "en", (60, 240, "USD")),
        ("The children got $15 to $30 a night.", "en", (15, 30, "USD")),
        ("Guides ask from $6,500 to $18,000 for each crossing.", "en", (6500, 18000, "USD")),
        ("Prices ran $12-$24 per hour.", "en", (12, 24, "USD")),
        ("Prices ran $12-24 per hour.", "en", (12, 24, "USD")),
        ("Fines range between 60 and 240 dollars.", "en", (60, 240, "USD")),
        ("The bribes totalled $10 to $20 million.", "en", (10e6, 20e6, "USD")),
        ("Cobraban de 10 a 20 mil pesos por cada mujer.", "es", (10000, 20000, "MXN")),
        ("Ganhavam entre R$ 1.000 e R$ 2.000 por mês.", "pt", (1000, 2000, "BRL")),
    ],
)
def test_find_amounts_joins_ranges(text, lang, expected):
    assert _found(text, lang, "MX") == [expected]


def test_find_amounts_keeps_a_list_apart():
    assert _found("They paid $10 or $20 each time.", "en") == [(10, None, "USD"), (20, None, "USD")]


@pytest.mark.parametrize(
    ("text", "lang", "hint", "currency"),
    [
        ("Le cobraron $5,000 pesos.", "es", "MX", "MXN"),
        ("Le cobraron $5,000 pesos.", "es", "CO", "COP"),
        ("Le cobraron $5,000 pesos.", "es", None, None),
        ("Le cobraron $5,000.", "es", "MX", "USD"),
        ("Le cobraron $5,000 por el viaje, en pesos.", "es", "MX", "MXN"),
        ("Pagaron 800 pesos al mes.", "es", "CL", "CLP"),
        ("Pagaron 800 pesos al mes.", "es", "AR", "ARS"),
        ("They were paid 800 pesos a week.", "en", "PH", "PHP"),
        ("Pagaron 800 pesos al mes.", "es", "GT", None),
        ("Each boy was sold for ¥30,000.", "en", "CN", "CNY"),
        ("Each boy was sold for ¥30,000.", "en", "JP", "JPY"),
        ("Each worker paid 5,000 rupees.", "en", "NP", "NPR"),
        ("Each worker paid 5,000 shillings.", "en", "KE", "KES"),
        ("Le pagaban C$ 3,000 al mes.", "es", None, "NIO"),
        ("Cobraban 2,000 lempiras por viaje.", "es", None, "HNL"),
        ("Pagaban 500 córdobas.", "es", None, "NIO"),
        ("Pagaban 90.000 guaraníes.", "es", None, "PYG"),
        ("Pagaban 400 bolivianos.", "es", None, "BOB"),
        ("Pagaban 20 mil colones.", "es", "CR", "CRC"),
        ("Pediam 400 dólares americanos.", "pt", None, "USD"),
    ],
)
def test_find_amounts_currency_follows_names_and_hint(text, lang, hint, currency):
    (span,) = find_amounts(text, lang, hint)
    assert span.currency == currency


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A empresa desviou 10% da receita.", "pt"),
        ("The rate rose 15 percent in 2011.", "en"),
        ("In 2011, 14 people were arrested.", "en"),
        ("La víctima tenía 15 años.", "es"),
        ("Call 0800 123 456 for help.", "en"),
        ("Q1 2020 results show fewer cases.", "en"),
        ("Considerables cantidades de dinero fueron halladas.", "es"),
        ("ALL 14 suspects were freed.", "en"),
        ("Millones de pesos se movían cada mes.", "es"),
    ],
)
def test_find_amounts_ignores_what_is_not_money(text, lang):
    assert find_amounts(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The office runs on Q180 million (USD 23 million) a year.", "en"),
        ("A avó recebeu três milhões de meticais (perto de 40 mil euros) pelo neto.", "pt"),
        ("The fund has Q180 million, or about $23 million, this year.", "en"),
        ("Cobraban 40 mil pesos (unos 2,000 dólares) por cruce.", "es"),
    ],
)
def test_find_amounts_flags_conversion(text, lang):
    first, second = find_amounts(text, lang, "MX")
    assert (first.is_conversion, second.is_conversion) == (False, True)


def test_find_amounts_offsets_index_the_sentence():
    text = "Customers paid between $60 and $240 for each room."
    (span,) = find_amounts(text, "en")
    assert text[span.start : span.end] == "$60 and $240"


@pytest.mark.parametrize(
    ("text", "lang", "context"),
    [
        ("Men paid between $60 and $240 to spend a night with the women.", "en", "price"),
        ("The women received $15 to $30 for every client.", "en", "payment_to_victim"),
        ("The unit has a budget of Q180 million for the year.", "en", "budget"),
        ("Guides charge migrants $6,500 per person.", "en", "price"),
        ("The court fined the farm owner $40,000.", "en", "other"),
        ("Police offered a reward of $5,000 for information.", "en", "other"),
        ("The workers were promised a salary of $300 a month.", "en", "payment_to_victim"),
        ("The ring earned $2 million in profits.", "en", "other"),
        ("Las víctimas recibían 200 pesos por cliente.", "es", "payment_to_victim"),
        ("Los tratantes cobraban 500 pesos por cada servicio.", "es", "price"),
        ("El gobierno asignó un presupuesto de 20 millones de pesos.", "es", "budget"),
        ("Le impusieron una multa de 50 mil pesos.", "es", "other"),
        ("O tio negociou a venda da sobrinha por três milhões de meticais.", "pt", "price"),
        ("Os trabalhadores recebiam diárias de R$ 30.", "pt", "payment_to_victim"),
        ("O juiz fixou indenização de R$ 50 mil por dano moral.", "pt", "payment_to_victim"),
        ("O orçamento do programa é de R$ 2 milhões.", "pt", "budget"),
        ("Foram apreendidos R$ 30 mil em dinheiro.", "pt", "other"),
    ],
)
def test_classify_context_picks_nearest_cue(text, lang, context):
    (span,) = find_amounts(text, lang, "MX")
    assert classify_context(text, span, lang) == context


def test_classify_context_defaults_to_other():
    span = MoneySpan(4, 8, 85.0, None, "USD")
    assert classify_context("The $85 figure.", span, "en") == "other"


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_money_data_codes_are_iso_4217(lang):
    data = load_data("money", lang)
    common = load_data("money", "symbols")
    codes = [c for c in data["names"] if not c.startswith("@")]
    codes += [v for v in {**common["signs"], **common["after_signs"]}.values() if not v.startswith("@")]
    codes += [v for fam in common["families"].values() for v in fam.values() if v]
    assert all(pycountry.currencies.get(alpha_3=c) for c in codes)
    assert money._rules(lang).names  # compiles and loads


def _gold_money_cases():
    """(doc text, language, gold amounts) for every shared gold document that lists money."""
    cases = []
    for gold_path, docs in [
        (SHARED / "gold" / "seeds.jsonl", SHARED / "seeds"),
        (SHARED / "dev" / "gold.jsonl", SHARED / "dev" / "docs"),
    ]:
        if not gold_path.is_file():
            continue
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("money") and (docs / record["doc"]).is_file():
                cases.append(
                    pytest.param(docs / record["doc"], record["language"], record["money"], id=record["doc"])
                )
    return cases


_GOLD = _gold_money_cases()


@pytest.mark.skipif(not _GOLD, reason="shared corpus not found next to the repository")
@pytest.mark.parametrize(("path", "lang", "gold"), _GOLD or [pytest.param(None, None, None, id="none")])
def test_find_amounts_recovers_shared_gold_amounts(path, lang, gold):
    text = path.read_text(encoding="utf-8")
    found = set()
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        for span in find_amounts(sentence, lang):
            if not span.is_conversion:
                found.add((span.amount, span.amount_max, span.currency))
    assert found == {(float(g["amount"]), g["amount_max"], g["currency"]) for g in gold}


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 ,.-()$€R$Q mil pesos dólares and to entre e")), max_size=80
    )
)
@settings(max_examples=200, deadline=None)
def test_find_amounts_spans_are_sane(text):
    for lang in ("en", "es", "pt"):
        for span in find_amounts(text, lang, "MX"):
            assert 0 <= span.start < span.end <= len(text)
            assert span.amount > 0
            assert span.amount_max is None or span.amount_max > span.amount
            span_ctx = classify_context(text, span, lang)
            assert span_ctx in money.CONTEXTS

"""Money tied to the crime or the response: sentences -> ``Facts.money``.

``money.find_amounts`` reads figures, ranges and currencies in each sentence (with the
document's main country as the hint for "pesos" or "$"); a figure that converts the one
before it ("Q5 million (USD 650,000)") is dropped, and ``money.classify_context``
says what the money is for. An amount counts only when it belongs to the case: its context
is a price, a payment to victims or a budget, or the sentence speaks of selling, paying,
fines, profits and the like (``data/cues/<lang>/amounts.yaml``). A company's revenue or a
country's GDP is left out. The same figure said twice is one amount with two sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Amount
from .attribution import find_source
from .context import Context
from .cues import compile_words, load_cues
from .events import document_country
from .money import classify_context, find_amounts


@dataclass(frozen=True, slots=True)
class AmountRules:
    """The compiled money cues of one language."""

    tied: re.Pattern[str]
    unrelated: re.Pattern[str]


@cache
def load_amount_rules(lang: str) -> AmountRules:
    data = load_cues(lang, "amounts")
    return AmountRules(
        compile_words(list(data.get("tied", []))), compile_words(list(data.get("unrelated", [])))
    )


def extract_money(ctx: Context) -> None:
    """Fill ctx.facts.money with the amounts tied to the case, each with its sentences."""
    rules = load_amount_rules(ctx.language)
    seen: dict[tuple[float, float | None, str], Amount] = {}
    # "pesos", "$": the country the document's actions happen in decides which
    hint = document_country(ctx) or ctx.main_country
    for sent in ctx.sentences:
        text = sent.text
        spans = [s for s in find_amounts(text, ctx.language, hint) if not s.is_conversion and s.currency]
        if not spans:
            continue
        tied = bool(rules.tied.search(text))
        if rules.unrelated.search(text) and not tied:
            continue
        source = find_source(text, ctx.language)
        for span in spans:
            context = classify_context(text, span, ctx.language)
            if context == "other" and not tied:
                continue
            assert span.currency is not None
            key = (span.amount, span.amount_max, span.currency)
            if key in seen:
                if ctx.evidence(sent) not in seen[key].evidence:
                    seen[key].evidence.append(ctx.evidence(sent))
                continue
            seen[key] = Amount(
                span.amount, span.currency, span.amount_max, context, [ctx.evidence(sent)], source
            )
            ctx.facts.money.append(seen[key])

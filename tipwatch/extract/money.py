"""Money amounts in one sentence: figure, range, ISO 4217 currency and what the money is for.

Takes a plain string (one sentence) and returns spans whose offsets index that string. No
spaCy: figures come from ``numbers.find_numbers`` (digits and number words), currencies from
signs, codes and names in ``tipwatch/data/money/`` (``symbols.yaml`` for every language,
``<lang>.yaml`` for names, scale words, range words and context cues). Percentages, years,
ages and counts of people carry no currency and are never amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

import pycountry

from ..errors import ConfigError
from .numbers import NumberSpan, find_numbers, lang_of, load_data, mask_numbers, words_regex

CONTEXTS = ("price", "payment_to_victim", "budget", "other")
# On a tie in distance, the earlier context in this order wins: a fine or a reward is named
# outright, while "paid" may describe any of the others.
_TIE_ORDER = ("other", "payment_to_victim", "price", "budget")


@dataclass(frozen=True, slots=True)
class MoneySpan:
    """An amount of money: ``amount`` alone, or ``amount``..``amount_max`` for a range.

    ``currency`` is an ISO 4217 code, or None when the text does not say which (a bare
    "pesos" with no country hint). ``is_conversion`` marks a figure that restates the one
    before it in another currency ("Q270 million (USD 36 million)"); callers drop it.
    """

    start: int
    end: int
    amount: float
    amount_max: float | None
    currency: str | None
    is_conversion: bool = False


@dataclass(frozen=True, slots=True)
class _Atom:
    """One figure with its currency, before ranges are joined."""

    start: int
    end: int
    num_start: int
    amount: float
    base: float
    scale: float
    currency: str | None


@dataclass(frozen=True, slots=True)
class _MoneyRules:
    pre_re: re.Pattern[str]
    post_re: re.Pattern[str]
    unit_re: re.Pattern[str]
    pair_words: frozenset[str]
    right_re: re.Pattern[str]
    left_re: re.Pattern[str]
    opener_re: re.Pattern[str]
    conv_paren_re: re.Pattern[str]
    conv_plain_re: re.Pattern[str]
    peso_re: re.Pattern[str]
    signs: dict[str, str]
    after_signs: dict[str, str]
    names: dict[str, str]
    scales: dict[str, float]
    units: dict[str, str]
    families: dict[str, dict[str, str | None]]
    codes: frozenset[str]
    context_res: dict[str, re.Pattern[str]]
    lang: str


def _is_code(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code) is not None


def _check_code(value: str, where: str) -> str:
    """A code from a data file, checked against ISO 4217 so a typo fails loudly at load time."""
    if not value.startswith("@") and not _is_code(value):
        raise ConfigError(f"money/{where}: {value!r} is not an ISO 4217 code; fix the data file")
    return value


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def _cldr_names(lang: str) -> dict[str, str]:
    """Every currency's CLDR name in the language, singular and plural ("Fijian dollars",
    "riales saudíes", "kwachas malauianas"), by ISO 4217 code.

    Only names of two words or more: they carry the country, so they are never ambiguous and
    never an ordinary word after a figure (a bare "kina" or "won" would be).
    """
    from babel.core import UnknownLocaleError
    from babel.numbers import get_currency_name

    out: dict[str, str] = {}
    for cur in pycountry.currencies:
        for count in (1, 2):
            try:
                name = get_currency_name(cur.alpha_3, count, locale=lang)
            except (UnknownLocaleError, ValueError):
                return out
            if name == cur.alpha_3 or len(name.split()) < 2:
                continue
            for form in {name, name.replace("&", {"es": "y", "pt": "e"}.get(lang, "and"))}:
                out.setdefault(_norm(form), cur.alpha_3)
    return out


@cache
def _rules(lang: str) -> _MoneyRules:
    common = load_data("money", "symbols")
    data = load_data("money", lang)
    signs = {str(k): _check_code(str(v), "symbols.yaml") for k, v in common.get("signs", {}).items()}
    after_signs = {
        str(k): _check_code(str(v), "symbols.yaml") for k, v in common.get("after_signs", {}).items()
    }
    code_words = set(common.get("code_words", []))
    codes = frozenset(c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in code_words)
    families = {
        str(fam): {
            str(c): _check_code(str(v), f"symbols.yaml families {fam}") if v else None
            for c, v in table.items()
        }
        for fam, table in common.get("families", {}).items()
    }
    names: dict[str, str] = {}
    for code, forms in data.get("names", {}).items():
        _check_code(str(code), f"{lang}.yaml names")
        for form in forms:
            names[_norm(str(form))] = str(code)
    for form, code in _cldr_names(lang).items():
        names.setdefault(form, code)  # the hand-written names (and their families) win
    scales = {_norm(str(k)): float(v) for k, v in data.get("scales", {}).items()}
    units = {
        _norm(str(k)): _check_code(str(v), f"{lang}.yaml units") for k, v in (data.get("units") or {}).items()
    }

    sign_alt = "|".join(re.escape(s) for s in sorted([*signs, *codes], key=len, reverse=True))
    after_alt = "|".join(re.escape(s) for s in sorted([*after_signs, *codes], key=len, reverse=True))
    name_alt = words_regex(list(names))
    scale_alt = words_regex(list(scales))
    sp = r"[ \u00a0\u202f]"
    sign = rf"(?<![A-Za-z\d])(?P<sign>{sign_alt})(?![A-Za-z])"
    scale = rf"(?:{sp}?(?P<scale>(?i:{scale_alt}))(?![\w$]))?"
    name_tail = rf"(?:\s+(?i:de|of)\s+|\s*)(?P<name>(?i:{name_alt}))(?![\w-])"
    after_tail = rf"{sp}?(?P<after>{after_alt})(?![A-Za-z])"
    pre_re = re.compile(rf"{sign}{sp}{{0,2}}(?P<num>9+){scale}(?:{name_tail}|{after_tail})?")
    post_re = re.compile(rf"(?<![\d])(?P<num>9+){scale}(?:{name_tail}|{after_tail})")
    # "100 mdp": an abbreviation that is scale and currency at once.
    unit_re = re.compile(rf"(?<![\d])(?P<num>9+){sp}?(?P<scale>(?i:{words_regex(list(units))}))(?![\w$])")
    pair_words = frozenset(_norm(str(w)) for w in data.get("pair_words", []))

    range_alt = words_regex([*data.get("range_words", []), *data.get("pair_words", [])])
    bare_sign = rf"(?:(?P<sign>{sign_alt}){sp}{{0,2}})?"
    right_re = re.compile(rf"\s*(?P<conn>(?i:{range_alt}))\s*{bare_sign}(?P<num>9+){scale}")
    left_re = re.compile(rf"(?<![\w.,])(?P<num>9+){scale}\s*(?P<conn>(?i:{range_alt}))\s*$")
    opener_re = re.compile(rf"(?<!\w)(?i:{words_regex(data.get('range_openers', []))})\s*$")

    cues = words_regex(data.get("conversion_cues", []))
    joiners = words_regex(data.get("conversion_joiners", []))
    conv_paren_re = re.compile(rf"\s*[(\[]\s*(?i:(?:{joiners})\s+)?(?i:(?:{cues})\s*)?")
    conv_plain_re = re.compile(rf"\s*[,;:—–-]?\s*(?i:(?:{joiners})\s+)?(?i:{cues})\s*")

    peso_codes = {str(v) for v in families.get("@peso", {}).values() if v}
    peso_names = [n for n, c in names.items() if c == "@peso" or c in peso_codes]
    peso_re = re.compile(rf"(?<!\w)(?:(?i:{words_regex(peso_names)})|{'|'.join(sorted(peso_codes))})(?!\w)")

    context_res = {
        ctx: re.compile(rf"(?<!\w){words_regex(data.get('context', {}).get(ctx, []))}(?!\w)", re.IGNORECASE)
        for ctx in CONTEXTS
    }
    return _MoneyRules(
        pre_re, post_re, unit_re, pair_words, right_re, left_re, opener_re, conv_paren_re, conv_plain_re, peso_re,
        signs, after_signs, names, scales, units, families, codes, context_res, lang,
    )  # fmt: skip


def _family(rules: _MoneyRules, family: str, hint: str | None) -> str | None:
    table = rules.families.get(family, {})
    if hint and hint.upper() in table:
        return table[hint.upper()]
    return table.get(f"default_{rules.lang}", table.get("default"))


def _currency(rules: _MoneyRules, m: re.Match[str], hint: str | None, text: str) -> str | None:
    """The ISO code a matched figure is in: a name after it wins over a sign before it."""
    groups = m.groupdict()
    key: str | None = None
    if groups.get("scale") and _norm(groups["scale"]) in rules.units:
        key = rules.units[_norm(groups["scale"])]
    elif groups.get("name"):
        key = rules.names.get(_norm(groups["name"]))
    elif groups.get("after"):
        key = rules.after_signs.get(groups["after"], groups["after"])
    elif groups.get("sign"):
        key = rules.signs.get(groups["sign"], groups["sign"])
    if key is None:
        return None
    if key == "@dollar_sign":
        # "$" is the peso only where the sentence says pesos (or the peso's code) and the hint
        # names a peso country; a bare "$" in a Mexican story is still read as USD.
        # In a story of a dollar country of its own (Australia, Trinidad and Tobago) it is that dollar.
        peso = _family(rules, "@peso", hint)
        if peso and rules.peso_re.search(text):
            return peso
        return _family(rules, "@dollar_sign", hint) or "USD"
    if key.startswith("@"):
        return _family(rules, key, hint)
    return key


def _atom(rules: _MoneyRules, m: re.Match[str], num: NumberSpan, hint: str | None, text: str) -> _Atom | None:
    scale_word = m.group("scale")
    mult = rules.scales.get(_norm(scale_word), 1.0) if scale_word else 1.0
    if scale_word and mult == 1.0:
        return None
    amount = num.value * mult
    if amount <= 0:
        return None
    base, scale = (num.value, mult) if mult > 1 else (num.value / num.scale, num.scale)
    groups = m.groupdict()
    if groups.get("sign") == "Q" and not scale_word and not groups.get("name") and num.value in (1, 2, 3, 4):
        if text[num.start : num.end].isdigit():
            return None  # "Q1 2020" is a quarter, not one quetzal
    return _Atom(m.start(), m.end(), num.start, amount, base, scale, _currency(rules, m, hint, text))


def find_amounts(text: str, lang: str, country_hint: str | None = None) -> list[MoneySpan]:
    """Every amount of money in ``text``, ranges joined, restated conversions flagged.

    Args:
        text: one sentence (offsets of the spans index it).
        lang: en, es or pt; other languages are read as English.
        country_hint: ISO 3166-1 alpha-2 code of the country the story is about, used for
            currencies that depend on it ("pesos" in MX is MXN; "$" is MXN only where the
            sentence also says "pesos" or "MXN").
    """
    lang = lang_of(lang)
    rules = _rules(lang)
    numbers = find_numbers(text, lang)
    if not numbers:
        return []
    by_start = {n.start: n for n in numbers}
    masked = mask_numbers(text, numbers)
    atoms: list[_Atom] = []
    for pattern in (rules.pre_re, rules.post_re, rules.unit_re):
        for m in pattern.finditer(masked):
            num = by_start.get(m.start("num"))
            if num is None:
                continue
            if pattern is rules.pre_re and not m.group("sign"):
                continue
            atom = _atom(rules, m, num, country_hint, text)
            if atom is not None:
                atoms.append(atom)
    atoms = _drop_overlaps(atoms)
    spans = _join_ranges(rules, atoms, masked, by_start)
    return _flag_conversions(rules, spans, masked)


def _drop_overlaps(atoms: list[_Atom]) -> list[_Atom]:
    kept: list[_Atom] = []
    for atom in sorted(atoms, key=lambda a: (-(a.end - a.start), a.start)):
        if all(atom.end <= k.start or atom.start >= k.end for k in kept):
            kept.append(atom)
    return sorted(kept, key=lambda a: a.start)


def _needs_opener(conn: str, rules: _MoneyRules) -> bool:
    """ "and"/"y"/"e" and a one-letter "a" make a range only after "between", "entre", "de"."""
    word = _norm(conn)
    return word in rules.pair_words or (word.isalpha() and len(word) == 1)


def _scaled(value: float, own_scale: float, other: _Atom) -> float:
    """The low end of "de 10 a 20 mil pesos" takes the high end's scale word: 10 000."""
    if own_scale == 1.0 and other.scale > 1.0 and value < other.base:
        return value * other.scale
    return value


def _join_ranges(
    rules: _MoneyRules, atoms: list[_Atom], masked: str, by_start: dict[int, NumberSpan]
) -> list[MoneySpan]:
    out: list[MoneySpan] = []
    used: set[int] = set()
    atom_at = {a.start: a for a in atoms} | {a.num_start: a for a in atoms}
    for idx, atom in enumerate(atoms):
        if idx in used:
            continue
        start, end, low, high, currency = atom.start, atom.end, atom.amount, None, atom.currency
        right = rules.right_re.match(masked, atom.end)
        if right and by_start.get(right.start("num")) is not None:
            conn_ok = not _needs_opener(right.group("conn"), rules) or rules.opener_re.search(
                masked, max(0, atom.start - 30), atom.start
            )
            other = atom_at.get(right.start("sign") if right.group("sign") else right.start("num"))
            if conn_ok and other is not None and other is not atom:
                same = currency is None or other.currency is None or currency == other.currency
                low2 = _scaled(atom.base, atom.scale, other) if atom.scale == 1.0 else atom.amount
                if same and other.amount > low2:
                    low, high, end = low2, other.amount, other.end
                    currency = currency or other.currency
                    used.add(atoms.index(other))
            elif conn_ok and other is None and not right.group("sign"):
                bare = by_start[right.start("num")]
                mult = rules.scales.get(_norm(right.group("scale")), 1.0) if right.group("scale") else 1.0
                value = bare.value * mult
                if mult == 1.0 and bare.scale == 1.0 and atom.scale > 1.0 and value > atom.base:
                    value *= atom.scale  # "$1.5 to 2 million" style: "US$ 1.5 million to 2"
                if value > atom.amount:
                    high, end = value, right.end()
        if high is None:
            window = masked[max(0, atom.start - 40) : atom.start]
            left = rules.left_re.search(window)
            if left:
                num = by_start.get(max(0, atom.start - 40) + left.start("num"))
                abs_start = max(0, atom.start - 40) + left.start()
                conn_ok = not _needs_opener(left.group("conn"), rules) or rules.opener_re.search(
                    masked, max(0, abs_start - 30), abs_start
                )
                if num is not None and conn_ok:
                    mult = rules.scales.get(_norm(left.group("scale")), 1.0) if left.group("scale") else 1.0
                    value = _scaled(num.value * mult, num.scale * mult, atom)
                    if 0 < value < atom.amount:
                        start, low, high = abs_start, value, atom.amount
        out.append(MoneySpan(start, end, low, high, currency))
    return out


def _flag_conversions(rules: _MoneyRules, spans: list[MoneySpan], masked: str) -> list[MoneySpan]:
    """Mark a figure that restates the one before it: "(USD 36 million)", "(cerca de 26 mil euros)"."""
    out = list(spans)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        gap = masked[prev.end : cur.start]
        if rules.conv_paren_re.fullmatch(gap) or rules.conv_plain_re.fullmatch(gap):
            out[i] = replace(cur, is_conversion=True)
    return out


def classify_context(sentence: str, span: MoneySpan, lang: str) -> str:
    """What the amount is for: price, payment_to_victim, budget or other.

    Looks for the cue words of ``data/money/<lang>.yaml`` in the sentence; the cue nearest to
    the amount wins (a longer cue on a tie, then other > payment_to_victim > price > budget).
    With no cue at all the answer is "other".
    """
    rules = _rules(lang_of(lang))
    best: tuple[int, int, int, str] | None = None
    for ctx, pattern in rules.context_res.items():
        for m in pattern.finditer(sentence):
            if m.start() < span.end and m.end() > span.start:
                dist = 0
            elif m.end() <= span.start:
                dist = span.start - m.end()
            else:
                dist = m.start() - span.end
            key = (dist, -(m.end() - m.start()), _TIE_ORDER.index(ctx), ctx)
            if best is None or key < best:
                best = key
    return best[3] if best else "other"


__all__ = ["CONTEXTS", "MoneySpan", "classify_context", "find_amounts"]

"""Numbers, counts of people and ages in one sentence of English, Spanish or Portuguese.

Takes a plain string (one sentence) and returns spans whose offsets index that string, so the
caller adds the sentence's start offset in the document. No spaCy here: these functions run
on strings, in well under a millisecond per sentence. Number words ("catorce",
"sessenta e cinco") are read by text2num; the cue words (heads of counts, approximators,
what makes "de 10 años" a prison term) live in ``tipwatch/data/numbers/<lang>.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml
from text_to_num import text2num

from ..errors import ConfigError

LANGS = ("en", "es", "pt")
DATA = resources.files("tipwatch") / "data"
# Values of the scale words: a digit followed only by these is multiplied ("2 mil", "1,5 milhões").
SCALES = frozenset({100.0, 1e3, 1e6, 1e9, 1e12})
_MAX_AGE = 120


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number written in digits or words; ``scale`` is the trailing scale word's value (1 if none)."""

    start: int
    end: int
    value: float
    scale: float = 1.0
    is_word: bool = False


@dataclass(frozen=True, slots=True)
class Count:
    """A number of people: "over 180 children" is value 180, approx True, head "children"."""

    start: int
    end: int
    value: int
    approx: bool
    head: str


@dataclass(frozen=True, slots=True)
class AgeSpan:
    """An age or an age range written in the text; whose age it is, the caller decides."""

    start: int
    end: int
    age_min: int
    age_max: int


def lang_of(lang: str | None) -> str:
    """One of the supported languages; anything else is read as English."""
    code = (lang or "en").lower()[:2]
    return code if code in LANGS else "en"


@cache
def load_data(folder: str, lang: str) -> dict[str, Any]:
    """The parsed ``tipwatch/data/<folder>/<lang>.yaml``; cached, since cue files never change at run time."""
    res = DATA / folder / f"{lang}.yaml"
    try:
        data = yaml.safe_load(res.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        detail = " ".join(str(exc).split())
        raise ConfigError(
            f"{folder}/{lang}.yaml: cannot read cue data ({detail}); fix or restore the file"
        ) from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{folder}/{lang}.yaml: expected a mapping at the top level; fix the file")
    _check_no_booleans(data, f"{folder}/{lang}.yaml")
    return data


def _check_no_booleans(value: Any, where: str) -> None:
    """YAML 1.1 reads a bare on/no/yes as a boolean; in a cue list that is always a mistake."""
    if isinstance(value, bool):
        raise ConfigError(f'{where}: a bare word was read as {value}; quote it ("on", "no")')
    if isinstance(value, dict):
        for item in value.values():
            _check_no_booleans(item, where)
    elif isinstance(value, list):
        for item in value:
            _check_no_booleans(item, where)


_REGEX_CHARS = re.compile(r"[\[\]()?|\\*+{}]")


def words_regex(words: list[str]) -> str:
    """An alternation of cue phrases, longest first; a phrase with regex syntax is used as written."""
    alts = set()
    for word in words:
        word = str(word).strip()
        if not word:
            continue
        if _REGEX_CHARS.search(word):
            alts.add(word)
        else:
            alts.add(r"\s+".join(re.escape(part) for part in word.split()))
    if not alts:
        return r"(?!x)x"
    return "(?:" + "|".join(sorted(alts, key=len, reverse=True)) + ")"


# ---------------------------------------------------------------------------------- parsing

# Digits with thousands groups ("23,063", "1.500,00", "1 500" with a no-break space) or a
# plain number with an optional decimal part. Never starts or ends inside another number.
_DIGITS = (
    r"(?<![\d.,])(?:\d{1,3}(?P<sep>[.,\u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)(?![.,]?\d)"
)
_DIGITS_RE = re.compile(_DIGITS)
_ORDINAL_RE = re.compile(r"(?:st|nd|rd|th)\b|[ºª°]|[oa]\.(?=\s|$)", re.IGNORECASE)
_TOKEN_RE = re.compile(rf"(?P<num>{_DIGITS})|(?P<word>[^\W\d_]+)")


def parse_digits(text: str, lang: str) -> float | None:
    """A number written in digits, read by the conventions of ``lang``.

    A comma followed by exactly three digits groups thousands in every language (Mexican
    Spanish writes "$7,000"); a dot followed by exactly three digits groups thousands in
    Spanish and Portuguese ("2.004") but is a decimal point in English. Any other single
    separator is a decimal one. Where both appear, the last one is the decimal separator.
    """
    s = text.strip().replace("\u00a0", "").replace("\u202f", "")
    if not s or not re.fullmatch(r"\d+(?:[.,]\d+)*", s):
        return None
    if "." in s and "," in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        grp = "," if dec == "." else "."
        head, _, frac = s.rpartition(dec)
        parts = head.split(grp)
        if any(len(p) != 3 for p in parts[1:]) or grp in frac:
            return None
        return float("".join(parts) + "." + frac)
    sep = "." if "." in s else "," if "," in s else ""
    if not sep:
        return float(s)
    parts = s.split(sep)
    if len(parts) > 2:
        return float("".join(parts)) if all(len(p) == 3 for p in parts[1:]) else None
    whole, frac = parts
    is_grouping = len(frac) == 3 and whole != "0" and (sep == "," or lang_of(lang) != "en")
    return float(whole + frac) if is_grouping else float(f"{whole}.{frac}")


@lru_cache(maxsize=20000)
def _word_value(word: str, lang: str) -> float | None:
    """text2num's reading of one or more number words, or None; cached, most words repeat."""
    try:
        return float(text2num(word, lang))
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True, slots=True)
class _NumberData:
    not_numbers: frozenset[str]
    connectors: frozenset[str]
    dozen: frozenset[str]
    one_words: frozenset[str]


@cache
def _number_data(lang: str) -> _NumberData:
    data = load_data("numbers", lang)

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key, []))

    return _NumberData(words("not_numbers"), words("connectors"), words("dozen"), words("one_words"))


def parse_number(token_text: str, lang: str) -> float | None:
    """The value of a number written in digits or words, or None when it is not one number.

    "23,063" -> 23063; "2.004" (es, pt) -> 2004; "1,5" (es, pt) -> 1.5; "catorce" -> 14;
    "a dozen" -> 12; "2 mil" -> 2000. Vague quantities ("dozens", "decenas", "centenas",
    "hundreds") are not numbers and give None.
    """
    spans = find_numbers(token_text.strip(), lang)
    if len(spans) != 1:
        return None
    span = spans[0]
    text = token_text.strip()
    if text[: span.start].strip() or text[span.end :].strip():
        return None
    return span.value


def find_numbers(text: str, lang: str) -> list[NumberSpan]:
    """Every number in ``text``: digits, number words, a digit with a scale word, "a dozen"."""
    lang = lang_of(lang)
    data = _number_data(lang)
    tokens = [
        (m.start(), m.end(), m.group("num") is not None, m.group().lower()) for m in _TOKEN_RE.finditer(text)
    ]
    out: list[NumberSpan] = []
    i, n = 0, len(tokens)

    def joined(k: int) -> bool:
        """Whether token k follows token k-1 with only whitespace or one hyphen between."""
        gap = text[tokens[k - 1][1] : tokens[k][0]]
        return gap == "-" or (gap.isspace() and len(gap) < 4)

    while i < n:
        start, end, is_digit, low = tokens[i]
        if is_digit:
            if _ORDINAL_RE.match(text, end):
                i += 1
                continue
            value = parse_digits(text[start:end], lang)
            if value is None:
                i += 1
                continue
            # A scale word run after the digits: "2 mil", "1,5 milhões", "3 mil millones".
            j = i + 1
            while (
                j < n
                and not tokens[j][2]
                and joined(j)
                and _word_value(tokens[j][3], lang) in SCALES
                and text[tokens[j - 1][1] : tokens[j][0]] != "-"
            ):
                j += 1
            scale = 1.0
            if j > i + 1:
                scale = _word_value(" ".join(t[3] for t in tokens[i + 1 : j]), lang) or 1.0
                end = tokens[j - 1][1]
            out.append(NumberSpan(start, end, value * scale, scale, False))
            i = j
            continue
        if low in data.dozen:
            # "a dozen", "una docena": twelve; "dozen" after a number is handled below.
            if i > 0 and tokens[i - 1][3] in data.one_words and joined(i):
                if out and out[-1].start == tokens[i - 1][0]:
                    out.pop()  # "una" was taken for one; "una docena" is twelve
                out.append(NumberSpan(tokens[i - 1][0], end, 12.0, 1.0, True))
            i += 1
            continue
        value_one = _word_value(low, lang)
        if value_one is None or low in data.connectors:
            i += 1
            continue
        # Grow the run of number words while text2num still reads it as one number.
        run = [i]
        best_value = value_one
        k = i + 1
        while k < n:
            if not tokens[k][2] and joined(k) and _word_value(tokens[k][3], lang) is not None:
                cand = [*run, k]
            elif (
                tokens[k][3] in data.connectors
                and k + 1 < n
                and joined(k)
                and joined(k + 1)
                and not tokens[k + 1][2]
                and _word_value(tokens[k + 1][3], lang) is not None
            ):
                cand = [*run, k, k + 1]
            else:
                break
            cand_value = _word_value(" ".join(tokens[c][3] for c in cand), lang)
            if cand_value is None:
                break
            run, best_value = cand, cand_value
            k = cand[-1] + 1
        words = [tokens[c][3] for c in run]
        i = run[-1] + 1
        if all(w in data.not_numbers for w in words):
            continue  # "millones de dólares", "hundreds of": many, not a number
        if words[0] in data.one_words and len(words) == 1:
            # An article ("un", "uma") counts as one only where the caller asks for it.
            out.append(NumberSpan(start, tokens[run[-1]][1], best_value, 1.0, True))
            continue
        scale = 1.0
        tail = [w for w in words if w not in data.connectors]
        s = len(tail)
        while s > 0 and _word_value(tail[s - 1], lang) in SCALES:
            s -= 1
        if s < len(tail) and s > 0:
            scale = _word_value(" ".join(tail[s:]), lang) or 1.0
        span_end = tokens[run[-1]][1]
        # "two dozen" = 24
        if i < n and tokens[i][3] in data.dozen and joined(i):
            best_value *= 12
            span_end = tokens[i][1]
            i += 1
        out.append(NumberSpan(start, span_end, best_value, scale, True))
    return out


def mask_numbers(text: str, spans: list[NumberSpan]) -> str:
    """``text`` with every number span overwritten by nines, same length, so regexes see ``9+``."""
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = "9" * (span.end - span.start)
    return "".join(chars)


# ---------------------------------------------------------------------------------- counts


@dataclass(frozen=True, slots=True)
class _CountRules:
    head_re: re.Pattern[str]
    head_one_re: re.Pattern[str]
    approx_before: re.Pattern[str]
    approx_after: re.Pattern[str]
    one_words: frozenset[str]


_YEAR_PREPS = r"(?:in|since|by|during|until|of|en|desde|durante|hasta|em|até|de|del|do|da|entre|between)"
_YEAR_BEFORE_RE = re.compile(rf"(?<!\w){_YEAR_PREPS}\s+$", re.IGNORECASE)


@cache
def _count_rules(lang: str) -> _CountRules:
    data = load_data("numbers", lang)
    heads = words_regex(data.get("heads", []))
    breakers = words_regex(data.get("gap_breakers", []))
    gap = int(data.get("max_gap", 3))
    gap_word = rf"\s+(?!{breakers}(?![\w-]))[^\W\d_][\w'’-]*"
    heads_one = words_regex([*data.get("heads", []), *data.get("heads_one", [])])
    head_re = re.compile(rf"(?P<gap>(?:{gap_word}){{0,{gap}}}?)\s+(?P<head>{heads})(?![\w-])", re.IGNORECASE)
    head_one_re = re.compile(
        rf"(?P<gap>(?:{gap_word}){{0,{gap}}}?)\s+(?P<head>{heads_one})(?![\w-])", re.IGNORECASE
    )
    before = re.compile(rf"(?<!\w){words_regex(data.get('approx_before', []))}\s*$", re.IGNORECASE)
    after = re.compile(rf"\s+{words_regex(data.get('approx_after', []))}(?!\w)", re.IGNORECASE)
    return _CountRules(
        head_re, head_one_re, before, after, frozenset(str(w).lower() for w in data.get("one_words", []))
    )


def find_counts(text: str, lang: str) -> list[Count]:
    """Numbers of people: a number followed within a few words by a noun for people.

    "over 180 children" -> Count(value=180, approx=True, head="children"); "cerca de
    cuatrocientos trabajadores" -> 400, approx. A number glued to a letter or a currency sign
    ("Q270", "$75", "COVID-19") or a year after a preposition ("in 2016 women ...") is no count.
    """
    lang = lang_of(lang)
    rules = _count_rules(lang)
    spans = find_numbers(text, lang)
    masked = mask_numbers(text, spans)
    out: list[Count] = []
    for span in spans:
        if span.value != int(span.value) or span.value < 0:
            continue
        before = text[max(0, span.start - 1) : span.start]
        if before and (before.isalpha() or before in "$€£¥₱₹₦₵#-/"):
            continue
        num_text = text[span.start : span.end]
        if (
            not span.is_word
            and re.fullmatch(r"(?:19|20)\d\d", num_text)
            and _YEAR_BEFORE_RE.search(text, max(0, span.start - 12), span.start)
        ):
            continue
        m = (rules.head_one_re if span.value == 1 else rules.head_re).match(masked, span.end)
        if not m:
            continue
        is_article = span.is_word and text[span.start : span.end].lower() in rules.one_words
        if is_article and len(m.group("gap").split()) > 1:
            continue  # "un grupo de personas" is no count of one
        start = span.start
        approx = False
        cue = rules.approx_before.search(masked, max(0, span.start - 40), span.start)
        if cue:
            start, approx = cue.start(), True
        end = m.end()
        after = rules.approx_after.match(masked, span.end) or rules.approx_after.match(masked, m.end())
        if after:
            approx = True
            end = max(end, after.end())
        out.append(Count(start, end, int(span.value), approx, m.group("head")))
    return out


# ---------------------------------------------------------------------------------- ages

_N = r"9+"
_SMALL_UNITS = {"month": 12, "months": 12, "mes": 12, "meses": 12, "mês": 12,
                "week": 52, "weeks": 52, "semana": 52, "semanas": 52,
                "day": 365, "days": 365, "día": 365, "días": 365, "dia": 365, "dias": 365}  # fmt: skip

_AGE_PATTERNS: dict[str, list[str]] = {
    "en": [
        rf"\b(?:aged|ages?)\s+(?:between\s+)?(?P<a>{_N})(?:\s*(?:-|–|to|and|or)\s*(?P<b>{_N}))?"
        rf"(?P<unit>[\s-]+(?:years?|months?|weeks?|days?))?(?:[\s-]+old)?\b",
        rf"\b(?:between\s+)?(?:the\s+)?ages?\s+of\s+(?P<a>{_N})(?:\s*(?:-|–|to|and)\s*(?P<b>{_N}))?",
        rf"\branging\s+in\s+age\s+from\s+(?P<a>{_N})\s*(?:-|–|to)\s*(?P<b>{_N})(?:\s+years?(?:\s+old)?)?",
        rf"\b(?:from\s+|between\s+)?(?P<a>{_N})(?:-?\s*(?:-|–|to|and|or)\s*(?P<b>{_N}))?"
        rf"(?P<unit>[\s-]+(?:years?|months?|weeks?|days?))[\s-]+olds?\b",
        rf"\b(?P<a>{_N})(?:\s*(?:-|–|to|and)\s*(?P<b>{_N}))?\s+years?\s+of\s+age\b",
        rf"\b(?:PEOPLE),?\s+(?:aged\s+|of\s+)(?P<a>{_N})(?P<unit>\s+(?:months?|weeks?|days?))\b",
        # A list, "aged 13, 14 and 15": from the first to the last.
        rf"\baged\s+(?P<a>{_N})(?:\s*,\s*{_N})+,?\s+(?:and|or)\s+(?P<b>{_N})\b",
        # Apposition, as in "a girl, 14, was found": two digits between commas after a word.
        r"(?<=[^\W\d_]),\s+(?P<a>9{1,2})(?=\s*[,;)]|\s+(?:and|was|were|is|who|had|has)\b)",
    ],
    "es": [
        rf"\b(?:de\s+|con\s+)?(?:(?:edad(?:es)?|rango\s+de\s+edad)\s+(?:de\s+)?)?entre\s+(?:los\s+)?(?P<a>{_N})\s*(?:y|a|-)\s*"
        rf"(?:los\s+)?(?P<b>{_N})\s+años(?:\s+de\s+edad)?",
        rf"\b(?:de|con)\s+(?P<a>{_N})\s*(?:y|a|-|o)\s*(?P<b>{_N})\s+años(?:\s+de\s+edad)?",
        rf"\b(?:de|con)\s+(?P<a>{_N})(?:\s*,\s*{_N})+\s+(?:y|e|o)\s+(?P<b>{_N})\s+años(?:\s+de\s+edad)?",
        rf"\b(?:de|con|tiene|tenía|tenia|tenían|tenian|cumplió|cumplio|a\s+los|edad\s+de)\s+(?P<a>{_N})\s+años(?:\s+de\s+edad)?",
        rf"\b(?P<a>{_N})(?:\s*(?:y|a|-)\s*(?P<b>{_N}))?\s+años\s+de\s+edad\b",
        rf"\bedad(?:es)?\s+(?:de\s+)?(?P<a>{_N})(?:\s*(?:y|a|-)\s*(?P<b>{_N}))?",
        rf"\b(?:PEOPLE),?\s+(?:de\s+)?(?:apenas\s+|sólo\s+|solo\s+)?(?:de\s+)?(?P<a>{_N})(?P<unit>\s+(?:meses|mes|semanas|días))\b",
        rf"\b(?P<a>{_N})(?P<unit>\s+(?:meses|semanas|días))\s+de\s+(?:edad|nacid[oa]s?|vida)\b",
    ],
    "pt": [
        rf"\b(?:de\s+|com\s+)?(?:(?:idades?|faixa\s+etária)\s+(?:de\s+)?)?entre\s+(?:os\s+)?(?P<a>{_N})\s*(?:e|a|-)\s*"
        rf"(?:os\s+)?(?P<b>{_N})\s+anos(?:\s+de\s+idade)?",
        rf"\b(?:de|com)\s+(?P<a>{_N})\s*(?:e|a|-|ou)\s*(?P<b>{_N})\s+anos(?:\s+de\s+idade)?",
        rf"\b(?:de|com)\s+(?P<a>{_N})(?:\s*,\s*{_N})+\s+(?:e|ou)\s+(?P<b>{_N})\s+anos(?:\s+de\s+idade)?",
        rf"\b(?:de|com|tem|tinha|tinham|completou|aos|idade\s+de)\s+(?P<a>{_N})\s+anos(?:\s+de\s+idade)?",
        rf"\b(?P<a>{_N})(?:\s*(?:e|a|-)\s*(?P<b>{_N}))?\s+anos\s+de\s+idade\b",
        rf"\bidades?\s+(?:de\s+)?(?P<a>{_N})(?:\s*(?:e|a|-)\s*(?P<b>{_N}))?",
        rf"\b(?:PEOPLE),?\s+(?:de\s+)?(?:apenas\s+|só\s+)?(?:de\s+)?(?P<a>{_N})(?P<unit>\s+(?:meses|mês|semanas|dias))\b",
        rf"\b(?P<a>{_N})(?P<unit>\s+(?:meses|semanas|dias))\s+de\s+(?:idade|vida)\b",
    ],
}
# A word before the phrase that makes it a threshold, not an age: "under 18", "menores de 18 años".
_BELOW = {"under", "below", "menor", "menores", "menos", "abaixo"}
_ABOVE = {"over", "above", "mayor", "mayores", "maior", "maiores", "más", "mais", "acima"}


@dataclass(frozen=True, slots=True)
class _AgeRules:
    patterns: tuple[re.Pattern[str], ...]
    before_blockers: frozenset[str]
    after_blockers: re.Pattern[str]


@cache
def _age_rules(lang: str) -> _AgeRules:
    data = load_data("numbers", lang)
    people = words_regex(data.get("age_people", []))
    pats = tuple(re.compile(p.replace("(?:PEOPLE)", people), re.IGNORECASE) for p in _AGE_PATTERNS[lang])
    after = re.compile(rf"\s*{words_regex(data.get('age_after_blockers', []))}(?!\w)", re.IGNORECASE)
    before = frozenset(str(w).lower() for w in data.get("age_before_blockers", []))
    return _AgeRules(pats, before, after)


_PREV_WORD_RE = re.compile(r"([^\W\d_]+)\W*$")


def find_ages(text: str, lang: str) -> list[AgeSpan]:
    """Ages and age ranges: "aged between 13 and 17", "de 13 anos", "a 13-year-old", "de oito meses".

    An age under one year gives 0. Prison terms and durations ("10 años de prisión", "in the
    past ten years") and thresholds ("under 18", "menores de 18 años") are not ages. Every
    age is returned, a suspect's too; the caller looks at the context to decide whose it is.
    """
    lang = lang_of(lang)
    rules = _age_rules(lang)
    spans = find_numbers(text, lang)
    if not spans:
        return []
    values = {s.start: s.value for s in spans}
    masked = mask_numbers(text, spans)
    found: list[tuple[int, int, int, int]] = []
    for pat in rules.patterns:
        for m in pat.finditer(masked):
            groups = m.groupdict()
            has_b = bool(groups.get("b"))
            a = values.get(m.start("a"))
            b = values.get(m.start("b")) if has_b else a
            if a is None or b is None:
                continue
            unit = (groups.get("unit") or "").strip(" -").lower()
            per_year = _SMALL_UNITS.get(unit, 1)
            low, high = int(a // per_year), int(b // per_year)
            if low > high or high > _MAX_AGE or a != int(a) or b != int(b):
                continue
            if rules.after_blockers.match(masked, m.end()):
                continue
            prev = _PREV_WORD_RE.search(masked, max(0, m.start() - 30), m.start())
            prev_word = prev.group(1).lower() if prev else ""
            first = m.group().split(None, 1)[0].lower()
            if first in {"de", "com", "con"} and prev_word in rules.before_blockers and not has_b:
                continue
            if prev_word in _ABOVE or (prev_word in _BELOW and high >= 18 and not has_b):
                continue
            start = m.start("a") if m.group().startswith(",") else m.start()
            found.append((start, m.end(), low, high))
    # Longest first, then drop any span that overlaps one already kept.
    kept: list[tuple[int, int, int, int]] = []
    for item in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        if all(item[1] <= k[0] or item[0] >= k[1] for k in kept):
            kept.append(item)
    return [AgeSpan(*k) for k in sorted(kept)]


__all__ = [
    "AgeSpan",
    "Count",
    "NumberSpan",
    "find_ages",
    "find_counts",
    "find_numbers",
    "load_data",
    "mask_numbers",
    "parse_digits",
    "parse_number",
    "words_regex",
]

"""Date expressions in one sentence, and their resolution against the publication date.

``find_dates`` takes a plain string (one sentence) and returns candidate date expressions
with offsets into it; ``resolve_date`` turns one expression into ``YYYY-MM-DD``, ``YYYY-MM``
or ``YYYY`` at the precision the text and the publication date support, or None, never a
guess. ``parse_published`` reads a document's own date line. Month, weekday and relative
words live in ``tipwatch/data/dates/<lang>.yaml``. Everything is regular expressions over
those words; dateparser (slow) is only a fallback for short strings the rules do not read.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from .numbers import find_numbers, lang_of, load_data, mask_numbers, words_regex

_YEAR = r"(?<![\d.,$€£/])(?:1[89]\d\d|20\d\d)(?![\d])(?!\s*%)"
_DAY = r"(?<![\d.,/-])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|º|°|ª|o\.?)?(?![\d])(?![.,]\d)"
_DAY_NUM_RE = re.compile(
    r"(?<![\d.,/-])([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|º|°|ª|o\.?)?(?!\d)", re.IGNORECASE
)
_YEAR_RE = re.compile(_YEAR)
_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?!\d)")
_NUMERIC_RE = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?![\d/.])")
_SHORT_YEAR_RANGE_RE = re.compile(r"(?:1[89]|20)\d\d\s*[-–/]\s*\d\d(?!\d)")
# A cable's date-time group: 141530Z MAR 19 is 14 March 2019, 15:30 UTC.
_DTG_RE = re.compile(r"\b(\d{2})\d{4}Z\s+([A-Z]{3})\s+(\d{2}|\d{4})\b")
_EN_ABBR = {m.upper(): i for i, m in enumerate(calendar.month_abbr) if m}


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A candidate date expression; ``expr`` is what to pass to ``resolve_date``.

    ``expr`` is the text of the span, except for two days that share a month ("5th and 7th
    October 2022"), where each span gets a whole expression of its own ("5th October 2022").
    """

    start: int
    end: int
    expr: str


@dataclass(frozen=True, slots=True)
class _DateRules:
    patterns: tuple[re.Pattern[str], ...]
    multi_re: re.Pattern[str]
    month_re: re.Pattern[str]
    month_of: dict[str, int]
    weekday_re: re.Pattern[str]
    weekday_of: dict[str, int]
    relative: dict[str, re.Pattern[str]]
    last_re: re.Pattern[str]
    next_re: re.Pattern[str]
    late_re: re.Pattern[str]
    early_re: re.Pattern[str]
    quick_re: re.Pattern[str]
    ago_quick_re: re.Pattern[str]
    ago_re: re.Pattern[str]
    unit_of: dict[str, str]


def _names(table: dict[Any, list[str]] | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for num, forms in (table or {}).items():
        for form in forms:
            out[str(form)] = int(num)
    return out


def _case_alt(words: list[str], lang: str) -> str:
    """Month and weekday names: case-sensitive in English (Title or CAPITALS), else any case."""
    if lang == "en":
        forms = {w[:1].upper() + w[1:] for w in words} | {w.upper() for w in words}
        return words_regex(sorted(forms))
    return "(?i:" + words_regex(words) + ")"


def _ci(words: list[str]) -> str:
    return "(?i:" + words_regex(words) + ")"


@cache
def _rules(lang: str) -> _DateRules:
    data = load_data("dates", lang)
    full = _names(data.get("months"))
    abbr = _names(data.get("month_abbr"))
    wdays = _names(data.get("weekdays"))
    wshort = _names(data.get("weekday_short"))
    month_full = _case_alt(list(full), lang) + r"(?![\w-])"
    month_any = "(?:" + _case_alt([*full, *abbr], lang) + r")(?![\w-])"
    weekday = _case_alt(list(wdays), lang) + r"(?![\w-])"
    last, this, nxt = (_ci(data.get(k, [])) for k in ("last", "this", "next"))
    openers = _ci(data.get("openers", []))
    parts = _ci(data.get("year_parts", []))
    day_parts = _ci(data.get("day_parts", []))
    rng_open = _ci(data.get("range_openers", []))
    rng = _ci(data.get("range_words", []))
    joiners = _ci(data.get("day_joiners", []))
    rel_keys = ("yesterday", "day_before_yesterday", "today", "this_week", "last_week", "weekend",
                "this_month", "last_month", "this_year", "last_year")  # fmt: skip
    rel_all = _ci([w for k in rel_keys for w in data.get(k, [])])
    years_rel = _ci([*data.get("this_year", []), *data.get("last_year", [])])
    late_early = _ci([*data.get("late", []), *data.get("early", [])])

    prefix = rf"(?:(?<![\w-])(?:{openers}|{last}|{this}|{nxt})\s+){{0,3}}"
    tail_last = rf"(?:\s+{last}(?!\w))?"
    of = r"(?i:\s*,?\s+(?:of|de|del|do|da)\s+|\s*,?\s+)"
    year_or_rel = rf"(?:{_YEAR}|{years_rel}(?!\w))"
    art = r"(?i:(?:the|el|la|los|las|o|a|os|as|n[oa]s?|d[oa]s?|del?|en|em|in|at|over|during|durante)\s+)"
    day = rf"(?:(?i:the\s+)?{_DAY})"
    days = rf"{day}(?:\s*{joiners}\s*{day})*"
    # After the month only words join days: "July 12, 15 people" is one date and a count.
    word_joiners = _ci([j for j in data.get("day_joiners", []) if str(j).strip() not in {",", ""}])
    days_after = rf"{day}(?:\s*{word_joiners}\s*{day})*"
    wd_short = ""
    if wshort:
        short_next = _ci(data.get("weekday_short_next", []))
        short_alt = (
            "(?i:" + words_regex(list(wshort)) + rf")(?![\w-])(?=\s*(?:[,.;:()]|$|\d|{short_next}(?!\w)))"
        )
        wd_short = rf"|(?<![\w-])(?:{this}|{last}|{openers})\s+{short_alt}"
    weekday_any = rf"(?:{weekday}{wd_short})"

    pats = [
        _DTG_RE.pattern,
        r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)",
        r"(?<![\d/.])\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})(?![\d/.])",
        # weekday + month + day: "early hours of Wednesday, October 5"
        rf"{prefix}(?:{weekday_any}{tail_last},?\s+)?{month_any}\.?\s+{days_after}(?:,?\s+{_YEAR})?",
        # day + month: "7 November 2011", "5th and 7th October 2022", "el pasado 12 de mayo"
        rf"{prefix}(?:{weekday_any}{tail_last},?\s+)?{days}{of}{month_any}(?:{of}{year_or_rel})?",
        # month range: "between January and March 2008", "de enero a marzo de 2008"
        rf"(?<!\w){rng_open}\s+{month_full}\s*{rng}\s*{month_full}(?:{of}{year_or_rel})?",
        # month + year: "in December 2011", "en junio de este año"
        rf"{prefix}(?:{parts}\s+)?{month_any}{tail_last}{of}{year_or_rel}",
        # year ranges: "between 2008 and 2010", "2008-2010", "2008-10"
        rf"(?<!\w){rng_open}\s+{_YEAR}\s*{rng}\s*{_YEAR}",
        r"(?<![\d.,])(?:1[89]|20)\d\d\s*[-–/]\s*(?:(?:1[89]|20)\d\d|\d\d)(?![\d])",
        # part of a year: "the first two months of 2008", "a principios de 2008"
        rf"{prefix}{parts}\s+{_YEAR}",
        # a bare month: English needs an opener ("last December"), Spanish and Portuguese not
        (
            rf"(?:(?<![\w-])(?:{openers}|{last}|{this}|{nxt}|{parts})\s+)+{month_full}{tail_last}"
            if lang == "en"
            else rf"{prefix}(?:{parts}\s+)?{month_full}{tail_last}"
        ),
        rf"(?:(?<![\w-]){openers}\s+)?(?:(?i:the\s+year|el\s+año|o\s+ano)\s+)?{_YEAR}",
        # weekday: "on Saturday", "este viernes", "na segunda-feira, 16"
        rf"{prefix}{weekday_any}{tail_last}(?:\s+{day_parts})?(?:\s*[,(]?\s*(?i:dia\s+)?{_DAY}\)?(?=\s*[,.;:)]|\s*$))?",
        # relative: "yesterday", "late last week", "no final da semana passada"
        rf"(?<![\w-])(?:{art}?{late_early}\s+(?i:(?:of|d[aoe]l?|de\s+la)\s+)?)?{art}?{rel_all}(?![\w-])",
    ]
    patterns = tuple(re.compile(p) for p in pats)
    # The day numbers of a multi-day expression, and where its month starts.
    multi_re = re.compile(rf"{_DAY}")
    month_of = {k.lower(): v for k, v in {**full, **abbr}.items()}
    weekday_of = {k.lower(): v for k, v in {**wdays, **wshort}.items()}
    month_re = re.compile(rf"(?<!\w)(?:{words_regex(list(month_of))})(?![\w-])", re.IGNORECASE)
    weekday_re = re.compile(rf"(?<![\w-])(?:{words_regex(list(weekday_of))})(?![\w-])", re.IGNORECASE)
    relative = {
        k: re.compile(rf"(?<![\w-])(?:{words_regex(data.get(k, []))})(?![\w-])", re.IGNORECASE)
        for k in rel_keys
    }
    # "three days ago", "hace tres días": run on text whose numbers are masked as nines.
    unit_of = {str(w).lower(): str(u) for u, forms in (data.get("units") or {}).items() for w in forms}
    units = _ci(list(unit_of))
    ago_b, ago_a = data.get("ago_before") or [], data.get("ago_after") or []
    one = r"(?i:an?|un[ao]?|uma?)"
    count = rf"(?:9+|{one})\s+{units}(?!\w)"
    ago_alts = [rf"(?<!\w){_ci(ago_b)}\s+{count}"] if ago_b else []
    if ago_a:
        ago_alts.append(rf"(?<!\w){count}\s+{_ci(ago_a)}(?!\w)")
    ago_re = re.compile("|".join(ago_alts) or r"(?!x)x")
    ago_quick_re = re.compile(rf"(?<!\w)(?:{_ci([*ago_b, *ago_a])})(?!\w)")
    quick = re.compile(
        rf"\d|{month_any}|{weekday}|{rel_all}" + (rf"|(?i:{words_regex(list(wshort))})" if wshort else "")
    )
    return _DateRules(
        patterns, multi_re, month_re, month_of, weekday_re, weekday_of, relative,
        re.compile(rf"(?<!\w){last}(?!\w)"), re.compile(rf"(?<!\w){nxt}(?!\w)"),
        re.compile(rf"(?<!\w){_ci(data.get('late', []))}(?!\w)"),
        re.compile(rf"(?<!\w){_ci(data.get('early', []))}(?!\w)"), quick,
        ago_quick_re, ago_re, unit_of,
    )  # fmt: skip


def find_dates(text: str, lang: str) -> list[DateSpan]:
    """Candidate date expressions in one sentence, longest first where they overlap.

    "on November 7", "last December", "in December 2011", "el pasado 12 de mayo",
    "esta quarta-feira", "na segunda-feira, 16", "no final da semana passada". Two days of
    one month ("5th and 7th October 2022") give two spans.
    """
    lang = lang_of(lang)
    rules = _rules(lang)
    if not rules.quick_re.search(text) and not rules.ago_quick_re.search(text):
        return []
    found: list[tuple[int, int]] = []
    for pattern in rules.patterns:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in " ,(":
                end -= 1
            if end > start:
                found.append((start, end))
    if rules.ago_quick_re.search(text):
        masked = mask_numbers(text, find_numbers(text, lang))
        found.extend((m.start(), m.end()) for m in rules.ago_re.finditer(masked))
    kept: list[tuple[int, int]] = []
    for item in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        if all(item[1] <= k[0] or item[0] >= k[1] for k in kept):
            kept.append(item)
    out: list[DateSpan] = []
    for start, end in sorted(kept):
        out.extend(_split_days(rules, text, start, end))
    return out


def _split_days(rules: _DateRules, text: str, start: int, end: int) -> list[DateSpan]:
    """One span per day where several days share a month: "5 y 7 de octubre de 2022"."""
    expr = text[start:end]
    month = rules.month_re.search(expr)
    if not month:
        return [DateSpan(start, end, expr)]
    year_spans = [(y.start(), y.end()) for y in _YEAR_RE.finditer(expr)]
    days = [
        d
        for d in rules.multi_re.finditer(expr)
        if all(d.end() <= ys or d.start() >= ye for ys, ye in year_spans)
    ]
    if len(days) < 2:
        return [DateSpan(start, end, expr)]
    if days[0].start() > month.start():  # "October 5 and 7, 2022"
        head = expr[: days[0].start()]
        year_tail = expr[days[-1].end() :]
        spans = [DateSpan(start + d.start(), start + d.end(), f"{head}{d.group()}{year_tail}") for d in days]
        return [
            DateSpan(start, spans[0].end, spans[0].expr),
            *spans[1:-1],
            DateSpan(spans[-1].start, end, spans[-1].expr),
        ]
    tail = expr[days[-1].end() :]
    spans = [DateSpan(start + d.start(), start + d.end(), f"{d.group()}{tail}") for d in days]
    return [*spans[:-1], DateSpan(spans[-1].start, end, spans[-1].expr)]


# ---------------------------------------------------------------------------------- resolving


@dataclass(frozen=True, slots=True)
class _Published:
    year: int
    month: int | None
    day: int | None

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.month and self.day else None


def _published(value: str | None) -> _Published | None:
    if not value:
        return None
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", value)
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            date(year, int(month or 1), int(day))
    except ValueError:
        return None
    return _Published(year, int(month) if month else None, int(day) if day else None)


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None and month is not None:
            return date(year, month, day).isoformat()
    except ValueError:
        return None
    if month is not None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    return f"{year:04d}"


def _span_of(days: list[date]) -> str | None:
    """The finest precision that covers all the days: one day, one month, one year, or None."""
    if len(set(days)) == 1:
        return days[0].isoformat()
    if len({(d.year, d.month) for d in days}) == 1:
        return _fmt(days[0].year, days[0].month)
    if len({d.year for d in days}) == 1:
        return _fmt(days[0].year)
    return None


def _coarse(pub: _Published) -> str | None:
    """What a day-level relative date gives when published has month or year precision only."""
    return _fmt(pub.year, pub.month)


@lru_cache(maxsize=4096)
def resolve_date(expr: str, published: str | None, lang: str) -> str | None:
    """``expr`` as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, or None when it cannot be known.

    An explicit date keeps its precision ("in December 2011" -> "2011-12"). A day and month
    without a year is the most recent such day not after ``published``; a month alone is
    ``published``'s year, or the year before if the month is later than the publication
    month; a weekday is the most recent such day on or before ``published`` (strictly
    before for "last"/"pasado"), or ``published``'s month where it has month precision. A
    multi-year range gives None; a range of months in one year gives that year.
    """
    lang = lang_of(lang)
    rules = _rules(lang)
    pub = _published(published)
    text = " ".join(expr.split())
    low = text.lower()

    dtg = _dtg(text)
    if dtg:
        return dtg
    iso = _ISO_RE.search(text)
    if iso:
        return _fmt(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)) if iso.group(3) else None)
    num = _NUMERIC_RE.search(text)
    if num:
        return _numeric(num, lang)
    if rules.ago_quick_re.search(low):
        ago = _ago(rules, text, lang, pub)
        if ago is not False:
            return ago  # type: ignore[return-value]
    years = [int(y) for y in _YEAR_RE.findall(text)]
    if len(set(years)) > 1 or _SHORT_YEAR_RANGE_RE.search(text):
        return None  # a multi-year range has no single year

    pub_date = pub.as_date() if pub else None
    for key, offset in (("day_before_yesterday", 2), ("yesterday", 1), ("today", 0)):
        if rules.relative[key].search(low):
            if pub_date:
                return (pub_date - timedelta(days=offset)).isoformat()
            return _coarse(pub) if pub else None
    week = _resolve_week(rules, low, pub, pub_date)
    if week is not False:
        return week  # type: ignore[return-value]
    for key, offset in (("last_month", 1), ("this_month", 0)):
        if rules.relative[key].search(low) and not rules.month_re.search(low):
            if not pub or not pub.month:
                return None
            month_index = pub.year * 12 + pub.month - 1 - offset
            return _fmt(month_index // 12, month_index % 12 + 1)

    year: int | None = years[0] if years else None
    if year is None:
        for key, offset in (("last_year", 1), ("this_year", 0)):
            if rules.relative[key].search(low):
                if not pub:
                    return None
                year = pub.year - offset
                break
    months = list(dict.fromkeys(rules.month_of[m.group().lower()] for m in rules.month_re.finditer(low)))
    day_text = _YEAR_RE.sub(" ", low)
    day_text = rules.month_re.sub(" ", day_text)
    days = [int(d) for d in _DAY_NUM_RE.findall(day_text)]
    weekday_m = rules.weekday_re.search(low)
    is_last = bool(rules.last_re.search(low))
    is_next = bool(rules.next_re.search(low))

    if year is not None:
        if len(months) > 1:
            return _fmt(year)
        if months:
            return _fmt(year, months[0], days[0] if len(days) == 1 else None)
        return _fmt(year)
    if len(months) > 1:
        if pub and pub.month and max(months) <= pub.month:
            return _fmt(pub.year)
        return None
    if months:
        return _month_without_year(months[0], days[0] if len(days) == 1 else None, pub, is_last)
    if weekday_m:
        return _weekday(
            rules.weekday_of[weekday_m.group().lower()], days[0] if days else None, pub, is_last, is_next
        )
    return _fallback(text, published, lang) if pub or years else None


def _ago(rules: _DateRules, text: str, lang: str, pub: _Published | None) -> str | None | bool:
    """ "three days ago" -> publication minus three days, at the precision the unit allows."""
    masked = mask_numbers(text, spans := find_numbers(text, lang))
    m = rules.ago_re.search(masked)
    if not m:
        return False
    unit = next(
        (
            u
            for w, u in rules.unit_of.items()
            if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", m.group().lower())
        ),
        "",
    )
    inside = [s for s in spans if m.start() <= s.start < m.end()]
    n = int(inside[0].value) if inside else 1
    if not pub or not unit:
        return None
    pub_date = pub.as_date()
    if unit == "year":
        return _fmt(pub.year - n)
    if unit == "month":
        if not pub.month:
            return None
        index = pub.year * 12 + pub.month - 1 - n
        return _fmt(index // 12, index % 12 + 1)
    if pub_date is None:
        return _coarse(pub) if pub.month else None
    if unit == "day":
        return (pub_date - timedelta(days=n)).isoformat()
    target = pub_date - timedelta(weeks=n)
    monday = target - timedelta(days=target.weekday())
    return _span_of([monday + timedelta(days=i) for i in range(7)])


def _numeric(m: re.Match[str], lang: str) -> str | None:
    """dd/mm/yyyy in Spanish and Portuguese; in English only where the order is unambiguous."""
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y < 100:
        y += 2000 if y < 70 else 1900
    if lang != "en":
        return _fmt(y, b, a)
    if a > 12:
        return _fmt(y, b, a)
    if b > 12:
        return _fmt(y, a, b)
    return None  # 03/04/2015: March or April? Not guessed.


def _month_without_year(month: int, day: int | None, pub: _Published | None, is_last: bool) -> str | None:
    if not pub or not pub.month:
        return None
    year = pub.year
    if day is not None:
        if (month, day) > (pub.month, pub.day or 31):
            year -= 1
        return _fmt(year, month, day)
    if month > pub.month or (is_last and month == pub.month):
        year -= 1
    return _fmt(year, month)


def _weekday(wd: int, day: int | None, pub: _Published | None, is_last: bool, is_next: bool) -> str | None:
    if not pub:
        return None
    pub_date = pub.as_date()
    if pub_date is None:
        return _coarse(pub)
    if day is not None:
        # "na segunda-feira, 16": the most recent 16th not after publication.
        year, month = pub_date.year, pub_date.month
        if day > pub_date.day:
            month -= 1
            if month == 0:
                year, month = year - 1, 12
        return _fmt(year, month, day)
    if is_next:
        delta = (wd - pub_date.weekday()) % 7 or 7
        return (pub_date + timedelta(days=delta)).isoformat()
    delta = (pub_date.weekday() - wd) % 7
    if is_last and delta == 0:
        delta = 7
    return (pub_date - timedelta(days=delta)).isoformat()


def _resolve_week(
    rules: _DateRules, low: str, pub: _Published | None, pub_date: date | None
) -> str | None | bool:
    """Week-long expressions: the finest precision covering the days meant, or False if none."""
    keys = [k for k in ("last_week", "this_week", "weekend") if rules.relative[k].search(low)]
    if not keys:
        return False
    if pub_date is None:
        return _coarse(pub) if pub and pub.month else None
    key = keys[0]
    if key == "weekend":
        sunday = pub_date - timedelta(days=(pub_date.weekday() + 1) % 7)
        days = [sunday - timedelta(days=1), sunday]
    else:
        monday = pub_date - timedelta(days=pub_date.weekday())
        if key == "last_week":
            monday -= timedelta(days=7)
        days = [monday + timedelta(days=i) for i in range(7)]
        if key == "this_week":
            days = [d for d in days if d <= pub_date]
        if rules.late_re.search(low):
            days = days[3:] if key == "last_week" else days[len(days) // 2 :]
        elif rules.early_re.search(low):
            days = days[:3]
    return _span_of(days)


@lru_cache(maxsize=1024)
def _fallback(text: str, published: str | None, lang: str) -> str | None:
    """dateparser on one short string the rules did not read; precision from its 'period'."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": False}
    pub = _published(published)
    if pub:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month or 12, pub.day or 28)
    try:
        data = DateDataParser(languages=[lang], settings=settings).get_date_data(text)
    except (ValueError, TypeError, OverflowError):
        return None
    if data.date_obj is None:
        return None
    d: datetime = data.date_obj
    if data.period == "day" and (pub and pub.day or _YEAR_RE.search(text)):
        return str(d.date().isoformat())
    if data.period == "month" and (pub and pub.month or _YEAR_RE.search(text)):
        return _fmt(d.year, d.month)
    if data.period == "year":
        return _fmt(d.year)
    return None


def _dtg(text: str) -> str | None:
    """A cable's date-time group as a date: "141530Z MAR 19" -> "2019-03-14"."""
    m = _DTG_RE.search(text)
    if not m or m.group(2) not in _EN_ABBR:
        return None
    year = int(m.group(3))
    if year < 100:
        year += 2000 if year < 70 else 1900
    return _fmt(year, _EN_ABBR[m.group(2)], int(m.group(1)))


def parse_published(expr: str, lang: str | None) -> str | None:
    """A document's own date line at the precision written, or None.

    Reads "February 1, 2006", "10 de febrero de 2015", "2021-07-16", "2022-11", a cable's
    date-time group ("141530Z MAR 19" -> 2019-03-14) and "Tue, 14 May 2013 10:00:00 +0000".
    Only explicit dates count: relative ones ("yesterday") need a date to be relative to.
    """
    text = " ".join(expr.split())
    if not text:
        return None
    dtg = _dtg(text)
    if dtg:
        return dtg
    iso = _ISO_RE.search(text)
    if iso:
        return _fmt(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)) if iso.group(3) else None)
    langs = [lang_of(lang)] if lang else ["en", "es", "pt"]
    best: str | None = None
    for code in langs:
        for span in find_dates(text, code):
            value = resolve_date(span.expr, None, code)
            if value and (best is None or len(value) > len(best)):
                best = value
        if best and len(best) == 10:
            return best
    return best


__all__ = ["DateSpan", "find_dates", "parse_published", "resolve_date"]

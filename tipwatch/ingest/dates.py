"""Published-date detection: metadata values and the date lines at the top of a body.

Takes a metadata string or the body of a document and returns ``YYYY-MM-DD``, ``YYYY-MM`` or
``YYYY`` at the precision the source gives, or None when the document states no date. Only
candidate lines are handed to dateparser (it is slow): a labelled line near the top
("Publication Date 18 June 2004", "PUBLISHED: 09:15 EST, 3 May 2011", "Posted on ...",
"date 2022-11", "Publicado el ..."), or a line that is nothing but a date in the header zone,
where the one nearest the body wins (a repost's own date comes first, the article's last).
Dates inside sentences or URLs are never read, and no date is ever made up from the ingest day.

When no such line gives a date, ``find_dateline`` reads a news dateline at the very start of the
body: place, date, then a dash, an agency in parentheses, a full stop or the end of the line
("NEW DELHI, August 14, 2019 —", "Maputo, 16 mar 2021 (Lusa) –", "El Alto, 14 de febrero de 2020").
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_ISO_RE = re.compile(r"(?P<y>1[89]\d\d|20\d\d)-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?(?:[T ][\d:.+\-Z]*)?")
_WORD = r"[^\W\d_]{3,12}\.?"
# A date expression, as a whole: ISO, numeric, "18 June 2004", "June 18, 2004", "14 de maio de 2012",
# "June 2002", "novembro de 2022". Month words are checked by dateparser, not listed here.
_DATE_EXPR = (
    r"(?:(?:1[89]\d\d|20\d\d)-\d{1,2}(?:-\d{1,2})?(?:[T ][\d:.+\-Z]*)?"
    r"|\d{1,2}[./-]\d{1,2}[./-](?:1[89]\d\d|20\d\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th|º|°|er)?\.?\s+(?:de\s+)?{_WORD},?\s+(?:de\s+|del\s+)?(?:1[89]\d\d|20\d\d)"
    rf"|{_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:1[89]\d\d|20\d\d)"
    rf"|{_WORD}\s+(?:de\s+|del\s+)?(?:1[89]\d\d|20\d\d))"
)
_DATE_RE = re.compile(_DATE_EXPR, re.IGNORECASE)
_TIME = r"\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?(?:\s*\(?(?:[A-Z]{2,5}|GMT[+-]\d{1,2}|UTC[+-]\d{1,2})\)?)?"
_SEP = r"\s*[,|\-–—]?\s*"
# What may stand before a date on a date line: a time, one word (the weekday), a time.
_LEAD_RE = re.compile(
    rf"^(?:{_TIME}{_SEP})?(?:[^\W\d_]+(?:-feira)?\.?{_SEP})?(?:{_TIME}{_SEP})?", re.IGNORECASE
)
_TRAIL_RE = re.compile(rf"(?:\s*[,|\-–—@]?\s*(?:às|a las|at|à|um)?\s*{_TIME})+\s*$", re.IGNORECASE)
# Labels of the document's own date. "Updated", "accessed" and the like are not its date.
_LABEL_RE = re.compile(
    r"^\s*(?:publication date|date of publication|date published|published(?: on| date)?|first published"
    r"|posted(?: on)?|date(?: posted)?|dated|issued(?: on)?|released(?: on)?"
    r"|publicado(?: el| em| en| o)?|fecha(?: de publicación)?|data(?: de publicação)?|publicação"
    r"|publié(?: le)?|date de publication|mis en ligne(?: le)?|veröffentlicht(?: am)?|pubblicato(?: il)?)"
    r"\s*(?:[:\-–—|]\s*|\s)(?P<rest>.*)$|^\s*(?P<alone>published|posted|publicado|fecha|data|date|publié)\s*:?\s*$",
    re.IGNORECASE,
)
_OTHER_LABEL_RE = re.compile(
    r"^\s*(?:(?:last )?(?:updated|modified|revised)|accessed|retrieved|crawled|actualizado|atualizado|"
    r"mis à jour|aktualisiert)\b\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_LONG_PARAGRAPH = 150
_HEADER_LINES = 40


@cache
def _parser(languages: tuple[str, ...]) -> DateDataParser:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=list(languages),
        settings={
            # Absolute dates only: "yesterday" or "2 days ago" would be dated from today.
            "PARSERS": ["custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["year"],
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _today() -> dt.date:
    return dt.date.today()


def _valid(year: int, month: int = 1, day: int = 1) -> dt.date | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    if value.year < 1900 or value > _today():
        return None
    return value


def parse_date(text: str, languages: tuple[str, ...] = ("en", "es", "pt", "fr")) -> str | None:
    """Parse one date expression at the precision it gives: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    Returns None for anything without a four-digit year, in the future, or unparseable.
    """
    text = text.strip()
    year_match = _YEAR_RE.search(text)
    if not year_match:
        return None
    iso = _ISO_RE.fullmatch(text)
    if iso:
        y, m = int(iso["y"]), int(iso["m"])
        if iso["d"]:
            value = _valid(y, m, int(iso["d"]))
            return value.isoformat() if value else None
        return f"{y:04d}-{m:02d}" if _valid(y, m) else None
    if text == year_match.group(0):
        return text if _valid(int(text)) else None
    numeric = _NUMERIC_RE.fullmatch(text)
    if numeric:
        return _numeric_date(int(numeric["a"]), int(numeric["b"]), int(numeric["y"]), languages)
    data = _parser(languages).get_date_data(text[:80])
    when: dt.datetime | None = data["date_obj"]
    if when is None or when.year != int(year_match.group(0)):
        return None
    if _valid(when.year, when.month, when.day) is None:
        return None
    period = data["period"] or "day"
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    return str(when.date().isoformat())


_NUMERIC_RE = re.compile(r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y>1[89]\d\d|20\d\d)")


def _numeric_date(a: int, b: int, year: int, languages: tuple[str, ...]) -> str | None:
    """The date of ``12/03/2024``: a number above 12 is the day; else the document's language
    decides, month first in English (as US sources write it) and day first in every other
    (``languages[0]`` is the document's own)."""
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a:
        day, month = b, a
    elif languages and languages[0] == "en":
        day, month = b, a
    else:
        day, month = a, b
    value = _valid(year, month, day)
    return value.isoformat() if value else None


def date_of_line(line: str, languages: tuple[str, ...]) -> str | None:
    """The date of a line that is nothing but a date (weekday and time allowed around it)."""
    core = _TRAIL_RE.sub("", line.strip().strip("|•·").strip())
    core = core.rstrip(" .,;|")
    m = _DATE_RE.search(core)
    if not m:
        return None
    before, after = core[: m.start()], core[m.end() :]
    if after.strip(" .,;|") or (before and _LEAD_RE.fullmatch(before) is None):
        return None
    return parse_date(m.group(0), languages)


def _date_at_start(rest: str, languages: tuple[str, ...]) -> str | None:
    """The date a label introduces: it must come first in the rest of the line."""
    rest = rest.strip()
    lead = _LEAD_RE.match(rest)
    m = _DATE_RE.match(rest)
    if m is None and lead is not None:
        m = _DATE_RE.match(rest, lead.end())
    if m is None:
        bare = re.match(r"(1[89]\d\d|20\d\d)\s*\.?$", rest)
        return parse_date(bare.group(1), languages) if bare else None
    return parse_date(m.group(0), languages)


def header_zone(lines: list[str]) -> list[str]:
    """The lines before the first long paragraph (and that paragraph's own first line)."""
    zone: list[str] = []
    for line in lines[:_HEADER_LINES]:
        zone.append(line)
        if len(line) >= _LONG_PARAGRAPH and len(line.split()) >= 20:
            break
    return zone


def find_published(body: str, languages: tuple[str, ...]) -> str | None:
    """The document's own date from the top of its body, or None.

    A labelled date line wins; else the standalone date line nearest the body.
    """
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    zone = header_zone(lines)
    consumed: set[int] = set()
    labelled: list[str] = []
    for i, line in enumerate(zone):
        other = _OTHER_LABEL_RE.match(line)
        if other:
            consumed.add(i)
            if not other["rest"].strip() and i + 1 < len(zone):
                consumed.add(i + 1)
            continue
        m = _LABEL_RE.match(line)
        if not m:
            continue
        if m["alone"] or not (m["rest"] or "").strip(" :"):
            # "PUBLISHED:" on its own line: the date is on the next line.
            if i + 1 < len(zone):
                consumed.add(i + 1)
                value = date_of_line(zone[i + 1], languages)
                if value:
                    labelled.append(value)
            continue
        value = _date_at_start(m["rest"], languages)
        if value:
            consumed.add(i)
            labelled.append(value)
    if labelled:
        return labelled[-1]
    standalone = [
        value
        for i, line in enumerate(zone)
        if i not in consumed and len(line) <= 80
        for value in [date_of_line(line, languages)]
        if value
    ]
    return standalone[-1] if standalone else None


_FOOTER_LINES = 6
_TITLED_DATE_RE = re.compile(rf"^(?P<title>[^\d\n]{{3,80}}),\s*(?P<date>{_DATE_EXPR})\s*\.?$", re.IGNORECASE)


def find_footer_date(body: str, languages: tuple[str, ...]) -> str | None:
    """A line that is nothing but a date among the last lines: a wire's closing time stamp
    ("12-03-2025 11:40" under "Lusa/Fim"), a release dated at its foot. Read only when the top
    of the document gives no date."""
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    for line in reversed(lines[-_FOOTER_LINES:]):
        if len(line) <= 60:
            value = date_of_line(line, languages)
            if value:
                return value
    return None


def find_titled_date(body: str, languages: tuple[str, ...]) -> str | None:
    """A header line that names the document and then its date: "Trafficking in Persons Report,
    June 2019", "Informe anual de gestión, marzo de 2023"."""
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    for line in header_zone(lines)[:6]:
        m = _TITLED_DATE_RE.match(line)
        if m and len(m["title"].split()) <= 10:
            value = parse_date(m["date"], languages)
            if value:
                return value
    return None


# A news dateline: the place (a few capitalised words, maybe "(RR)" and ", Country"), a comma, the
# date with its year, then what closes a dateline. Checked only at the start of a header-zone line.
_PLACE_WORD = r"[^\W\d_][\w'’.\-]*"
_DATELINE_RE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,4}})(?:\s*\([^()\d\n]{{1,30}}\))?"
    rf"(?:,\s*(?P<region>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}}))?"
    rf",\s*(?:(?:a|el|le|on|em)\s+)?(?:(?P<weekday>[^\W\d_]+(?:-feira)?)\.?,?\s+)?"
    rf"(?P<date>{_DATE_EXPR})"
    # A dash ("—", ".-", ". -"), an agency ("(EFE)", "/PRNewswire/"), a full stop, the end of the
    # line, or (a PDF line joined to the next) a capitalised word.
    r"(?P<end>\s*\.?\s*[-–—]|\s*\([^()\d\n]{2,40}\)|\s*/[^/\n]{2,40}/|\.(?=\s|$)|\s*$|\s+(?=\S))",
    re.IGNORECASE,
)
_DATELINE_CHARS = 160  # a dateline's date ends this near the start of its paragraph
# Lower-case words inside place names ("Ciudad de México", "Foz do Iguaçu", "Santa Cruz de la Sierra").
_PLACE_CONNECTORS = frozenset(
    "de del do da dos das di du des la las los le les el y e et and of the upon sur".split()
)
# Capitalised words that open a sentence, never a place: "In Lima, 3 March 2019 ..." is no dateline.
_NOT_PLACE = frozenset(
    "in on at by from since until as for after before during between today yesterday this that "
    "en em desde hasta até ate para por durante entre hoy ayer hoje ontem esta este no na".split()
)
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves viernes "
    "sábado domingo segunda terça quarta quinta sexta segunda-feira terça-feira quarta-feira "
    "quinta-feira sexta-feira lundi mardi mercredi jeudi vendredi samedi dimanche".split()
)


def _is_place(words: str, *, first: bool) -> bool:
    parts = words.split()
    if first and parts[0].casefold() in _NOT_PLACE:
        return False
    for i, word in enumerate(parts):
        if word[:2].casefold() in ("d'", "d’", "l'", "l’"):
            word = word[2:]
        if word[:1].isupper():
            continue
        if i == 0 or word.casefold() not in _PLACE_CONNECTORS:
            return False
    return parts[-1].casefold() not in _PLACE_CONNECTORS


def _after_title(line: str, title: str | None) -> str:
    """The line without a leading copy of the title (a PDF joins its title line to the next)."""
    if not title:
        return line
    head = " ".join(title.split())
    if head and line[: len(head)].casefold() == head.casefold():
        return line[len(head) :].lstrip(" -–—:|.")
    return line


def date_of_dateline(line: str, languages: tuple[str, ...]) -> str | None:
    """The date of a news dateline that opens ``line``, or None (no dateline, or no year in it).

    "NEW DELHI, August 14, 2019 — Police ..." -> ``2019-08-14``; "LIMA, 3 de marzo (EFE) —" -> None:
    a day and month without a year do not say when the document was published.
    """
    m = _DATELINE_RE.match(line[: _DATELINE_CHARS + 60])
    if m is None or m.end("date") > _DATELINE_CHARS:
        return None
    if not _is_place(m["place"], first=True) or (m["region"] and not _is_place(m["region"], first=False)):
        return None
    if m["weekday"] and m["weekday"].casefold() not in _WEEKDAYS:
        return None
    end = m["end"]
    if not end.strip() and m.end() < len(line) and not line[m.end() : m.end() + 1].isupper():
        return None  # "Lima, 3 de marzo de 2019 fue ..." runs on as a sentence
    return parse_date(m["date"], languages)


def find_dateline(body: str, languages: tuple[str, ...], title: str | None = None) -> str | None:
    """The date of a news dateline at the start of the body, or None.

    Only the start of each line of the header zone (title, standfirst, byline and the first
    paragraph) is read, so a date inside a sentence of the body is never taken.

    Args:
        title: the document's title, skipped when the first paragraph opens with it.
    """
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    for line in header_zone(lines):
        rest = _after_title(line, title)
        # "Judiciales | San Miguel, miércoles 19 de julio de 2023": a section, then the dateline
        for part in dict.fromkeys([rest, *(p.strip() for p in rest.split(" | ")[1:])]):
            value = date_of_dateline(part, languages) if part else None
            if value:
                return value
    return None


_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


def date_of_dtg(day: str, month: str, year: str) -> str | None:
    """Date of a cable's date-time group: ``27``, ``FEB``, ``08`` -> ``2008-02-27``."""
    m = _MONTHS.get(month.upper())
    if m is None:
        return None
    y = int(year)
    if len(year) == 2:
        y += 2000 if y < 70 else 1900
    value = _valid(y, m, int(day))
    return value.isoformat() if value else None


def clean_metadata_date(
    value: object, languages: tuple[str, ...], *, reject_today: bool = False
) -> str | None:
    """Normalise a metadata date (YAML date, ISO string, free text) to our precision, or None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        found: str | None = value.date().isoformat()
    elif isinstance(value, dt.date):
        found = value.isoformat()
    else:
        text = str(value).strip()
        m = _ISO_RE.match(text)
        found = parse_date(m.group(0), languages) if m else parse_date(text, languages)
    if found and reject_today and found == _today().isoformat():
        return None
    if found and len(found) == 10 and _valid(*map(int, found.split("-"))) is None:
        return None
    return found

"""US diplomatic cables in text form: text -> body from the first paragraph, routing as metadata.

A cable opens with routing lines (``VZCZC...``, a precedence line, ``DE``, ``ZNR``, the date-time
group ``R 141530Z MAR 19``, ``FM``, ``TO``, ``INFO`` and their continuation lines), captions
(``UNCLAS``, ``SENSITIVE``, ``SIPDIS``), ``DEPT FOR``, ``E.O. 12958``, ``TAGS`` and ``SUBJECT``.
None of that is the document an analyst cites, so it goes to ``meta`` (from, to, info, subject,
tags, classification, ...) and the body starts at the first real paragraph and runs to the end,
signature included. The date-time group gives ``published``; ``SUBJECT`` gives the title.
"""

from __future__ import annotations

import re
from typing import Any

from .dates import date_of_dtg
from .layout import Extracted
from .normalize import normalize_text, strip_markdown, tidy_line
from .text import clean_body

_DTG_RE = re.compile(r"^(?:[ZOPR]{1,2}\s+)?(\d{2})(\d{4})Z\s+([A-Z]{3})\s+(\d{2}|\d{4})$")
_PRECEDENCE_RE = re.compile(r"^(?:ZZ|OO|PP|RR|Z|O|P|R)\s+[A-Z0-9]{4,}(?:\s+[A-Z0-9]+)*$")
_ADDRESS_RE = re.compile(r"^[A-Z0-9][A-Z0-9 /&.,()'-]*$")
_CLASSIFICATION_RE = re.compile(
    r"^(UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL USE)\b(?:\s+(?:SECTION \d+ OF \d+\s+)?(.*))?$"
)
_CAVEATS = frozenset(
    "SENSITIVE SIPDIS NOFORN EXDIS NODIS LIMDIS STADIS ROGER CHEROKEE FOUO FOR OFFICIAL USE ONLY".split()
)
_HANDLING_RE = re.compile(
    r"^(?:sensitive but unclassified|classified by|derived from|reasons?:? ?1\.[45]|declassify on|"
    r"please protect accordingly|this (?:message|cable) is sensitive)",
    re.IGNORECASE,
)
_TAG_TOKEN_RE = re.compile(r"\[?([A-Z][A-Z0-9_-]{1,})\]?(?:\([^)]*\))?")
_ROUTE_PREFIX_RE = re.compile(r"^RU[A-Z]{3,5}/")
_SERIAL_RE = re.compile(r"\s+(?:\d{1,6}|IMMEDIATE|PRIORITY|ROUTINE|NIACT)(?:\s+\d{1,6})?$")
_FIELD_RE = re.compile(r"^(FM|TO|INFO|DE|ZNR|ZNY|ZEN|BT|NNNN)\b\s*(.*)$")
_FOR_RE = re.compile(r"^(?:[A-Z/]+\s+)?(?:FOR|PASS TO|PASS)\s+[A-Z0-9/ ,&.'-]+$")
_EO_RE = re.compile(r"^E\.\s?O\.\s*\d{5}\s*:?\s*(.*)$")
_TAGS_RE = re.compile(r"^TAGS\s*:?\s*(.*)$")
_SUBJECT_RE = re.compile(r"^(?:SUBJECT|SUBJ)\s*:\s*(.*)$")
_REF_RE = re.compile(r"^REFS?\s*:\s*(.*)$")
_CUES = (
    re.compile(r"^VZCZC", re.M),
    re.compile(r"^\s*(?:[ZOPR]{1,2}\s+)?\d{6}Z\s+[A-Z]{3}\s+\d{2,4}\s*$", re.M),
    re.compile(r"^\s*FM\s+[A-Z]", re.M),
    re.compile(r"^\s*TO\s+(?:RU[A-Z]+/|[A-Z]+ [A-Z])", re.M),
    re.compile(r"^\s*INFO\s+(?:RU[A-Z]+/|[A-Z])", re.M),
    re.compile(r"^\s*DE\s+RU[A-Z]+", re.M),
    re.compile(r"^\s*SUBJ(?:ECT)?\s*:", re.M),
    re.compile(r"^\s*TAGS\s*:", re.M),
    re.compile(r"^\s*E\.\s?O\.\s*1\d{4}", re.M),
    re.compile(r"^\s*SIPDIS\s*$", re.M),
    re.compile(r"^\s*(?:UNCLAS|CONFIDENTIAL|SECRET)\b", re.M),
    re.compile(r"^\s*¶\s*\d", re.M),
)
_MIN_CUES = 4


def is_cable(text: str) -> bool:
    """True when the opening of ``text`` carries enough cable routing cues (four or more)."""
    head = text[:6000]
    return sum(1 for cue in _CUES if cue.search(head)) >= _MIN_CUES


def _address(line: str) -> str:
    """``RUEHC/SECSTATE WASHDC 4858`` -> ``SECSTATE WASHDC``."""
    line = _ROUTE_PREFIX_RE.sub("", line.strip())
    return _SERIAL_RE.sub("", line).strip()


def _tags(value: str) -> list[str]:
    value = strip_markdown(value)
    return [t for t in _TAG_TOKEN_RE.findall(value.replace(",", " "))]


def _is_routing(line: str) -> bool:
    return bool(
        line.startswith("VZCZC") or _DTG_RE.match(line) or _PRECEDENCE_RE.match(line) or _FIELD_RE.match(line)
    )


def read_cable(text: str) -> Extracted:
    """Split a cable into routing metadata and a body that starts at its first real paragraph."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [tidy_line(ln) for ln in raw_lines]
    meta: dict[str, Any] = {"to": [], "info": [], "tags": [], "captions": [], "handling": []}
    published: str | None = None
    start = next((i for i, ln in enumerate(lines) if ln and _is_routing(ln)), 0)
    if start:
        meta["preamble"] = [ln for ln in lines[:start] if ln]
    field: str | None = None  # a field whose continuation lines may follow (TO, INFO, SUBJECT, REF)
    body_start = len(lines)
    for i in range(start, len(lines)):
        if not lines[i]:
            field = None
            continue
        line = tidy_line(normalize_text(lines[i]))
        upper_only = _ADDRESS_RE.match(line) is not None
        if dtg := _DTG_RE.match(line):
            day, _time, month, year = dtg.groups()
            meta["dtg"] = line.split(maxsplit=1)[-1] if line[:1] in "ZOPR" and " " in line else line
            published = published or date_of_dtg(day, month, year)
            field = None
        elif line.startswith("VZCZC") or _PRECEDENCE_RE.match(line):
            meta.setdefault("routing", []).append(line)
            field = None
        elif m := _FIELD_RE.match(line):
            name, value = m.group(1), m.group(2).strip()
            if name == "FM":
                meta["from"] = _address(value)
                field = None
            elif name in ("TO", "INFO"):
                field = name.lower()
                if value:
                    meta[field].append(_address(value))
            else:
                meta.setdefault("routing", []).append(line)
                field = None
        elif field in ("to", "info") and upper_only and not _CLASSIFICATION_RE.match(line):
            meta[field].append(_address(line))
        elif m := _CLASSIFICATION_RE.match(line):
            meta.setdefault("classification", m.group(1))
            if m.group(2):
                meta.setdefault("reference", m.group(2).strip())
            field = None
        elif line in _CAVEATS or (upper_only and set(line.split()) <= _CAVEATS):
            meta["captions"].append(line)
            field = None
        elif _HANDLING_RE.match(line):
            meta["handling"].append(line)
            field = None
        elif m := _EO_RE.match(line):
            meta["eo"] = m.group(1).strip()
            rest = _TAGS_RE.search(m.group(1))
            if rest:
                meta["tags"].extend(_tags(rest.group(1)))
            field = None
        elif m := _TAGS_RE.match(line):
            meta["tags"].extend(_tags(m.group(1)))
            field = "tags"
        elif m := _SUBJECT_RE.match(line):
            meta["subject"] = m.group(1).strip()
            field = "subject"
        elif m := _REF_RE.match(line):
            meta.setdefault("ref", []).append(m.group(1).strip())
            field = "ref"
        elif field == "subject" and upper_only:
            meta["subject"] = f"{meta['subject']} {line}".strip()
        elif field == "ref" and upper_only:
            meta["ref"].append(line)
        elif field == "tags" and upper_only:
            meta["tags"].extend(_tags(line))
        elif _FOR_RE.match(line) and upper_only:
            meta.setdefault("for", []).append(line)
            field = None
        else:
            body_start = i
            break
    body_lines = raw_lines[body_start:]
    # Transmission trailers at the very end ("BT", "#0242", "NNNN") are routing too.
    while body_lines and re.fullmatch(r"\s*(?:BT|NNNN|#\d+)?\s*", body_lines[-1]):
        body_lines.pop()
    # Captions repeat (SIPDIS twice); keep each once, in order.
    clean = {k: list(dict.fromkeys(v)) if isinstance(v, list) else v for k, v in meta.items() if v}
    subject = clean.get("subject")
    title = subject.strip() if isinstance(subject, str) and subject.strip() else None
    return Extracted(
        # Cables are fixed-width telegrams: a line break inside a paragraph is never the author's.
        body=clean_body("\n".join(body_lines), wrapped=True),
        title=title,
        published=published,
        published_source="cable date-time group" if published else None,
        meta=clean,
    )

"""Markdown with YAML front matter (Jekyll posts): text -> body plus metadata.

Front matter is metadata, never body text: ``title`` becomes the title, ``author`` the byline,
``date`` the published date, and prose values (a subtitle, summary or support line) become
standfirst lines of the header. Jekyll's ``published: true`` is a publish flag, not a date.
Inline HTML in the body (``<p>``, ``<br>``, ``<em>``) is turned into paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from .dates import clean_metadata_date
from .layout import Extracted, is_real_name
from .normalize import normalize_text
from .text import clean_body

# libyaml's loader when it is built in: ten times faster than the pure-Python one.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE_RE = re.compile(r"^---[ \t]*$")
_KEY_LINE_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_DATE_KEYS = ("date", "published_at", "publish_date", "date_published", "pubdate", "published")
_AUTHOR_KEYS = ("author", "authors", "byline", "autor")
_TITLE_KEYS = ("title", "headline", "titulo", "título", "titre")
# Keys whose values are never prose of the document, whatever they look like.
_NOT_PROSE_KEYS = frozenset(
    "layout tags tag category categories images image img picture thumbnail url legacy_url permalink slug "
    "menu date published created_date modified updated author authors authorlink title type section label "
    "video lang language location hat images_hd picture_week files related redirect_from comments draft "
    "weight id uuid canonical source_url og_image featured feature keywords".split()
)
_MIN_PROSE_WORDS = 6
_MAX_FRONT_MATTER_LINES = 300


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Split ``---`` fenced front matter from the body; (None, text) when there is none."""
    if not text.startswith("---"):
        return None, text
    lines = text.split("\n", _MAX_FRONT_MATTER_LINES + 1)
    if not _FENCE_RE.match(lines[0]):
        return None, text
    for i in range(1, min(len(lines), _MAX_FRONT_MATTER_LINES)):
        if _FENCE_RE.match(lines[i]):
            block = lines[1:i]
            if not any(_KEY_LINE_RE.match(ln) for ln in block):
                return None, text
            return "\n".join(block), "\n".join(lines[i + 1 :])
    return None, text


def has_front_matter(text: str) -> bool:
    """True when the text opens with a YAML front-matter block."""
    return split_front_matter(text.lstrip("\ufeff"))[0] is not None


def parse_front_matter(block: str) -> dict[str, Any]:
    """YAML when it parses, else ``key: value`` lines (hand-written front matter is often invalid)."""
    try:
        data = yaml.load(block, Loader=_LOADER)
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        return {str(k): v for k, v in data.items()}
    out: dict[str, Any] = {}
    for line in block.split("\n"):
        m = _KEY_LINE_RE.match(line)
        if m:
            out[m.group(1)] = m.group(2).strip().strip("\"'")
    return out


def plain(value: Any) -> Any:
    """A JSON-safe copy of a YAML value: dates as ISO strings, mappings of one key flattened."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        if len(value) == 1:
            return plain(next(iter(value.values())))
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _text_value(value: Any) -> str | None:
    if isinstance(value, list):
        names = [_text_value(v) for v in value]
        joined = ", ".join(n for n in names if n)
        return joined or None
    if isinstance(value, dict):
        return _text_value(value.get("name") or value.get("title"))
    if not isinstance(value, str):
        return None
    cleaned = normalize_text(value).replace("\n\n", " ").replace("\n", " ").strip()
    return cleaned or None


def is_prose(key: str, value: Any) -> bool:
    """A front-matter value that reads as prose of the document: six words or more, not a URL."""
    if key.lower() in _NOT_PROSE_KEYS or not isinstance(value, str):
        return False
    if "://" in value or value.strip().startswith(("/", "{", "[")):
        return False
    return len(value.split()) >= _MIN_PROSE_WORDS


def read_markdown(text: str, languages: tuple[str, ...]) -> Extracted:
    """Read Markdown: front matter to metadata and header lines, body to clean text."""
    block, body_text = split_front_matter(text.lstrip("\ufeff"))
    fm = parse_front_matter(block) if block is not None else {}
    title = next((t for k in _TITLE_KEYS if (t := _text_value(fm.get(k)))), None)
    author = next((a for k in _AUTHOR_KEYS if (a := _text_value(fm.get(k)))), None)
    published = None
    for key in _DATE_KEYS:
        value = fm.get(key)
        if isinstance(value, bool) or (isinstance(value, str) and value.strip().lower() in ("true", "false")):
            continue  # Jekyll's publish flag
        published = clean_metadata_date(value, languages)
        if published:
            break
    standfirst: list[str] = []
    for key, value in fm.items():
        if is_prose(key, value):
            line = _text_value(value)
            if line and line != title and line not in standfirst:
                standfirst.append(line)
    meta: dict[str, Any] = {"front_matter": {k: plain(v) for k, v in fm.items()}}
    if title:
        meta["title"] = title
    if is_real_name(author):
        meta["author"] = author
    if standfirst:
        meta["standfirst"] = standfirst
    return Extracted(
        body=clean_body(body_text),
        title=title,
        author=author,
        standfirst=standfirst,
        published=published,
        published_source="front matter" if published else None,
        meta=meta,
    )

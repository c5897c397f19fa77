"""HTML pages: decoded page -> main text and metadata (title, date, author, site) via trafilatura.

trafilatura keeps the article and leaves navigation, sidebars, footers and comment forms out.
Two things are done around it. Before: text that old pages lay out as ``text<br><br>text``
inside a ``<div>`` is wrapped in ``<p>`` elements, because trafilatura drops a container's own
leading text when the container is chosen as the article. After: a trailing section under a
site heading ("Spotlight", "Related articles", listed in ``data/ingest/sections.txt``) and any
wrapper line (see ``boilerplate``) is removed.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import lxml.html
from lxml import etree

from .boilerplate import remove_boilerplate
from .dates import clean_metadata_date, find_published
from .layout import Extracted
from .normalize import dedupe_lines, element_text, markup_to_text, normalize_text, repair, tidy_line

if TYPE_CHECKING:
    from configparser import ConfigParser

# Elements that end a run of inline content when wrapping ``<br>``-separated text in paragraphs.
_BLOCKS = frozenset(
    "address article aside blockquote center dd div dl dt fieldset figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr iframe li main nav noscript ol p pre script section style table ul".split()
)
_CONTAINERS = ("div", "td", "section", "article", "blockquote", "center", "main")
_COPYRIGHT_RE = re.compile(r"^(?:copyright|©|\(c\))\s*(?:[\d\s\-–,]+)?(?:by\s+)?", re.IGNORECASE)
_CHARSET_RE = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


@cache
def _sections() -> re.Pattern[str]:
    path = resources.files("tipwatch").joinpath("data/ingest/sections.txt")
    parts = [
        ln.strip()
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


@cache
def _config() -> ConfigParser:
    """trafilatura's settings, read once; no timeout signal (ingest may run off the main thread)."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def decode_html(data: bytes) -> str:
    """Decode a page: UTF-8 when it is valid (pages often lie about their charset), else the declared one."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        m = _CHARSET_RE.search(data[:4096])
        encoding = m.group(1).decode("ascii", "replace") if m else "cp1252"
        if encoding.lower() in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            encoding = "cp1252"  # what browsers do, and what such pages really are
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            text = data.decode("cp1252", errors="replace")
    return repair(text)


def _wrap_br_runs(root: etree._Element) -> None:
    """Wrap ``text<br>text`` runs of a container in ``<p>`` so each becomes a paragraph."""
    for el in list(root.iter(*_CONTAINERS)):
        kids = list(el)
        if not any(k.tag == "br" for k in kids):
            continue
        if not (el.text and el.text.strip()) and not any((k.tail or "").strip() for k in kids):
            continue
        runs: list[etree._Element] = []
        current: etree._Element | None = None
        text, el.text = el.text, None
        if text and text.strip():
            current = etree.Element("p")
            current.text = text
            runs.append(current)
        for kid in kids:
            tail, kid.tail = kid.tail, None
            el.remove(kid)
            tag = kid.tag if isinstance(kid.tag, str) else ""
            if tag == "br" or tag in _BLOCKS:
                if tag != "br":
                    runs.append(kid)
                current = None
                if tail and tail.strip():
                    current = etree.Element("p")
                    current.text = tail
                    runs.append(current)
            else:
                if current is None:
                    current = etree.Element("p")
                    runs.append(current)
                current.append(kid)
                kid.tail = tail
        for node in runs:
            el.append(node)


def _paragraphs(body: etree._Element) -> list[str]:
    """trafilatura's XML body -> paragraphs, cutting site sections such as "Spotlight" lists."""
    out: list[str] = []
    skipping = False
    for node in body:
        tag = node.tag if isinstance(node.tag, str) else ""
        text = " ".join("".join(node.itertext()).split())
        if tag == "list":
            items = [" ".join("".join(i.itertext()).split()) for i in node.iter("item")]
            text = "\n".join(i for i in items if i)
        if not text:
            continue
        if tag == "head":
            skipping = _sections().fullmatch(text.strip(" :")) is not None
            if skipping:
                continue
        if not skipping:
            out.append(text)
    return out


def _site_name(value: str | None) -> str | None:
    if not value:
        return None
    name = _COPYRIGHT_RE.sub("", value).strip(" .,")
    return name or None


def read_html(data: bytes, languages: tuple[str, ...]) -> Extracted:
    """Read an HTML page: main text without the site's furniture, plus its metadata."""
    import trafilatura

    page = decode_html(data)
    try:
        root = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        root = None
    result: Any = None
    page_title = _page_title(root) if root is not None else None
    if root is not None:
        _wrap_br_runs(root)
        result = trafilatura.bare_extraction(
            root,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            # No extensive search: it reads years out of body sentences ("opened in 2019" became
            # 2019-01-01). The page's own dateline is looked for below, next to the article.
            date_extraction_params={"extensive_search": False, "original_date": True},
            config=_config(),
        )
    meta: dict[str, Any] = {}
    if result is not None and result.body is not None:
        paragraphs = _paragraphs(result.body)
    else:
        paragraphs = [markup_to_text(page)]
    paragraphs = [normalize_text(p) for p in paragraphs]
    body = "\n\n".join(dedupe_lines(remove_boilerplate([p for p in paragraphs if p])))
    title = author = site = published = None
    if result is not None:
        title = normalize_text(result.title) if result.title else None
        author = normalize_text(result.author) if result.author else None
        site = _site_name(result.sitename)
        # htmldate prefers the original date; today's date would be the crawl, not the story.
        published = clean_metadata_date(result.date, languages, reject_today=True)
        title = title or page_title
        for key, value in (
            ("title", title),
            ("author", author),
            ("site", site),
            ("url", result.url),
            ("description", result.description),
            ("categories", result.categories),
            ("tags", result.tags),
        ):
            if value:
                meta[key] = value
    source = "html metadata" if published else None
    if published is None and root is not None and body:
        published = _dateline(page, body, languages)
        source = "date line" if published else None
    return Extracted(
        body=body,
        title=title,
        author=author,
        site=site,
        published=published,
        published_source=source,
        meta=meta,
    )


def _page_title(root: etree._Element) -> str | None:
    """The ``<title>`` when trafilatura found none; the longest part when it carries the site's name."""
    raw = root.findtext(".//title")
    if not raw or not raw.strip():
        return None
    parts = [p.strip() for p in re.split(r"\s+[|–—]\s+|\s+-\s+", raw) if p.strip()]
    return normalize_text(max(parts, key=len)) if parts else None


_DATELINE_WINDOW = 12  # lines of page text just before the article that may hold its date line


def _dateline(page: str, body: str, languages: tuple[str, ...]) -> str | None:
    """The date line printed just above the article ("Posted on 22 April 2016"), if any.

    Only the few lines right before the article's first paragraph are read, so dates of other
    stories in sidebars and of comments are never taken.
    """
    # trafilatura prunes the tree it is given, so the page is parsed afresh (only when needed).
    root = lxml.html.document_fromstring(page)
    body_el = root.find("body")
    # The page was repaired when decoded; tidying lines is enough (ftfy over a whole page is slow).
    lines = [
        ln
        for ln in (tidy_line(x) for x in element_text(body_el if body_el is not None else root).split("\n"))
        if ln
    ]
    # Anchor on the first real paragraph: the title and date lines sit above it.
    first = next((ln for ln in body.split("\n") if len(ln) >= 80), body.split("\n", 1)[0])
    start = first[:40]
    index = next((i for i, ln in enumerate(lines) if start and ln.startswith(start)), None)
    if index is None:
        return None
    return find_published("\n".join(lines[max(0, index - _DATELINE_WINDOW) : index]), languages)

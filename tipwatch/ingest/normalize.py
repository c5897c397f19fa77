"""Text normalisation: raw decoded text -> the clean text that later stages cite.

Takes a ``str`` as a reader produced it and returns tidy text: HTML entities decoded, inline
markup turned into paragraphs, mojibake and C1 controls repaired with ftfy, Markdown images and
link syntax removed, hard-wrapped sentences joined, whitespace collapsed. Paragraphs are separated
by exactly one blank line. The result is final: evidence offsets index it, so nothing after this
step may change characters inside a paragraph.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import ftfy
import lxml.html
from lxml import etree

# Elements whose end is a paragraph break when markup is turned into text.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody thead tfoot tr ul".split()
)
# Elements whose content is never text a reader sees.
_SKIP_TAGS = frozenset("script style noscript template head title iframe object embed svg img".split())
_CELL_TAGS = frozenset(("td", "th"))

_MARKUP_RE = re.compile(
    r"<(?:/?(?:p|br|div|em|strong|b|i|u|span|a|h[1-6]|ul|ol|li|blockquote|table|tr|td|th|img|font|center|"
    r"section|article|figure|figcaption|sup|sub|small|hr)\b[^<>]*|!--)>?",
    re.IGNORECASE,
)
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_MD_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_MD_LINK_RE = re.compile(r"(?<!!)\[([^\]\n]+)\]\((?:[^)\s]*)(?:\s+\"[^\"\n]*\")?\)")
_MD_HEADING_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_RULE_LINE_RE = re.compile(r"^[ \t]*(?:[-_=*~][ \t]*){3,}$", re.MULTILINE)
# Unicode spaces that are only layout; NBSP included, since a reader never cites one.
_SPACES_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# A full stop glued to the next sentence ("Chile.La primera", "2008.“Las"), left when an archive
# stripped paragraph tags. Lower-case letter or digit before, a capitalised word after; initials
# ("U.S.") and domains ("ljz.mx") do not match.
_GLUED_SENTENCE_RE = re.compile(r"(?:(?<=[a-zà-ÿ\)][a-zà-ÿ\)])|(?<=\d\d))([.!?])(?=[“\"«‘]?[A-ZÀ-Ý][a-zà-ÿ])")
_TERMINAL = tuple('.!?:;…"”’»)]')
_SENTENCE_END = tuple(".!?…")


def has_markup(text: str) -> bool:
    """True when plain text carries HTML tags (posts copied from a CMS often do)."""
    return _MARKUP_RE.search(text) is not None


def markup_to_text(fragment: str) -> str:
    """Turn an HTML fragment into plain text with paragraph breaks; images and scripts vanish.

    Block elements end a paragraph and ``<br>`` ends a line, so ``<p>a</p><p>b</p>`` gives two
    paragraphs. lxml also decodes entities on the way.
    """
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return html.unescape(re.sub(r"<[^<>]*>", " ", fragment))
    return element_text(root)


def element_text(el: etree._Element) -> str:
    """The visible text of a parsed HTML element, with paragraph breaks after blocks."""
    parts: list[str] = []
    _walk(el, parts)
    return "".join(parts)


def _walk(el: etree._Element, parts: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    tag = tag.lower()
    if tag in _SKIP_TAGS or not tag:
        # Comments and processing instructions carry no text, but their tail does.
        return
    if tag == "br":
        parts.append("\n")
        return
    is_block = tag in _BLOCK_TAGS
    if is_block:
        parts.append("\n\n")
    elif tag in _CELL_TAGS:
        parts.append(" ")
    if el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if is_block:
        parts.append("\n\n")


def decode_entities(text: str) -> str:
    """Decode HTML entities (``Minist&eacute;rio``, ``&nbsp;``) left in text files."""
    if "&" not in text or not _ENTITY_RE.search(text):
        return text
    return html.unescape(text)


def repair(text: str) -> str:
    """Repair mojibake and C1 controls with ftfy, keeping curly quotes as the author wrote them."""
    return ftfy.fix_text(
        text,
        unescape_html=False,
        uncurl_quotes=False,
        fix_line_breaks=True,
        normalization="NFC",
    )


def strip_markdown(text: str) -> str:
    """Remove Markdown syntax that is not text: images, link targets, heading marks, rules."""
    if "](" in text:
        text = _MD_IMAGE_RE.sub("", text)
        text = _MD_LINK_RE.sub(r"\1", text)
    if "#" in text:
        text = _MD_HEADING_RE.sub(r"\1", text)
    return _RULE_LINE_RE.sub("", text)


def normalize_text(text: str, *, wrapped: bool = False) -> str:
    """Return clean text: entities, markup, mojibake, Markdown residue, wrapping and spaces fixed.

    Args:
        text: decoded text as a reader found it.
        wrapped: the source breaks every line (PDF text layers), so lines are joined unless
            the previous one ends a sentence.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u2028\u2029\x0b\x0c\x85]", "\n", text)
    if has_markup(text):
        text = markup_to_text(text)
    else:
        text = decode_entities(text)
    text = repair(text)
    text = _INVISIBLE_RE.sub("", text)
    text = strip_markdown(text)
    text = _GLUED_SENTENCE_RE.sub(r"\1 ", text)
    paragraphs = unwrap(text.split("\n"), wrapped=wrapped)
    return "\n\n".join(paragraphs)


def looks_hard_wrapped(text: str) -> bool:
    """True for fixed-width text (old reports, cables, e-mail) whose every line was broken at ~70 columns."""
    lengths = [len(ln.rstrip()) for ln in text[:20000].split("\n") if ln.strip()]
    if len(lengths) < 8 or max(lengths) > 100:
        return False
    return sum(1 for n in lengths if 50 <= n <= 100) / len(lengths) >= 0.6


def tidy_line(line: str) -> str:
    """Collapse runs of spaces and tabs and strip the ends of one line."""
    return _SPACES_RE.sub(" ", line).strip()


def unwrap(lines: Iterable[str], *, wrapped: bool = False) -> list[str]:
    """Group raw lines into paragraphs, joining lines that were wrapped inside a sentence.

    A line break inside a paragraph is kept unless it was a soft wrap: the next line starts in
    lower case, or the line ends in a single trailing space with no closing punctuation (a
    word processor's wrap), or ``wrapped`` is set and the line does not end a sentence. Across a
    blank line, a paragraph that stops mid-sentence (no closing punctuation) is joined to a
    next one that starts in lower case: copy-paste often splits a sentence that way.

    Returns:
        paragraphs, each with its inner line breaks, tidied and never empty.
    """
    paragraphs: list[list[str]] = []
    current: list[str] = []
    prev_raw = ""
    for raw in lines:
        line = tidy_line(raw)
        if not line:
            if current:
                paragraphs.append(current)
                current = []
            prev_raw = ""
            continue
        if current and _is_soft_break(prev_raw, current[-1], line, wrapped):
            current[-1] = _join(current[-1], line, wrapped)
        else:
            current.append(line)
        prev_raw = raw
    if current:
        paragraphs.append(current)

    merged: list[list[str]] = []
    for para in paragraphs:
        if merged and _continues(merged[-1][-1], para[0]):
            merged[-1][-1] = _join(merged[-1][-1], para[0], wrapped)
            merged[-1].extend(para[1:])
        else:
            merged.append(para)
    return ["\n".join(p) for p in merged]


def _starts_lower(line: str) -> bool:
    return line[:1].isalpha() and line[:1].islower()


def _is_soft_break(prev_raw: str, prev: str, line: str, wrapped: bool) -> bool:
    if prev.endswith(_SENTENCE_END) and not _starts_lower(line):
        return False
    if _starts_lower(line) and not prev.endswith((":",)):
        return True
    # One trailing space (not Markdown's two-space hard break) marks a wrapped line.
    stripped = prev_raw.rstrip("\n")
    soft_space = stripped.endswith((" ", "\t")) and not stripped.endswith("  ")
    if soft_space and not prev.endswith(_TERMINAL) and line[:1].isalnum():
        return True
    if wrapped and not prev.endswith(_TERMINAL) and line[:1].isalnum() and len(prev) > 40:
        return True
    return False


def _continues(prev: str, line: str) -> bool:
    """A paragraph cut mid-sentence: no closing punctuation before, lower case after."""
    if prev.endswith(_TERMINAL) or not _starts_lower(line):
        return False
    return prev[-1:].isalnum() or prev.endswith(",")


def _join(prev: str, line: str, wrapped: bool) -> str:
    if wrapped and prev.endswith("-") and prev[-2:-1].isalpha() and _starts_lower(line):
        return prev[:-1] + line
    if prev.endswith(("-", "/")) and prev[-2:-1].isalpha():
        return prev + line
    return f"{prev} {line}"


def dedupe_lines(paragraphs: list[str]) -> list[str]:
    """Drop a short paragraph that repeats the one before it (a title printed twice by a repost)."""
    out: list[str] = []
    for para in paragraphs:
        if out and para == out[-1] and len(para) < 300:
            continue
        out.append(para)
    return out

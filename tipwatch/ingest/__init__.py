"""Ingest: a path or bytes -> a Document (clean text plus metadata), or an IngestError saying why not.

    detect.py    which format the bytes are (content first, extension as a hint)
    text.py      plain text and pages reposted as text      markdown.py  front matter + body
    html.py      web pages (trafilatura)                    pdf.py       PDF text layer (pypdf)
    docx.py      Word files (python-docx)                   cable.py     US diplomatic cables
    normalize.py entities, mojibake, markup, wrapping       boilerplate.py  site-wrapper lines
    language.py  ISO 639-1 language                         dates.py     the published date
    layout.py    the header block (title, standfirst, byline) in front of the body

A batch goes on past a bad file: ``iter_files`` yields errors instead of raising them, and the
caller's loop catches the IngestError that ``read_file`` raises for one file.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import EmptyDocumentError, IngestError, TooLargeError
from ..model import Document
from ..settings import Settings
from . import detect
from .cable import read_cable
from .dates import find_dateline, find_footer_date, find_published, find_titled_date
from .docx import read_docx
from .html import read_html
from .language import detect_language
from .layout import Extracted, compose_text
from .limits import time_limit
from .markdown import read_markdown
from .pdf import read_pdf
from .text import guess_title, read_text

__all__ = ["iter_files", "read_bytes", "read_file"]

LOGGER = logging.getLogger(__name__)


def _extract(fmt: str, data: bytes, text: str | None, name: str, settings: Settings) -> Extracted:
    languages = tuple(settings.languages)
    if fmt == detect.PDF:
        return read_pdf(data, name)
    if fmt == detect.DOCX:
        return read_docx(data, name, max_unpacked=settings.max_bytes)
    if fmt == detect.HTML:
        return read_html(data, languages)
    assert text is not None
    if fmt == detect.CABLE:
        return read_cable(text)
    if fmt == detect.MARKDOWN:
        return read_markdown(text, languages)
    return read_text(text)


def read_bytes(data: bytes, name: str, settings: Settings, path: str | None = None) -> Document:
    """Read the bytes of one document into a Document.

    Args:
        data: the original bytes; their SHA-256 is the document id.
        name: the file name, used in messages and as a format hint.
        path: where the bytes came from, kept on the Document.

    Raises:
        TooLargeError: ``data`` is over ``settings.max_bytes``.
        TimeLimitError: reading took longer than ``settings.max_seconds``.
        EmptyDocumentError: no text could be found.
        UnsupportedFormatError: the bytes are of a kind tipwatch does not read.
        IngestError: the file is damaged (truncated or encrypted PDF, broken DOCX).
    """
    label = path or name
    if len(data) > settings.max_bytes:
        raise TooLargeError(label, len(data), settings.max_bytes)
    if not data.strip():
        raise EmptyDocumentError(label, "the file is empty; nothing to ingest")
    # One time budget per file; inside a batch's own limit (read + extract) this one does nothing.
    with time_limit(settings.max_seconds, label):
        return _read_bytes(data, name, label, settings, path)


def _read_bytes(data: bytes, name: str, label: str, settings: Settings, path: str | None) -> Document:
    fmt, text = detect.detect_format(data, name, label)
    try:
        extracted = _extract(fmt, data, text, label, settings)
    except IngestError:
        raise
    except Exception as exc:  # a parser choking on odd input must not stop a batch
        LOGGER.debug("reading %s failed", label, exc_info=True)
        raise IngestError(
            label,
            f"the {fmt} reader failed ({type(exc).__name__}: {' '.join(str(exc).split())[:120]}); "
            "the file may be damaged",
        ) from exc
    if not extracted.body.strip():
        raise EmptyDocumentError(label, f"no text found in this {fmt} file; check it opens and holds text")
    languages = tuple(settings.languages)
    language = detect_language(extracted.body, languages)
    # the document's own language first: it decides "12/03/2024" and month names it shares
    ordered = (language, *(x for x in languages if x != language)) if language else languages
    published, source = extracted.published, extracted.published_source
    if published is None:
        published = find_published(extracted.body, ordered)
        source = "date line" if published else None
    if published is None:
        published = find_dateline(extracted.body, ordered, extracted.title)
        source = "dateline" if published else None
    if published is None:
        published = find_titled_date(extracted.body, ordered)
        source = "titled date line" if published else None
    if published is None:
        published = find_footer_date(extracted.body, ordered)
        source = "date line at the foot" if published else None
    title = extracted.title or guess_title(extracted.body)
    meta = dict(extracted.meta)
    if extracted.site:
        meta.setdefault("site", extracted.site)
    if source:
        meta["published_source"] = source
    return Document(
        id=hashlib.sha256(data).hexdigest(),
        name=name,
        format=fmt,
        text=compose_text(extracted, language),
        language=language,
        published=published,
        title=title,
        meta=meta,
        path=path,
        size=len(data),
    )


def read_file(path: Path, settings: Settings) -> tuple[Document, bytes]:
    """Read one file into a Document; return it with the original bytes (for content-addressed storage).

    The size is checked before the file is read, so a huge file costs nothing, and again after,
    so a file that grows, shrinks or is replaced while it is read is refused rather than stored
    half-written. (A rewrite that keeps the size within one tick of the file system's clock
    cannot be told apart; the Document is then exactly the bytes that were read.)

    Raises:
        TooLargeError, EmptyDocumentError, UnsupportedFormatError, IngestError: as ``read_bytes``,
        and IngestError when the file cannot be opened or read.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise IngestError(path, "no such file; check the path") from exc
    except OSError as exc:
        raise IngestError(
            path, f"cannot read the file ({exc.strerror or exc}); check its permissions"
        ) from exc
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(path, "not a regular file; give a file or a folder")
    if info.st_size > settings.max_bytes:
        raise TooLargeError(path, info.st_size, settings.max_bytes)
    try:
        with path.open("rb") as handle:
            # Read at most one byte past the limit: a file that grows while it is read stays bounded.
            data = handle.read(settings.max_bytes + 1)
            after = os.fstat(handle.fileno())
    except OSError as exc:
        raise IngestError(
            path, f"cannot read the file ({exc.strerror or exc}); check its permissions"
        ) from exc
    if len(data) > settings.max_bytes:
        raise TooLargeError(path, len(data), settings.max_bytes)
    if _changed(info, after, len(data)):
        # Half a download or a file being saved: storing it would store a document that never was.
        raise IngestError(path, "the file changed while it was read; ingest it again once it is complete")
    return read_bytes(data, path.name, settings, path=str(path)), data


def _changed(before: os.stat_result, after: os.stat_result, read: int) -> bool:
    """True when the file was replaced, resized or rewritten between the stat and the read."""
    then = (before.st_ino, before.st_size, before.st_mtime_ns)
    now = (after.st_ino, after.st_size, after.st_mtime_ns)
    return then != now or read != after.st_size


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def iter_files(paths: Iterable[Path]) -> Iterator[Path | IngestError]:
    """Every file under ``paths`` (files and folders, recursive, sorted), hidden files skipped.

    Problems are yielded, not raised, so a batch goes on: a missing path, an unreadable folder or
    file, something that is not a regular file. Symbolic links are followed once; a link back to a
    folder already being walked is skipped, so loops end.
    """
    for path in paths:
        yield from _walk(Path(path), set(), top=True)


def _walk(path: Path, seen: set[tuple[int, int]], *, top: bool = False) -> Iterator[Path | IngestError]:
    try:
        info = path.stat()
    except FileNotFoundError:
        yield IngestError(path, "no such file or folder (or a broken link); check the path")
        return
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            yield IngestError(path, f"cannot read ({exc.strerror}): a symbolic link loop; remove the link")
        else:
            yield IngestError(path, f"cannot read ({exc.strerror or exc}); check its permissions")
        return
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return  # a symbolic link back into a folder being walked
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            yield IngestError(path, f"cannot list the folder ({exc.strerror or exc}); check its permissions")
            return
        seen = seen | {key}
        for entry in entries:
            if _is_hidden(entry.name):
                continue
            yield from _walk(Path(entry.path), seen)
        return
    if not stat.S_ISREG(info.st_mode):
        if top:
            yield IngestError(path, "not a regular file; give a file or a folder")
        else:
            yield IngestError(path, "not a regular file (a device, socket or pipe); skipped")
        return
    if not os.access(path, os.R_OK):
        yield IngestError(path, "cannot read the file (permission denied); check its permissions")
        return
    yield path

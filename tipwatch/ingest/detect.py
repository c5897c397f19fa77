"""Format sniffing: bytes (and a file name as a hint) -> the reader to use, or a clear refusal.

The content decides, the extension only breaks ties: a ``.pdf`` that holds HTML is read as HTML,
a ``.txt`` that holds a PDF is read as a PDF, and random bytes named ``.pdf`` are refused with a
reason. Text is decoded here too (UTF-8, UTF-16 by BOM, else Windows-1252), so every reader gets a
``str``.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import IngestError, UnsupportedFormatError
from .cable import is_cable
from .markdown import has_front_matter

PDF, DOCX, HTML, MARKDOWN, CABLE, TEXT = "pdf", "docx", "html", "markdown", "cable", "text"

# Magic numbers of kinds we do not read, so the error can name what the file is.
_KNOWN_BINARY: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office file (.doc/.xls); save it as DOCX or PDF"),
    (b"{\\rtf", "an RTF document; save it as DOCX or PDF"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"RIFF", "RIFF media"),
)
_HTML_START_RE = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG_RE = re.compile(rb"<(?:html|head|body|title|meta|div|p|table|script)\b", re.I)
_MD_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd")
_HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")


def _ext(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def decode_text(data: bytes, name: str, label: str | None = None) -> str:
    """Decode bytes that should be text, or refuse them as binary.

    UTF-8 first (it fails loudly on other encodings), UTF-16 by BOM, then Windows-1252, which
    maps every byte; ftfy repairs what a wrong guess leaves behind.

    Raises:
        UnsupportedFormatError: the bytes are binary (NULs or many control characters).
    """
    label = label or name
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnsupportedFormatError(label, "binary data (a broken UTF-16 text)") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if _looks_binary(data):
            raise UnsupportedFormatError(label, f"binary data of unknown kind{_named(name)}") from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    if _looks_binary(text[:4096].encode("utf-8", "surrogatepass")):
        raise UnsupportedFormatError(label, f"binary data of unknown kind{_named(name)}")
    return text


def _named(name: str) -> str:
    ext = _ext(name)
    return f" (named {ext} but it is not one)" if ext and ext not in (".txt", ".text", "") else ""


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13) or b == 127)
    return controls / len(sample) > 0.01


def sniff_binary(data: bytes, name: str, label: str | None = None) -> str | None:
    """PDF or DOCX by their content, None for anything that may be text; refuse other binaries."""
    label = label or name
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError) as exc:
            if _ext(name) == ".docx":
                raise IngestError(
                    label, "DOCX is damaged (not a readable ZIP); re-save it from Word"
                ) from exc
            raise UnsupportedFormatError(label, f"a damaged ZIP archive{_named(name)}") from exc
        if "word/document.xml" in names:
            return DOCX
        if "content.xml" in names:
            raise UnsupportedFormatError(label, "an OpenDocument file; save it as DOCX or PDF")
        raise UnsupportedFormatError(label, "a ZIP archive; unpack it and ingest the files inside")
    for magic, what in _KNOWN_BINARY:
        if data.startswith(magic):
            raise UnsupportedFormatError(label, what)
    return None


def sniff_text(text: str, data: bytes, name: str) -> str:
    """Which text reader fits: HTML page, diplomatic cable, Markdown with front matter, plain text."""
    if _HTML_START_RE.match(data[:2048]) or (
        _ext(name) in _HTML_EXTENSIONS and len(_HTML_TAG_RE.findall(data[:4096])) >= 2
    ):
        return HTML
    if is_cable(text):
        return CABLE
    if has_front_matter(text) or _ext(name) in _MD_EXTENSIONS:
        return MARKDOWN
    return TEXT


def detect_format(data: bytes, name: str, label: str | None = None) -> tuple[str, str | None]:
    """Return the format of ``data`` and, for text formats, its decoded text.

    ``name`` (the file name) is only a hint; ``label`` (a path) is what error messages name.

    Raises:
        UnsupportedFormatError: the bytes are of a kind tipwatch does not read.
    """
    binary = sniff_binary(data, name, label)
    if binary is not None:
        return binary, None
    text = decode_text(data, name, label)
    return sniff_text(text, data, name), text

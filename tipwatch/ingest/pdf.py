"""PDF files: bytes -> the text layer (pypdf), with lines unwrapped into paragraphs.

Only the text layer is read: a scanned PDF without one is refused as empty (OCR it first). An
encrypted PDF is opened when it has an empty user password (common for "no copying" PDFs) and
refused otherwise; a truncated or damaged file is refused with a one-line reason. The creation
date in the PDF's info dictionary is kept in ``meta`` but is not ``published``: it is when the
file was made, often a conversion or a re-save, not when the text was published.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from ..errors import EmptyDocumentError, IngestError
from .layout import Extracted
from .text import clean_body

_GENERATED_TITLE_RE = re.compile(
    r"^(?:microsoft (?:word|powerpoint) - |untitled|document\d*$|\S+\.(?:docx?|pdf|odt|rtf)$)", re.I
)


def _pdf_date(value: Any) -> str | None:
    """``D:20120706123000+01'00'`` -> ``2012-07-06`` (for meta only)."""
    m = re.match(r"^D?:?(\d{4})(\d{2})?(\d{2})?", str(value or ""))
    if not m:
        return None
    return "-".join(p for p in m.groups() if p)


def read_pdf(data: bytes, name: str) -> Extracted:
    """Read the text layer of a PDF.

    Raises:
        IngestError: the PDF is truncated, damaged or encrypted with a password.
        EmptyDocumentError: the PDF has no text layer (a scan).
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

    # pypdf logs (up to ERROR) each repair it makes to a damaged file; one IngestError says it better.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)
    try:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    unlocked = reader.decrypt("")
                except (NotImplementedError, DependencyError, PdfReadError) as exc:
                    raise IngestError(
                        name, f"PDF is encrypted ({exc}); decrypt it first, e.g. qpdf --decrypt"
                    ) from exc
                if not unlocked:
                    raise IngestError(
                        name, "PDF is encrypted with a password; decrypt it first, e.g. qpdf --decrypt"
                    )
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata
        except FileNotDecryptedError as exc:
            raise IngestError(
                name, "PDF is encrypted with a password; decrypt it first, e.g. qpdf --decrypt"
            ) from exc
        except (
            PyPdfError,
            NotImplementedError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            IndexError,
            OSError,
            AssertionError,
            RecursionError,
        ) as exc:
            raise IngestError(
                name, f"PDF is truncated or damaged ({type(exc).__name__}); re-download or re-export it"
            ) from exc
    finally:
        pypdf_log.setLevel(level)
    if not pages:
        raise IngestError(name, "PDF is truncated or damaged (no pages found); re-download or re-export it")
    # A page break is a paragraph break unless a sentence runs on; clean_body joins those.
    text = "\n\n".join(pages)
    if not text.strip():
        if b"%%EOF" not in data[-2048:]:
            raise IngestError(name, "PDF is truncated (no end-of-file marker); re-download or re-export it")
        raise EmptyDocumentError(name, "PDF has no text layer (a scan?); run OCR on it first")
    meta: dict[str, Any] = {"pages": len(pages)}
    title = author = None
    if info is not None:
        raw_title = str(info.title or "").strip()
        if raw_title and not _GENERATED_TITLE_RE.match(raw_title):
            title = raw_title
            meta["title"] = title
        if info.author and str(info.author).strip():
            author = str(info.author).strip()
            meta["author"] = author
        created = _pdf_date(info.get("/CreationDate"))
        if created:
            meta["created"] = created
    return Extracted(body=clean_body(text, wrapped=True), title=title, author=author, meta=meta)

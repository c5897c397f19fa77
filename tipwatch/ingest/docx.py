"""Word files (DOCX): bytes -> paragraphs and tables in document order, core properties as metadata.

Core properties give title and author. ``created`` is kept in ``meta`` but is not used as the
published date: Word sets it when the file (or the template it was copied from) was first made,
so a report written in 2021 from a 2015 template says 2015, and a file re-saved by a converter
says the day of conversion. The document's own date lines are read from its text instead.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from lxml import etree

from ..errors import IngestError
from ..settings import Settings
from .layout import Extracted
from .limits import check_archive
from .text import clean_body

DEFAULT_MAX_UNPACKED = Settings().max_bytes


def _iter_blocks(document: Any) -> list[str]:
    """Paragraph texts and table rows (cells joined by " | ") in the order they appear."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    out.append(" | ".join(cells))
            out.append("")
    return out


def read_docx(data: bytes, name: str, *, max_unpacked: int = DEFAULT_MAX_UNPACKED) -> Extracted:
    """Read a DOCX file.

    Args:
        max_unpacked: the most bytes its parts may unpack to (``TIPWATCH_MAX_BYTES``), checked
            before python-docx inflates anything, so a ZIP bomb costs nothing.

    Raises:
        IngestError: the file is a damaged DOCX, or unpacks past ``max_unpacked``.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_archive(data, name, max_unpacked)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _iter_blocks(document)
        props = document.core_properties
    except (
        PackageNotFoundError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        zlib.error,
        EOFError,
        NotImplementedError,
        etree.XMLSyntaxError,
    ) as exc:
        raise IngestError(name, f"DOCX is damaged ({type(exc).__name__}); re-save it from Word") from exc
    # Each Word paragraph is a paragraph of ours; a soft line break inside one stays a line break.
    text = "\n\n".join(blocks)
    meta: dict[str, Any] = {}
    title = (props.title or "").strip() or None
    author = (props.author or "").strip() or None
    if title:
        meta["title"] = title
    if author:
        meta["author"] = author
    if props.created:
        meta["created"] = props.created.date().isoformat()
    if props.subject:
        meta["subject"] = props.subject
    return Extracted(body=clean_body(text), title=title, author=author, meta=meta)

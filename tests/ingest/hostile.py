"""A corpus of hostile input files, written by the test set-up (nothing binary is committed).

``write_hostile(folder)`` fills a folder with files built to break a reader: truncated and
encrypted PDFs, DOCX ZIP bombs (honest and lying), XML nested past any parser's depth, HTML
nested 100,000 deep, a 200 MB file, invalid UTF-8, NUL bytes, a symbolic link loop, a path that
cannot be read, a FIFO, plus two good fictional documents. ``EXPECTED`` says what each file
must give: ``None`` for a document, else a pattern its one-line reason matches.

The people and places are fictional; the texts are written here.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

STORY_EN = (
    "Harbour police in Takoradi freed seven boys from two fishing canoes on Thursday, the regional "
    "commander said. The boys, aged between 10 and 15, told officers they had been brought from a "
    "village near Kete Krachi by a man who promised their parents school fees. A fisherman named "
    "Kofi Asante-Mireku was arrested and will appear before the Sekondi circuit court next week."
)
STORY_ES = (
    "La Fiscalía de Trata de Personas de Mendoza allanó el jueves una bodega en Maipú donde "
    "encontró a nueve trabajadores que dormían en un galpón sin baño. Según la fiscal Inés "
    "Carrizo Valdés, los hombres habían sido reclutados en Jujuy con promesas de un salario que "
    "nunca cobraron. El encargado de la bodega quedó detenido."
)

BIG_BYTES = 200 * 1024 * 1024  # the 200 MB file; sparse on disk, so it costs no space
DEEP = 100_000  # nesting depth of the deep HTML
DEEP_XML = 50_000  # nesting depth of the deep DOCX XML (small enough to pass the ZIP bomb check)

# file name -> None (a document) or a pattern the failure's one-line reason matches.
EXPECTED: dict[str, str | None] = {
    "good_en.txt": None,
    "good_es.md": None,
    "truncated.pdf": r"truncated or damaged",
    "encrypted.pdf": r"encrypted with a password",
    "noise.pdf": r"truncated or damaged|no text",
    "bomb.docx": r"unpacks to \d+ bytes, over the limit",
    "ratio_bomb.docx": r"times its packed size",
    "lying_bomb.docx": r"DOCX is damaged|reader failed",
    "deep_xml.docx": r"DOCX is damaged",
    "entities.docx": r"DOCX is damaged|no text found",
    "not_word.docx": r"ZIP archive",
    "deep.html": None,  # the parser stops at its depth limit; the article before the nest is kept
    "big.txt": r"over the limit of \d+; raise TIPWATCH_MAX_BYTES",
    "invalid_utf8.txt": None,  # decoded as Windows-1252 and repaired
    "nul_bytes.txt": r"binary data",
    "empty.txt": r"empty",
    "loop.txt": r"symbolic link loop",
    "unreadable.txt": r"cannot read",
    "pipe": r"not a regular file",
}


def make_pdf(text: str = STORY_EN) -> bytes:
    pdf = FPDF()
    pdf.set_title("Harbour police free seven boys")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for _ in range(3):
        pdf.multi_cell(150, 6, text)
        pdf.ln(6)
    return bytes(pdf.output())


def make_encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="harbour", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(text: str = STORY_ES) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def replace_part(
    data: bytes, part: str, body: bytes | None = None, *, chunks: int = 0, chunk: bytes = b""
) -> bytes:
    """The DOCX ``data`` with ``part`` replaced by ``body`` or by ``chunks`` copies of ``chunk``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
                continue
            with target.open(part, "w", force_zip64=True) as handle:
                if body is not None:
                    handle.write(body)
                for _ in range(chunks):
                    handle.write(chunk)
    return out.getvalue()


def make_lying_bomb() -> bytes:
    """A DOCX whose central directory declares a small document.xml that inflates to 100 MB."""
    small = replace_part(make_docx(), "word/document.xml", b"<w:document/>")
    bomb = replace_part(make_docx(), "word/document.xml", chunks=100, chunk=b"\0" * 1_000_000)
    # Graft the bomb's compressed stream under the small entry's declared sizes: zipfile must
    # stop at the declared size (and fail the CRC), never inflate the whole stream.
    info_small = zipfile.ZipFile(io.BytesIO(small)).getinfo("word/document.xml")
    info_bomb = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml")

    def stream(data: bytes, info: zipfile.ZipInfo) -> bytes:
        header = info.header_offset
        name_len = int.from_bytes(data[header + 26 : header + 28], "little")
        extra_len = int.from_bytes(data[header + 28 : header + 30], "little")
        start = header + 30 + name_len + extra_len
        return data[start : start + info.compress_size]

    return small.replace(stream(small, info_small), stream(bomb, info_bomb)[: info_small.compress_size])


def make_deep_html(depth: int = DEEP) -> bytes:
    article = f"<article><h1>Seven boys freed in Takoradi</h1><p>{STORY_EN}</p></article>"
    return (
        f"<html><head><title>Seven boys freed</title></head><body>{article}"
        + "<div>" * depth
        + "inner"
        + "</div>" * depth
        + "</body></html>"
    ).encode()


def write_hostile(folder: Path) -> Path:
    """Write the hostile corpus (and two good documents) into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "good_en.txt": STORY_EN.encode(),
        "good_es.md": f"---\ntitle: Allanan una bodega en Maipú\ndate: 2022-03-10\n---\n\n{STORY_ES}\n".encode(),
        "truncated.pdf": make_pdf()[:900],
        "encrypted.pdf": make_encrypted_pdf(),
        "noise.pdf": b"%PDF-1.7\n" + os.urandom(3000),
        "bomb.docx": replace_part(
            make_docx(), "word/document.xml", chunks=100, chunk=b"<w:t>aaaa</w:t>" * 70_000
        ),
        "ratio_bomb.docx": replace_part(make_docx(), "word/document.xml", chunks=5, chunk=b" " * 1_000_000),
        "lying_bomb.docx": make_lying_bomb(),
        "deep_xml.docx": replace_part(
            make_docx(),
            "word/document.xml",
            b"<w:document>" + b"<w:p>" * DEEP_XML + b"</w:p>" * DEEP_XML + b"</w:document>",
        ),
        "entities.docx": replace_part(make_docx(), "word/document.xml", _billion_laughs()),
        "not_word.docx": _plain_zip(),
        "deep.html": make_deep_html(),
        "invalid_utf8.txt": STORY_EN.encode().replace(b"boys", b"b\xffo\xc3\x28ys"),
        "nul_bytes.txt": STORY_EN.encode().replace(b" ", b"\0"),
        "empty.txt": b"  \n\n\t ",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with (folder / "big.txt").open("wb") as handle:
        handle.truncate(BIG_BYTES)
    (folder / "loop.txt").symlink_to("loop.txt")
    if os.geteuid() == 0:
        # Root reads any file whatever its mode; /proc/self/mem is a regular file that refuses.
        (folder / "unreadable.txt").symlink_to("/proc/self/mem")
    else:
        (folder / "unreadable.txt").write_bytes(STORY_EN.encode())
        (folder / "unreadable.txt").chmod(0)
    os.mkfifo(folder / "pipe")
    return folder


def _billion_laughs() -> bytes:
    """A document.xml whose one entity would expand to a billion characters if resolved."""
    entities = '<!ENTITY e0 "aaaaaaaaaa">' + "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&e9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes/readme.txt", STORY_EN)
    return out.getvalue()

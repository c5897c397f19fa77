"""Tests for tipwatch/ingest/detect.py: the content decides the format, not the extension."""

import io
import random
import zipfile

import pytest
from fpdf import FPDF

from tipwatch.errors import IngestError, UnsupportedFormatError
from tipwatch.ingest.detect import decode_text, detect_format

HTML = b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Hola</p></body></html>"


def _pdf():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Relatorio de fiscalizacao")
    return bytes(pdf.output())


def test_detect_format_reads_a_pdf_named_txt_as_pdf():
    assert detect_format(_pdf(), "notes.txt") == ("pdf", None)


def test_detect_format_reads_html_named_pdf_as_html():
    fmt, text = detect_format(HTML, "report.pdf")
    assert fmt == "html"
    assert text is not None and "<p>Hola</p>" in text


def test_detect_format_refuses_random_bytes_named_pdf():
    data = random.Random(7).randbytes(4096)
    with pytest.raises(
        UnsupportedFormatError, match=r"binary data of unknown kind \(named \.pdf but it is not one\)"
    ) as info:
        detect_format(data, "report.pdf", "in/report.pdf")
    assert str(info.value).startswith("in/report.pdf: cannot read")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "legacy Office"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
        (b"\x1f\x8b\x08\x00" + bytes(32), "gzip"),
    ],
)
def test_detect_format_names_known_binary_kinds(data, what):
    with pytest.raises(UnsupportedFormatError, match=what):
        detect_format(data, "file.bin")


def test_detect_format_tells_docx_from_other_zip_archives():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert detect_format(buf.getvalue(), "a.bin")[0] == "docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("photos/a.jpg", "x")
    with pytest.raises(UnsupportedFormatError, match="ZIP archive; unpack it"):
        detect_format(buf.getvalue(), "photos.docx")


@pytest.mark.parametrize(
    ("text", "name", "fmt"),
    [
        ("---\ntitle: Nota\n---\nCorpo.", "post.txt", "markdown"),
        ("# Informe\n\nTexto.", "informe.md", "markdown"),
        ("Police in Tema freed nine boys.", "story.txt", "text"),
        ("Police in Tema freed nine boys.", "story", "text"),
    ],
)
def test_detect_format_picks_the_text_reader(text, name, fmt):
    assert detect_format(text.encode(), name)[0] == fmt


def test_decode_text_reads_utf16_and_windows_1252():
    assert decode_text("Ministério".encode("utf-16"), "a.txt") == "Ministério"
    assert decode_text("“Ministério”".encode("cp1252"), "a.txt") == "“Ministério”"
    assert decode_text(b"\xef\xbb\xbfPol\xc3\xadcia", "a.txt") == "Polícia"


def test_detect_format_calls_a_cut_docx_damaged():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>" * 200)
    with pytest.raises(IngestError, match="DOCX is damaged"):
        detect_format(buf.getvalue()[:300], "report.docx")

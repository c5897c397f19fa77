"""Tests for tipwatch/ingest/pdf.py: the text layer, damaged and encrypted files."""

import io

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from tipwatch.errors import EmptyDocumentError, IngestError
from tipwatch.ingest.pdf import read_pdf

REPORT = (
    "Labour inspectors in Salvador found 17 workers living in a shed on a cocoa farm near Ilheus. "
    "The workers, recruited in Vitoria da Conquista by a man known as Zeca, said they had not been "
    "paid for four months and owed the farm for food and tools."
)


def make_pdf(paragraphs, title="Inspection report: cocoa farms", author="Ministry of Labour, Bahia office"):
    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for para in paragraphs:
        pdf.multi_cell(120, 6, para)  # a narrow column: every paragraph wraps over several lines
        pdf.ln(6)
    return bytes(pdf.output())


def test_read_pdf_reads_the_text_layer_and_unwraps_lines():
    ex = read_pdf(make_pdf(["Inspection report", REPORT, "Inspector: Joana Prates Vilela"]), "r.pdf")
    assert REPORT in ex.body
    assert ex.body.startswith("Inspection report\nLabour inspectors")
    assert "Inspector: Joana Prates Vilela" in ex.body


def test_read_pdf_takes_title_and_author_from_the_info_dictionary():
    ex = read_pdf(make_pdf([REPORT]), "r.pdf")
    assert ex.title == "Inspection report: cocoa farms"
    assert ex.author == "Ministry of Labour, Bahia office"
    assert ex.meta["pages"] == 1
    assert ex.published is None  # the creation date is when the file was made, not published


def test_read_pdf_ignores_a_generated_title():
    ex = read_pdf(make_pdf([REPORT], title="Microsoft Word - report_v3.docx"), "r.pdf")
    assert ex.title is None


def test_read_pdf_refuses_a_truncated_file():
    data = make_pdf([REPORT] * 3)
    with pytest.raises(IngestError, match="truncated or damaged"):
        read_pdf(data[: len(data) // 3], "cut.pdf")


def test_read_pdf_refuses_a_password_protected_file():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([REPORT]))))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(IngestError, match="encrypted") as info:
        read_pdf(out.getvalue(), "locked.pdf")
    assert str(info.value).startswith("locked.pdf: ")
    assert "\n" not in str(info.value)


def test_read_pdf_opens_a_file_encrypted_with_an_empty_user_password():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([REPORT]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert REPORT in read_pdf(out.getvalue(), "nocopy.pdf").body


def test_read_pdf_refuses_a_scan_without_text_layer():
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    with pytest.raises(EmptyDocumentError, match="no text layer"):
        read_pdf(bytes(pdf.output()), "scan.pdf")

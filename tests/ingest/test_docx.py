"""Tests for tipwatch/ingest/docx.py: paragraphs and tables in order, core properties."""

import datetime as dt
import io

import docx
import pytest

from tipwatch.errors import IngestError
from tipwatch.ingest.docx import read_docx


def make_docx(title="Informe sobre trabajo forzoso en Salta", author="Lorena Paz Gutiérrez"):
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.created = dt.datetime(2009, 1, 5, 10, 0, 0)
    document.add_heading("Informe sobre trabajo forzoso en Salta", level=1)
    document.add_paragraph("Fecha de publicación: 12 de agosto de 2021")
    document.add_paragraph(
        "La inspección laboral encontró a 23 trabajadores en una finca tabacalera de Rosario de Lerma."
    )
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Finca"
    table.cell(0, 1).text = "Trabajadores"
    table.cell(1, 0).text = "La Calandria"
    table.cell(1, 1).text = "23"
    document.add_paragraph("El fiscal Martín Ocampo Ríos pidió la detención del encargado.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_read_docx_reads_paragraphs_and_tables_in_order():
    body = read_docx(make_docx(), "informe.docx").body
    assert body.split("\n\n") == [
        "Informe sobre trabajo forzoso en Salta",
        "Fecha de publicación: 12 de agosto de 2021",
        "La inspección laboral encontró a 23 trabajadores en una finca tabacalera de Rosario de Lerma.",
        "Finca | Trabajadores",
        "La Calandria | 23",
        "El fiscal Martín Ocampo Ríos pidió la detención del encargado.",
    ]


def test_read_docx_takes_title_and_author_but_not_created_as_published():
    ex = read_docx(make_docx(), "informe.docx")
    assert ex.title == "Informe sobre trabajo forzoso en Salta"
    assert ex.author == "Lorena Paz Gutiérrez"
    assert ex.meta["created"] == "2009-01-05"
    assert ex.published is None


def test_read_docx_refuses_a_damaged_file():
    data = make_docx()
    broken = data.replace(b"word/document.xml", b"word/documenX.xml")
    with pytest.raises(IngestError, match="DOCX is damaged"):
        read_docx(broken, "broken.docx")

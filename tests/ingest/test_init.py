"""Tests for tipwatch/ingest/__init__.py: read_file, read_bytes and iter_files."""

import hashlib
import os
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tipwatch.errors import EmptyDocumentError, IngestError, TooLargeError, UnsupportedFormatError
from tipwatch.ingest import iter_files, read_bytes, read_file
from tipwatch.settings import Settings

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
SETTINGS = Settings()


def test_read_file_returns_document_and_original_bytes():
    path = FIXTURES / "repost_es.txt"
    doc, data = read_file(path, SETTINGS)
    assert data == path.read_bytes()
    assert doc.id == hashlib.sha256(data).hexdigest()
    assert (doc.name, doc.path, doc.size, doc.format) == ("repost_es.txt", str(path), len(data), "text")
    assert doc.language == "es"
    assert doc.published == "2019-03-13"
    assert doc.title == "Rescatan a 12 jornaleras en una finca de Jalisco"


@pytest.mark.parametrize(
    ("name", "fmt", "language", "published", "title"),
    [
        ("cable_lima.txt", "cable", "en", "2009-03-14", "PERU: MINING TOWN RAIDS FREE FORCED LABORERS"),
        (
            "jekyll_pt.md",
            "markdown",
            "pt",
            "2016-09-12",
            "Auditores libertam 14 trabalhadores em fazenda de café no sul de Minas",
        ),
        (
            "page_en.html",
            "html",
            "en",
            "2021-03-18",
            "Lagos court jails recruiter who trafficked women to Beirut",
        ),
        ("br_page.html", "html", "en", None, "Shelter on the lake asks for more beds"),
    ],
)
def test_read_file_reads_each_format(name, fmt, language, published, title):
    doc, _ = read_file(FIXTURES / name, SETTINGS)
    assert (doc.format, doc.language, doc.published, doc.title) == (fmt, language, published, title)


def test_read_file_lays_out_the_header_before_the_body():
    doc, _ = read_file(FIXTURES / "jekyll_pt.md", SETTINGS)
    header, _, body = doc.text.partition("\n\n")
    assert header == (
        "Auditores libertam 14 trabalhadores em fazenda de café no sul de Minas\n"
        "Fiscalização do Ministério do Trabalho encontrou alojamentos sem água potável nem banheiros em Três Pontas."
    )
    assert body.startswith("Da Assessoria do Ministério Público do Trabalho")


def test_read_file_cable_text_has_subject_then_body():
    doc, _ = read_file(FIXTURES / "cable_lima.txt", SETTINGS)
    assert doc.text.startswith("PERU: MINING TOWN RAIDS FREE FORCED LABORERS\n\n¶1. (SBU) Summary:")
    assert doc.meta["from"] == "AMEMBASSY LIMA"
    assert doc.meta["published_source"] == "cable date-time group"


def test_read_file_checks_size_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(10_000_000)  # sparse: costs no disk, would cost memory if read
    with pytest.raises(TooLargeError, match="over the limit of 1000; raise TIPWATCH_MAX_BYTES"):
        read_file(path, Settings(max_bytes=1000))


def test_read_bytes_refuses_an_empty_file():
    with pytest.raises(EmptyDocumentError, match="empty"):
        read_bytes(b"  \n\t\n", "empty.txt", SETTINGS)


def test_read_bytes_refuses_random_bytes_with_one_line():
    with pytest.raises(UnsupportedFormatError) as info:
        read_bytes(random.Random(1).randbytes(4096), "noise.txt", SETTINGS, path="in/noise.txt")
    message = str(info.value)
    assert message.startswith("in/noise.txt: cannot read binary data")
    assert "\n" not in message


def test_read_bytes_refuses_a_page_of_only_wrapper():
    with pytest.raises(EmptyDocumentError, match="no text found"):
        read_bytes(b"Powered by Blogger\n\nRead More\n\n\xe2\x80\xa2\n", "wrapper.txt", SETTINGS)


def test_read_bytes_reads_html_named_pdf_as_html():
    page = (FIXTURES / "page_en.html").read_bytes()
    doc = read_bytes(page, "story.pdf", SETTINGS)
    assert doc.format == "html"
    assert "Tobiloba Fashanu-Reid" in doc.text


def test_read_file_names_a_missing_file(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        read_file(tmp_path / "gone.txt", SETTINGS)


def test_read_file_refuses_a_folder(tmp_path):
    with pytest.raises(IngestError, match="not a regular file"):
        read_file(tmp_path, SETTINGS)


def test_read_file_reports_an_unreadable_file(tmp_path):
    """A file the system refuses to read gives a one-line reason and no traceback.

    Root reads files whatever their mode, so as root the unreadable file is one the
    kernel refuses: /proc/self/mem is a regular file whose first page cannot be read.
    """
    if os.geteuid() == 0:
        path = Path("/proc/self/mem")
    else:
        path = tmp_path / "secret.txt"
        path.write_text("Police in Tema freed nine boys.")
        path.chmod(0)
    with pytest.raises(IngestError, match="cannot read|permission") as info:
        read_file(path, SETTINGS)
    assert "\n" not in str(info.value)


def test_iter_files_walks_folders_sorted_and_skips_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "b" / "1.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    found = list(iter_files([tmp_path]))
    assert found == [tmp_path / "a.txt", tmp_path / "b" / "1.txt", tmp_path / "b" / "2.txt"]


def test_iter_files_survives_a_symlink_loop(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "story.txt").write_text("x")
    (tmp_path / "d" / "loop").symlink_to(tmp_path)
    found = list(iter_files([tmp_path]))
    assert found == [tmp_path / "d" / "story.txt"]


def test_iter_files_yields_problems_and_goes_on(tmp_path):
    (tmp_path / "ok.txt").write_text("x")
    (tmp_path / "broken").symlink_to(tmp_path / "nowhere")
    found = list(iter_files([tmp_path / "missing", tmp_path]))
    assert isinstance(found[0], IngestError) and "no such file" in str(found[0])
    assert isinstance(found[1], IngestError) and found[1].path == str(tmp_path / "broken")
    assert found[2] == tmp_path / "ok.txt"


def test_iter_files_yields_a_fifo_as_a_problem(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (found,) = list(iter_files([tmp_path]))
    assert isinstance(found, IngestError) and "not a regular file" in found.reason


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=600),
        st.text(alphabet=st.sampled_from(list("ab <>/p&;#\n-:é’\x93*![]()")), max_size=300).map(str.encode),
        st.sampled_from(
            [b"%PDF-1.4\n", b"PK\x03\x04", b"---\ntitle: x\n---\n", b"<html><body>", b"\xff\xfe"]
        ).flatmap(lambda head: st.binary(max_size=300).map(lambda tail: head + tail)),
    )
)
def test_read_bytes_gives_a_document_or_an_ingest_error(data):
    try:
        doc = read_bytes(data, "fuzz.txt", SETTINGS)
    except IngestError as exc:
        assert "\n" not in str(exc)
    else:
        assert doc.text.strip()

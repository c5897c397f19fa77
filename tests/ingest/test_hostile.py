"""Hostile input never crashes or hangs ingest: every bad file gives a document or one line why.

The corpus is written by ``hostile.write_hostile`` at set-up (nothing binary is committed);
hypothesis adds damaged PDFs, DOCX files and pages built from valid ones.
"""

import hashlib
import re
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tipwatch.errors import IngestError
from tipwatch.ingest import iter_files, read_bytes, read_file
from tipwatch.settings import Settings

from .hostile import EXPECTED, STORY_EN, make_deep_html, make_docx, make_pdf, replace_part, write_hostile

LIMITS = Settings(max_seconds=20)  # generous: a hang shows as a TimeLimitError, not a stuck run


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return write_hostile(tmp_path_factory.mktemp("hostile"))


def _outcome(item, settings=LIMITS):
    """What ingest makes of one item of iter_files: (document or None, reason or None)."""
    if isinstance(item, IngestError):
        return None, item.reason
    try:
        doc, _ = read_file(item, settings)
    except IngestError as exc:
        assert "\n" not in str(exc)
        return None, exc.reason
    return doc, None


def _name(item):
    return Path(item.path).name if isinstance(item, IngestError) else item.name


def test_hostile_corpus_has_every_expected_file(hostile):
    assert sorted(p.name for p in hostile.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_gives_a_document_or_one_line(hostile, name):
    items = [i for i in iter_files([hostile]) if _name(i) == name]
    assert len(items) == 1
    started = time.monotonic()
    doc, reason = _outcome(items[0])
    assert time.monotonic() - started < 10
    expected = EXPECTED[name]
    if expected is None:
        assert reason is None and doc.text.strip()
    else:
        assert doc is None and re.search(expected, reason), reason


def test_hostile_deep_html_keeps_the_article():
    doc = read_bytes(make_deep_html(), "deep.html", LIMITS)
    assert "Kofi Asante-Mireku was arrested" in doc.text


def test_hostile_big_file_is_refused_before_reading(hostile):
    started = time.monotonic()
    _, reason = _outcome(hostile / "big.txt")
    assert time.monotonic() - started < 0.1  # stat, not 200 MB of reading
    assert reason.startswith("209715200 bytes is over the limit")


def test_hostile_file_that_changes_while_read(tmp_path):
    """A file rewritten while ingest reads it gives the document of what was read, or one line.

    Most changes are caught (size, inode or modification time differ after the read); how
    many depends on thread scheduling, so only the invariants are asserted.
    """
    path = tmp_path / "growing.txt"
    versions = [(STORY_EN + "\n\n" + "More from the harbour. " * n).encode() for n in range(0, 4000, 400)]
    path.write_bytes(versions[0])
    stop = threading.Event()

    def rewrite():
        i = 0
        while not stop.is_set():
            i = (i + 1) % len(versions)
            with path.open("r+b") as handle:  # in place, as an editor or a download does
                handle.write(versions[i])
                handle.truncate()

    writer = threading.Thread(target=rewrite)
    writer.start()
    outcomes = {"document": 0, "refused": 0}
    try:
        for _ in range(200):
            try:
                doc, data = read_file(path, LIMITS)
            except IngestError as exc:
                assert "\n" not in str(exc)
                assert re.search("changed while it was read|empty|no text", exc.reason), exc.reason
                outcomes["refused"] += 1
            else:
                # The document is exactly the bytes read. A rewrite that keeps the size within one
                # tick of the file system's clock is not seen, so a torn read can pass: here every
                # state of the file is a prefix of the longest version, and so is what was read.
                assert doc.id == hashlib.sha256(data).hexdigest()
                assert versions[-1].startswith(data)
                outcomes["document"] += 1
    finally:
        stop.set()
        writer.join()
    assert sum(outcomes.values()) == 200


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_hostile_file_whose_size_changes_under_the_reader_is_refused():
    """/proc/self/status says 0 bytes and reads as more: what was read is not what was there."""
    with pytest.raises(IngestError, match="changed while it was read"):
        read_file(Path("/proc/self/status"), LIMITS)


# -- hypothesis: damaged versions of valid files, per format ------------------------------------

PDF = make_pdf()
DOCX = make_docx()
FUZZ = hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_document_or_one_line(data: bytes, name: str) -> None:
    try:
        doc = read_bytes(data, name, LIMITS)
    except IngestError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(f"{name}: ")
    else:
        assert doc.text.strip()


@st.composite
def damaged(draw, data: bytes) -> bytes:
    """``data`` cut short, with bytes overwritten, or with random bytes spliced in."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        action = draw(st.sampled_from(["cut", "overwrite", "insert", "delete"]))
        noise = draw(st.binary(min_size=1, max_size=64))
        if action == "cut":
            del out[at:]
        elif action == "overwrite":
            out[at : at + len(noise)] = noise
        elif action == "insert":
            out[at:at] = noise
        else:
            del out[at : at + len(noise)]
    return bytes(out)


@FUZZ
@given(damaged(PDF))
def test_fuzz_damaged_pdf(data):
    _assert_document_or_one_line(data, "fuzz.pdf")


@FUZZ
@given(damaged(DOCX))
def test_fuzz_damaged_docx_bytes(data):
    _assert_document_or_one_line(data, "fuzz.docx")


_XML_PIECES = [
    "<w:p>",
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:tbl>",
    "<w:tr>",
    "<w:tc>",
    "&amp;",
    "&x;",
    "<!--",
    "]]>",
    "Takoradi",
    " ",
    "\0",
]


@FUZZ
@given(st.lists(st.sampled_from(_XML_PIECES), max_size=200))
def test_fuzz_docx_with_random_document_xml(pieces):
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(pieces)
        + "</w:body></w:document>"
    )
    _assert_document_or_one_line(replace_part(DOCX, "word/document.xml", xml.encode()), "fuzz.docx")


_HTML_PIECES = [
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<table><tr><td>",
    "<script>",
    "</script>",
    "<br>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&#0;",
    "&#xD800;",
    "<meta charset='utf-7'>",
    STORY_EN[:80],
    "\xff",
    "<",
]


@FUZZ
@given(st.lists(st.sampled_from(_HTML_PIECES), max_size=300), st.integers(0, 3000))
def test_fuzz_html_pieces_and_nesting(pieces, depth):
    page = "<html><body>" + "".join(pieces) + "<div>" * depth + "</body></html>"
    _assert_document_or_one_line(page.encode("utf-8", "surrogatepass"), "fuzz.html")


@FUZZ
@given(
    st.binary(max_size=2000), st.sampled_from(["fuzz.txt", "fuzz.md", "fuzz.html", "fuzz.pdf", "fuzz.docx"])
)
def test_fuzz_random_bytes_under_any_name(data, name):
    if data.strip():
        _assert_document_or_one_line(data, name)

"""Tests for demo/build.py: every format is written, PDF and DOCX carry their text, output is stable."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

SCRIPT = Path(__file__).resolve().parents[2] / "demo" / "build.py"


def load_build():
    """demo/ is not a package: load build.py from its path."""
    spec = importlib.util.spec_from_file_location("demo_build", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build = load_build()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("demo")
    return {p.name: p for p in build.build(out)}


def body_of(source: Path) -> list[str]:
    return build.parse_source(source).paragraphs


def test_build_writes_every_format(built):
    suffixes = {Path(name).suffix for name in built}
    assert {".txt", ".html", ".md", ".pdf", ".docx"} <= suffixes
    assert all(p.is_file() and p.stat().st_size > 0 for p in built.values())


def test_build_includes_a_cable_with_routing_lines_and_date_time_group(built):
    cables = [
        p
        for n, p in built.items()
        if n.endswith(".txt") and "\nFM AMEMBASSY " in p.read_text(encoding="utf-8")
    ]
    assert cables
    text = cables[0].read_text(encoding="utf-8")
    for marker in ("\nDE ", "\nTO ", "\nINFO ", "\nTAGS: ", "\nSUBJECT: ", "R 141530Z MAR 19", "¶1."):
        assert marker in text


def test_build_has_three_documents_per_language(built):
    for lang in ("en", "es", "pt"):
        assert sum(name.startswith(f"{lang}_") for name in built) >= 3


@pytest.mark.parametrize("source", sorted(build.SOURCES.glob("*.pdf.txt")), ids=lambda p: p.name)
def test_build_pdf_has_a_text_layer_and_metadata(built, source):
    reader = PdfReader(built[source.name.removesuffix(".txt")])
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for para in body_of(source):
        assert para in text
    meta = build.parse_source(source)
    assert reader.metadata.title == meta.title
    assert reader.metadata.author == meta.author


@pytest.mark.parametrize("source", sorted(build.SOURCES.glob("*.docx.txt")), ids=lambda p: p.name)
def test_build_docx_holds_the_paragraphs_and_metadata(built, source):
    document = docx.Document(str(built[source.name.removesuffix(".txt")]))
    assert [p.text for p in document.paragraphs] == body_of(source)
    assert document.paragraphs[0].style.name == "Heading 1"
    assert document.core_properties.title == build.parse_source(source).title


def test_build_is_byte_for_byte_reproducible(built, tmp_path):
    again = {p.name: p.read_bytes() for p in build.build(tmp_path)}
    assert again == {name: p.read_bytes() for name, p in built.items()}


def test_build_documents_share_people_and_the_search_finds_spanish_hits(built):
    def text(p: Path) -> str:
        if p.suffix == ".pdf":
            return " ".join(page.extract_text() for page in PdfReader(p).pages)
        if p.suffix == ".docx":
            return "\n".join(par.text for par in docx.Document(str(p)).paragraphs)
        return p.read_text(encoding="utf-8")

    texts = {name: text(p) for name, p in built.items()}
    leader = [n for n, t in texts.items() if "Villalba Ruiz" in t]
    assert len(leader) >= 8 and {".pdf", ".docx"} <= {Path(n).suffix for n in leader}
    assert sum("trata de personas" in t.lower() for t in texts.values()) >= 3


def test_build_rejects_a_pdf_source_outside_latin1(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "bad.pdf.txt").write_text(
        "Title: T\nAuthor: A\nDate: 2020-01-01\n\nA dash \u2014 here.\n", encoding="utf-8"
    )
    with pytest.raises(build.SourceError, match="bad.pdf.txt: .*outside Latin-1"):
        build.build(tmp_path / "out", sources)


@pytest.mark.parametrize(
    "header, problem",
    [
        ("Title: T\nAuthor: A", "lacks Date"),
        ("Title: T\nAuthor: A\nDate: March 2020", "not YYYY-MM-DD"),
        ("Subject: S", "not one of"),
    ],
)
def test_build_rejects_a_bad_header(tmp_path, header, problem):
    src = tmp_path / "x.docx.txt"
    src.write_text(f"{header}\n\nBody.\n", encoding="utf-8")
    with pytest.raises(build.SourceError, match=problem):
        build.parse_source(src)


def test_build_script_prints_nothing_on_success(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "out")], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert len(list((tmp_path / "out").iterdir())) == len(list(build.SOURCES.iterdir()))


def test_build_script_without_argument_prints_usage_and_fails():
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == "" and "usage" in done.stderr

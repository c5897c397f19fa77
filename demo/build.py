"""Build the demo corpus for ``make demo``: ``python demo/build.py OUT_DIR``.

``demo/sources/`` holds ten short fictional documents in English, Spanish and Portuguese about one
invented case (a trafficking ring run from Ciudad del Este), so that the same people and bodies
recur across documents and formats. This script turns them into the files that ``tipwatch ingest``
reads, in OUT_DIR (created if missing; existing files of the same name are replaced):

- ``*.txt``, ``*.html``, ``*.md`` (plain news, a US cable, web pages with navigation and footer,
  Markdown with YAML front matter) are copied unchanged;
- ``NAME.pdf.txt`` becomes ``NAME.pdf`` (fpdf2, with a real text layer) and ``NAME.docx.txt``
  becomes ``NAME.docx`` (python-docx).

A PDF or DOCX source starts with ``Key: value`` lines (``Title``, ``Author``, ``Date`` as
YYYY-MM-DD), then a blank line, then paragraphs separated by blank lines. The header becomes the
file's metadata (PDF info dictionary, DOCX core properties); the paragraphs become the body.

The output is the same bytes on every run: the metadata dates come from the ``Date`` header, and
DOCX zip entries get a fixed timestamp. PDFs use fpdf2's built-in Helvetica, which embeds no font
file and so does not depend on the fonts a machine has installed; it covers Latin-1, which holds
every Spanish and Portuguese letter, and a PDF source with a character outside Latin-1 is an error.

Prints nothing on success; on a bad source it prints one line ``source: problem`` to stderr and
exits with status 1.
"""

from __future__ import annotations

import io
import shutil
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "sources"
COPIED = (".txt", ".html", ".md")
HEADER_KEYS = ("Title", "Author", "Date")
# The zip format cannot store dates before 1980; any fixed value makes DOCX output reproducible.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class SourceError(Exception):
    """A demo source that cannot be rendered; the message names the file and the fix."""


@dataclass(frozen=True)
class Rendered:
    """A PDF or DOCX source, parsed: metadata from the header and the body paragraphs."""

    title: str
    author: str
    date: datetime
    paragraphs: list[str]


def parse_source(path: Path) -> Rendered:
    """Split a ``.pdf.txt`` / ``.docx.txt`` source into its header and paragraphs."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n\n")
    if not sep:
        raise SourceError(f"{path.name}: no blank line after the header; add one before the body")
    meta: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if not colon or key.strip() not in HEADER_KEYS:
            raise SourceError(f"{path.name}: header line {line!r} is not one of {', '.join(HEADER_KEYS)}")
        meta[key.strip()] = value.strip()
    missing = [k for k in HEADER_KEYS if not meta.get(k)]
    if missing:
        raise SourceError(f"{path.name}: header lacks {', '.join(missing)}")
    try:
        date = datetime.strptime(meta["Date"], "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise SourceError(f"{path.name}: Date {meta['Date']!r} is not YYYY-MM-DD") from None
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    if not paragraphs:
        raise SourceError(f"{path.name}: the body is empty; add paragraphs after the header")
    return Rendered(meta["Title"], meta["Author"], date, paragraphs)


def render_pdf(doc: Rendered, name: str) -> bytes:
    """An A4 PDF whose text layer holds the paragraphs, the first one set as a heading."""
    from fpdf import FPDF

    for para in [doc.title, doc.author, *doc.paragraphs]:
        try:
            para.encode("latin-1")
        except UnicodeEncodeError as exc:
            bad = para[exc.start]
            raise SourceError(
                f"{name}: {bad!r} is outside Latin-1; replace it (the PDF uses Helvetica)"
            ) from None
    pdf = FPDF(format="A4")
    pdf.set_title(doc.title)
    pdf.set_author(doc.author)
    pdf.set_creator("tipwatch demo/build.py")
    pdf.set_creation_date(doc.date)
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    heading, *rest = doc.paragraphs
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.multi_cell(0, 7, heading)
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    for para in rest:
        pdf.multi_cell(0, 6, para)
        pdf.ln(3)
    return bytes(pdf.output())


def render_docx(doc: Rendered) -> bytes:
    """A DOCX with the first paragraph as a heading, its zip entries stamped with a fixed time."""
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = doc.title
    props.author = doc.author
    props.last_modified_by = doc.author
    props.created = doc.date.replace(tzinfo=None)
    props.modified = doc.date.replace(tzinfo=None)
    props.revision = 1
    heading, *rest = doc.paragraphs
    document.add_heading(heading, level=1)
    for para in rest:
        document.add_paragraph(para)
    raw = io.BytesIO()
    document.save(raw)
    return restamp_zip(raw.getvalue())


def restamp_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed, so that two builds give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build(out_dir: Path, sources: Path = SOURCES) -> list[Path]:
    """Write every demo document into out_dir and return the paths written, in name order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for src in sorted(p for p in sources.iterdir() if p.is_file()):
        if src.name.endswith(".pdf.txt"):
            target = out_dir / src.name.removesuffix(".txt")
            target.write_bytes(render_pdf(parse_source(src), src.name))
        elif src.name.endswith(".docx.txt"):
            target = out_dir / src.name.removesuffix(".txt")
            target.write_bytes(render_docx(parse_source(src)))
        elif src.suffix in COPIED:
            target = out_dir / src.name
            shutil.copyfile(src, target)
        else:
            raise SourceError(
                f"{src.name}: unknown demo source type; use .txt, .html, .md, .pdf.txt or .docx.txt"
            )
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    """Command line entry: one argument, the output folder."""
    if len(argv) != 2:
        print("usage: python demo/build.py OUT_DIR", file=sys.stderr)
        return 2
    try:
        build(Path(argv[1]))
    except (SourceError, OSError) as exc:
        print(f"demo/build.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

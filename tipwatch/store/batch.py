"""The batch loop: paths -> documents + facts in the store, one Outcome per file.

This is the one place that catches per-document errors (STYLE.md section 3): a file that
cannot be read or whose extraction fails is reported as that file's Outcome, in one line,
and the batch goes on. Everything below this loop raises. A document is written with its
facts in one transaction, so nothing already stored changes when a file fails.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from ..errors import ExtractionError, IngestError, TipwatchError
from ..ingest import iter_files, read_file
from ..ingest.limits import time_limit
from ..model import Document, Facts
from ..settings import Settings
from .base import Store

log = logging.getLogger(__name__)

Status = Literal["added", "duplicate", "failed", "extracted"]


class FactExtractor(Protocol):
    """What the loop needs of an extractor (``tipwatch.extract.Extractor`` is one)."""

    def extract(self, doc: Document) -> Facts: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one file of a batch."""

    path: str
    status: Status
    doc_id: str | None = None
    reason: str | None = None
    title: str | None = None
    language: str | None = None
    published: str | None = None
    facts: Facts | None = None  # set by extract_items, which stores nothing

    @property
    def is_failed(self) -> bool:
        return self.status == "failed"

    def summary(self) -> str:
        """One line: ``path: reason`` for a failure, else what was stored."""
        if self.status == "failed":
            return f"{self.path}: {self.reason}"
        short = (self.doc_id or "")[:12]
        if self.status == "duplicate":
            return f"{self.path}: already stored as {short}"
        about = ", ".join(x for x in (self.language, self.published) if x)
        title = f" {self.title!r}" if self.title else ""
        return f"{self.path}: {self.status} {short}{title}" + (f" ({about})" if about else "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def extract_facts(extractor: FactExtractor, doc: Document) -> Facts:
    """The extractor's facts for one document; any failure becomes an ExtractionError.

    An extractor is a large piece of rule and model code; an unexpected exception on one odd
    document must not end a batch of thousands, so it is turned into that document's error
    (with the traceback in the debug log).
    """
    try:
        return extractor.extract(doc)
    except TipwatchError:
        raise
    except Exception as exc:
        log.debug("extraction of %s failed", doc.name, exc_info=True)
        raise ExtractionError(doc.name, _one_line(f"{type(exc).__name__}: {exc}")) from exc


def _failure_reason(exc: BaseException) -> str:
    if isinstance(exc, IngestError):
        return _one_line(exc.reason)
    if isinstance(exc, ExtractionError):
        return _one_line(f"extraction failed: {exc.reason}")
    return _one_line(str(exc))


def ingest_file(store: Store, path: Path, settings: Settings, extractor: FactExtractor | None) -> Outcome:
    """Read, extract and store one file. Raises IngestError/ExtractionError for this file.

    A document already stored is not extracted again. With ``extractor=None`` the document
    is stored without facts (``bench/ingest.py --no-extract``). Reading and extracting
    together get ``settings.max_seconds`` (TimeLimitError, an IngestError, past it).
    """
    # One time budget (TIPWATCH_MAX_SECONDS) for reading and extracting; the write is outside
    # it, so a limit never fires inside a transaction.
    with time_limit(settings.max_seconds, str(path)):
        doc, raw = read_file(path, settings)
        if store.has_document(doc.id):
            return Outcome(
                str(path),
                "duplicate",
                doc.id,
                title=doc.title,
                language=doc.language,
                published=doc.published,
            )
        facts = extract_facts(extractor, doc) if extractor is not None else None
    added = store.add_document(doc, raw, facts)
    status: Status = "added" if added else "duplicate"  # another process may have stored it meanwhile
    return Outcome(str(path), status, doc.id, title=doc.title, language=doc.language, published=doc.published)


def ingest_items(
    store: Store,
    items: Iterable[Path | IngestError],
    settings: Settings,
    extractor: FactExtractor | None,
) -> Iterator[Outcome]:
    """The loop over what ``iter_files`` yields: one Outcome per item, the batch going on past failures."""
    for item in items:
        if isinstance(item, IngestError):
            yield Outcome(item.path, "failed", reason=_failure_reason(item))
            continue
        try:
            yield ingest_file(store, item, settings, extractor)
        except (IngestError, ExtractionError) as exc:
            yield Outcome(str(item), "failed", reason=_failure_reason(exc))
        except TipwatchError:
            raise  # a store or configuration error is not this file's fault: stop the batch
        except Exception as exc:
            # A reader that breaks on odd bytes must not end the batch either; the reason
            # names the exception, the debug log has the traceback.
            log.debug("reading %s failed", item, exc_info=True)
            yield Outcome(str(item), "failed", reason=_one_line(f"cannot read: {type(exc).__name__}: {exc}"))


def extract_items(
    items: Iterable[Path | IngestError], settings: Settings, extractor: FactExtractor
) -> Iterator[Outcome]:
    """Read and extract without a store (``tipwatch extract``): one Outcome with facts per file."""
    for item in items:
        if isinstance(item, IngestError):
            yield Outcome(item.path, "failed", reason=_failure_reason(item))
            continue
        try:
            with time_limit(settings.max_seconds, str(item)):
                doc, _raw = read_file(item, settings)
                facts = extract_facts(extractor, doc)
        except (IngestError, ExtractionError) as exc:
            yield Outcome(str(item), "failed", reason=_failure_reason(exc))
            continue
        except TipwatchError:
            raise
        except Exception as exc:
            log.debug("reading %s failed", item, exc_info=True)
            yield Outcome(str(item), "failed", reason=_one_line(f"cannot read: {type(exc).__name__}: {exc}"))
            continue
        yield Outcome(
            str(item),
            "extracted",
            doc.id,
            title=doc.title,
            language=doc.language,
            published=doc.published,
            facts=facts,
        )


def ingest_paths(
    store: Store, paths: Iterable[Path], settings: Settings, extractor: FactExtractor | None
) -> Iterator[Outcome]:
    """Ingest files and folders (recursively) into the store; one Outcome per file."""
    return ingest_items(store, iter_files(paths), settings, extractor)


__all__ = [
    "FactExtractor",
    "Outcome",
    "extract_facts",
    "extract_items",
    "ingest_file",
    "ingest_items",
    "ingest_paths",
]

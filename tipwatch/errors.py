"""Errors of tipwatch, all rooted in TipwatchError.

    TipwatchError
    ├── ConfigError            a setting or environment variable is wrong
    ├── IngestError            a file cannot be read into a Document
    │   ├── EmptyDocumentError     no text could be found
    │   ├── UnsupportedFormatError the bytes are of a kind we do not read
    │   ├── TooLargeError          the file is over TIPWATCH_MAX_BYTES
    │   └── TimeLimitError         reading it took longer than TIPWATCH_MAX_SECONDS
    ├── ExtractionError        a Document could not be turned into Facts
    ├── ResolveError           entity resolution failed
    ├── StoreError             the store cannot be opened, read or written
    │   └── SchemaVersionError     the store was written by a newer tipwatch
    └── NotFoundError          a document, entity or case id does not exist

Every message names the input, the problem and, where there is one, the fix, in one line.
"""

from __future__ import annotations

from pathlib import Path


class TipwatchError(Exception):
    """Root of every error tipwatch raises on purpose."""


class ConfigError(TipwatchError):
    """A setting is missing or malformed."""


class IngestError(TipwatchError):
    """A file could not be read into a Document."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class EmptyDocumentError(IngestError):
    """The file holds no readable text."""

    def __init__(self, path: Path | str, detail: str = "no text found") -> None:
        super().__init__(path, detail)


class UnsupportedFormatError(IngestError):
    """The bytes are of a kind tipwatch does not read."""

    def __init__(self, path: Path | str, what: str) -> None:
        super().__init__(
            path, f"cannot read {what}; tipwatch reads text, HTML, PDF, DOCX, Markdown and cables"
        )
        self.what = what


class TooLargeError(IngestError):
    """The file is larger than the configured limit."""

    def __init__(self, path: Path | str, size: int, limit: int) -> None:
        super().__init__(path, f"{size} bytes is over the limit of {limit}; raise TIPWATCH_MAX_BYTES")
        self.size, self.limit = size, limit


class TimeLimitError(IngestError):
    """Reading (and extracting) one file took longer than the configured limit."""

    def __init__(self, path: Path | str, seconds: float) -> None:
        super().__init__(
            path,
            f"gave up after {seconds:g} seconds (the limit); raise TIPWATCH_MAX_SECONDS or split the file",
        )
        self.seconds = seconds


class ExtractionError(TipwatchError):
    """Facts could not be extracted from a Document."""

    def __init__(self, doc: str, reason: str) -> None:
        super().__init__(f"{doc}: extraction failed: {reason}")
        self.doc = doc
        self.reason = reason


class ResolveError(TipwatchError):
    """Entity resolution failed."""


class StoreError(TipwatchError):
    """The store cannot be opened, read or written."""


class SchemaVersionError(StoreError):
    """The store's schema is newer than this tipwatch understands."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"store schema version {found} is newer than this tipwatch ({known}); upgrade tipwatch"
        )
        self.found, self.known = found, known


class NotFoundError(TipwatchError):
    """An id names nothing in the store."""

    def __init__(self, what: str, ident: str) -> None:
        super().__init__(f"no {what} with id {ident!r}")
        self.what, self.ident = what, ident

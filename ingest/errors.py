"""Errors of the ingestion stage: one base, precise subclasses, each naming its file.

Rule (as pypdf writes it down): a file we cannot read *raises* one of these; the
batch driver catches it, records the file as failed with the one-line message
and goes on. A traceback from ingestion means a bug, never bad input.
"""
from __future__ import annotations

from pathlib import Path

from ingest.names import display


class IngestError(Exception):
    """A file could not be ingested; ``str(err)`` is one line naming file and reason."""

    reason = "could not be ingested"

    def __init__(self, path: str | Path, detail: str = "") -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(f"{display(self.path.name)}: {self.reason}{': ' + detail if detail else ''}")


class UnsupportedFileError(IngestError):
    """The extension is not one kamerzoek reads (.pdf, .txt, .md, .html)."""

    reason = "unsupported file type"


class NotRegularFileError(IngestError):
    """A FIFO, socket, device or folder where a file was expected: never read."""

    reason = "not a regular file"


class FileTooLargeError(IngestError):
    """The file is larger than the configured limit (KAMERZOEK_MAX_FILE_MB)."""

    reason = "file too large"


class EmptyFileError(IngestError):
    """The file is empty or holds no text."""

    reason = "empty file"


class BinaryFileError(IngestError):
    """A text file that is not text (binary junk)."""

    reason = "not a text file (binary content)"


class CorruptPdfError(IngestError):
    """pypdf cannot read the PDF."""

    reason = "corrupt or unreadable PDF"


class EncryptedPdfError(IngestError):
    """The PDF is encrypted and cannot be opened without a password."""

    reason = "encrypted PDF"


class ManifestError(IngestError):
    """The corpus manifest is not valid JSON or holds a malformed entry."""

    reason = "invalid manifest"


class MalformedDocumentError(IngestError):
    """An HTML or XML file whose markup cannot be parsed."""

    reason = "malformed markup"


class UnknownSchemaError(IngestError):
    """An XML file that is not an official publication (``<officiele-publicatie>``) kamerzoek reads."""

    reason = "unsupported XML schema"


class OcrUnavailableError(IngestError):
    """A scanned page needs OCR, and Tesseract (or its Dutch language data) is not installed."""

    reason = "scanned pages need Tesseract OCR"

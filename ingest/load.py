"""Load one file into a ``Document``: dispatch on the extension, decode, detect bad input.

Bad input raises an ``IngestError`` subclass whose message is one line naming the
file and the reason; the batch driver records it and goes on with the next file.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.errors import BinaryFileError, EmptyFileError, IngestError, UnsupportedFileError
from ingest.layout import Assembled
from ingest.manifest import MANIFEST_NAME
from ingest.markdown import parse_markdown
from ingest.metadata import from_lines, merge_metadata
from ingest.models import Document, DocumentMetadata
from ingest.publication_xml import is_metadata_file
from ingest.text import parse_text

SUPPORTED_SUFFIXES: tuple[str, ...] = (".pdf", ".txt", ".md", ".html", ".htm", ".xhtml", ".xml")
_MARKDOWN_HINT = re.compile(r"<sup>\s*\d+\s*</sup>|^#{1,6}\s+\S", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def discover(paths: list[Path]) -> list[Path]:
    """Files to ingest: directories expanded (sorted, recursive), hidden files and the manifest skipped.

    Unsupported files are kept so that they get reported, not silently dropped.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file())
            candidates = [p for p in candidates
                          if not any(part.startswith(".") for part in p.relative_to(path).parts)]
        else:
            candidates = [path]
        for candidate in candidates:
            if candidate.name == MANIFEST_NAME or (candidate.name.startswith(".") and path.is_dir()):
                continue
            if is_metadata_file(candidate):  # read beside its publication (ingest/publication_xml.py)
                continue
            if candidate not in found:
                found.append(candidate)
    return found


def decode_text(raw: bytes, path: Path) -> str:
    """Bytes of a text file → str: UTF-8 (BOM allowed), else Windows-1252; binary junk refused."""
    if b"\x00" in raw:
        raise BinaryFileError(path, "contains NUL bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        if text.count("\ufffd") > max(2, len(text) // 100):
            raise BinaryFileError(path, "neither UTF-8 nor Windows-1252 text") from None
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) // 100):
        raise BinaryFileError(path, f"{controls} control characters")
    return text


def _parse(path: Path, raw: bytes) -> tuple[str, Assembled, DocumentMetadata]:
    """(kind, parsed body, metadata stated by the document itself), by the file's extension."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from ingest.pdf import parse_pdf

        parsed = parse_pdf(raw, path)
        return "pdf", parsed.assembled, parsed.metadata
    if suffix == ".xml":
        from ingest.publication_xml import parse_publication_xml

        assembled, meta = parse_publication_xml(raw, path)
        return "xml", assembled, meta
    if suffix in (".html", ".htm", ".xhtml"):
        from ingest.html import parse_html

        assembled, meta = parse_html(raw, path)
        return "html", assembled, meta
    text = decode_text(raw, path)
    if not text.strip():
        raise EmptyFileError(path, "only whitespace")
    if suffix == ".md" or _MARKDOWN_HINT.search(text):
        assembled, meta = parse_markdown(text)
        return "markdown", assembled, meta
    assembled = parse_text(text)
    paragraphs = [p.text for p in assembled.paragraphs]
    return "text", assembled, from_lines(paragraphs[:12] + paragraphs[12:][-4:])


def _sidecar(path: Path, stated: DocumentMetadata) -> DocumentMetadata:
    """The official ``metadata.xml`` beside a file: ``NAME.metadata.xml``, or ``metadata.xml``
    in the same folder when it describes this publication (or the folder holds only this one)."""
    from ingest.publication_xml import METADATA_SUFFIX, read_metadata_xml

    named = path.with_name(path.stem + METADATA_SUFFIX)
    if named.is_file():
        return read_metadata_xml(named)
    shared = path.with_name("metadata.xml")
    if not shared.is_file():
        return DocumentMetadata()
    meta = read_metadata_xml(shared)
    siblings = [p for p in path.parent.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and p.name.lower() != "metadata.xml" and not p.name.lower().endswith(METADATA_SUFFIX)]
    ours = meta.publication_id and meta.publication_id in (stated.publication_id, path.stem)
    return meta if ours or len({p.stem for p in siblings}) == 1 else DocumentMetadata()


def load_document(path: Path, manifest: dict[str, DocumentMetadata] | None = None) -> Document:
    """Parse ``path`` into a ``Document``; the manifest entry (by file name) supplies metadata."""
    path = Path(path)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedFileError(
            path, f"'{path.suffix or path.name}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise EmptyFileError(path)
    kind, assembled, stated = _parse(path, raw)
    if not assembled.text.strip():
        raise EmptyFileError(path, "no body text found")
    metadata = merge_metadata(merge_metadata((manifest or {}).get(path.name, DocumentMetadata()),
                                             _sidecar(path, stated)), stated)
    return Document(
        source=path.name,
        kind=kind,
        metadata=metadata,
        text=assembled.text,
        pages=assembled.pages,
        paragraphs=assembled.paragraphs,
        headings=assembled.headings,
        footnotes=assembled.footnotes,
        markers=assembled.markers,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )

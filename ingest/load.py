"""Load one file into a ``Document``: dispatch on the extension, decode, detect bad input.

Bad input raises an ``IngestError`` subclass whose message is one line naming the
file and the reason; the batch driver records it and goes on with the next file.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import (BinaryFileError, EmptyFileError, FileTooLargeError, IngestError,
                           NotRegularFileError, UnsupportedFileError)
from ingest.html import parse_html
from ingest.layout import Assembled
from ingest.manifest import MANIFEST_NAME
from ingest.markdown import parse_markdown
from ingest.metadata import from_lines, merge_metadata
from ingest.models import Document, DocumentMetadata
from ingest.names import display
from ingest.pdf import parse_pdf
from ingest.publication_xml import METADATA_SUFFIX, is_metadata_file, parse_publication_xml, read_metadata_xml
from ingest.text import parse_text

SUPPORTED_SUFFIXES: tuple[str, ...] = (".pdf", ".txt", ".md", ".html", ".htm", ".xhtml", ".xml")
_MARKDOWN_HINT = re.compile(r"<sup>\s*\d+\s*</sup>|^#{1,6}\s+\S", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Skipped:
    """An entry of a scanned folder that is not read, and why (shown in the ingest report)."""

    path: Path
    reason: str

    @property
    def message(self) -> str:
        return f"{display(self.path)}: skipped: {self.reason}"


@dataclass
class Scan:
    """What ``scan`` found: the files to ingest and the entries it skipped."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def discover(paths: list[Path]) -> list[Path]:
    """The files to ingest under ``paths`` (see ``scan``; the skipped entries are dropped)."""
    return scan(paths).files


def scan(paths: list[Path]) -> Scan:
    """Files to ingest: directories expanded (sorted, recursive), hidden entries and the manifest left out.

    Inside a directory only regular files are taken; a FIFO, socket or device, a
    broken or looping symlink, and a symlink that leads out of the directory are
    skipped with their reason. A symlink that stays inside is followed (once per
    target). A path named directly is kept whatever it is, so that reading it
    reports it. Unsupported files are kept too, so that they get reported.
    """
    result, seen = Scan(), {}
    for path in map(Path, paths):
        if path.is_dir():
            _walk(path, path.resolve(), result, seen)
        elif path.name != MANIFEST_NAME:
            _take(path, result, seen)
    return result


def _walk(directory: Path, root: Path, result: Scan, seen: dict[Path, Path]) -> None:
    """Scan ``directory`` (inside ``root``) into ``result``."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: os.fsencode(e.name))
    except OSError as err:
        result.skipped.append(Skipped(directory, f"cannot list the folder: {err.strerror}"))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith(".") or entry.name == MANIFEST_NAME:
            continue
        try:
            if entry.is_symlink():
                target = path.resolve(strict=True)
                if not target.is_relative_to(root):
                    result.skipped.append(Skipped(path, f"symlink to {display(target)}, outside"
                                                        f" {display(root)}"))
                    continue
                if target.is_dir():
                    result.skipped.append(Skipped(path, "symlink to a folder inside the scanned"
                                                        " folder (its files are scanned there)"))
                    continue
            mode = path.stat().st_mode
        except RuntimeError:
            result.skipped.append(Skipped(path, "symlink loop"))
            continue
        except OSError as err:
            reason = "broken symlink" if entry.is_symlink() else f"cannot stat: {err.strerror}"
            result.skipped.append(Skipped(path, reason))
            continue
        if stat.S_ISDIR(mode):
            _walk(path, root, result, seen)
        elif stat.S_ISREG(mode):
            _take(path, result, seen)
        else:
            result.skipped.append(Skipped(path, f"not a regular file ({_file_type(mode)})"))


def _take(path: Path, result: Scan, seen: dict[Path, Path]) -> None:
    """Add ``path`` unless its file was found already (a symlink to it, or named twice)."""
    if is_metadata_file(path):  # read beside its publication (ingest/publication_xml.py)
        return
    key = path.resolve()
    if key not in seen:
        seen[key] = path
        result.files.append(path)
    elif seen[key] != path:
        result.skipped.append(Skipped(path, f"the same file as {display(seen[key])}"))


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def read_file(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``, refusing anything but a regular file and files over ``max_bytes``.

    The type is checked on the open descriptor before one byte is read (opened
    non-blocking, so a FIFO or device can never hang the batch).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(path, _file_type(info.st_mode))
        if max_bytes is not None and info.st_size > max_bytes:
            raise FileTooLargeError(
                path, f"{info.st_size / 1e6:.1f} MB, the limit is {max_bytes / 1e6:g} MB"
                      " (KAMERZOEK_MAX_FILE_MB)")
        try:
            raw = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        except OSError as exc:
            raise IngestError(path, f"cannot read: {exc.strerror or exc}") from None
    if max_bytes is not None and len(raw) > max_bytes:  # grew while we read
        raise FileTooLargeError(path, f"over the limit of {max_bytes / 1e6:g} MB (KAMERZOEK_MAX_FILE_MB)")
    return raw


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
        parsed = parse_pdf(raw, path)
        return "pdf", parsed.assembled, parsed.metadata
    if suffix == ".xml":
        assembled, meta = parse_publication_xml(raw, path)
        return "xml", assembled, meta
    if suffix in (".html", ".htm", ".xhtml"):
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


def load_document(path: Path, manifest: dict[str, DocumentMetadata] | None = None,
                  raw: bytes | None = None, content_hash: str | None = None) -> Document:
    """Parse ``path`` into a ``Document``; the manifest entry (by file name) supplies metadata.

    ``raw``: the file's bytes when the caller has read them already (``read_file``);
    ``content_hash``: their sha256 when the caller has computed it already.
    The document's ``source`` is the file name as ``ingest.names.display`` shows it.
    """
    path = Path(path)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedFileError(
            path, f"'{path.suffix or path.name}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    if raw is None:
        raw = read_file(path)
    if not raw.strip():
        raise EmptyFileError(path)
    kind, assembled, stated = _parse(path, raw)
    if not assembled.text.strip():
        raise EmptyFileError(path, "no body text found")
    source = display(path.name)
    metadata = merge_metadata(merge_metadata((manifest or {}).get(source, DocumentMetadata()),
                                             _sidecar(path, stated)), stated)
    return Document(
        source=source,
        kind=kind,
        metadata=metadata,
        text=assembled.text,
        pages=assembled.pages,
        paragraphs=assembled.paragraphs,
        headings=assembled.headings,
        footnotes=assembled.footnotes,
        markers=assembled.markers,
        content_hash=content_hash or hashlib.sha256(raw).hexdigest(),
    )

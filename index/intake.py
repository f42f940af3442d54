"""Files → catalog: read each file once, hash it, parse, chunk and extract it, record it.

One transaction per document (``Catalog.replace_document``). A file whose bytes
and manifest entry are unchanged is skipped without parsing. Bad input becomes
one ``FileResult`` with status ``failed`` and a one-line message; the batch goes
on (``strict`` stops it instead).
"""
from __future__ import annotations

import hashlib
import json
import logging
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from tqdm import tqdm

from index.catalog import Catalog, metadata_to_dict
from index.config import Settings
from index.crashpoints import checkpoint
from ingest.chunking import chunk_document
from ingest.errors import IngestError
from ingest.extract import extract
from ingest.extract.models import Extraction
from ingest.load import load_document, read_file, scan
from ingest.manifest import load_manifest
from ingest.models import Document, DocumentMetadata, Passage
from ingest.names import display, from_stored, to_stored

log = logging.getLogger(__name__)

LARGE_FILE_BYTES = 4_000_000  # files from this size get a progress bar of their own


class FileStatus(str, Enum):
    """What happened to one file in an ingest."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    REMOVED = "removed"  # its file is gone from a scanned directory (``--prune``)
    SKIPPED = "skipped"  # an entry of a scanned folder that is not read: reported, not a failure

    @classmethod
    def from_str(cls, value: str) -> FileStatus:
        try:
            return cls(value.strip().lower())
        except ValueError:
            accepted = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown file status {value!r}; accepted: {accepted}") from None


@dataclass(frozen=True)
class FileResult:
    """What happened to one file.

    ``skipped``: an entry of a scanned folder that is not read (a FIFO, a symlink
    out of the folder); reported, but not a failure of the batch.
    """

    source: str
    status: FileStatus
    passages: int = 0
    footnotes: int = 0
    message: str = ""
    path: str = ""


@dataclass(frozen=True)
class _Read:
    """One file's bytes as read once: its content hash and its manifest entry's hash go with them."""

    raw: bytes
    digest: str
    manifest: dict[str, DocumentMetadata]
    manifest_hash: str


def ingest_files(paths: list[Path], catalog: Catalog, settings: Settings, progress: bool,
                 strict: bool, force: bool) -> tuple[list[FileResult], bool]:
    """Every file under ``paths`` into the catalog; returns the results and whether ``strict`` stopped early."""
    results = [FileResult(display(p.name), FileStatus.FAILED, path=display(p),
                          message=f"{display(p)}: no such file or directory")
               for p in paths if not (p.exists() or p.is_symlink())]
    found = scan([p for p in paths if p.exists() or p.is_symlink()])
    results += [FileResult(display(s.path.name), FileStatus.SKIPPED, message=s.message, path=display(s.path))
                for s in found.skipped]
    manifests = _Manifests()
    seen: dict[str, Path] = {}
    for path in tqdm(found.files, desc="ingest", unit="file", file=sys.stderr, disable=not progress):
        source = display(path.name)
        if source in seen:
            result = FileResult(source, FileStatus.FAILED, path=display(path), message=(
                f"{display(path)}: same file name as {display(seen[source])} (the file name is the"
                " document's source, so it must be unique)"))
        else:
            seen[source] = path
            result = _ingest_file(path, catalog, manifests, settings, force, progress)
        results.append(result)
        if strict and result.status is FileStatus.FAILED:
            return results, True
    return results, False


def remove_missing(paths: list[Path], catalog: Catalog) -> list[FileResult]:
    """Remove documents whose file is gone, among those that lie in a scanned directory."""
    dirs = [p.resolve() for p in paths if p.is_dir()]
    removed = []
    for doc in catalog.documents():
        where = from_stored(doc.path) if doc.path else None
        if where and any(where.is_relative_to(d) for d in dirs) and not where.exists():
            catalog.delete_document(doc.source)
            removed.append(FileResult(doc.source, FileStatus.REMOVED, doc.passage_count, len(doc.footnotes),
                                      message="file is gone", path=doc.path))
    return removed


def _ingest_file(path: Path, catalog: Catalog, manifests: _Manifests, settings: Settings,
                 force: bool, progress: bool) -> FileResult:
    """One file into the catalog: skip if unchanged, else parse, chunk, extract, replace.

    The file is read once (``read_file``: regular files only, at most
    KAMERZOEK_MAX_FILE_MB) and hashed once; parsing uses the same bytes and hash.
    """
    source, where = display(path.name), to_stored(path.resolve())
    try:
        read = _read(path, manifests, settings)
    except OSError as err:
        return _failed(catalog, source, where, "", f"{source}: cannot read: {err.strerror}")
    except IngestError as err:
        return _failed(catalog, source, where, "", str(err))
    state = catalog.state(source)
    if (not force and state is not None and state.status == "ok"
            and state.content_hash == read.digest and state.manifest_hash == read.manifest_hash):
        if state.path != where:
            catalog.set_path(source, where)
        return FileResult(source, FileStatus.UNCHANGED, state.passage_count, state.footnote_count, path=where)
    with _FileProgress(source, len(read.raw), progress) as steps:
        try:
            document, passages, extraction = _parse(path, read, steps)
        except IngestError as err:
            return _failed(catalog, source, where, read.digest, str(err))
        except Exception as err:  # a parser bug must not sink the whole batch
            log.debug("ingesting %s failed", display(path), exc_info=True)
            return _failed(catalog, source, where, read.digest,
                           f"{source}: internal error ({type(err).__name__}: {err}) — please report")
        steps.step("catalog")
        catalog.replace_document(document, passages, extraction, path=where,
                                 manifest_hash=read.manifest_hash)
    checkpoint("after-catalog-commit")
    status = FileStatus.ADDED if state is None or state.status != "ok" else FileStatus.UPDATED
    return FileResult(source, status, len(passages), len(document.footnotes), path=where)


def _read(path: Path, manifests: _Manifests, settings: Settings) -> _Read:
    """The file's bytes and sha256, and its manifest entry's hash (OSError, IngestError)."""
    raw = read_file(path, settings.max_file_bytes)
    manifest = manifests.for_dir(path.parent)
    return _Read(raw, hashlib.sha256(raw).hexdigest(), manifest,
                 _manifest_hash(manifest.get(display(path.name))))


def _parse(path: Path, read: _Read, steps: _FileProgress) -> tuple[Document, list[Passage], Extraction]:
    """Bytes → (document, passages, extraction), reporting each step to ``steps``."""
    steps.step("parse")
    document = load_document(path, read.manifest, raw=read.raw, content_hash=read.digest)
    steps.step("chunk")
    passages = chunk_document(document)
    steps.step("extract")
    return document, passages, extract(document, passages)


class _FileProgress:
    """A progress bar of its own (parse, chunk, extract, catalog) for a large file."""

    STEPS = 4

    def __init__(self, source: str, size: int, enabled: bool) -> None:
        self.bar: tqdm | None = None
        if enabled and size >= LARGE_FILE_BYTES:
            self.bar = tqdm(total=self.STEPS, desc=f"{source} ({size / 1e6:.0f} MB)", unit="step",
                            file=sys.stderr, leave=False)
        self.done = 0

    def step(self, name: str) -> None:
        if self.bar is not None:
            if self.done:
                self.bar.update(1)
            self.bar.set_postfix_str(name)
        self.done += 1

    def __enter__(self) -> _FileProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.update(self.STEPS - self.bar.n)
            self.bar.close()


def _failed(catalog: Catalog, source: str, where: str, digest: str, message: str) -> FileResult:
    catalog.record_failure(source, message, path=where, content_hash=digest)
    return FileResult(source, FileStatus.FAILED, message=message, path=where)


class _Manifests:
    """``manifest.json`` per directory, read once per run."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, dict[str, DocumentMetadata]] = {}

    def for_dir(self, directory: Path) -> dict[str, DocumentMetadata]:
        key = directory.resolve()
        if key not in self._by_dir:
            self._by_dir[key] = load_manifest(directory)
        return self._by_dir[key]


def _manifest_hash(metadata: DocumentMetadata | None) -> str:
    if metadata is None:
        return ""
    blob = json.dumps(metadata_to_dict(metadata), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()

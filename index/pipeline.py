"""Ingestion: files → catalog (one transaction per document) → Chroma and BM25 in step.

The catalog is the source of truth; Chroma and BM25 are derived from it by
``sync``, which makes them hold exactly the catalog's passage ids: ids only in
Chroma are deleted, ids missing from Chroma are embedded and upserted, and a BM25
index saved for another catalog generation is rebuilt and swapped in atomically.
``ingest_paths`` runs ``sync`` before and after its work, so an ingestion killed
at any point (even SIGKILL) is completed by the next run.

Unchanged files (same bytes, same manifest entry) are skipped without parsing,
and the embedding model is only loaded when some passage needs embedding.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from index.catalog import Catalog, metadata_to_dict
from index.config import Settings
from index.errors import ModelMismatchError
from index.lock import DataDirLock
from ingest.errors import IngestError
from ingest.models import DocumentMetadata, Passage

log = logging.getLogger(__name__)

KILL_ENV = "KAMERZOEK_TEST_KILL_AT"  # test hook: SIGKILL ourselves at the named stage
MODEL_KEY = "embedding_model"
EMBED_CHUNK = 128  # passages embedded and upserted per step (progress, memory, kill points)
STATUSES = ("added", "updated", "unchanged", "failed", "removed")


@dataclass(frozen=True)
class FileResult:
    """What happened to one file: status is added|updated|unchanged|failed|removed."""

    source: str
    status: str
    passages: int = 0
    footnotes: int = 0
    message: str = ""
    path: str = ""


@dataclass
class SyncStats:
    """What ``sync`` had to do to bring Chroma and BM25 in step with the catalog."""

    embedded: int = 0  # passages embedded and upserted into Chroma
    dense_deleted: int = 0  # stale ids deleted from Chroma
    lexical_rebuilt: bool = False
    embedder_used: bool = False  # whether an Embedder was created at all
    encoded: int = 0  # texts the model actually ran on (the rest came from the embedding cache)

    def add(self, other: "SyncStats") -> None:
        self.embedded += other.embedded
        self.dense_deleted += other.dense_deleted
        self.lexical_rebuilt |= other.lexical_rebuilt
        self.embedder_used |= other.embedder_used
        self.encoded += other.encoded


@dataclass
class IngestReport:
    """Per-file results plus what the derived stores needed."""

    results: list[FileResult] = field(default_factory=list)
    sync: SyncStats = field(default_factory=SyncStats)
    passages_total: int = 0
    seconds: float = 0.0
    stopped_early: bool = False  # --strict stopped at the first failure

    @property
    def ok(self) -> bool:
        return not self.stopped_early and all(r.status != "failed" for r in self.results)

    @property
    def failures(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def embedded(self) -> int:
        return self.sync.embedded

    def counts(self) -> dict[str, int]:
        return {s: sum(r.status == s for r in self.results) for s in STATUSES}

    def summary(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in self.counts().items())
        embedded = (f"{self.sync.embedded} embedded ({self.sync.encoded} computed,"
                    f" {self.sync.embedded - self.sync.encoded} from the cache)"
                    if self.sync.embedded else "nothing to embed")
        line = (f"{len(self.results)} files: {counts}; {self.passages_total} passages in the index,"
                f" {embedded}, {self.sync.dense_deleted} removed from Chroma; {self.seconds:.1f} s")
        return line + (" (stopped at the first failure: --strict)" if self.stopped_early else "")


# --- entry points -------------------------------------------------------------------

def ingest_paths(paths: Iterable[str | Path], settings: Settings, prune: bool = False,
                 progress: bool = True, *, strict: bool = False, force: bool = False) -> IngestReport:
    """Ingest files and directories into the catalog and bring Chroma and BM25 in step.

    ``prune`` removes documents whose file is gone from a scanned directory;
    ``strict`` stops at the first failing file; ``force`` re-parses unchanged files.
    """
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    report = IngestReport()
    with writer_lock(settings, "kamerzoek ingest"), Catalog(settings.catalog_path) as catalog:
        check_model(catalog, settings)
        report.sync.add(sync(settings, catalog, progress))  # finish an interrupted run first
        report.results, report.stopped_early = _ingest_files(paths, catalog, progress, strict, force)
        if prune:
            report.results += _prune(paths, catalog)
        report.sync.add(sync(settings, catalog, progress))
        report.passages_total = len(catalog.chunk_ids())
    report.seconds = time.perf_counter() - started
    return report


def reindex(settings: Settings, progress: bool = True) -> SyncStats:
    """Drop Chroma's collection and the BM25 index and rebuild both from the catalog.

    May switch the embedding model: the catalog then records the new one. The
    embedding cache makes a rebuild with an unchanged model cheap.
    """
    from index.embeddings import resolve_model_path

    resolve_model_path(settings.model, settings.model_cache_dir)  # an unusable model fails before anything is dropped
    with writer_lock(settings, "kamerzoek reindex"), Catalog.open_existing(settings.catalog_path) as catalog:
        drop_dense(settings)
        _remove_lexical(settings)
        catalog.set_meta(MODEL_KEY, settings.model_label)
        return sync(settings, catalog, progress)


@contextmanager
def writer_lock(settings: Settings, holder: str) -> Iterator[DataDirLock]:
    """The lock a writer needs: the data dir itself with embedded Chroma; with a
    Chroma server only a lock that keeps two ingestions apart (``serve`` may run)."""
    name = ".ingest.lock" if settings.chroma_url else ".lock"
    with DataDirLock(settings, holder=holder, name=name) as lock:
        yield lock


def check_model(catalog: Catalog, settings: Settings) -> None:
    """Refuse to add passages embedded with another model than the index was built with."""
    stored, wanted = catalog.meta(MODEL_KEY), settings.model_label
    if stored and stored != wanted:
        raise ModelMismatchError(
            f"the index in {settings.data_dir} was built with embedding model {stored!r}, not"
            f" {wanted!r}: run `kamerzoek reindex` with the model settings you want (--model,"
            f" --embed-backend, KAMERZOEK_EMBED_WINDOW_TOKENS) to rebuild it, or configure the"
            f" model it was built with")


# --- files → catalog ---------------------------------------------------------------

def _ingest_files(paths: list[Path], catalog: Catalog, progress: bool, strict: bool,
                  force: bool) -> tuple[list[FileResult], bool]:
    from tqdm import tqdm

    from ingest.load import discover

    results = [FileResult(p.name, "failed", message=f"{p}: no such file or directory", path=str(p))
               for p in paths if not p.exists()]
    files = discover([p for p in paths if p.exists()])
    manifests = _Manifests()
    seen: dict[str, Path] = {}
    for path in tqdm(files, desc="ingest", unit="file", file=sys.stderr, disable=not progress):
        if path.name in seen:
            result = FileResult(path.name, "failed", path=str(path), message=(
                f"{path}: same file name as {seen[path.name]} (the file name is the document's"
                " source, so it must be unique)"))
        else:
            seen[path.name] = path
            result = _ingest_file(path, catalog, manifests, force)
        results.append(result)
        if strict and result.status == "failed":
            return results, True
    return results, False


def _ingest_file(path: Path, catalog: Catalog, manifests: "_Manifests", force: bool) -> FileResult:
    """One file into the catalog: skip if unchanged, else parse, chunk, extract, replace."""
    from ingest.chunking import chunk_document
    from ingest.extract import extract
    from ingest.load import load_document

    source, where = path.name, str(path.resolve())
    try:
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        manifest = manifests.for_dir(path.parent)
    except OSError as err:
        return _failed(catalog, source, where, "", f"{path.name}: cannot read: {err.strerror}")
    except IngestError as err:
        return _failed(catalog, source, where, "", str(err))
    manifest_hash = _manifest_hash(manifest.get(source))
    state = catalog.state(source)
    if (not force and state is not None and state.status == "ok"
            and state.content_hash == digest and state.manifest_hash == manifest_hash):
        if state.path != where:
            catalog.set_path(source, where)
        return FileResult(source, "unchanged", state.passage_count, state.footnote_count, path=where)
    try:
        document = replace(load_document(path, manifest), content_hash=digest)
        passages = chunk_document(document)
        extraction = extract(document, passages)
    except IngestError as err:
        return _failed(catalog, source, where, digest, str(err))
    except Exception as err:  # a parser bug must not sink the whole batch
        log.debug("ingesting %s failed", path, exc_info=True)
        return _failed(catalog, source, where, digest,
                       f"{path.name}: internal error ({type(err).__name__}: {err}) — please report")
    catalog.replace_document(document, passages, extraction, path=where, manifest_hash=manifest_hash)
    _checkpoint("after-catalog-commit")
    status = "added" if state is None or state.status != "ok" else "updated"
    return FileResult(source, status, len(passages), len(document.footnotes), path=where)


def _failed(catalog: Catalog, source: str, where: str, digest: str, message: str) -> FileResult:
    catalog.record_failure(source, message, path=where, content_hash=digest)
    return FileResult(source, "failed", message=message, path=where)


def _prune(paths: list[Path], catalog: Catalog) -> list[FileResult]:
    """Remove documents whose file is gone, among those that lie in a scanned directory."""
    dirs = [p.resolve() for p in paths if p.is_dir()]
    removed = []
    for doc in catalog.documents():
        where = Path(doc.path) if doc.path else None
        if where and any(where.is_relative_to(d) for d in dirs) and not where.exists():
            catalog.delete_document(doc.source)
            removed.append(FileResult(doc.source, "removed", doc.passage_count, len(doc.footnotes),
                                      message="file is gone", path=doc.path))
    return removed


class _Manifests:
    """``manifest.json`` per directory, read once per run."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, dict[str, DocumentMetadata]] = {}

    def for_dir(self, directory: Path) -> dict[str, DocumentMetadata]:
        from ingest.manifest import load_manifest

        key = directory.resolve()
        if key not in self._by_dir:
            self._by_dir[key] = load_manifest(directory)
        return self._by_dir[key]


def _manifest_hash(metadata: DocumentMetadata | None) -> str:
    if metadata is None:
        return ""
    blob = json.dumps(metadata_to_dict(metadata), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


# --- catalog → Chroma and BM25 ------------------------------------------------------

def sync(settings: Settings, catalog: Catalog, progress: bool = False) -> SyncStats:
    """Make Chroma and BM25 hold exactly the catalog's passage ids (idempotent)."""
    stats = SyncStats()
    _sync_dense(settings, catalog, stats, progress)
    _sync_lexical(settings, catalog, stats)
    if catalog.meta(MODEL_KEY) is None:
        catalog.set_meta(MODEL_KEY, settings.model_label)
    return stats


def _sync_dense(settings: Settings, catalog: Catalog, stats: SyncStats, progress: bool) -> None:
    from index.dense import DenseStore

    dense = DenseStore(settings)
    wanted = catalog.chunk_ids()
    present = dense.ids()
    stale = sorted(present - wanted)
    for batch in _batches(stale, 1000):
        dense.delete(batch)
    stats.dense_deleted = len(stale)
    missing = catalog.passages_by_ids(sorted(wanted - present))
    if not missing:
        return
    from tqdm import tqdm

    from index.embeddings import Embedder

    embedder = Embedder(settings)
    stats.embedder_used = True
    todo = sorted(missing.values(), key=lambda p: (p.source, p.ordinal))
    with tqdm(total=len(todo), desc="embed", unit="passage", file=sys.stderr,
              disable=not progress) as bar:
        for batch in _batches(todo, EMBED_CHUNK):
            dense.upsert(batch, embedder.encode_passages([p.text for p in batch]))
            stats.embedded += len(batch)
            bar.update(len(batch))
            _checkpoint("mid-dense-upsert")
    stats.encoded = getattr(embedder, "encoded_count", stats.embedded)
    if hasattr(embedder, "close"):
        embedder.close()


def _sync_lexical(settings: Settings, catalog: Catalog, stats: SyncStats) -> None:
    from index.lexical import LexicalIndex

    generation, passages = _snapshot(catalog)
    if not passages:  # bm25 cannot index nothing; no index reads as no passages
        if settings.lexical_dir.exists() or settings.lexical_dir.is_symlink():
            _remove_lexical(settings)
            stats.lexical_rebuilt = True
        return
    current = _load_lexical(settings)
    if current is not None and current.generation == generation and (
            _lexical_ids(current) is None or _lexical_ids(current) == {p.chunk_id for p in passages}):
        return
    import bm25s  # noqa: F401 - imported first: it sets its own logger to DEBUG on import

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    index = LexicalIndex()
    index.build([p.chunk_id for p in passages], [p.text for p in passages])
    _checkpoint("before-lexical-save")
    _save_lexical(index, settings, generation)
    stats.lexical_rebuilt = True


def _snapshot(catalog: Catalog) -> tuple[int, list[Passage]]:
    """The catalog's generation and passages, read consistently."""
    while True:
        generation = catalog.generation()
        passages = catalog.passages()
        if catalog.generation() == generation:
            return generation, passages


def _load_lexical(settings: Settings) -> Any:
    """The saved BM25 index, or None when there is none or it cannot be read."""
    from index.lexical import LexicalIndex

    if not settings.lexical_dir.exists():
        return None
    try:
        return LexicalIndex.load(settings.lexical_dir)
    except Exception as err:  # a half-written or foreign index is simply rebuilt
        log.info("rebuilding the BM25 index: %s", err)
        return None


def _lexical_ids(index: Any) -> set[str] | None:
    ids = getattr(index, "chunk_ids", None)
    return set(ids) if ids is not None else None


def _save_lexical(index: Any, settings: Settings, generation: int) -> None:
    """Save into a fresh directory, then swap the ``bm25`` symlink to it in one rename.

    A reader sees the old index or the new one, never a half-written one; a crash
    leaves at worst an unused directory, removed by the next save.
    """
    link, parent = settings.lexical_dir, settings.lexical_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    target = parent / f".{link.name}-g{generation}-{os.getpid()}-{time.time_ns()}"
    index.save(target, generation)
    tmp_link = parent / f".{link.name}-link-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    os.symlink(target.name, tmp_link)
    if link.exists() and not link.is_symlink():  # a plain directory from elsewhere
        shutil.rmtree(link)
    os.replace(tmp_link, link)
    _clean_lexical(settings, keep=target.name)


def _remove_lexical(settings: Settings) -> None:
    link = settings.lexical_dir
    if link.is_symlink():
        link.unlink()
    elif link.exists():
        shutil.rmtree(link)
    _clean_lexical(settings, keep=None)


def _clean_lexical(settings: Settings, keep: str | None) -> None:
    """Remove saved BM25 directories other than ``keep`` (left by earlier or killed runs)."""
    prefix = f".{settings.lexical_dir.name}-"
    for entry in settings.lexical_dir.parent.glob(prefix + "*"):
        if entry.name == keep:
            continue
        if entry.is_symlink() or entry.is_file():
            entry.unlink(missing_ok=True)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def drop_dense(settings: Settings) -> None:
    """Delete the Chroma collection (whatever model built it)."""
    from index.dense import DenseStore

    DenseStore.drop(settings)


# --- helpers -----------------------------------------------------------------------

def _checkpoint(stage: str) -> None:
    """Test hook for the crash tests: SIGKILL this process at the named stage."""
    if os.environ.get(KILL_ENV) == stage:
        os.kill(os.getpid(), signal.SIGKILL)


def _batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]

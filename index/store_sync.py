"""Catalog → Chroma and BM25: make the derived stores hold exactly the catalog's passages.

The catalog is the source of truth; ``sync`` brings the derived stores in step
with it (idempotent): ids only in Chroma are deleted, ids missing from Chroma
are embedded (or taken from the embedding cache) and upserted, and a BM25
index saved for another catalog generation is rebuilt and published
atomically (``LexicalIndex.publish``). A damaged derived store is rebuilt and
said so in ``SyncStats.repaired``. ``reindex`` drops both and rebuilds them,
possibly with another embedding model.

The order keeps readers whole (index/snapshot.py): new vectors go in before
BM25 publishes the new generation, stale ones go only after, so Chroma always
holds every id of the generation a reader serves.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np
from tqdm import tqdm

from index.catalog import Catalog
from index.chroma_files import drop_chroma_files, mark_chroma_writing, record_chroma, recorded_chroma, verify_chroma
from index.config import Settings
from index.crashpoints import checkpoint
from index.dense import DenseStore
from index.embeddings import Embedder, configured_identity
from index.errors import DamagedStoreError
from index.lexical import FORMAT_VERSION, LexicalIndex, verify_sums
from index.lock import writer_lock
from index.model_identity import ModelIdentity, recorded_model, require_same_model
from ingest.models import Passage

log = logging.getLogger(__name__)

EMBED_CHUNK = 128  # passages embedded and upserted per step (progress, memory, kill points)
DELETE_BATCH = 1000
T = TypeVar("T")


class VectorStore(Protocol):
    """What ``sync`` needs of the vector store (``index.dense.DenseStore``)."""

    def ids(self) -> set[str]: ...

    def count(self) -> int: ...

    def upsert(self, passages: Sequence[Passage], embeddings: np.ndarray) -> None: ...

    def delete(self, ids: list[str]) -> None: ...


class PassageEncoder(Protocol):
    """What ``sync`` needs of the encoder (``index.embeddings.Embedder``)."""

    encoded_count: int  # passages actually run through the model (the rest came from the cache)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def close(self) -> None: ...


@dataclass
class SyncStats:
    """What ``sync`` had to do to bring Chroma and BM25 in step with the catalog."""

    embedded: int = 0  # passages embedded and upserted into Chroma
    dense_deleted: int = 0  # stale ids deleted from Chroma
    lexical_rebuilt: bool = False
    embedder_used: bool = False  # whether an Embedder was created at all
    encoded: int = 0  # texts the model actually ran on (the rest came from the embedding cache)
    repaired: list[str] = field(default_factory=list)  # damaged derived stores rebuilt, and why

    def add(self, other: SyncStats) -> None:
        self.embedded += other.embedded
        self.dense_deleted += other.dense_deleted
        self.lexical_rebuilt |= other.lexical_rebuilt
        self.embedder_used |= other.embedder_used
        self.encoded += other.encoded
        self.repaired += other.repaired


def sync(settings: Settings, catalog: Catalog, identity: ModelIdentity | None = None,
         progress: bool = False) -> SyncStats:
    """Make Chroma and BM25 hold exactly the catalog's passage ids (idempotent).

    ``identity``: the configured model's, when the caller computed it already
    (``ingest_paths`` syncs twice with one). The model on record must be the
    same; a data dir with none yet records it before the first vector is written.
    """
    identity = identity or configured_identity(settings)
    require_same_model(catalog.model_identity(), identity, settings.data_dir)
    stats = SyncStats()
    _repair_damaged_dense(settings, stats)
    dense = DenseStore(settings, verify=False)  # verified by _repair_damaged_dense
    _record_model(catalog, dense, identity, settings)
    wanted = catalog.chunk_ids()
    present = dense.ids()
    stale = sorted(present - wanted)
    missing = catalog.passages_by_ids(sorted(wanted - present))
    if stale or missing or recorded_chroma(settings) is None:
        mark_chroma_writing(settings)
    if missing:
        stats.embedder_used = True
        _embed_missing(dense, Embedder(settings, identity=identity), missing, stats, progress)
    _sync_lexical(settings, catalog, len(wanted), stats)  # publishes the new generation to readers
    _remove_stale(settings, dense, stale, stats)
    return stats


def reindex(settings: Settings, progress: bool = True) -> SyncStats:
    """Drop Chroma's collection and the BM25 index and rebuild both from the catalog.

    May switch the embedding model: the catalog then records the new one. The
    embedding cache makes a rebuild with an unchanged model cheap.
    """
    identity = configured_identity(settings)  # an unusable model fails before anything is dropped
    with writer_lock(settings, "kamerzoek reindex"), Catalog.open_existing(settings.catalog_path) as catalog:
        DenseStore.drop(settings)
        LexicalIndex.remove(settings.lexical_dir)
        catalog.set_model_identity(identity)
        return sync(settings, catalog, identity, progress)


# --- Chroma ---------------------------------------------------------------------------

def _repair_damaged_dense(settings: Settings, stats: SyncStats) -> None:
    """Drop embedded Chroma's files when they fail their checks (they are rebuilt next)."""
    if settings.chroma_url or not settings.chroma_dir.exists():
        return
    problem = verify_chroma(settings)
    if problem:
        log.warning("the vector store in %s is damaged (%s): rebuilding it", settings.chroma_dir, problem)
        drop_chroma_files(settings)
        stats.repaired.append(f"chroma ({problem})")


def _record_model(catalog: Catalog, dense: DenseStore, identity: ModelIdentity, settings: Settings) -> None:
    """Check the model on record (completed from an older Chroma record) and record ``identity``.

    The record is then the catalog's alone: an older Chroma record is removed.
    """
    require_same_model(recorded_model(catalog, dense), identity, settings.data_dir)
    if catalog.model_identity() != identity:  # none yet, or an older record without the fingerprint
        catalog.set_model_identity(identity)
    dense.forget_legacy_model_identity()


def _embed_missing(dense: VectorStore, encoder: PassageEncoder, missing: dict[str, Passage],
                   stats: SyncStats, progress: bool) -> None:
    """Embed (or take from the cache) and upsert the passages Chroma lacks."""
    todo = sorted(missing.values(), key=lambda p: (p.source, p.ordinal))
    try:
        with tqdm(total=len(todo), desc="embed", unit="passage", file=sys.stderr,
                  disable=not progress) as bar:
            for batch in _batches(todo, EMBED_CHUNK):
                dense.upsert(batch, encoder.encode_passages([p.text for p in batch]))
                stats.embedded += len(batch)
                bar.update(len(batch))
                checkpoint("mid-dense-upsert")
        stats.encoded = encoder.encoded_count
    finally:
        encoder.close()


def _remove_stale(settings: Settings, dense: VectorStore, stale: list[str], stats: SyncStats) -> None:
    """Delete vectors the catalog no longer has; then record Chroma's files as written.

    Only after BM25 is published: readers of the old generation still need them.
    """
    for batch in _batches(stale, DELETE_BATCH):
        dense.delete(batch)
    stats.dense_deleted = len(stale)
    if recorded_chroma(settings) is None:
        record_chroma(settings, dense.count())


# --- BM25 -------------------------------------------------------------------------------

def _sync_lexical(settings: Settings, catalog: Catalog, count: int, stats: SyncStats) -> None:
    """Rebuild and publish BM25 unless the published index is the catalog's generation, intact."""
    link = settings.lexical_dir
    if count == 0:  # bm25 cannot index nothing; no index reads as no passages
        if link.exists() or link.is_symlink():
            LexicalIndex.remove(link)
            stats.lexical_rebuilt = True
        return
    if _lexical_is_current(link, catalog.generation(), count, stats):
        return
    generation, passages = _snapshot(catalog)
    index = LexicalIndex().build([p.chunk_id for p in passages], [p.text for p in passages])
    checkpoint("before-lexical-save")
    index.publish(link, generation)
    stats.lexical_rebuilt = True


def _lexical_is_current(link: Path, generation: int, count: int, stats: SyncStats) -> bool:
    """Whether the published index was saved for ``generation`` with ``count`` passages, and is intact.

    Reads the small params file and checks the files' checksums; the index
    itself is not loaded. A damaged one is said so in ``stats.repaired``.
    """
    state = LexicalIndex.saved_state(link) if link.exists() else None
    if state is None or (state.format, state.generation, state.count) != (FORMAT_VERSION, generation, count):
        return False
    try:
        verify_sums(link)
    except DamagedStoreError as err:
        problem = str(err).split(": run `")[0]  # the message without its advice: we repair it here
        log.warning("rebuilding the BM25 index: %s", problem)
        stats.repaired.append(f"bm25 ({problem})")
        return False
    return True


def _snapshot(catalog: Catalog) -> tuple[int, list[Passage]]:
    """The catalog's generation and passages, read consistently."""
    while True:
        generation = catalog.generation()
        passages = catalog.passages()
        if catalog.generation() == generation:
            return generation, passages


def _batches(items: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]

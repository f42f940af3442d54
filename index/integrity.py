"""Integrity of the data dir: find damaged stores before they are used, and repair the derived ones.

The catalog (SQLite) is the source of truth; BM25 and Chroma are derived from it
(and from the embedding cache) and can always be rebuilt. Checks:

- catalog: ``PRAGMA integrity_check`` and the schema version;
- BM25: the checksums recorded at save (``index.lexical``), its generation, ids
  and count against the catalog;
- Chroma (embedded): the HNSW segment files against the checksums recorded
  after every write (``chroma.sums.json``), verified *before* Chroma opens
  them, because its HNSW reader crashes the whole process (SIGSEGV) on garbage.
  When no checksums are on record (a write was interrupted, an older data dir)
  Chroma is first opened in a subprocess probe, so a crash costs the probe,
  not the caller. Then count and ids against the catalog, and a sample of
  stored vectors against the embedding cache.

``check`` returns one ``Finding`` per problem, each with its fix; ``repair``
rebuilds what is derived. Chroma's file checksums and the probe are in
``index.chroma_files``.
"""
from __future__ import annotations

import hashlib
import random
import sqlite3
from dataclasses import dataclass

import numpy as np

from index import schema
from index.catalog import Catalog, damaged_catalog
from index.chroma_files import REPAIR, drop_chroma_files, guard_chroma, recorded_chroma, verify_chroma
from index.config import Settings
from index.dense import DenseStore
from index.embeddings import Embedder, EmbeddingCache
from index.errors import IndexNotBuiltError, KamerzoekIndexError
from index.lexical import LexicalIndex
from index.lock import writer_lock
from index.snapshot import IndexSnapshot
from index.store_sync import SyncStats, sync
from index.sums import one_line, sqlite_problem

VECTOR_SAMPLE = 64


@dataclass(frozen=True)
class Finding:
    """One problem found in one store, and how to fix it."""

    store: str  # "catalog", "bm25" or "chroma"
    problem: str
    fix: str
    derived: bool = True  # rebuilt by ``repair`` (False: the catalog itself)

    def line(self) -> str:
        return f"{self.store}: {self.problem} — fix: {self.fix}"


def preflight(settings: Settings) -> None:
    """Refuse a damaged store before a long-running reader (``serve``) starts: catalog
    (``PRAGMA quick_check``), BM25 (checksums, generation) and embedded Chroma."""
    refuse_damaged_catalog(settings)
    snapshot = IndexSnapshot(settings)
    try:
        snapshot.current().require_lexical()
    finally:
        snapshot.close()
    if not settings.chroma_url:
        guard_chroma(settings)


def refuse_damaged_catalog(settings: Settings) -> None:
    """Raise DamagedStoreError before using a catalog that fails ``PRAGMA quick_check``."""
    if settings.catalog_path.is_file():
        problem = sqlite_problem(settings.catalog_path)
        if problem:
            raise damaged_catalog(settings.catalog_path, problem)


# --- the checks -------------------------------------------------------------------

def check(settings: Settings) -> list[Finding]:
    """Every problem found in the data dir of ``settings`` (empty: all is well)."""
    findings = catalog_findings(settings)
    if any(not f.derived for f in findings):
        return findings  # nothing to compare the derived stores with
    try:
        catalog = Catalog.open_existing(settings.catalog_path)
    except IndexNotBuiltError as err:
        return [Finding("catalog", str(err), "run `kamerzoek ingest`", derived=False)]
    with catalog:
        generation, ids = catalog.generation(), catalog.chunk_ids()
        findings += lexical_findings(settings, generation, ids)
        findings += dense_findings(settings, catalog, ids)
    return findings


def catalog_findings(settings: Settings) -> list[Finding]:
    """``PRAGMA integrity_check`` and the schema version of the catalog (an older one is
    migrated when the catalog is opened; a newer one this kamerzoek cannot read)."""
    path = settings.catalog_path
    if not path.is_file():
        return [Finding("catalog", f"no catalog in {settings.data_dir}", "run `kamerzoek ingest`",
                        derived=False)]
    fix = ("restore catalog.sqlite3 from a backup, or move it aside and run `kamerzoek ingest`"
           " on the document folders (the catalog is the source of truth: it is not rebuilt"
           " from the indexes)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            version = schema.version(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        return [Finding("catalog", f"{path} is damaged ({err})", fix, derived=False)]
    if rows != ["ok"]:
        return [Finding("catalog", f"{path} fails its integrity check ({one_line(rows)})", fix,
                        derived=False)]
    if version > schema.VERSION:
        return [Finding("catalog", f"schema version {version}, this kamerzoek reads up to {schema.VERSION}",
                        "use the kamerzoek version that wrote it, or re-ingest into a new data dir",
                        derived=False)]
    return []


def lexical_findings(settings: Settings, generation: int, ids: set[str]) -> list[Finding]:
    """BM25: checksums, generation, ids and count against the catalog."""
    fix = f"{REPAIR} (rebuilds BM25 from the catalog)"
    if not settings.lexical_dir.exists():
        return [Finding("bm25", "no BM25 index", fix)] if ids else []
    try:
        index = LexicalIndex.load(settings.lexical_dir)
    except KamerzoekIndexError as err:
        return [Finding("bm25", str(err).split(": run `")[0], fix)]
    except Exception as err:  # noqa: BLE001 - any unreadable file is damage
        return [Finding("bm25", f"cannot be read ({type(err).__name__}: {err})", fix)]
    findings = []
    if index.generation != generation:
        findings.append(Finding("bm25", f"built for catalog generation {index.generation}, the"
                                        f" catalog is at {generation}", "run `kamerzoek ingest`"))
    stored = set(index.chunk_ids)
    if stored != ids or len(index.chunk_ids) != len(ids):
        findings.append(Finding("bm25", f"holds {len(index.chunk_ids)} passages, the catalog"
                                        f" {len(ids)} ({len(ids - stored)} missing,"
                                        f" {len(stored - ids)} unknown)", fix))
    return findings


def dense_findings(settings: Settings, catalog: Catalog, ids: set[str]) -> list[Finding]:
    """Chroma: files against their checksums, then count, ids and a sample of vectors."""
    fix = f"{REPAIR} (rebuilds Chroma from the catalog and the embedding cache)"
    if not settings.chroma_url:
        problem = verify_chroma(settings)
        if problem:
            return [Finding("chroma", problem, fix)]
        if not settings.chroma_dir.exists():
            return [Finding("chroma", "no vector store", fix)] if ids else []
    try:
        store = DenseStore(settings, verify=False)
        present = store.ids()
        count = store.count()
    except Exception as err:  # noqa: BLE001 - whatever Chroma raises on a damaged store
        return [Finding("chroma", f"cannot be read ({type(err).__name__}: {str(err)[:200]})", fix)]
    findings = []
    if count != len(present) or present != ids:
        findings.append(Finding("chroma", f"holds {count} vectors, the catalog {len(ids)} passages"
                                          f" ({len(ids - present)} missing, {len(present - ids)}"
                                          " unknown)", fix))
    recorded = recorded_chroma(settings)
    if recorded is not None and recorded.count != count:
        findings.append(Finding("chroma", f"holds {count} vectors, {recorded.count} were"
                                          " recorded after the last write", fix))
    findings += _vector_findings(settings, store, catalog, sorted(present & ids), fix)
    return findings


def _vector_findings(settings: Settings, store: DenseStore, catalog: Catalog, ids: list[str],
                     fix: str) -> list[Finding]:
    """A random sample of stored vectors compared with the embedding cache."""
    cache_path = settings.cache_dir / "embeddings.sqlite3"
    if not ids or not cache_path.is_file():
        return []
    sample = random.Random(0).sample(ids, min(VECTOR_SAMPLE, len(ids)))
    got = store.collection.get(ids=sample, include=["embeddings"])
    stored = dict(zip(got["ids"], got["embeddings"]))
    embedder = Embedder(settings)  # the cache keys on model id and prefix + text (no model loaded)
    prefix = embedder.passage_prefix
    texts = {cid: p.text for cid, p in catalog.passages_by_ids(sample).items()}
    hashes = {cid: hashlib.sha256((prefix + t).encode("utf-8")).hexdigest() for cid, t in texts.items()}
    cache = EmbeddingCache(cache_path)
    try:
        cached = cache.get_many(embedder.model_id, list(hashes.values()))
    finally:
        cache.close()
    compared = differ = 0
    for cid, digest in hashes.items():
        if digest in cached and cid in stored:
            compared += 1
            a, b = np.asarray(stored[cid], dtype=np.float32), cached[digest]
            if a.shape != b.shape or float(np.dot(a, b)) < 0.999 * float(np.linalg.norm(a) * np.linalg.norm(b)):
                differ += 1
    if differ:
        return [Finding("chroma", f"{differ} of {compared} sampled vectors differ from the"
                                  " embedding cache", fix)]
    return []


# --- repair -------------------------------------------------------------------------

def repair(settings: Settings, findings: list[Finding], progress: bool = True) -> SyncStats:
    """Rebuild the derived stores named in ``findings`` (under the writer's lock)."""
    stores = {f.store for f in findings if f.derived}
    with writer_lock(settings, "kamerzoek check --repair"), Catalog(settings.catalog_path) as catalog:
        if "bm25" in stores:
            LexicalIndex.remove(settings.lexical_dir)
        if "chroma" in stores:
            if settings.chroma_url:
                DenseStore.drop(settings)
            else:
                drop_chroma_files(settings)
        return sync(settings, catalog, progress=progress)

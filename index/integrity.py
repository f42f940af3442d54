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
rebuilds what is derived. ``guard_chroma`` is what ``DenseStore`` runs on open.
"""
from __future__ import annotations

import json
import logging
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from index import schema
from index.config import Settings
from index.errors import DamagedStoreError
from index.sums import compare_sums, directory_sums

log = logging.getLogger(__name__)

SUMS_FILE = "chroma.sums.json"
CHROMA_SQLITE = "chroma.sqlite3"
REPAIR = "run `kamerzoek check --repair`"
PROBE_TIMEOUT_S = 120
VECTOR_SAMPLE = 64
PROBE_SAMPLE = 32


@dataclass(frozen=True)
class Finding:
    """One problem found in one store, and how to fix it."""

    store: str  # "catalog", "bm25" or "chroma"
    problem: str
    fix: str
    derived: bool = True  # rebuilt by ``repair`` (False: the catalog itself)

    def line(self) -> str:
        return f"{self.store}: {self.problem} — fix: {self.fix}"


# --- Chroma's files: checksums and the probe ----------------------------------------

def _sums_path(settings: Settings) -> Path:
    return settings.data_dir / SUMS_FILE


def chroma_files(settings: Settings) -> dict[str, tuple[int, str]]:
    """Sums of Chroma's segment files (everything but its SQLite, which Chroma rewrites on open)."""
    return directory_sums(settings.chroma_dir, skip=(CHROMA_SQLITE, f"{CHROMA_SQLITE}-journal",
                                                     f"{CHROMA_SQLITE}-wal", f"{CHROMA_SQLITE}-shm"))


def mark_chroma_writing(settings: Settings) -> None:
    """Say that Chroma's files are about to change (until ``record_chroma``)."""
    if not settings.chroma_url:
        _write_json(_sums_path(settings), {"state": "writing"})


def record_chroma(settings: Settings, count: int) -> None:
    """Record the checksums of Chroma's files and its vector count (after a completed write)."""
    if settings.chroma_url or not settings.chroma_dir.exists():
        return
    files = {name: list(entry) for name, entry in chroma_files(settings).items()}
    _write_json(_sums_path(settings), {"state": "recorded", "count": count, "files": files})


def forget_chroma(settings: Settings) -> None:
    _sums_path(settings).unlink(missing_ok=True)


def recorded_chroma(settings: Settings) -> dict | None:
    """The recorded state, or None when nothing (readable) is on record."""
    try:
        data = json.loads(_sums_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("state") == "recorded" else None


def chroma_file_problem(settings: Settings) -> str | None:
    """What differs in Chroma's files from the record: '' when nothing; None when nothing is on record.

    Chroma itself rewrites segment files now and then (it persists its HNSW
    graph lazily), so a difference means "suspect", to be settled by
    ``verify_chroma``; a failing SQLite check is damage outright.
    """
    if settings.chroma_url or not settings.chroma_dir.exists():
        return ""
    sqlite_path = settings.chroma_dir / CHROMA_SQLITE
    if not sqlite_path.is_file():
        return f"{CHROMA_SQLITE} is missing"
    recorded = recorded_chroma(settings)
    if recorded is None:
        return None
    return compare_sums({k: tuple(v) for k, v in recorded.get("files", {}).items()},
                        chroma_files(settings))


def verify_chroma(settings: Settings) -> str:
    """'' when embedded Chroma is sound, else the problem; never opens damaged files in this process.

    Files matching the record are sound (fast path). Otherwise Chroma is opened
    in a subprocess probe that reads and queries it: a crash, an error or a
    query that does not find stored vectors is damage; a probe that passes
    means Chroma rewrote its own files, and the new checksums are recorded.
    """
    if settings.chroma_url or not settings.chroma_dir.exists():
        return ""
    broken = sqlite_problem(settings.chroma_dir / CHROMA_SQLITE)
    if broken:
        return broken
    problem = chroma_file_problem(settings)
    if problem == "":
        return ""
    failed, count = probe_chroma(settings)
    if failed:
        return f"{problem}; {failed}" if problem else failed
    record_chroma(settings, count)
    return ""


def sqlite_problem(path: Path) -> str:
    """'' when the SQLite file passes ``PRAGMA quick_check``, else the reason."""
    if not path.is_file():
        return f"{path.name} is missing"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        return f"{path.name}: {err}"
    return "" if rows == ["ok"] else f"{path.name}: {_one_line(rows)}"


def probe_chroma(settings: Settings) -> tuple[str, int]:
    """Open Chroma in a subprocess and query it: ('', vector count) when that works, else (problem, 0)."""
    env = {**os.environ, "KAMERZOEK_DATA_DIR": str(settings.data_dir),
           "KAMERZOEK_COLLECTION": settings.collection, "KAMERZOEK_CHROMA_URL": ""}
    try:
        done = subprocess.run([sys.executable, "-m", "index.integrity", "probe"], env=env,
                              capture_output=True, text=True, timeout=PROBE_TIMEOUT_S,
                              cwd=Path(__file__).resolve().parents[1])
    except subprocess.TimeoutExpired:
        return f"opening it did not finish in {PROBE_TIMEOUT_S} s", 0
    if done.returncode < 0:
        return f"opening it crashes the process (signal {-done.returncode})", 0
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.strip().splitlines() if ln.strip()]
        return f"opening it fails ({lines[-1][:200] if lines else f'exit {done.returncode}'})", 0
    try:
        return "", int(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return f"the probe said {done.stdout.strip()[:100]!r}", 0


def _probe_main() -> int:
    """Subprocess side of ``probe_chroma``: open, count, and find a sample of stored vectors by query.

    A damaged HNSW graph that does not crash returns other neighbours; each
    sampled vector must find a vector at distance ~0 (itself or an identical one).
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = Settings()
    client = chromadb.PersistentClient(path=str(settings.chroma_dir),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    if settings.collection not in names:
        print(0)
        return 0
    collection = client.get_collection(settings.collection)
    count = collection.count()
    if count:
        ids = collection.get(include=[])["ids"]
        sample = random.Random(0).sample(ids, min(PROBE_SAMPLE, len(ids)))
        got = collection.get(ids=sample, include=["embeddings"])
        result = collection.query(query_embeddings=[list(v) for v in got["embeddings"]],
                                  n_results=1, include=["distances"])
        lost = sum(1 for d in result["distances"] if not d or d[0] > 1e-3)
        if lost:
            print(f"{lost} of {len(sample)} stored vectors are not found by a query", file=sys.stderr)
            return 3
    print(count)
    return 0


def guard_chroma(settings: Settings) -> None:
    """Raise DamagedStoreError if embedded Chroma is damaged (before Chroma opens it here)."""
    problem = verify_chroma(settings)
    if problem:
        raise DamagedStoreError(f"the vector store in {settings.chroma_dir} is damaged ({problem}):"
                                f" {REPAIR} (rebuilds it from the catalog and the embedding cache)")


def preflight(settings: Settings) -> None:
    """Refuse a damaged store before a long-running reader (``serve``) starts: catalog
    (``PRAGMA quick_check``), BM25 (checksums, generation) and embedded Chroma."""
    from index.snapshot import IndexSnapshot

    problem = sqlite_problem(settings.catalog_path)
    if problem:
        from index.catalog import damaged_catalog

        raise damaged_catalog(settings.catalog_path, problem)
    snapshot = IndexSnapshot(settings)
    try:
        snapshot.current().require_lexical()
    finally:
        snapshot.close()
    if not settings.chroma_url:
        guard_chroma(settings)


def drop_chroma_files(settings: Settings) -> None:
    """Delete the embedded Chroma store from disk (the one repair that works on any damage)."""
    if not settings.chroma_url:
        _forget_chroma_clients()
        shutil.rmtree(settings.chroma_dir, ignore_errors=True)
        forget_chroma(settings)


def _forget_chroma_clients() -> None:
    """Drop chromadb's per-path client cache, so the next client opens the files anew."""
    try:
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception as err:  # noqa: BLE001 - best effort across chromadb versions
        log.debug("could not clear chromadb's client cache: %s", err)


# --- the checks -------------------------------------------------------------------

def check(settings: Settings) -> list[Finding]:
    """Every problem found in the data dir of ``settings`` (empty: all is well)."""
    from index.catalog import Catalog
    from index.errors import IndexNotBuiltError

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
        return [Finding("catalog", f"{path} fails its integrity check ({_one_line(rows)})", fix,
                        derived=False)]
    if version > schema.VERSION:
        return [Finding("catalog", f"schema version {version}, this kamerzoek reads up to {schema.VERSION}",
                        "use the kamerzoek version that wrote it, or re-ingest into a new data dir",
                        derived=False)]
    return []


def lexical_findings(settings: Settings, generation: int, ids: set[str]) -> list[Finding]:
    """BM25: checksums, generation, ids and count against the catalog."""
    from index.errors import KamerzoekIndexError
    from index.lexical import LexicalIndex

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


def dense_findings(settings: Settings, catalog, ids: set[str]) -> list[Finding]:
    """Chroma: files against their checksums, then count, ids and a sample of vectors."""
    from index.dense import DenseStore

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
    if recorded is not None and recorded.get("count") != count:
        findings.append(Finding("chroma", f"holds {count} vectors, {recorded.get('count')} were"
                                          " recorded after the last write", fix))
    findings += _vector_findings(settings, store, catalog, sorted(present & ids), fix)
    return findings


def _vector_findings(settings: Settings, store, catalog, ids: list[str], fix: str) -> list[Finding]:
    """A random sample of stored vectors compared with the embedding cache."""
    import hashlib

    import numpy as np

    from index.embeddings import EmbeddingCache

    cache_path = settings.cache_dir / "embeddings.sqlite3"
    if not ids or not cache_path.is_file():
        return []
    sample = random.Random(0).sample(ids, min(VECTOR_SAMPLE, len(ids)))
    got = store.collection.get(ids=sample, include=["embeddings"])
    stored = dict(zip(got["ids"], got["embeddings"]))
    from index.embeddings import Embedder

    prefix = Embedder(settings).passage_prefix  # the cache keys on prefix + text (no model loaded)
    texts = {cid: p.text for cid, p in catalog.passages_by_ids(sample).items()}
    hashes = {cid: hashlib.sha256((prefix + t).encode("utf-8")).hexdigest() for cid, t in texts.items()}
    cache = EmbeddingCache(cache_path)
    try:
        cached = cache.get_many(store.model_id, list(hashes.values()))
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

def repair(settings: Settings, findings: list[Finding], progress: bool = True):
    """Rebuild the derived stores named in ``findings`` (under the writer's lock); returns SyncStats."""
    from index.catalog import Catalog
    from index.pipeline import _remove_lexical, sync, writer_lock

    stores = {f.store for f in findings if f.derived}
    with writer_lock(settings, "kamerzoek check --repair"), Catalog(settings.catalog_path) as catalog:
        if "bm25" in stores:
            _remove_lexical(settings)
        if "chroma" in stores:
            if settings.chroma_url:
                from index.dense import DenseStore

                DenseStore.drop(settings)
            else:
                drop_chroma_files(settings)
        return sync(settings, catalog, progress)


def _one_line(rows: list[str], limit: int = 160) -> str:
    """SQLite's integrity report (rows, some of several lines) as one short line."""
    text = "; ".join(" ".join(row.split()) for row in rows)
    return text if len(text) <= limit else text[:limit] + "…"


def _write_json(path: Path, data: dict) -> None:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


if __name__ == "__main__" and sys.argv[1:] == ["probe"]:
    logging.disable(logging.CRITICAL)
    sys.exit(_probe_main())

"""Embedded Chroma's files: checksums recorded after every write, verified before Chroma opens them.

Chroma's HNSW reader crashes the whole process (SIGSEGV) on garbage, so its
segment files are checked against the checksums recorded after every write
(``chroma.sums.json`` in the data dir) before Chroma reads them. When no
checksums are on record (a write was interrupted, an older data dir) Chroma is
first opened in a subprocess probe, so a crash costs the probe, not the caller.
``guard_chroma`` is what ``DenseStore`` runs on open; ``drop_chroma_files`` is
the one repair that works on any damage.
"""
from __future__ import annotations

import json
import logging
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from index.config import Settings
from index.errors import DamagedStoreError
from index.sums import Sums, compare_sums, directory_sums, sqlite_problem

log = logging.getLogger(__name__)

SUMS_FILE = "chroma.sums.json"
CHROMA_SQLITE = "chroma.sqlite3"
REPAIR = "run `kamerzoek check --repair`"
PROBE_TIMEOUT_S = 120
PROBE_SAMPLE = 32


def _sums_path(settings: Settings) -> Path:
    return settings.data_dir / SUMS_FILE


def chroma_files(settings: Settings) -> Sums:
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


@dataclass(frozen=True)
class ChromaRecord:
    """What was recorded after Chroma's last completed write: its vector count and file checksums."""

    count: int | None
    files: Sums


def recorded_chroma(settings: Settings) -> ChromaRecord | None:
    """The recorded state, or None when nothing (readable) is on record."""
    try:
        data = json.loads(_sums_path(settings).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("state") != "recorded":
            return None
        return ChromaRecord(data.get("count"), {k: tuple(v) for k, v in data.get("files", {}).items()})
    except (OSError, ValueError, TypeError, AttributeError):
        return None


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
    return compare_sums(recorded.files, chroma_files(settings))


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


def probe_chroma(settings: Settings) -> tuple[str, int]:
    """Open Chroma in a subprocess and query it: ('', vector count) when that works, else (problem, 0)."""
    env = {**os.environ, "KAMERZOEK_DATA_DIR": str(settings.data_dir),
           "KAMERZOEK_COLLECTION": settings.collection, "KAMERZOEK_CHROMA_URL": ""}
    try:
        done = subprocess.run([sys.executable, "-m", "index.chroma_files", "probe"], env=env,
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

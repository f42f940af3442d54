"""The ingest pipeline: files → catalog (index/intake.py) → Chroma and BM25 (index/store_sync.py).

The catalog is the source of truth; Chroma and BM25 are derived from it by
``sync``. ``ingest_paths`` runs ``sync`` before its work (so an ingestion
killed at any point, even by SIGKILL, is completed by the next run) and after
it when the catalog changed.
Unchanged files (same bytes, same manifest entry) are skipped without parsing,
and the embedding model is only loaded when some passage needs embedding; its
identity is computed once per run.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.catalog import Catalog
from index.config import Settings
from index.embeddings import configured_identity
from index.intake import FileResult, FileStatus, ingest_files, remove_missing
from index.integrity import refuse_damaged_catalog
from index.lock import writer_lock
from index.store_sync import SyncStats, sync


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
        return not self.stopped_early and all(r.status is not FileStatus.FAILED for r in self.results)

    @property
    def failures(self) -> list[FileResult]:
        return [r for r in self.results if r.status is FileStatus.FAILED]

    @property
    def embedded(self) -> int:
        return self.sync.embedded

    def counts(self) -> dict[str, int]:
        """Files per status, every status named (by its value), in the order of ``FileStatus``."""
        return {s.value: sum(r.status is s for r in self.results) for s in FileStatus}


def ingest_paths(paths: Iterable[str | Path], settings: Settings, prune: bool = False,
                 progress: bool = True, *, strict: bool = False, force: bool = False) -> IngestReport:
    """Ingest files and directories into the catalog and bring Chroma and BM25 in step.

    ``prune`` removes documents whose file is gone from a scanned directory;
    ``strict`` stops at the first failing file; ``force`` re-parses unchanged files.
    """
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    report = IngestReport()
    with writer_lock(settings, "kamerzoek ingest"):
        refuse_damaged_catalog(settings)
        identity = configured_identity(settings)  # once per run: both syncs and the embedder share it
        with Catalog(settings.catalog_path) as catalog:
            report.sync.add(sync(settings, catalog, identity, progress))  # finish an interrupted run first
            in_step = catalog.generation()  # the generation the stores now hold
            report.results, report.stopped_early = ingest_files(paths, catalog, settings, progress,
                                                                strict, force)
            if prune:
                report.results += remove_missing(paths, catalog)
            if catalog.generation() != in_step:  # unchanged files leave the stores in step
                report.sync.add(sync(settings, catalog, identity, progress))
            report.passages_total = len(catalog.chunk_ids())
    report.seconds = time.perf_counter() - started
    return report

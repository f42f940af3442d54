"""What a reader searches: one published generation of the catalog and the BM25 index, together.

An ingest commits each document to the catalog at once, but BM25 is rebuilt
only at the end (and Chroma in between). A reader that followed the catalog
would meet passages BM25 does not know and miss passages it still ranks. So a
reader keeps the *published* generation: the catalog as a pinned SQLite
snapshot (``SnapshotCatalog``) and the BM25 index built for exactly that
generation. When the writer publishes a new BM25 index (an atomic symlink swap,
``index.pipeline._save_lexical``), ``refresh`` loads it, pins the catalog at its
generation and swaps both at once; until then the old pair is served.

Chroma has no snapshots: the writer adds new vectors before it publishes and
deletes stale ones after, so Chroma always holds every id of the served
generation, and ``visible`` drops ids the generation does not have.
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading

from index.catalog import SnapshotCatalog
from index.config import Settings
from index.errors import IndexNotBuiltError, KamerzoekIndexError

log = logging.getLogger(__name__)

_LINK_GENERATION = re.compile(r"-g(\d+)-")


def published_generation(settings: Settings) -> int | None:
    """The catalog generation of the BM25 index on disk (None: no index), read cheaply."""
    link = settings.lexical_dir
    if link.is_symlink():
        match = _LINK_GENERATION.search(os.readlink(link))
        if match:
            return int(match.group(1))
    if not link.exists():
        return None
    from index.lexical import PARAMS_FILE

    try:
        return int(json.loads((link / PARAMS_FILE).read_text(encoding="utf-8"))["generation"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class IndexSnapshot:
    """The catalog and BM25 index of one generation, swapped together when a newer one is published."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.RLock()
        if not settings.catalog_path.is_file():
            raise IndexNotBuiltError(f"no catalog in {settings.data_dir}: run `kamerzoek ingest` first")
        self.catalog = SnapshotCatalog(settings.catalog_path)
        self._lexical = None
        self._lexical_error: KamerzoekIndexError | None = None
        self._load_lexical(published_generation(settings))

    @property
    def generation(self) -> int:
        return self.catalog.generation()

    def lexical(self):
        """The BM25 index of this generation (IndexNotBuiltError/DamagedStoreError when unusable)."""
        if self._lexical is None:
            raise self._lexical_error or IndexNotBuiltError(
                f"no BM25 index in {self.settings.data_dir}: run `kamerzoek ingest` first")
        return self._lexical

    def refresh(self) -> bool:
        """Move to the newest published generation if there is one and it is complete; True if moved."""
        published = published_generation(self.settings)
        with self._lock:
            if published is None or (self._lexical is not None and published == self.generation):
                return False
            if self._lexical is None and self._lexical_error is None and published == self.generation:
                return False
            return self._advance(published)

    def visible(self, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """``ranked`` without ids this generation does not hold (vectors of a newer one)."""
        if self._lexical is None:
            return ranked
        rows = self._lexical._row
        return [(cid, score) for cid, score in ranked if cid in rows]

    def close(self) -> None:
        self.catalog.close()

    # -- internals ------------------------------------------------------------------
    def _advance(self, published: int) -> bool:
        from index.lexical import LexicalIndex

        try:
            index = LexicalIndex.load(self.settings.lexical_dir)
        except (KamerzoekIndexError, OSError, ValueError) as err:
            if self._lexical is not None:  # being replaced right now: keep serving the old one
                log.info("BM25 index not loadable yet (%s); serving generation %d", err, self.generation)
                return False
            raise
        if index.generation != published or not self.catalog.advance(index.generation):
            return False  # the writer moved on meanwhile; try again at the next request
        self._lexical, self._lexical_error = index, None
        log.info("now serving catalog generation %d", index.generation)
        return True

    def _load_lexical(self, published: int | None) -> None:
        """First load: the BM25 index must be of the pinned generation, else say what to run."""
        from index.lexical import LexicalIndex

        if published is None:
            return
        index = LexicalIndex.load(self.settings.lexical_dir)
        if index.generation != self.generation and not self.catalog.advance(index.generation):
            self._lexical_error = IndexNotBuiltError(
                f"the BM25 index in {self.settings.data_dir} is behind the catalog (generation"
                f" {index.generation}, catalog {self.catalog.latest_generation()}): run"
                " `kamerzoek ingest` (or wait for the running one to finish)")
            return
        self._lexical = index


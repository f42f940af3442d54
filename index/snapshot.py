"""What a reader searches: one published generation of the catalog and the BM25 index, together.

An ingest commits each document to the catalog at once, but BM25 is rebuilt
only at the end (and Chroma in between). A reader that followed the catalog
would meet passages BM25 does not know and miss passages it still ranks. So a
reader keeps the *published* generation: the catalog as a pinned SQLite
snapshot (``SnapshotCatalog``) and the BM25 index built for exactly that
generation. When the writer publishes a new BM25 index (an atomic symlink swap,
``LexicalIndex.publish``), ``refresh`` loads it, pins the catalog at its
generation and swaps both at once; until then the old pair is served.

Chroma has no snapshots: the writer adds new vectors before it publishes and
deletes stale ones after, so Chroma always holds every id of the served
generation, and ``visible`` drops ids the generation does not have.
"""
from __future__ import annotations

import logging
import threading
import time

from index.catalog import Catalog, SnapshotCatalog
from index.config import Settings
from index.errors import IndexNotBuiltError, KamerzoekIndexError
from index.lexical import LexicalIndex
from index.schema import UNGROUPED

log = logging.getLogger(__name__)

RETRY_S = 1.0


def published_generation(settings: Settings) -> int | None:
    """The catalog generation of the BM25 index on disk (None: no index), read cheaply."""
    return LexicalIndex.published_generation(settings.lexical_dir)


class IndexSnapshot:
    """The catalog and BM25 index of one generation, replaced together when a newer one is published.

    ``current()`` is what a request reads: a ``Generation`` that never changes
    under it. The generation before is closed only at the swap after the next
    one, so a request that started on it can finish.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        if not settings.catalog_path.is_file():
            raise IndexNotBuiltError(f"no catalog in {settings.data_dir}: run `kamerzoek ingest` first")
        self._current = self._first()
        self._retired: list[SnapshotCatalog] = []
        self._tried: int | None = None  # the published generation last tried, and when
        self._tried_at = 0.0

    def current(self) -> "Generation":
        """The generation being served, after moving to a newer complete one if one was published."""
        published = published_generation(self.settings)
        current = self._current
        if published is None or published == current.generation and current.lexical is not None:
            return current
        with self._lock:
            if self._current is current and self._may_try(published):
                self._advance(published)
            return self._current

    def _may_try(self, published: int) -> bool:
        """At most one attempt per second at the same published generation (loading BM25 costs)."""
        now = time.monotonic()
        if self._tried == published and now - self._tried_at < RETRY_S:
            return False
        self._tried, self._tried_at = published, now
        return True

    def close(self) -> None:
        with self._lock:
            for catalog in (*self._retired, self._current.catalog):
                catalog.close()
            self._retired = []

    # -- internals ------------------------------------------------------------------
    def _first(self) -> "Generation":
        """The generation at start: the catalog pinned now, with the BM25 index built for it."""
        catalog = self._pin()
        if published_generation(self.settings) is None:
            return Generation(catalog, None, None)
        try:
            index = self._load()
        except KamerzoekIndexError:
            catalog.close()
            raise
        if index.generation != catalog.pinned:
            return Generation(catalog, None, IndexNotBuiltError(
                f"the BM25 index in {self.settings.data_dir} is behind the catalog (generation"
                f" {index.generation}, catalog {catalog.pinned}): run `kamerzoek ingest` (or wait"
                " for the running one to finish)"))
        return Generation(catalog, index, None)

    def _advance(self, published: int) -> None:
        """Swap in ``published`` if its BM25 index loads and the catalog is at that generation."""
        current = self._current
        try:
            index = self._load()
        except (KamerzoekIndexError, OSError, ValueError) as err:
            if current.lexical is not None:  # being replaced right now: keep serving the old one
                log.info("BM25 index not loadable yet (%s); serving generation %d", err, current.generation)
                return
            raise
        if index.generation != published:
            return  # swapped again meanwhile; the next request looks again
        catalog = self._pin()
        if catalog.pinned != index.generation:  # the writer moved on already
            catalog.close()
            return
        for old in self._retired:
            old.close()
        self._retired = [current.catalog]
        self._current = Generation(catalog, index, None)
        log.info("now serving catalog generation %d", index.generation)

    def _pin(self) -> SnapshotCatalog:
        """A snapshot of the catalog as it is now, with the work readers would do first done.

        The registry regroups commitments on the first read after they changed
        (``index.registry.ensure_grouped``, a write): that is done here, on a
        connection of its own, so the read-only snapshot never has to write.
        A letter committed in between sets the mark again: then once more.
        """
        for attempt in range(3):
            with Catalog(self.settings.catalog_path) as live:
                live.registry.ensure_grouped()
            catalog = SnapshotCatalog(self.settings.catalog_path)
            if attempt == 2 or catalog.meta(UNGROUPED) != "1":
                return catalog
            catalog.close()
        raise AssertionError("unreachable")

    def _load(self) -> LexicalIndex:
        return LexicalIndex.load(self.settings.lexical_dir)


class Generation:
    """One published generation: its pinned catalog and its BM25 index (None, with the reason, if unusable)."""

    def __init__(self, catalog: SnapshotCatalog, lexical: LexicalIndex | None,
                 error: KamerzoekIndexError | None) -> None:
        self.catalog, self.lexical, self.error = catalog, lexical, error
        self.generation = catalog.pinned

    def require_lexical(self) -> LexicalIndex:
        """The BM25 index, or the error that says why there is none."""
        if self.lexical is None:
            raise self.error or IndexNotBuiltError(
                f"no BM25 index in {self.catalog.path.parent}: run `kamerzoek ingest` first")
        return self.lexical

    def visible(self, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """``ranked`` without ids this generation does not hold (vectors of a newer one)."""
        if self.lexical is None:
            return ranked
        lexical = self.lexical
        return [(cid, score) for cid, score in ranked if cid in lexical]

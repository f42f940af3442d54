"""Search over the index: lexical, dense or hybrid retrievers behind one Protocol, and
``Searcher``, which turns their (chunk id, score) lists into citable ``Hit``s.

A request is analysed once (``index.analysis.QueryTerms``): the retrievers, the
highlighting and the answerer all receive that analysis. The BM25 index, Chroma
and the embedding model are opened lazily, once, and shared by all threads;
lexical search never loads the model. Filters become a set of chunk ids via
``Catalog.chunk_ids_matching`` and every retriever searches within it.

Snapshots: a request reads one published generation (index.snapshot): the
catalog pinned as it was when that generation's BM25 index was built, and that
index; an ingest running meanwhile is not seen until it has published.

Threads: ``Searcher.search`` takes no lock of its own. The catalog gives each
thread its own SQLite connection, the BM25 arrays are only read, Chroma serves
concurrent queries, the stemmer has its lock (ingest.dutch), the query encoder
is thread-safe (index.onnx_encoder); what is taken in turn is opening a part and
reloading the BM25 index after an ingest.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from index import fusion
from index.analysis import QueryTerms
from index.catalog import Catalog, DocumentFacts
from index.config import Settings
from index.dense import DenseStore
from index.embeddings import Embedder
from index.highlight import highlight_spans
from index.model_identity import recorded_model, require_same_model
from index.models import Hit, SearchFilters, SearchMode
from index.snapshot import IndexSnapshot

Query = str | QueryTerms  # a query's text, or its analysis made once per request


def query_text(query: Query) -> str:
    return query.text if isinstance(query, QueryTerms) else query


@runtime_checkable
class Retriever(Protocol):
    """What every retriever offers: best-first (chunk id, score), within ``ids_filter`` if given."""

    def search(self, query: Query, k: int, ids_filter: set[str] | None = None) -> list[tuple[str, float]]: ...


class LexicalRetriever:
    """BM25 (index.lexical) as a Retriever."""

    def __init__(self, index) -> None:
        self.index = index

    def search(self, query: Query, k: int, ids_filter: set[str] | None = None) -> list[tuple[str, float]]:
        return self.index.search(query, k, ids_filter)


class DenseRetriever:
    """Embedding + Chroma nearest neighbours as a Retriever."""

    def __init__(self, embedder, store) -> None:
        self.embedder = embedder
        self.store = store

    def search(self, query: Query, k: int, ids_filter: set[str] | None = None) -> list[tuple[str, float]]:
        text = query_text(query)
        if not text.strip():
            return []
        vector = self.embedder.encode_query(text)
        return self.store.query(vector, k, ids_filter)


class HybridRetriever:
    """Lexical and dense fused (index.fusion; weights and method chosen on the dev set)."""

    def __init__(self, lexical: Retriever, dense: Retriever,
                 weights: dict[str, float] | None = None,
                 method: fusion.FusionMethod = fusion.DEFAULT_METHOD,
                 candidates: int = fusion.CANDIDATES) -> None:
        self.lexical, self.dense = lexical, dense
        self.weights = weights or {"lexical": fusion.W_LEXICAL, "dense": fusion.W_DENSE}
        self.method, self.candidates = method, candidates

    def search(self, query: Query, k: int, ids_filter: set[str] | None = None) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        n = max(k, self.candidates)
        rankings = {"lexical": self.lexical.search(query, n, ids_filter),
                    "dense": self.dense.search(query, n, ids_filter)}
        return fusion.fuse(rankings, self.weights, self.method)[:k]


@dataclass(frozen=True)
class _View:
    """What one request reads, all of one published generation (read once per request)."""

    generation: int
    lexical: object  # index.lexical.LexicalIndex, or None when it is not built
    facts: dict[str, DocumentFacts]  # title, date, type and dossiers by source
    pages: dict[str, tuple[tuple[int, int], ...]]  # (page number, body offset) by source
    snapshot: object  # index.snapshot.Generation: the pinned catalog of this generation

    @property
    def catalog(self):
        return self.snapshot.catalog


class Searcher:
    """Search the data dir of ``settings`` and return citable hits (safe to share between threads)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()  # opening parts and swapping the view; never held while searching
        self._snapshot = None
        self._catalog = None
        self._embedder = None
        self._store = None
        self._view: _View | None = None

    # -- public -------------------------------------------------------------------
    def document_facts(self) -> dict[str, DocumentFacts]:
        """Title, date, type and dossiers of every document of the generation being served."""
        return self._current().facts

    def analyse(self, query: str) -> QueryTerms:
        """``query`` analysed once, against the current BM25 index when there is one."""
        lexical = self._current().lexical
        return lexical.analyse(query) if lexical is not None else QueryTerms.plain(query)

    def search(self, query: Query, k: int = 10, mode: SearchMode = SearchMode.HYBRID,
               filters: SearchFilters | None = None) -> list[Hit]:
        """The top ``k`` hits for ``query`` (its text or its ``analyse``) in ``mode``, within ``filters``."""
        view = self._current()
        terms = self._terms(query, mode, view)
        return self._hits(terms, self._rank(terms, k, mode, filters, view), view)

    def rank(self, query: Query, k: int = 10, mode: SearchMode = SearchMode.HYBRID,
             filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        """The top ``k`` (chunk id, score) for ``query``, best first, without building hits
        (``index.result_page`` ranks a candidate pool, then builds hits for what it shows)."""
        view = self._current()
        return self._rank(self._terms(query, mode, view), k, mode, filters, view)

    def hits(self, query: Query, ranked: list[tuple[str, float]]) -> list[Hit]:
        """Citable hits for (chunk id, score) pairs in the order given, highlighted for ``query``."""
        view = self._current()
        return self._hits(self._terms(query, SearchMode.DENSE, view), ranked, view)

    def _terms(self, query: Query, mode: SearchMode | str, view: _View) -> QueryTerms:
        mode = SearchMode.from_str(mode) if isinstance(mode, str) else mode
        if mode is not SearchMode.DENSE and view.lexical is None:
            self._require_lexical()  # raises the reason
        return query if isinstance(query, QueryTerms) else (
            view.lexical.analyse(query) if view.lexical is not None else QueryTerms.plain(query))

    def _rank(self, terms: QueryTerms, k: int, mode: SearchMode | str, filters: SearchFilters | None,
              view: _View) -> list[tuple[str, float]]:
        mode = SearchMode.from_str(mode) if isinstance(mode, str) else mode
        ids_filter = view.catalog.chunk_ids_matching(filters)
        retriever = self._retriever(mode, view)
        ranked = retriever.search(terms, k, ids_filter)
        visible = view.snapshot.visible(ranked)
        if len(visible) < len(ranked):  # Chroma already holds vectors of the next generation
            visible = view.snapshot.visible(retriever.search(terms, 2 * k + 50, ids_filter))[:k]
        return visible

    def retriever(self, mode: SearchMode) -> Retriever:
        """The retriever of ``mode`` (lexical never touches the embedding model)."""
        return self._retriever(mode, self._current())

    def _retriever(self, mode: SearchMode, view: _View) -> Retriever:
        if mode is SearchMode.LEXICAL:
            return LexicalRetriever(view.lexical or self._require_lexical())
        if mode is SearchMode.DENSE:
            return DenseRetriever(self.embedder, self.store)
        return HybridRetriever(LexicalRetriever(view.lexical or self._require_lexical()),
                               DenseRetriever(self.embedder, self.store),
                               weights=fusion.default_weights(self.settings.model))

    @property
    def model_loaded(self) -> bool:
        return self._embedder is not None and self._embedder.loaded

    def close(self) -> None:
        with self._lock:
            if self._snapshot is not None:
                self._snapshot.close()
                self._snapshot = None
            if self._catalog is not None:
                self._catalog.close()
                self._catalog = None
            if self._embedder is not None:
                self._embedder.close()
            self._store = None
            self._view = None

    def __enter__(self) -> "Searcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lazily opened parts ---------------------------------------------------------
    @property
    def snapshot(self):
        """The published generations of catalog + BM25 (index.snapshot), opened once."""
        if self._snapshot is None:
            with self._lock:
                if self._snapshot is None:
                    self._snapshot = IndexSnapshot(self.settings)
        return self._snapshot

    @property
    def catalog(self):
        """The live catalog (writable: watches, the registry); searching reads the pinned
        catalog of the generation being served instead (``_View.catalog``)."""
        if self._catalog is None:
            with self._lock:
                if self._catalog is None:
                    self._catalog = Catalog.open_existing(self.settings.catalog_path)
        return self._catalog

    @property
    def lexical(self):
        """The BM25 index of the catalog's current generation (reloaded after an ingest)."""
        return self._current().lexical or self._require_lexical()

    def _current(self) -> _View:
        """The view of the generation being served; after an ingest has published, the next one.

        The documents' facts are read once per generation, under the lock; requests
        already running keep the view they started with.
        """
        snapshot = self.snapshot.current()
        view = self._view
        if view is not None and view.snapshot is snapshot:
            return view
        with self._lock:
            view = self._view
            if view is None or view.snapshot is not snapshot:
                catalog = snapshot.catalog
                view = self._view = _View(snapshot.generation, snapshot.lexical,
                                          catalog.document_facts(), catalog.page_starts(),
                                          snapshot)
        return view

    def _require_lexical(self):
        """Raise why there is no usable BM25 index (missing, damaged, or behind the catalog)."""
        return self._current().snapshot.require_lexical()

    @property
    def embedder(self):
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    self._embedder = Embedder(self.settings, use_cache=False)
        return self._embedder

    @property
    def store(self):
        if self._store is None:
            embedder = self.embedder
            catalog = self._current().catalog  # the model on record (taking the lock itself, maybe)
            with self._lock:
                if self._store is None:
                    store = DenseStore(self.settings)
                    recorded = recorded_model(catalog, store)
                    require_same_model(recorded, embedder.identity, self.settings.data_dir)
                    self._store = store
        return self._store

    # -- hits ------------------------------------------------------------------------
    def _hits(self, terms: QueryTerms, ranked: list[tuple[str, float]], view: _View) -> list[Hit]:
        passages = view.catalog.passages_by_ids(cid for cid, _ in ranked)
        hits = []
        for chunk_id, score in ranked:
            passage = passages.get(chunk_id)
            if passage is None:  # index ahead of the catalog; never shown
                continue
            facts = view.facts.get(passage.source)
            title, date = (facts.title, facts.date) if facts else (passage.source, "")
            hits.append(Hit(
                chunk_id=chunk_id, source=passage.source, title=title, date=date,
                page_start=passage.page_start, page_end=passage.page_end, heading=passage.heading,
                text=passage.text, score=round(float(score), 6),
                footnotes=passage.footnotes,
                highlights=tuple(highlight_spans(passage.text, terms)),
                start=passage.start, page_breaks=_page_breaks(passage, view.pages.get(passage.source, ())),
                ordinal=passage.ordinal,
            ))
        return hits

    def following(self, hit: Hit) -> Hit | None:
        """The passage right after ``hit`` in its document, as a hit (no score, no highlights), if any."""
        view = self._current()
        after = [p for p in view.catalog.neighbours(hit.chunk_id, n=1) if p.ordinal == hit.ordinal + 1]
        if not after:
            return None
        return self._hits(QueryTerms(hit.text[:0], (), ()), [(after[0].chunk_id, 0.0)], view)[0]


    def closing(self, hit: Hit) -> Hit | None:
        """The last passage of ``hit``'s document (where a letter is signed), as a hit."""
        view = self._current()
        row = view.catalog.connection.execute(
            "SELECT chunk_id FROM passages WHERE source = ? ORDER BY ordinal DESC LIMIT 1", (hit.source,)).fetchone()
        if row is None:
            return None
        return self._hits(QueryTerms(hit.text[:0], (), ()), [(row[0], 0.0)], view)[0]


def _page_breaks(passage, pages: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    """Offsets in the passage's text where its second, third … page begins."""
    return tuple(start - passage.start for number, start in pages
                 if passage.page_start < number <= passage.page_end and passage.start < start < passage.end)

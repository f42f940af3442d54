"""Search over the index: lexical, dense or hybrid retrievers behind one Protocol, and
``Searcher``, which turns their (chunk id, score) lists into citable ``Hit``s.

The BM25 index, Chroma and the embedding model are opened lazily and reused;
lexical search never loads the model. Filters become a set of chunk ids via
``Catalog.chunk_ids_matching`` and every retriever searches within it.
"""
from __future__ import annotations

import threading
from typing import Protocol, runtime_checkable

from index import fusion
from index.config import Settings
from index.errors import IndexNotBuiltError
from index.highlight import highlight_spans
from index.models import FootnoteRef, Hit, SearchFilters, SearchMode

@runtime_checkable
class Retriever(Protocol):
    """What every retriever offers: best-first (chunk id, score), within ``ids_filter`` if given."""

    def search(self, query: str, k: int, ids_filter: set[str] | None = None) -> list[tuple[str, float]]: ...


class LexicalRetriever:
    """BM25 (index.lexical) as a Retriever."""

    def __init__(self, index) -> None:
        self.index = index

    def search(self, query: str, k: int, ids_filter: set[str] | None = None) -> list[tuple[str, float]]:
        return self.index.search(query, k, ids_filter)


class DenseRetriever:
    """Embedding + Chroma nearest neighbours as a Retriever."""

    def __init__(self, embedder, store) -> None:
        self.embedder = embedder
        self.store = store

    def search(self, query: str, k: int, ids_filter: set[str] | None = None) -> list[tuple[str, float]]:
        if not query.strip():
            return []
        return self.store.query(self.embedder.encode_query(query), k, ids_filter)


class HybridRetriever:
    """Lexical and dense fused (index.fusion; weights and method chosen on the dev set)."""

    def __init__(self, lexical: Retriever, dense: Retriever,
                 weights: dict[str, float] | None = None,
                 method: fusion.FusionMethod = fusion.DEFAULT_METHOD,
                 candidates: int = fusion.CANDIDATES) -> None:
        self.lexical, self.dense = lexical, dense
        self.weights = weights or {"lexical": fusion.W_LEXICAL, "dense": fusion.W_DENSE}
        self.method, self.candidates = method, candidates

    def search(self, query: str, k: int, ids_filter: set[str] | None = None) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        n = max(k, self.candidates)
        rankings = {"lexical": self.lexical.search(query, n, ids_filter),
                    "dense": self.dense.search(query, n, ids_filter)}
        return fusion.fuse(rankings, self.weights, self.method)[:k]


class Searcher:
    """Search the data dir of ``settings`` and return citable hits."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.RLock()
        self._catalog = None
        self._lexical = None
        self._embedder = None
        self._store = None
        self._documents: dict[str, tuple[str, str]] = {}
        self._documents_generation = -1

    # -- public -------------------------------------------------------------------
    def search(self, query: str, k: int = 10, mode: SearchMode = SearchMode.HYBRID,
               filters: SearchFilters | None = None) -> list[Hit]:
        """The top ``k`` hits for ``query`` in ``mode``, restricted by ``filters``."""
        mode = SearchMode.from_str(mode) if isinstance(mode, str) else mode
        with self._lock:
            ids_filter = self.catalog.chunk_ids_matching(filters)
            ranked = self.retriever(mode).search(query, k, ids_filter)
            return self._hits(query, ranked)

    def retriever(self, mode: SearchMode) -> Retriever:
        """The retriever of ``mode`` (lexical never touches the embedding model)."""
        if mode is SearchMode.LEXICAL:
            return LexicalRetriever(self.lexical)
        if mode is SearchMode.DENSE:
            return DenseRetriever(self.embedder, self.store)
        return HybridRetriever(LexicalRetriever(self.lexical), DenseRetriever(self.embedder, self.store),
                               weights=fusion.default_weights(self.settings.model))

    @property
    def model_loaded(self) -> bool:
        return self._embedder is not None and self._embedder.loaded

    def close(self) -> None:
        with self._lock:
            if self._catalog is not None:
                self._catalog.close()
                self._catalog = None
            if self._embedder is not None:
                self._embedder.close()
            self._store = None

    def __enter__(self) -> "Searcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lazily opened parts ---------------------------------------------------------
    @property
    def catalog(self):
        if self._catalog is None:
            from index.catalog import Catalog

            self._catalog = Catalog.open_existing(self.settings.catalog_path)
        return self._catalog

    @property
    def lexical(self):
        """The BM25 index, reloaded when the catalog has moved on (after an ingest)."""
        from index.lexical import LexicalIndex

        generation = self.catalog.generation()
        if self._lexical is None or self._lexical.generation != generation:
            self._lexical = LexicalIndex.load(self.settings.lexical_dir)
            if self._lexical.generation != generation:
                raise IndexNotBuiltError(
                    f"the BM25 index in {self.settings.data_dir} is behind the catalog (generation"
                    f" {self._lexical.generation}, catalog {generation}): run `kamerzoek ingest`")
        return self._lexical

    @property
    def embedder(self):
        if self._embedder is None:
            from index.embeddings import Embedder

            self._embedder = Embedder(self.settings, use_cache=False)
        return self._embedder

    @property
    def store(self):
        if self._store is None:
            from index.dense import DenseStore

            self._store = DenseStore(self.settings, model_id=self.embedder.model_id)
        return self._store

    # -- hits ------------------------------------------------------------------------
    def _hits(self, query: str, ranked: list[tuple[str, float]]) -> list[Hit]:
        passages = self.catalog.passages_by_ids(cid for cid, _ in ranked)
        stems = self._highlight_stems(query)
        hits = []
        for chunk_id, score in ranked:
            passage = passages.get(chunk_id)
            if passage is None:  # index ahead of the catalog; never shown
                continue
            title, date = self._document_info(passage.source)
            hits.append(Hit(
                chunk_id=chunk_id, source=passage.source, title=title, date=date,
                page_start=passage.page_start, page_end=passage.page_end, heading=passage.heading,
                text=passage.text, score=round(float(score), 6),
                footnotes=tuple(FootnoteRef(f.number, f.text) for f in passage.footnotes),
                highlights=tuple(highlight_spans(passage.text, query, stems)),
            ))
        return hits

    def _highlight_stems(self, query: str) -> set[str]:
        from index.lexical import content_words, stem_all

        try:
            return self.lexical.tokenize_for_highlight(query)
        except IndexNotBuiltError:
            return set(stem_all(content_words(query)))

    def _document_info(self, source: str) -> tuple[str, str]:
        """(title, date) of a document, cached per catalog generation."""
        generation = self.catalog.generation()
        if generation != self._documents_generation:
            self._documents = {d.source: (d.metadata.title or d.source, d.metadata.date)
                               for d in self.catalog.documents()}
            self._documents_generation = generation
        return self._documents.get(source, (source, ""))

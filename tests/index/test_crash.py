"""Crash safety: `kamerzoek ingest` SIGKILLed at several stages is completed by the next run.

The pipeline kills itself at a named stage when KAMERZOEK_TEST_KILL_AT is set
(``index.crashpoints.checkpoint``); the next plain run must leave the catalog,
Chroma and BM25 holding exactly the same passage ids, without duplicates.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from index.catalog import Catalog

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DOCS = ("000_f9fde6f7b868fb2e.txt", "001_0fad4857e130a749.txt")
ROOT = Path(__file__).resolve().parents[2]
KAMERZOEK = Path(sys.executable).parent / "kamerzoek"


def run_ingest(settings, docs: Path, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "KAMERZOEK_CHROMA_URL": settings.chroma_url,
           "KAMERZOEK_EMBED_BATCH_SIZE": "4"}  # several Chroma upserts even for two documents
    env.pop("KAMERZOEK_TEST_KILL_AT", None)
    if kill_at:
        env["KAMERZOEK_TEST_KILL_AT"] = kill_at
    return subprocess.run([str(KAMERZOEK), "ingest", str(docs), "--data-dir",
                           str(settings.data_dir), "--quiet"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


@pytest.fixture
def docs(corpus_dir, tmp_path) -> Path:
    target = tmp_path / "docs"
    target.mkdir()
    for name in (*DOCS, "manifest.json"):
        shutil.copy(corpus_dir / name, target / name)
    return target


@pytest.mark.parametrize("stage", ["after-catalog-commit", "mid-dense-upsert", "before-lexical-save"])
def test_killed_ingest_is_completed_by_the_next_run(cached_settings, docs, stage, store_ids):
    killed = run_ingest(cached_settings, docs, kill_at=stage)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with Catalog(cached_settings.catalog_path) as catalog:  # the kill left the stores apart
        assert catalog.chunk_ids() and not cached_settings.lexical_dir.exists()

    completed = run_ingest(cached_settings, docs)
    assert completed.returncode == 0, completed.stderr
    catalog_ids, dense_ids, lexical_ids = store_ids(cached_settings)
    assert catalog_ids == dense_ids == lexical_ids
    assert len(set(catalog_ids)) == len(catalog_ids) > 0


def test_killed_update_leaves_no_stale_passages(cached_settings, docs, corpus_dir, store_ids):
    shutil.copy(corpus_dir / "003_8bf5640112f1901c.txt", docs.parent / "other.txt")
    assert run_ingest(cached_settings, docs).returncode == 0
    with Catalog(cached_settings.catalog_path) as catalog:
        old_ids = {p.chunk_id for p in catalog.passages(DOCS[1])}
    # DOCS[1] gets another letter's text: every old passage is stale, every new one is
    # in the embedding cache (so the runs stay fast without loading the model)
    shutil.copy(docs.parent / "other.txt", docs / DOCS[1])

    killed = run_ingest(cached_settings, docs, kill_at="after-catalog-commit")
    assert killed.returncode == -signal.SIGKILL
    completed = run_ingest(cached_settings, docs)
    assert completed.returncode == 0, completed.stderr
    assert "unchanged" in completed.stdout  # the killed run had committed the new version
    catalog_ids, dense_ids, lexical_ids = store_ids(cached_settings)
    assert catalog_ids == dense_ids == lexical_ids
    assert old_ids and not old_ids & set(catalog_ids)  # no stale passage in any store
    with Catalog(cached_settings.catalog_path) as catalog:
        assert len(catalog.passages(DOCS[1])) > 0

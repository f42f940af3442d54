"""The Searcher on the real corpus (indexed once per session); the CLI's tests: tests/api/cli/test_search.py."""
from __future__ import annotations

import json
import shutil

import pytest

from index.errors import IndexNotBuiltError
from index.lexical import CHECKSUMS_FILE, PARAMS_FILE
from index.sums import file_sum
from index.models import Hit, SearchFilters, SearchMode
from index.search import Searcher
from ingest.dutch import content_words, fold

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def searcher(indexed_settings):
    with Searcher(indexed_settings) as searcher:
        yield searcher


@pytest.fixture(scope="module")
def documents(indexed_settings):
    from index.catalog import Catalog

    with Catalog(indexed_settings.catalog_path) as catalog:
        return {d.source: d for d in catalog.documents()}


def test_lexical_mode_never_loads_the_model(indexed_settings):
    with Searcher(indexed_settings) as fresh:
        hits = fresh.search("Inspectie SZW", k=3, mode=SearchMode.LEXICAL)
        assert hits and not fresh.model_loaded and fresh._embedder is None


def test_hits_carry_citation_fields_from_the_catalog(searcher, documents):
    hits = searcher.search("Inspectie SZW onderzoekswaardige melding", k=5)
    assert 0 < len(hits) <= 5 and all(isinstance(h, Hit) for h in hits)
    for hit in hits:
        doc = documents[hit.source]
        assert hit.title == doc.metadata.title and hit.date == doc.metadata.date
        assert 1 <= hit.page_start <= hit.page_end and 0 < len(hit.text) <= 1500


def test_footnotes_of_the_passage_come_with_the_hit(searcher, indexed_settings):
    from index.catalog import Catalog

    with Catalog(indexed_settings.catalog_path) as catalog:
        passage = next(p for p in catalog.passages() if p.footnotes)
    hits = searcher.search(passage.text[:200], k=20, mode=SearchMode.LEXICAL)
    hit = next(h for h in hits if h.chunk_id == passage.chunk_id)
    assert [(f.number, f.text) for f in hit.footnotes] == [(f.number, f.text) for f in passage.footnotes]


def test_highlights_point_at_query_words(searcher):
    query = "thuiswerkers werkdruk"
    hits = searcher.search(query, k=3, mode=SearchMode.LEXICAL)
    assert hits
    for hit in hits:
        assert hit.highlights
        marked = [fold(hit.text[s:e]) for s, e in hit.highlights]
        assert all(m.startswith(("thuiswerk", "werkdruk")) for m in marked), marked
        starts = [s for s, _ in hit.highlights]
        assert starts == sorted(starts)
    assert "de" not in content_words(query)


@pytest.mark.parametrize("mode", list(SearchMode))
def test_filter_by_source(searcher, documents, mode):
    source = sorted(documents)[1]
    hits = searcher.search("thuiswerken", k=5, mode=mode, filters=SearchFilters(source=source))
    assert hits and {h.source for h in hits} == {source}


def test_filter_by_date(searcher, documents):
    dates = sorted(d.metadata.date for d in documents.values())
    cut = dates[2]
    hits = searcher.search("thuiswerken", k=20, filters=SearchFilters(date_from=cut))
    assert hits and all(h.date >= cut for h in hits)
    hits = searcher.search("thuiswerken", k=20, filters=SearchFilters(date_to=dates[0]))
    assert hits and all(h.date == dates[0] for h in hits)


def test_filter_by_dossier(searcher, documents):
    with_ref = [d for d in documents.values() if d.metadata.kamerstuk]
    dossier = with_ref[0].metadata.kamerstuk.dossiers()[0]
    expected = {d.source for d in with_ref if dossier in d.metadata.kamerstuk.dossiers()}
    hits = searcher.search("thuiswerken", k=30, mode=SearchMode.LEXICAL,
                           filters=SearchFilters(dossier=dossier))
    assert hits and {h.source for h in hits} <= expected


def test_hybrid_keeps_the_lexical_top_hit_for_an_exact_query(searcher):
    query = "revisie van de richtlijn over gezond en veilig beeldschermwerk"
    lexical = searcher.search(query, k=1, mode=SearchMode.LEXICAL)
    hybrid = searcher.search(query, k=1, mode=SearchMode.HYBRID)
    assert hybrid[0].chunk_id == lexical[0].chunk_id


def test_stale_lexical_index_says_run_ingest(indexed_settings, tmp_path):
    settings = indexed_settings.model_copy(update={"data_dir": tmp_path / "data"})
    shutil.copytree(indexed_settings.data_dir, settings.data_dir, symlinks=True)
    params_path = settings.lexical_dir / PARAMS_FILE
    params = json.loads(params_path.read_text())
    params["generation"] -= 1
    params_path.write_text(json.dumps(params))
    sums_path = settings.lexical_dir / CHECKSUMS_FILE  # a consistent index, just an older one
    sums = json.loads(sums_path.read_text())
    sums[PARAMS_FILE] = list(file_sum(params_path))
    sums_path.write_text(json.dumps(sums))
    with Searcher(settings) as stale, pytest.raises(IndexNotBuiltError, match="kamerzoek ingest"):
        stale.search("thuiswerken", mode=SearchMode.LEXICAL)

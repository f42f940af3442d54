"""Searcher and `kamerzoek search` on the real corpus (indexed once per session)."""
from __future__ import annotations

import json
import shutil

import pytest

from api.cli import main
from index.errors import IndexNotBuiltError
from index.lexical import CHECKSUMS_FILE, PARAMS_FILE
from index.sums import file_sum
from index.models import Hit, SearchFilters, SearchMode
from index.search import Searcher
from ingest.dutch import content_words, fold

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FIELDS = ["chunk_id", "source", "title", "date", "page_start", "page_end", "heading", "text",
          "score", "footnotes", "highlights"]


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


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["search", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json_has_exactly_the_documented_fields(capsys, indexed_settings):
    code, out, _ = _cli(capsys, "Inspectie SZW", "--k", "3", "--mode", "lexical", "--json",
                        "--data-dir", str(indexed_settings.data_dir))
    results = json.loads(out)
    assert code == 0 and len(results) == 3
    assert all(list(r) == FIELDS for r in results)
    assert all(isinstance(r["highlights"][0], list) for r in results)


def test_cli_listing_starts_with_the_citation(capsys, indexed_settings, documents):
    code, out, _ = _cli(capsys, "Inspectie SZW", "--k", "1", "--mode", "lexical",
                        "--data-dir", str(indexed_settings.data_dir))
    first = out.splitlines()[0]
    assert code == 0 and first.startswith("1. ") and "p. " in first
    assert any(d.metadata.title in first for d in documents.values())
    assert "[" in out  # matched terms are marked


def test_cli_batch_one_line_per_query(capsys, indexed_settings, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "a", "query": "huiselijk geweld"}\n\n{"id": "b", "query": "beeldschermwerk"}\n')
    code, out, _ = _cli(capsys, "--queries", str(queries), "--k", "2", "--json",
                        "--data-dir", str(indexed_settings.data_dir))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["id"] for r in lines] == ["a", "b"]
    assert all(len(r["results"]) == 2 and list(r["results"][0]) == FIELDS for r in lines)


@pytest.mark.parametrize("argv, message", [
    (["x", "--mode", "fuzzy"], "--mode: unknown mode 'fuzzy'; accepted: lexical, dense, hybrid"),
    (["x", "--date-from", "2021-02-30"], "--date-from: '2021-02-30' is not a calendar date"),
    (["x", "--k", "0"], "--k: Input should be greater than or equal to 1"),
])
def test_cli_bad_arguments_are_one_line(capsys, indexed_settings, argv, message):
    code, out, err = _cli(capsys, *argv, "--data-dir", str(indexed_settings.data_dir))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_cli_bad_queries_file_names_the_line(capsys, indexed_settings, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "a", "query": "x"}\n{"id": "b"\n')
    code, _, err = _cli(capsys, "--queries", str(queries), "--data-dir", str(indexed_settings.data_dir))
    assert code == 2 and f"{queries}:2: not JSON" in err
    code, _, err = _cli(capsys, "--queries", str(tmp_path / "missing.jsonl"),
                        "--data-dir", str(indexed_settings.data_dir))
    assert code == 2 and "cannot read queries file" in err


def test_cli_missing_index_says_run_ingest(capsys, tmp_path):
    code, _, err = _cli(capsys, "x", "--data-dir", str(tmp_path / "empty"))
    assert code == 2 and "run `kamerzoek ingest` first" in err

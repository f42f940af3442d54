"""`kamerzoek search` on the real corpus (the shared ``indexed_settings``; ``cli_settings`` where the
API's ``client`` answers beside it): its arguments checked by ``/search``'s ``SearchParams``."""
from __future__ import annotations

import json

import pytest

from api.cli import main
from index.catalog import Catalog
from index.models import PassageKind, SearchFilters
from tests.api.cli.conftest import run_cli

FIELDS = ["chunk_id", "source", "title", "date", "page_start", "page_end", "heading", "text",
          "score", "footnotes", "highlights"]


@pytest.fixture(scope="module")
def documents(indexed_settings):
    with Catalog(indexed_settings.catalog_path) as catalog:
        return {d.source: d for d in catalog.documents()}


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["search", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.integration
@pytest.mark.slow
def test_cli_json_has_exactly_the_documented_fields(capsys, indexed_settings):
    code, out, _ = _cli(capsys, "Inspectie SZW", "--k", "3", "--mode", "lexical", "--json",
                        "--data-dir", str(indexed_settings.data_dir))
    results = json.loads(out)
    assert code == 0 and len(results) == 3
    assert all(list(r) == FIELDS for r in results)
    assert all(isinstance(r["highlights"][0], list) for r in results)


@pytest.mark.integration
@pytest.mark.slow
def test_cli_listing_starts_with_the_citation(capsys, indexed_settings, documents):
    code, out, _ = _cli(capsys, "Inspectie SZW", "--k", "1", "--mode", "lexical",
                        "--data-dir", str(indexed_settings.data_dir))
    first = out.splitlines()[0]
    assert code == 0 and first.startswith("1. ") and "p. " in first
    assert any(d.metadata.title in first for d in documents.values())
    assert "[" in out  # matched terms are marked


@pytest.mark.integration
@pytest.mark.slow
def test_cli_batch_one_line_per_query(capsys, indexed_settings, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "a", "query": "huiselijk geweld"}\n\n{"id": "b", "query": "beeldschermwerk"}\n')
    code, out, _ = _cli(capsys, "--queries", str(queries), "--k", "2", "--json",
                        "--data-dir", str(indexed_settings.data_dir))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["id"] for r in lines] == ["a", "b"]
    assert all(len(r["results"]) == 2 and list(r["results"][0]) == FIELDS for r in lines)


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize("argv, message", [
    (["x", "--mode", "fuzzy"], "--mode: unknown mode 'fuzzy'; accepted: lexical, dense, hybrid"),
    (["x", "--date-from", "2021-02-30"], "--date-from: '2021-02-30' is not a calendar date"),
    (["x", "--k", "0"], "--k: Input should be greater than or equal to 1"),
])
def test_cli_bad_arguments_are_one_line(capsys, indexed_settings, argv, message):
    code, out, err = _cli(capsys, *argv, "--data-dir", str(indexed_settings.data_dir))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.integration
@pytest.mark.slow
def test_cli_bad_queries_file_names_the_line(capsys, indexed_settings, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "a", "query": "x"}\n{"id": "b"\n')
    code, _, err = _cli(capsys, "--queries", str(queries), "--data-dir", str(indexed_settings.data_dir))
    assert code == 2 and f"{queries}:2: not JSON" in err
    code, _, err = _cli(capsys, "--queries", str(tmp_path / "missing.jsonl"),
                        "--data-dir", str(indexed_settings.data_dir))
    assert code == 2 and "cannot read queries file" in err


@pytest.mark.integration
@pytest.mark.slow
def test_cli_missing_index_says_run_ingest(capsys, tmp_path):
    code, _, err = _cli(capsys, "x", "--data-dir", str(tmp_path / "empty"))
    assert code == 2 and "run `kamerzoek ingest` first" in err


@pytest.mark.integration
def test_search_refuses_a_period_that_ends_before_it_starts_as_the_api_does(client, cli_settings, capsys):
    code, out, err = run_cli(capsys, "search", "thuiswerken", "--date-from", "2024-01-01",
                          "--date-to", "2023-01-01", "--data-dir", str(cli_settings.data_dir))
    http = client.get("/search", params={"q": "thuiswerken", "date_from": "2024-01-01", "date_to": "2023-01-01"})
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert http.status_code == 422
    message = http.json()["errors"][0]["msg"]
    assert message == "date_from 2024-01-01 is after date_to 2023-01-01"
    assert err.strip() == f"kamerzoek search: {message}"


@pytest.mark.integration
@pytest.mark.parametrize("kind", PassageKind.values())
def test_search_kind_gives_the_hits_of_the_api(client, app, cli_settings, capsys, kind):
    params = {"q": "motie toezegging maatregel", "kind": kind, "k": "20", "mode": "lexical"}
    code, out, _ = run_cli(capsys, "search", params["q"], "--kind", kind, "--k", params["k"], "--mode", "lexical",
                        "--json", "--data-dir", str(cli_settings.data_dir))
    http = client.get("/search", params=params)
    assert code == 0 and http.status_code == 200
    hits = [h["chunk_id"] for h in json.loads(out)]
    assert hits == [h["chunk_id"] for h in http.json()["results"]]
    allowed = app.state.catalog.chunk_ids_matching(SearchFilters(kind=PassageKind(kind)))
    assert set(hits) <= allowed and bool(hits) == bool(allowed)


@pytest.mark.unit
@pytest.mark.parametrize("argv, message", [
    (["--kind", "motie"], "--kind: unknown kind 'motie'; accepted: motion, commitment, measure"),
    (["--sort", "oldest"], "--sort: unknown sort order 'oldest'; accepted: relevance, date"),
    (["--k", "101"], "--k: Input should be less than or equal to 100"),
    (["--dossier", "kst-25883"], "--dossier must be a dossier number such as 25883, got 'kst-25883'"),
    (["--date-to", "1-1-2024"], "--date-to: '1-1-2024' is not a date written YYYY-MM-DD"),
])
def test_search_bad_arguments_are_one_line_before_any_index_is_opened(tmp_path, capsys, argv, message):
    code, out, err = run_cli(capsys, "search", "thuiswerken", *argv, "--data-dir", str(tmp_path / "nothing"))
    assert code == 2 and out == ""
    assert err.strip().startswith(f"kamerzoek search: {message}") and len(err.strip().splitlines()) == 1


@pytest.mark.unit
def test_a_bad_query_in_a_queries_file_names_the_file_and_the_query(tmp_path, capsys):
    queries = tmp_path / "q.jsonl"
    queries.write_text(json.dumps({"id": "long", "query": "x" * 1001}) + "\n")
    code, _, err = run_cli(capsys, "search", "--queries", str(queries), "--data-dir", str(tmp_path / "nothing"))
    assert code == 2
    assert err.strip() == (f"kamerzoek search: {queries}: query long: QUERY: String should have at most"
                           " 1000 characters")

"""The command line and the HTTP API share their models: the same checks, the same JSON.

``kamerzoek document --json`` prints the ``DocumentOut`` of ``GET /documents/{source}``;
``kamerzoek search`` checks its arguments with ``/search``'s ``SearchParams``.
"""
from __future__ import annotations

import importlib.util
import json

import pytest

from api.cli import main
from api.cli.common import UsageError
from index.errors import KamerzoekIndexError
from index.models import PassageKind, SearchFilters
from tests.api.conftest import copy_data_dir

DOCUMENTS = ["000_f9fde6f7b868fb2e.txt", "002_017fb9ede22c3067.txt"]  # letters with footnotes


@pytest.fixture(scope="module")
def cli_settings(indexed_settings, tmp_path_factory):
    """A copy of the indexed data dir: the CLI opens its own stores, the test app holds its own."""
    return copy_data_dir(indexed_settings, tmp_path_factory.mktemp("cli-models") / "data")


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.integration
@pytest.mark.parametrize("source", DOCUMENTS)
def test_document_json_is_exactly_the_http_document(client, cli_settings, capsys, source):
    code, out, _ = _cli(capsys, "document", source, "--json", "--data-dir", str(cli_settings.data_dir))
    http = client.get(f"/documents/{source}")
    assert code == 0 and http.status_code == 200
    cli_json = json.loads(out)
    assert cli_json["footnotes"] and cli_json["passages"]
    assert cli_json == http.json()


@pytest.mark.integration
def test_search_refuses_a_period_that_ends_before_it_starts_as_the_api_does(client, cli_settings, capsys):
    code, out, err = _cli(capsys, "search", "thuiswerken", "--date-from", "2024-01-01",
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
    code, out, _ = _cli(capsys, "search", params["q"], "--kind", kind, "--k", params["k"], "--mode", "lexical",
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
    code, out, err = _cli(capsys, "search", "thuiswerken", *argv, "--data-dir", str(tmp_path / "nothing"))
    assert code == 2 and out == ""
    assert err.strip().startswith(f"kamerzoek search: {message}") and len(err.strip().splitlines()) == 1


@pytest.mark.unit
def test_a_bad_query_in_a_queries_file_names_the_file_and_the_query(tmp_path, capsys):
    queries = tmp_path / "q.jsonl"
    queries.write_text(json.dumps({"id": "long", "query": "x" * 1001}) + "\n")
    code, _, err = _cli(capsys, "search", "--queries", str(queries), "--data-dir", str(tmp_path / "nothing"))
    assert code == 2
    assert err.strip() == (f"kamerzoek search: {queries}: query long: QUERY: String should have at most"
                           " 1000 characters")


@pytest.mark.unit
def test_usage_errors_are_not_index_errors():
    assert not issubclass(UsageError, KamerzoekIndexError)


@pytest.mark.unit
def test_the_server_harness_is_not_part_of_the_installed_packages():
    assert importlib.util.find_spec("api.server_process") is None
    assert importlib.util.find_spec("scripts.server_process") is not None


@pytest.mark.integration
def test_ask_takes_the_filters_of_post_ask(client, cli_settings, capsys):
    source, question = "004_66ea02ed325e333a.txt", "Wat is vitaal thuiswerken?"
    code, out, _ = _cli(capsys, "ask", question, "--source", source, "--json",
                        "--data-dir", str(cli_settings.data_dir))
    http = client.post("/ask", json={"question": question, "source": source}).json()
    cli_json = json.loads(out)
    assert code == 0 and cli_json["passages"] and {p["source"] for p in cli_json["passages"]} == {source}
    assert cli_json["answer"] == http["answer"]
    assert [c["chunk_id"] for c in cli_json["citations"]] == [c["chunk_id"] for c in http["citations"]]
    code, out, err = _cli(capsys, "ask", question, "--source", "nope.pdf", "--data-dir", str(cli_settings.data_dir))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("kamerzoek ask: unknown source 'nope.pdf'")

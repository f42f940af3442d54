"""`kamerzoek search` on the real corpus (the shared ``indexed_settings``)."""
from __future__ import annotations

import json

import pytest

from api.cli import main
from index.catalog import Catalog

pytestmark = [pytest.mark.integration, pytest.mark.slow]

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
    (["x", "--date-from", "2021-02-30"], "--date-from: '2021-02-30' is not a date"),
    (["x", "--k", "0"], "--k: must be a positive number"),
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

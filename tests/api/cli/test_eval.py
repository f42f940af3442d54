"""`kamerzoek eval` end to end on the real corpus index (shared ``indexed_settings``)."""
from __future__ import annotations

import json

import ir_measures
import pytest

from api.cli import main
from eval.metrics import MEASURES
from eval.queries import DEFAULT_QUERIES, load_queries

METRIC_KEYS = {*MEASURES, "latency_p50_ms", "latency_p95_ms"}


def _eval(capsys: pytest.CaptureFixture, settings, *args: str) -> tuple[int, str, str]:
    code = main(["eval", "--data-dir", str(settings.data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.integration
@pytest.mark.slow
def test_eval_json_lexical_and_hybrid(capsys, indexed_settings):
    code, out, _ = _eval(capsys, indexed_settings, "--json", "--modes", "lexical,hybrid")
    assert code == 0
    result = json.loads(out)
    assert result["queries"] == len(load_queries(DEFAULT_QUERIES))
    assert list(result["modes"]) == ["lexical", "hybrid"]
    for values in result["modes"].values():
        assert set(values) == METRIC_KEYS
        assert all(0.0 <= values[m] <= 1.0 for m in MEASURES)
        assert 0 < values["latency_p50_ms"] <= values["latency_p95_ms"]
    assert set(result["by_kind"]) == {"fact", "motion", "commitment", "measure"}
    assert all(0.0 <= v <= 1.0 for kind in result["by_kind"].values() for mode in kind.values()
               for v in mode.values())
    answers = result["answers"]
    assert answers["questions"] >= 23 and 0.0 <= answers["accuracy"] <= 1.0
    # retrieval over the real index finds something: a sanity floor, not a target
    assert result["modes"]["hybrid"]["success@5"] > 0.3


@pytest.mark.integration
def test_eval_out_writes_report_chart_and_trec_files(capsys, indexed_settings, tmp_path):
    out_dir = tmp_path / "report"
    code, out, _ = _eval(capsys, indexed_settings, "--modes", "lexical", "--no-answers", "--out", str(out_dir))
    assert code == 0
    assert out.splitlines()[2].startswith("mode") and "lexical" in out
    assert {p.name for p in out_dir.iterdir()} == {"results.json", "report.md", "modes.png", "per_query.tsv",
                                                    "qrels.trec", "run.lexical.trec"}
    results = json.loads((out_dir / "results.json").read_text())
    assert results["answers"] == {"skipped": "--no-answers"}
    qrels = list(ir_measures.read_trec_qrels(str(out_dir / "qrels.trec")))
    run = list(ir_measures.read_trec_run(str(out_dir / "run.lexical.trec")))
    # the written files give back the reported numbers
    again = ir_measures.calc_aggregate([MEASURES["mrr@10"]], qrels, run)[MEASURES["mrr@10"]]
    assert again == pytest.approx(results["modes"]["lexical"]["mrr@10"])
    assert "| lexical |" in (out_dir / "report.md").read_text()
    rows = (out_dir / "per_query.tsv").read_text().splitlines()
    assert rows[0].split("\t")[:3] == ["mode", "query", "kind"] and len(rows) == 1 + results["queries"]


@pytest.mark.integration
def test_export_beir_writes_corpus_queries_and_qrels(capsys, indexed_settings, tmp_path):
    from index.catalog import Catalog

    code, out, err = _eval(capsys, indexed_settings, "--export-beir", str(tmp_path / "beir"))
    assert code == 0 and "BEIR export" in out
    assert "match no passage" not in err  # every evidence of the dev set is in some indexed passage
    corpus = [json.loads(line) for line in (tmp_path / "beir" / "corpus.jsonl").read_text().splitlines()]
    with Catalog(indexed_settings.catalog_path) as catalog:
        assert {d["_id"] for d in corpus} == catalog.chunk_ids()
    assert all(set(d) == {"_id", "title", "text"} and d["text"] for d in corpus)
    queries = [json.loads(line) for line in (tmp_path / "beir" / "queries.jsonl").read_text().splitlines()]
    assert [q["_id"] for q in queries] == [q.id for q in load_queries(DEFAULT_QUERIES)]
    rows = (tmp_path / "beir" / "qrels" / "test.tsv").read_text().splitlines()
    assert rows[0] == "query-id\tcorpus-id\tscore"
    judged = {row.split("\t")[0] for row in rows[1:]}
    assert judged == {q["_id"] for q in queries}
    assert {row.split("\t")[1] for row in rows[1:]} <= {d["_id"] for d in corpus}


@pytest.mark.integration
@pytest.mark.slow
def test_naive_baseline_searches_the_raw_files(indexed_settings, corpus_dir, tmp_path):
    from eval.naive import NaiveBaseline

    settings = indexed_settings.model_copy(update={"data_dir": tmp_path / "data"})  # own embedding cache
    with NaiveBaseline(sorted(corpus_dir.glob("*.txt")), settings) as naive:
        hits = naive.search("Hoeveel rijkshubs heeft BZK geopend?", 5)
        workdir = naive._dir
    assert len(hits) == 5 and all(h.chunk_id.startswith("naive:") for h in hits)
    assert any("rijkshubs" in h.text for h in hits)
    assert not workdir.exists()


@pytest.mark.integration
def test_bad_query_file_and_bad_mode_are_one_line_errors(capsys, indexed_settings, tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "a", "query": "x", "kind": "fact", "relevant": []}\n', encoding="utf-8")
    code, out, err = _eval(capsys, indexed_settings, "--queries", str(bad))
    assert code == 2 and out == ""
    assert err.strip() == f"kamerzoek eval: {bad}:1: field 'relevant' must be a non-empty list of {{source, evidence}}"
    bad_ask = tmp_path / "ask.jsonl"
    bad_ask.write_text('{"id": "a", "question": "x", "required": []}\n', encoding="utf-8")
    code, _, err = _eval(capsys, indexed_settings, "--ask-questions", str(bad_ask))  # fails before any search
    assert code == 2 and err.strip().startswith(f"kamerzoek eval: {bad_ask}:1: field 'required' is empty")
    code, _, err = _eval(capsys, indexed_settings, "--modes", "bm25")
    assert code == 2 and "accepted: naive, lexical, dense, hybrid" in err and len(err.strip().splitlines()) == 1


@pytest.mark.integration
def test_eval_without_an_index_says_to_ingest(capsys, tmp_path):
    code = main(["eval", "--data-dir", str(tmp_path / "empty"), "--modes", "lexical", "--no-answers"])
    _, err = capsys.readouterr()
    assert code == 2 and "kamerzoek ingest" in err and len(err.strip().splitlines()) == 1

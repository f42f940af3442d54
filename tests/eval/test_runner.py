"""Runner parts that need no index: mode parsing, latency percentiles, TREC files, timing loop."""
from __future__ import annotations

import ir_measures
import pytest
from ir_measures import Qrel, ScoredDoc

from eval.judgments import RetrievedPassage, qrels_for
from eval.queries import Evidence, Query
from eval.runner import (collect_rankings, latency_percentiles, parse_modes, score_mode, write_trec_qrels,
                         write_trec_run)

pytestmark = pytest.mark.unit

SRC = "002_017fb9ede22c3067.txt"
QUERIES = [Query("q1", "rijkshubs", "measure", (Evidence(SRC, "zeven rijkshubs geopend"),)),
           Query("q2", "onbekend", "fact", (Evidence(SRC, "hubs gerealiseerd"),))]


def test_parse_modes_keeps_order_and_rejects_unknown_names():
    assert parse_modes("Hybrid, naive,hybrid") == ["hybrid", "naive"]
    with pytest.raises(ValueError, match="unknown mode.*semantic; accepted: naive, lexical, dense, hybrid"):
        parse_modes("lexical,semantic")


def test_latency_percentiles():
    assert latency_percentiles([]) == (0.0, 0.0)
    p50, p95 = latency_percentiles([float(i) for i in range(1, 101)])
    assert p50 == pytest.approx(50.5) and p95 == pytest.approx(95.05)


def test_collect_and_score_a_real_ranking_function():
    calls: list[str] = []

    def search(query: str, k: int) -> list[RetrievedPassage]:
        calls.append(query)
        if query == "rijkshubs":
            ranking = [RetrievedPassage("x", SRC, "iets anders"), RetrievedPassage("y", SRC, "zeven rijkshubs geopend")]
            return ranking[:k]
        return []

    rankings, latencies = collect_rankings(search, QUERIES, k=10)
    assert calls == ["rijkshubs", "rijkshubs", "onbekend"]  # one untimed warm-up
    assert len(latencies) == 2 and all(t >= 0 for t in latencies)
    result = score_mode("test", QUERIES, rankings, latencies, qrels_for(QUERIES))
    assert result.metrics["mrr@10"] == pytest.approx(0.25)  # 0.5 for q1, 0 for q2 (no results)
    assert result.by_kind["measure"]["mrr@10"] == pytest.approx(0.5)
    assert set(result.summary()) >= {"ndcg@10", "latency_p50_ms", "latency_p95_ms"}


def test_trec_files_round_trip_through_ir_measures(tmp_path):
    run = [ScoredDoc("q1", "b", 1.0), ScoredDoc("q1", "a", 2.0), ScoredDoc("q2", "c", 5.0)]
    write_trec_run(tmp_path / "run.trec", run, tag="t")
    lines = (tmp_path / "run.trec").read_text().splitlines()
    assert lines[0] == "q1 Q0 a 1 2 t" and lines[1] == "q1 Q0 b 2 1 t"
    write_trec_qrels(tmp_path / "qrels.trec", [Qrel("q1", "a", 1)])
    assert list(ir_measures.read_trec_qrels(str(tmp_path / "qrels.trec"))) == [Qrel("q1", "a", 1)]
    assert sorted(ir_measures.read_trec_run(str(tmp_path / "run.trec"))) == sorted(run)

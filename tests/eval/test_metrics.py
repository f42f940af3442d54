"""Metrics through ir-measures on a tiny hand-made run with known values."""
from __future__ import annotations

import math

import pytest
from ir_measures import Qrel, ScoredDoc

from eval.metrics import QuerySetMismatch, evaluate, evaluate_by_group, per_query

pytestmark = pytest.mark.unit

QRELS = [Qrel("q1", "a", 1), Qrel("q1", "b", 1), Qrel("q2", "c", 1), Qrel("q3", "d", 1)]
# q1: relevant at ranks 1 and 3; q2: relevant at rank 2; q3: no results at all.
RUN = [ScoredDoc("q1", "a", 3.0), ScoredDoc("q1", "x", 2.0), ScoredDoc("q1", "b", 1.0),
       ScoredDoc("q2", "y", 2.0), ScoredDoc("q2", "c", 1.0)]


def test_known_values_per_query():
    scores = per_query(QRELS, RUN, ["q1", "q2", "q3"])
    ideal_q1 = 1 + 1 / math.log2(3)
    assert scores["q1"]["ndcg@10"] == pytest.approx((1 + 1 / math.log2(4)) / ideal_q1)
    assert scores["q1"]["mrr@10"] == pytest.approx(1.0)
    assert scores["q1"]["recall@1"] == pytest.approx(0.5)
    assert scores["q1"]["recall@5"] == pytest.approx(1.0)
    assert scores["q2"]["ndcg@10"] == pytest.approx(1 / math.log2(3))
    assert scores["q2"]["mrr@10"] == pytest.approx(0.5)
    assert scores["q2"]["recall@1"] == pytest.approx(0.0)
    assert scores["q2"]["success@5"] == pytest.approx(1.0)


def test_a_query_without_results_scores_zero_and_is_not_dropped():
    scores = per_query(QRELS, RUN, ["q1", "q2", "q3"])
    assert all(v == 0.0 for v in scores["q3"].values())
    mean = evaluate(QRELS, RUN, ["q1", "q2", "q3"])
    assert mean["mrr@10"] == pytest.approx((1.0 + 0.5 + 0.0) / 3)
    assert mean["success@5"] == pytest.approx(2 / 3)
    assert mean["recall@10"] == pytest.approx(2 / 3)


def test_empty_run_scores_zero_everywhere():
    assert all(v == 0.0 for v in evaluate(QRELS, [], ["q1", "q2", "q3"]).values())


def test_per_group_means_use_only_that_groups_queries():
    groups = evaluate_by_group(QRELS, RUN, {"q1": "fact", "q2": "motion", "q3": "motion"})
    assert groups["fact"]["mrr@10"] == pytest.approx(1.0)
    assert groups["motion"]["mrr@10"] == pytest.approx(0.25)


def test_query_id_sets_are_checked():
    with pytest.raises(QuerySetMismatch, match="outside the query set"):
        evaluate(QRELS, RUN + [ScoredDoc("q9", "z", 1.0)], ["q1", "q2", "q3"])
    with pytest.raises(QuerySetMismatch, match="missing"):
        evaluate(QRELS, RUN, ["q1", "q2", "q3", "q4"])

"""Retrieval metrics through ir-measures: no metric is computed by hand here.

``MEASURES`` maps the names used in reports and JSON to ir-measures measures.
Every query of the set is scored: one without results scores 0 (ir-measures
fills queries that are in the qrels but absent from the run with 0), and the
query-id sets of run and qrels are checked before anything is computed.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping, Sequence

import ir_measures
from ir_measures import Qrel, ScoredDoc

MEASURES: dict[str, object] = {
    "ndcg@10": ir_measures.parse_measure("nDCG@10"),
    "mrr@10": ir_measures.parse_measure("RR@10"),
    "recall@1": ir_measures.parse_measure("R@1"),
    "recall@5": ir_measures.parse_measure("R@5"),
    "recall@10": ir_measures.parse_measure("R@10"),
    "success@5": ir_measures.parse_measure("Success@5"),
}


class QuerySetMismatch(ValueError):
    """The run holds queries the qrels do not know (a mix-up of query files)."""


def check_query_ids(qrels: Sequence[Qrel], run: Sequence[ScoredDoc], expected: Iterable[str]) -> None:
    """Qrels must cover exactly the expected queries; the run may lack some, never add any."""
    expected_ids = set(expected)
    qrel_ids = {q.query_id for q in qrels}
    run_ids = {r.query_id for r in run}
    if qrel_ids != expected_ids:
        missing = sorted(expected_ids - qrel_ids)[:5]
        extra = sorted(qrel_ids - expected_ids)[:5]
        raise QuerySetMismatch(f"qrels do not match the query set (missing {missing}, unexpected {extra})")
    if not run_ids <= expected_ids:
        raise QuerySetMismatch(f"run has queries outside the query set: {sorted(run_ids - expected_ids)[:5]}")


def evaluate(qrels: Sequence[Qrel], run: Sequence[ScoredDoc], query_ids: Sequence[str]) -> dict[str, float]:
    """Mean of each measure over ``query_ids`` (queries without results count as 0)."""
    check_query_ids(qrels, run, query_ids)
    wanted = set(query_ids)
    qrels = [q for q in qrels if q.query_id in wanted]
    run = [r for r in run if r.query_id in wanted]
    scores = ir_measures.calc_aggregate(list(MEASURES.values()), list(qrels), list(run))
    return {name: float(scores.get(measure, 0.0)) for name, measure in MEASURES.items()}


def evaluate_by_group(qrels: Sequence[Qrel], run: Sequence[ScoredDoc],
                      groups: Mapping[str, str]) -> dict[str, dict[str, float]]:
    """The same measures per group of queries (``groups`` maps query id → group, e.g. kind)."""
    members: dict[str, list[str]] = defaultdict(list)
    for qid, group in groups.items():
        members[group].append(qid)
    out: dict[str, dict[str, float]] = {}
    for group in sorted(members):
        ids = set(members[group])
        out[group] = evaluate([q for q in qrels if q.query_id in ids],
                              [r for r in run if r.query_id in ids], members[group])
    return out


def per_query(qrels: Sequence[Qrel], run: Sequence[ScoredDoc], query_ids: Sequence[str]) -> dict[str, dict[str, float]]:
    """Each measure for each query (0 for queries without results), for reports and debugging."""
    check_query_ids(qrels, run, query_ids)
    out = {qid: {name: 0.0 for name in MEASURES} for qid in query_ids}
    names = {measure: name for name, measure in MEASURES.items()}
    for metric in ir_measures.iter_calc(list(MEASURES.values()), list(qrels), list(run)):
        if metric.query_id in out:
            out[metric.query_id][names[metric.measure]] = float(metric.value)
    return out

"""Evidence → relevance, independent of how documents are chunked.

A returned passage is relevant to an evidence when the passage comes from the
evidence's source and its first ``JUDGED_PREFIX`` characters, reduced to letters
(NFKC, lower case, everything else dropped), contain the reduced evidence.
Judgments are per (query, evidence): the qrels list one "document" per evidence
(``<query-id>/e<n>``) and a run replaces the first passage that satisfies an
evidence by that evidence id. Later passages satisfying the same evidence keep
their own chunk id and count as not relevant, so each evidence counts once and
a retriever gains nothing from returning overlapping copies of one passage.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from ir_measures import Qrel, ScoredDoc

from eval.queries import Evidence, Query, reduce_letters

JUDGED_PREFIX = 1500


@dataclass(frozen=True)
class RetrievedPassage:
    """What the judge needs of one search result."""

    chunk_id: str
    source: str
    text: str


def evidence_id(query_id: str, index: int) -> str:
    """The qrels document id of the ``index``-th evidence of a query."""
    return f"{query_id}/e{index}"


def qrels_for(queries: Iterable[Query]) -> list[Qrel]:
    """One binary judgment per (query, evidence)."""
    return [Qrel(q.id, evidence_id(q.id, i), 1) for q in queries for i in range(len(q.relevant))]


def satisfies(passage: RetrievedPassage, evidence: Evidence) -> bool:
    """Whether the passage's judged prefix contains the evidence from the same source."""
    if passage.source != evidence.source:
        return False
    return reduce_letters(evidence.evidence) in reduce_letters(passage.text[:JUDGED_PREFIX])


def judge_ranking(query: Query, ranking: Sequence[RetrievedPassage]) -> list[ScoredDoc]:
    """Turn one ranked result list into run rows; scores fall strictly with rank."""
    claimed: set[int] = set()
    rows: list[ScoredDoc] = []
    for rank, passage in enumerate(ranking):
        doc_id = passage.chunk_id
        for i, ev in enumerate(query.relevant):
            if i not in claimed and satisfies(passage, ev):
                claimed.add(i)
                doc_id = evidence_id(query.id, i)
                break
        rows.append(ScoredDoc(query.id, doc_id, float(len(ranking) - rank)))
    return rows


def judge_run(queries: Sequence[Query], rankings: Mapping[str, Sequence[RetrievedPassage]]) -> list[ScoredDoc]:
    """Judge every query's ranking; a query without results contributes no rows (scores 0)."""
    rows: list[ScoredDoc] = []
    for query in queries:
        rows.extend(judge_ranking(query, rankings.get(query.id, ())))
    return rows

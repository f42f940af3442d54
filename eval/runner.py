"""Run retrieval modes over a query set: rankings, latencies, judged runs and metrics.

``naive`` is the baseline of ``eval.naive``; every other mode goes through
``index.search.Searcher(settings).search(query, k, mode)``, exactly as a user
of the CLI or API would get it. Latency is wall-clock time per search call,
after one warm-up query per mode (model loading is not a query's latency).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from ir_measures import Qrel, ScoredDoc

from eval.judgments import RetrievedPassage, judge_run, qrels_for
from eval.metrics import evaluate, evaluate_by_group, per_query
from eval.naive import NaiveBaseline
from eval.queries import Query
from index.catalog import Catalog
from index.config import Settings
from index.models import SearchMode
from index.search import Searcher

MODES = ("naive", "lexical", "dense", "hybrid")
DEFAULT_MODES = MODES
SearchFn = Callable[[str, int], list[RetrievedPassage]]
Rankings = dict[str, list[RetrievedPassage]]  # query id → best-first passages


@dataclass
class ModeResult:
    """One mode's rankings, judged run, metrics and latencies."""

    mode: str
    run: list[ScoredDoc]
    metrics: dict[str, float]
    by_kind: dict[str, dict[str, float]]
    latencies_ms: list[float]
    rankings: Rankings = field(repr=False, default_factory=dict)

    def summary(self) -> dict[str, float]:
        """Metrics plus latency percentiles, as reported per mode."""
        p50, p95 = latency_percentiles(self.latencies_ms)
        return {**self.metrics, "latency_p50_ms": p50, "latency_p95_ms": p95}


@dataclass
class Evaluation:
    """Everything one ``kamerzoek eval`` run produced; ``to_json`` is the published document."""

    queries: Sequence[Query]
    query_file: str
    k: int
    qrels: list[Qrel]
    modes: dict[str, ModeResult]
    answers: dict[str, object]

    def to_json(self) -> dict[str, object]:
        kinds = sorted({q.kind for q in self.queries})
        return {
            "modes": {m: r.summary() for m, r in self.modes.items()},
            "by_kind": {kind: {m: r.by_kind[kind] for m, r in self.modes.items()} for kind in kinds},
            "answers": self.answers,
            "queries": len(self.queries),
            "k": self.k,
            "query_file": self.query_file,
        }

    def per_query(self) -> dict[str, dict[str, dict[str, float]]]:
        """mode → query id → metric → value."""
        ids = [q.id for q in self.queries]
        return {m: per_query(self.qrels, r.run, ids) for m, r in self.modes.items()}

    def kinds(self) -> dict[str, str]:
        return {q.id: q.kind for q in self.queries}


def parse_modes(text: str) -> list[str]:
    """``"naive,hybrid"`` → ``["naive", "hybrid"]``; unknown names raise ValueError naming the accepted ones."""
    modes = [m.strip().lower() for m in text.split(",") if m.strip()]
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise ValueError(f"unknown mode(s) {', '.join(unknown) or '(none given)'}; accepted: {', '.join(MODES)}")
    return list(dict.fromkeys(modes))


def latency_percentiles(latencies_ms: Sequence[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds (0 when nothing was timed)."""
    if not latencies_ms:
        return 0.0, 0.0
    p50, p95 = np.percentile(np.asarray(latencies_ms, dtype=float), [50, 95])
    return float(p50), float(p95)


def collect_rankings(search: SearchFn, queries: Sequence[Query], k: int) -> tuple[Rankings, list[float]]:
    """Search every query once (after one untimed warm-up); rankings and per-call latency."""
    search(queries[0].query, k)
    rankings: Rankings = {}
    latencies: list[float] = []
    for query in queries:
        start = time.perf_counter()
        ranking = search(query.query, k)
        latencies.append((time.perf_counter() - start) * 1000.0)
        rankings[query.id] = list(ranking)[:k]
    return rankings, latencies


def score_mode(mode: str, queries: Sequence[Query], rankings: Rankings,
               latencies_ms: list[float], qrels: Sequence[Qrel]) -> ModeResult:
    """Judge the rankings and compute the metrics over all queries and per kind."""
    run = judge_run(queries, rankings)
    ids = [q.id for q in queries]
    return ModeResult(mode=mode, run=run, metrics=evaluate(qrels, run, ids),
                      by_kind=evaluate_by_group(qrels, run, {q.id: q.kind for q in queries}),
                      latencies_ms=latencies_ms, rankings=rankings)


def searcher_search(searcher: Searcher, mode: str) -> SearchFn:
    """Adapt ``Searcher.search`` (returning ``Hit``s) to the judge's ``RetrievedPassage``."""
    search_mode = SearchMode.from_str(mode)

    def search(query: str, k: int) -> list[RetrievedPassage]:
        hits = searcher.search(query, k=k, mode=search_mode)
        return [RetrievedPassage(chunk_id=h.chunk_id, source=h.source, text=h.text) for h in hits]

    return search


def indexed_files(settings: Settings) -> list[Path]:
    """The raw files the current index was built from (as recorded in the catalog)."""
    catalog = Catalog.open_existing(settings.catalog_path)
    try:
        return [Path(d.path) for d in catalog.documents() if d.status == "ok" and d.path]
    finally:
        catalog.close()


def run_modes(settings: Settings, queries: Sequence[Query], modes: Sequence[str], k: int,
              corpus_files: Sequence[Path] | None = None) -> tuple[list[Qrel], dict[str, ModeResult]]:
    """Run each mode over the queries; ``corpus_files`` feeds ``naive`` (default: the indexed files)."""
    qrels = qrels_for(queries)
    results: dict[str, ModeResult] = {}
    index_modes = [m for m in modes if m != "naive"]
    if index_modes:
        searcher = Searcher(settings)
        try:
            for mode in index_modes:
                rankings, latencies = collect_rankings(searcher_search(searcher, mode), queries, k)
                results[mode] = score_mode(mode, queries, rankings, latencies, qrels)
        finally:
            searcher.close()
    if "naive" in modes:
        files = list(corpus_files) if corpus_files else indexed_files(settings)
        with NaiveBaseline(files, settings) as naive:
            rankings, latencies = collect_rankings(naive.search, queries, k)
        results["naive"] = score_mode("naive", queries, rankings, latencies, qrels)
    return qrels, {m: results[m] for m in modes}


def write_trec_run(path: Path, run: Sequence[ScoredDoc], tag: str) -> None:
    """TREC run format: ``qid Q0 docid rank score tag``, ranks from 1 per query."""
    lines: list[str] = []
    rank: dict[str, int] = {}
    for row in sorted(run, key=lambda r: (r.query_id, -r.score)):
        rank[row.query_id] = rank.get(row.query_id, 0) + 1
        lines.append(f"{row.query_id} Q0 {row.doc_id} {rank[row.query_id]} {row.score:g} {tag}")
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def write_trec_qrels(path: Path, qrels: Sequence[Qrel]) -> None:
    """TREC qrels format: ``qid 0 docid relevance``."""
    path.write_text("".join(f"{q.query_id} 0 {q.doc_id} {q.relevance}\n" for q in qrels), encoding="utf-8")

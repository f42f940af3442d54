"""Which fusion serves the dev set best: methods, weights and candidate depths, side by side.

    python -m eval.fusion_sweep --data-dir D [--queries FILE] [--json]

Each query is searched once per retriever (lexical, dense) to the deepest
candidate depth; every fusion variant (index.fusion) is then applied to those
lists and judged as ``kamerzoek eval`` judges a mode (nDCG@10 and the rest). The
table this prints is the one in index/fusion.py.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from eval.judgments import RetrievedPassage, judge_run, qrels_for
from eval.metrics import evaluate
from eval.queries import load_queries
from index import fusion
from index.config import Settings
from index.models import SearchMode
from index.search import Searcher

DEV_QUERIES = Path(__file__).resolve().parent / "data" / "dev_queries.jsonl"
K = 10
DEPTHS = (20, 50, 100)
DENSE_WEIGHTS = (0.1, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0)
RRF_KS = (10, 30, 60)


@dataclass(frozen=True)
class Variant:
    """One fusion configuration: method, dense weight (lexical 1.0), candidates, RRF k."""

    method: fusion.FusionMethod
    w_dense: float
    candidates: int
    rrf_k: int = fusion.RRF_K

    @property
    def label(self) -> str:
        k = f", k={self.rrf_k}" if self.method is fusion.FusionMethod.RRF else ""
        return f"{self.method.value} dense {self.w_dense:g}, top {self.candidates}{k}"


def variants() -> list[Variant]:
    """The grid that was tried."""
    grid = [Variant(m, w, c) for m in (fusion.FusionMethod.SCORE, fusion.FusionMethod.ZSCORE)
            for w in DENSE_WEIGHTS for c in DEPTHS]
    grid += [Variant(fusion.FusionMethod.RRF, w, c, k) for w in DENSE_WEIGHTS for c in DEPTHS for k in RRF_KS]
    return grid


def sweep(settings, queries) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """(single retrievers' metrics, each variant's metrics), by label."""
    depth = max(DEPTHS)
    with Searcher(settings) as searcher:
        lexical, dense = searcher.retriever(SearchMode.LEXICAL), searcher.retriever(SearchMode.DENSE)
        lists = {q.id: {"lexical": lexical.search(q.query, depth), "dense": dense.search(q.query, depth)}
                 for q in queries}
        ids = {cid for per in lists.values() for ranking in per.values() for cid, _ in ranking}
        passages = searcher.catalog.passages_by_ids(ids)
    qrels, query_ids = qrels_for(queries), [q.id for q in queries]

    def judged(rankings: dict[str, list[tuple[str, float]]]) -> dict[str, float]:
        retrieved = {qid: [RetrievedPassage(cid, passages[cid].source, passages[cid].text)
                           for cid, _ in ranking[:K]] for qid, ranking in rankings.items()}
        return evaluate(qrels, judge_run(queries, retrieved), query_ids)

    singles = {name: judged({qid: per[name] for qid, per in lists.items()}) for name in ("lexical", "dense")}
    results = {}
    for v in variants():
        fused = {qid: fusion.fuse({n: r[: v.candidates] for n, r in per.items()},
                                  {"lexical": 1.0, "dense": v.w_dense}, v.method, v.rrf_k)
                 for qid, per in lists.items()}
        results[v.label] = judged(fused)
    return singles, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.fusion_sweep", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=DEV_QUERIES)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings().with_overrides(data_dir=args.data_dir)
    singles, results = sweep(settings, load_queries(args.queries))
    if args.json:
        print(json.dumps({"singles": singles, "variants": results}, indent=2))
        return 0
    print(f"model {settings.model_label}, {args.queries.name}")
    for name, metrics in singles.items():
        print(f"{name + ' alone':<34} nDCG@10 {metrics['ndcg@10']:.3f}  R@10 {metrics['recall@10']:.3f}")
    for label, metrics in sorted(results.items(), key=lambda item: -item[1]["ndcg@10"]):
        print(f"{label:<34} nDCG@10 {metrics['ndcg@10']:.3f}  R@10 {metrics['recall@10']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

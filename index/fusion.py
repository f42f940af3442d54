"""Fusing ranked lists from several retrievers: pure functions, no I/O.

Two methods (``FusionMethod``):

- ``RRF`` — weighted reciprocal rank fusion: ``score(d) = Σ_i w_i / (k + rank_i(d))``
  with ranks from 1 and ``k = RRF_K = 60`` (Cormack et al. 2009: large enough that
  the top few ranks of one list don't dominate). A document missing from a list
  gets nothing from it.
- ``SCORE`` — normalised score fusion: each list's scores are min-max (or z-score)
  normalised, then summed with the weights; a document missing from a list gets
  that list's minimum (0 after min-max).

The default hybrid (``DEFAULT_METHOD``, ``W_LEXICAL``, ``W_DENSE``) was chosen on the
dev set (eval/data/dev_queries.jsonl, 103 Dutch queries, 122 corpus passages,
nDCG@10; lexical = index.lexical defaults: stemming, decompounding, 4-grams 2.0):

    lexical alone 0.742 · dense alone (bundled MiniLM) 0.302
    equal-weight RRF (plain BM25 + dense) 0.509 · RRF dense 0.1 → 0.654
    min-max score fusion, lexical 1.0 + dense 0.3 → 0.732, 0.2 → 0.733, 0.1 → 0.743

Re-measured after passages were embedded in sentence windows with the int8
encoder (index/windows.py): dense alone 0.397, hybrid with the same weights
0.744 against lexical 0.742 (`kamerzoek eval`); the weights were not re-tuned.

The bundled English MiniLM is weak on Dutch, so dense acts as a tie-breaker:
min-max score fusion, lexical weight 1.0, dense weight 0.1, over the union of
each retriever's top ``CANDIDATES``. RRF lets the weak list drag the strong one
down (every rank counts, scores don't), so it is not the default. With a
multilingual model, raise ``W_DENSE`` (re-measure with ``kamerzoek eval``).
"""
from __future__ import annotations

from enum import Enum
from typing import Mapping, Sequence

import numpy as np

RRF_K = 60
W_LEXICAL = 1.0
W_DENSE = 0.1
CANDIDATES = 50

Ranking = Sequence[tuple[str, float]]


class FusionMethod(str, Enum):
    """How to fuse: reciprocal ranks, or min-max / z-score normalised scores."""

    RRF = "rrf"
    SCORE = "score"  # min-max normalised score fusion
    ZSCORE = "zscore"  # z-score normalised score fusion

    @classmethod
    def from_str(cls, value: str) -> "FusionMethod":
        try:
            return cls(value.strip().lower())
        except ValueError:
            accepted = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown fusion method {value!r}; accepted: {accepted}") from None


DEFAULT_METHOD = FusionMethod.SCORE


def rrf(rankings: Mapping[str, Ranking], weights: Mapping[str, float], k: int = RRF_K) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion of ``rankings`` (name → best-first list)."""
    fused: dict[str, float] = {}
    for name, ranking in rankings.items():
        weight = weights.get(name, 1.0)
        for rank, (doc, _score) in enumerate(ranking, start=1):
            fused[doc] = fused.get(doc, 0.0) + weight / (k + rank)
    return _sorted(fused)


def normalise(scores: Sequence[float], method: FusionMethod = FusionMethod.SCORE) -> np.ndarray:
    """Min-max to [0, 1] (all equal → 1) or z-scores (all equal → 0)."""
    values = np.asarray(scores, dtype=np.float64)
    if values.size == 0:
        return values
    if method is FusionMethod.ZSCORE:
        std = values.std()
        return (values - values.mean()) / std if std > 0 else np.zeros_like(values)
    low, high = values.min(), values.max()
    return (values - low) / (high - low) if high > low else np.ones_like(values)


def score_fusion(rankings: Mapping[str, Ranking], weights: Mapping[str, float],
                 method: FusionMethod = FusionMethod.SCORE) -> list[tuple[str, float]]:
    """Weighted sum of normalised scores; a missing document gets the list's minimum."""
    fused: dict[str, float] = {}
    floors: dict[str, float] = {}
    per_list: dict[str, dict[str, float]] = {}
    for name, ranking in rankings.items():
        normed = normalise([s for _, s in ranking], method)
        per_list[name] = {doc: float(v) for (doc, _), v in zip(ranking, normed)}
        floors[name] = float(normed.min()) if normed.size else 0.0
    docs = {doc for ranking in rankings.values() for doc, _ in ranking}
    for doc in docs:
        fused[doc] = sum(weights.get(name, 1.0) * per_list[name].get(doc, floors[name])
                         for name in rankings)
    return _sorted(fused)


def fuse(rankings: Mapping[str, Ranking], weights: Mapping[str, float],
         method: FusionMethod = FusionMethod.SCORE, k: int = RRF_K) -> list[tuple[str, float]]:
    """Dispatch on ``method``."""
    if method is FusionMethod.RRF:
        return rrf(rankings, weights, k)
    return score_fusion(rankings, weights, method)


def _sorted(scores: Mapping[str, float]) -> list[tuple[str, float]]:
    """Best first; ties broken by id so the order is deterministic."""
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))

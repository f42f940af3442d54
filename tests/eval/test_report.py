"""Report output: table, Markdown and the PNG chart (matplotlib Agg)."""
from __future__ import annotations

import pytest

from eval.metrics import MEASURES
from eval.report import COLUMNS, format_by_kind, format_table, to_markdown, write_per_query, write_png

pytestmark = pytest.mark.unit


def _modes() -> dict[str, dict[str, float]]:
    return {mode: {**{m: base + i * 0.01 for i, m in enumerate(MEASURES)},
                   "latency_p50_ms": 12.345, "latency_p95_ms": 40.0}
            for mode, base in (("naive", 0.3), ("hybrid", 0.6))}


def _result() -> dict:
    by_kind = {kind: {m: v for m, v in _modes().items()} for kind in ("fact", "motion")}
    return {"modes": _modes(), "by_kind": by_kind, "queries": 2, "k": 10, "query_file": "dev.jsonl",
            "answers": {"questions": 3, "accuracy": 0.5, "answerable_accuracy": 0.5, "abstention_accuracy": 1.0}}


def test_table_has_a_row_per_mode_and_a_column_per_metric():
    lines = format_table(_modes()).splitlines()
    assert all(c in lines[0] for c in COLUMNS)
    assert lines[2].split()[:2] == ["naive", "0.300"] and lines[3].split()[0] == "hybrid"
    assert lines[2].split()[-2:] == ["12.3", "40.0"]
    kinds = format_by_kind(_result()["by_kind"]).splitlines()
    assert kinds[0].split() == ["ndcg@10", "naive", "hybrid"] and kinds[2].split() == ["fact", "0.300", "0.600"]


def test_markdown_report_holds_the_modes_kinds_and_answers():
    md = to_markdown(_result())
    assert "| hybrid | 0.600 |" in md and "## ndcg@10 per query kind" in md
    assert "| motion | 0.300 | 0.600 |" in md and "accuracy 0.500" in md


def test_png_chart_is_written(tmp_path):
    path = tmp_path / "modes.png"
    write_png(path, _modes())
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_per_query_tsv_has_a_row_per_mode_and_query(tmp_path):
    scores = {m: 0.5 for m in MEASURES}
    write_per_query(tmp_path / "pq.tsv", {"hybrid": {"q1": scores, "q2": scores}}, {"q1": "fact", "q2": "motion"})
    rows = [r.split("\t") for r in (tmp_path / "pq.tsv").read_text().splitlines()]
    assert rows[0] == ["mode", "query", "kind", *MEASURES]
    assert rows[2][:4] == ["hybrid", "q2", "motion", "0.5000"]

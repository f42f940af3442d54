"""Presenting evaluation results: terminal table, JSON document, Markdown report, PNG chart."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

from matplotlib.figure import Figure

from eval.metrics import MEASURES

LATENCY_KEYS = ("latency_p50_ms", "latency_p95_ms")
COLUMNS = (*MEASURES.keys(), *LATENCY_KEYS)


def _cell(key: str, value: float) -> str:
    return f"{value:.1f}" if key in LATENCY_KEYS else f"{value:.3f}"


def format_table(modes: Mapping[str, Mapping[str, float]]) -> str:
    """A fixed-width table: one row per mode, one column per metric and latency."""
    width = max([len("mode"), *(len(m) for m in modes)])
    header = "mode".ljust(width) + "".join(f"  {c:>14}" for c in COLUMNS)
    rows = [m.ljust(width) + "".join(f"  {_cell(c, v[c]):>14}" for c in COLUMNS) for m, v in modes.items()]
    return "\n".join([header, "-" * len(header), *rows])


def format_by_kind(by_kind: Mapping[str, Mapping[str, Mapping[str, float]]], metric: str = "ndcg@10") -> str:
    """A kinds × modes table of one metric."""
    kinds = list(by_kind)
    modes = list(next(iter(by_kind.values()), {}))
    width = max([len(metric), *(len(k) for k in kinds)])
    header = metric.ljust(width) + "".join(f"  {m:>9}" for m in modes)
    rows = [k.ljust(width) + "".join(f"  {by_kind[k][m][metric]:>9.3f}" for m in modes) for k in kinds]
    return "\n".join([header, "-" * len(header), *rows])


def to_markdown(result: Mapping[str, Any]) -> str:
    """The Markdown report: the modes table, nDCG@10 and R@5 per kind, answer accuracy."""
    lines = [f"# kamerzoek evaluation", "",
             f"{result['queries']} queries from `{result.get('query_file', '')}`, k = {result.get('k', '')}.", "",
             "| mode | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for mode, values in result["modes"].items():
        lines.append(f"| {mode} | " + " | ".join(_cell(c, values[c]) for c in COLUMNS) + " |")
    by_kind = result.get("by_kind") or {}
    for metric in ("ndcg@10", "recall@5"):
        if not by_kind:
            break
        modes = list(next(iter(by_kind.values())))
        lines += ["", f"## {metric} per query kind", "", "| kind | " + " | ".join(modes) + " |",
                  "|---" * (len(modes) + 1) + "|"]
        for kind, per_mode in by_kind.items():
            lines.append(f"| {kind} | " + " | ".join(f"{per_mode[m][metric]:.3f}" for m in modes) + " |")
    answers = result.get("answers") or {}
    if "accuracy" in answers:
        lines += ["", "## Answers (/ask)", "",
                  f"{answers['questions']} questions: accuracy {answers['accuracy']:.3f} "
                  f"(answerable {answers['answerable_accuracy']:.3f}, "
                  f"abstention on unanswerable {answers['abstention_accuracy']:.3f})."]
        lines += answer_details(answers)
    elif answers.get("skipped"):
        lines += ["", "## Answers (/ask)", "", f"Not evaluated: {answers['skipped']}."]
    return "\n".join(lines) + "\n"


def write_png(path: Path, modes: Mapping[str, Mapping[str, float]]) -> None:
    """A grouped bar chart: quality metrics on the x axis, one bar per mode.

    A bare ``Figure`` (no pyplot): no global backend or figure state, Agg renders the PNG.
    """
    metrics = list(MEASURES)
    fig = Figure(figsize=(9, 4.5), dpi=120)
    ax = fig.subplots()
    width = 0.8 / max(len(modes), 1)
    for i, (mode, values) in enumerate(modes.items()):
        xs = [j + (i - (len(modes) - 1) / 2) * width for j in range(len(metrics))]
        ax.bar(xs, [values[m] for m in metrics], width, label=mode)
    ax.set_xticks(range(len(metrics)), metrics)
    ax.set_ylim(0, 1)
    ax.set_ylabel("score")
    ax.set_title("kamerzoek retrieval quality per mode")
    ax.legend(loc="upper left", ncols=len(modes))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)


def write_json(path: Path, result: Mapping[str, Any]) -> None:
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_per_query(path: Path, per_query: Mapping[str, Mapping[str, Mapping[str, float]]],
                    kinds: Mapping[str, str]) -> None:
    """One TSV row per (mode, query) with every metric: where a change helped or hurt."""
    lines = ["\t".join(("mode", "query", "kind", *MEASURES))]
    for mode, queries in per_query.items():
        for qid, values in queries.items():
            lines.append("\t".join((mode, qid, kinds.get(qid, ""), *(f"{values[m]:.4f}" for m in MEASURES))))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def answer_details(answers: dict) -> list[str]:
    """Accuracy per answer type, answer-span exact match, and precision/recall of answering and abstaining."""
    if "by_type" not in answers:
        return []
    lines = ["", "| answer type | questions | accuracy |", "|---|---:|---:|"]
    lines += [f"| {t} | {g['questions']} | {g['accuracy']:.3f} |" for t, g in answers["by_type"].items()]
    lines += ["", f"Answer span exact match {answers['span_exact_match']:.3f} ({answers['span_questions']} questions "
              f"with a span); answering precision {answers['answering_precision']:.3f}, recall "
              f"{answers['answering_recall']:.3f}; abstaining precision {answers['abstention_precision']:.3f}, "
              f"recall {answers['abstention_recall']:.3f} (threshold {answers.get('min_confidence', '')})."]
    return lines

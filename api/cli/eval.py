"""`kamerzoek eval` — retrieval metrics per mode, answer accuracy, reports, BEIR export.

    kamerzoek eval [--queries FILE] [--modes naive,lexical,dense,hybrid] [--k 10]
                   [--json] [--out DIR] [--data-dir DIR] [--export-beir DIR]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from api.cli.common import add_settings_flags, settings_from
from eval.answers import evaluate_answers
from eval.beir import export_beir
from eval.naive import NaiveSourceError
from eval.queries import DEFAULT_ASK_QUESTIONS, DEFAULT_QUERIES, QueryFileError, load_ask_questions, load_queries
from eval.report import answer_details, format_by_kind, format_table, to_markdown, write_json, write_per_query, write_png
from eval.runner import Evaluation, parse_modes, run_modes, write_trec_qrels, write_trec_run
from index.catalog import Catalog
from ingest.load import SUPPORTED_SUFFIXES, discover


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "eval", help="evaluate retrieval modes (nDCG@10, MRR@10, recall, latency) and /ask answers",
        description="Run each retrieval mode over a query set with evidence-based relevance and "
                    "report nDCG@10, MRR@10, Recall@1/5/10, Success@5 and latency p50/p95, per mode "
                    "and per query kind, plus answer accuracy of /ask.")
    parser.add_argument("--queries", type=Path, default=None,
                        help="query file (JSONL; default: the bundled dev set eval/data/dev_queries.jsonl)")
    parser.add_argument("--modes", default="naive,lexical,dense,hybrid",
                        help="comma-separated modes among naive, lexical, dense, hybrid (default: all)")
    parser.add_argument("--k", type=int, default=10, help="results per query (default 10)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--out", type=Path, default=None,
                        help="write results.json, report.md, modes.png, qrels and TREC runs here")
    parser.add_argument("--ask-questions", type=Path, default=None,
                        help="/ask question file (default: the bundled eval/data/ask_questions.jsonl)")
    parser.add_argument("--no-answers", action="store_true", help="skip the /ask answer accuracy")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="raw files for the naive baseline (default: the files the index was built from)")
    parser.add_argument("--export-beir", type=Path, default=None, metavar="DIR",
                        help="write the index and queries in BEIR format to DIR and stop")
    add_settings_flags(parser)
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"kamerzoek eval: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    query_file = args.queries or DEFAULT_QUERIES
    try:
        queries = load_queries(query_file)
        modes = parse_modes(args.modes)
        questions = None if args.no_answers else load_ask_questions(args.ask_questions or DEFAULT_ASK_QUESTIONS)
    except (QueryFileError, ValueError) as err:
        return _fail(str(err))
    if args.k < 1:
        return _fail("--k must be at least 1")
    settings = settings_from(args)
    if args.export_beir is not None:
        return _export(settings, queries, args.export_beir)
    corpus_files = None
    if args.corpus is not None:
        corpus_files = _corpus_files(args.corpus)
        if not corpus_files:
            return _fail(f"{args.corpus}: no documents for the naive baseline")
    if any(m != "naive" for m in modes) or corpus_files is None or questions:
        _require_index(settings)
    evaluation = _evaluate(args, settings, queries, questions, modes, query_file, corpus_files)
    if isinstance(evaluation, int):
        return evaluation
    if args.json:
        print(json.dumps(evaluation.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_tables(evaluation.to_json())
    if args.out is not None:
        _write_out(args.out, evaluation)
    return 0


def _require_index(settings: Any) -> None:
    """Raise IndexNotBuiltError (one line: run `kamerzoek ingest`) when the data dir has no catalog."""
    Catalog.open_existing(settings.catalog_path).close()


def _corpus_files(path: Path) -> list[Path]:
    return [p for p in discover([path]) if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES]


def _evaluate(args: argparse.Namespace, settings: Any, queries: list, questions: list | None, modes: list[str],
              query_file: Path, corpus_files: list[Path] | None) -> Any:
    """Run the modes, then /ask over the questions; an Evaluation, or an exit code after a one-line error."""
    try:
        qrels, results = run_modes(settings, queries, modes, args.k, corpus_files)
    except NaiveSourceError as err:
        return _fail(str(err))
    answers = evaluate_answers(settings, questions) if questions else {"skipped": "--no-answers"}
    return Evaluation(queries=queries, query_file=str(query_file), k=args.k, qrels=qrels, modes=results,
                      answers=answers)


def _print_tables(result: dict[str, Any]) -> None:
    print(f"{result['queries']} queries, k = {result['k']} ({result['query_file']})\n")
    print(format_table(result["modes"]))
    print()
    print(format_by_kind(result["by_kind"], "ndcg@10"))
    answers = result["answers"]
    if "accuracy" in answers:
        print(f"\n/ask: {answers['questions']} questions, accuracy {answers['accuracy']:.3f} "
              f"(answerable {answers['answerable_accuracy']:.3f}, "
              f"abstention {answers['abstention_accuracy']:.3f})")
        print("\n".join(answer_details(answers)))
    else:
        print(f"\n/ask: not evaluated ({answers.get('skipped', '')})")


def _write_out(out: Path, evaluation: Any) -> None:
    out.mkdir(parents=True, exist_ok=True)
    public = evaluation.to_json()
    write_json(out / "results.json", public)
    (out / "report.md").write_text(to_markdown(public), encoding="utf-8")
    write_png(out / "modes.png", public["modes"])
    write_per_query(out / "per_query.tsv", evaluation.per_query(), evaluation.kinds())
    write_trec_qrels(out / "qrels.trec", evaluation.qrels)
    for mode, result in evaluation.modes.items():
        write_trec_run(out / f"run.{mode}.trec", result.run, tag=f"kamerzoek-{mode}")
    print(f"kamerzoek eval: wrote {out}/results.json, report.md, modes.png, per_query.tsv, qrels.trec, "
          "run.<mode>.trec", file=sys.stderr)


def _export(settings: Any, queries: list, out: Path) -> int:
    done = export_beir(settings, queries, out)
    print(f"kamerzoek eval: wrote BEIR export to {done.directory}: {done.passages} passages, "
          f"{done.queries} queries, {done.qrels} qrels")
    if done.unmatched_evidence:
        print(f"kamerzoek eval: {len(done.unmatched_evidence)} evidence strings match no passage: "
              f"{', '.join(done.unmatched_evidence[:10])}", file=sys.stderr)
    return 0

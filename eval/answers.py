"""Answer quality of ``/ask`` (``index.answer.answer``) on question → required-fact pairs.

An answer is correct when, reduced to lower-case letters and digits (NFKC), it
with its citation marks ``[n]`` removed, contains every required string reduced
the same way ("2,35" → "235", so a number must be stated, not paraphrased) — and,
where the text gives the answer in more than one way, all strings of one group of
``any_of``. For
a question marked unanswerable it is correct when the answerer says it found
nothing (``Answer.found`` is false).

Reported: accuracy overall and per answer type (the question's ``type``;
unanswerable questions form their own row), answer-span exact match (the
marked ``answer_span`` against the question's ``span``, whitespace collapsed),
precision and recall of answering (correct answers among those given / among
answerable questions) and of abstaining (unanswerable among the abstentions /
abstentions among the unanswerable).

``python -m eval.answers --sweep --data-dir DIR`` prints those figures for a
range of abstention thresholds (how ``index.answer.MIN_CONFIDENCE`` was chosen).
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from eval.queries import DEFAULT_ASK_QUESTIONS, AskQuestion, load_ask_questions
from index.answer import MIN_CONFIDENCE, answer
from index.config import Settings
from index.search import Searcher

DEFAULT_ASK_K = 8
_CITATION = re.compile(r"\[\d+\]")


def reduce_alnum(text: str) -> str:
    """NFKC, lower case, letters and digits only."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum())


def _collapse(text: str) -> str:
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class AnswerJudgment:
    id: str
    correct: bool
    found: bool
    missing: tuple[str, ...]
    text: str
    span: str | None = None  # the marked answer span, if any
    span_match: bool | None = None  # equal to the expected span (None: nothing to compare)


def judge_answer(question: AskQuestion, text: str, found: bool, span: str | None = None) -> AnswerJudgment:
    """Whether one answer states all required facts (or abstains when it should), and its span matches."""
    if question.unanswerable:
        return AnswerJudgment(question.id, not found, found, (), text)
    reduced = reduce_alnum(_CITATION.sub(" ", text)) if found else ""
    missing = tuple(r for r in question.required if reduce_alnum(r) not in reduced)
    if question.any_of and not any(all(reduce_alnum(r) in reduced for r in group) for group in question.any_of):
        missing += (" | ".join(" + ".join(group) for group in question.any_of),)
    span_match = None if question.span is None else (span is not None and _collapse(span) == _collapse(question.span))
    return AnswerJudgment(question.id, found and not missing, found, missing, text, span, span_match)


def summarise(judgments: Sequence[AnswerJudgment], questions: Sequence[AskQuestion]) -> dict[str, object]:
    """Accuracy overall, per type and on answerable questions; span exact match; answering and abstention P/R."""
    by_id = {q.id: q for q in questions}
    unanswerable = {q.id for q in questions if q.unanswerable}
    ans = [j for j in judgments if j.id not in unanswerable]
    una = [j for j in judgments if j.id in unanswerable]

    def share(items: Sequence[AnswerJudgment]) -> float:
        return sum(j.correct for j in items) / len(items) if items else 0.0

    groups: dict[str, list[AnswerJudgment]] = defaultdict(list)
    for j in judgments:
        groups["unanswerable" if j.id in unanswerable else by_id[j.id].type].append(j)
    spans = [j for j in ans if j.span_match is not None]
    answered = [j for j in judgments if j.found]
    abstained = [j for j in judgments if not j.found]
    return {
        "questions": len(judgments),
        "accuracy": share(judgments),
        "answerable_accuracy": share(ans),
        "abstention_accuracy": share(una),
        "by_type": {t: {"questions": len(g), "accuracy": share(g)} for t, g in sorted(groups.items())},
        "span_exact_match": sum(j.span_match for j in spans) / len(spans) if spans else 0.0,
        "span_questions": len(spans),
        "answering_precision": sum(j.correct for j in answered) / len(answered) if answered else 0.0,
        "answering_recall": sum(j.correct for j in ans) / len(ans) if ans else 0.0,
        "abstention_precision": sum(j.id in unanswerable for j in abstained) / len(abstained) if abstained else 0.0,
        "abstention_recall": sum(not j.found for j in una) / len(una) if una else 0.0,
        "wrong": [j.id for j in judgments if not j.correct],
    }


def _judge(question: AskQuestion, result) -> AnswerJudgment:
    span = None
    for citation in result.citations:
        if citation.answer_span is not None:
            span = citation.quote[citation.answer_span[0]:citation.answer_span[1]]
            break
    return judge_answer(question, result.text, result.found, span)


def evaluate_answers(settings: Settings, questions: Sequence[AskQuestion], k: int = DEFAULT_ASK_K,
                     min_confidence: float | None = None) -> dict[str, object]:
    """Ask every question through ``index.answer.answer`` with the index's searcher and summarise."""
    threshold = MIN_CONFIDENCE if min_confidence is None else min_confidence
    searcher = Searcher(settings)
    try:
        judgments = [_judge(q, answer(q.question, searcher, k, min_confidence=threshold)) for q in questions]
    finally:
        searcher.close()
    return {**summarise(judgments, questions), "k": k, "min_confidence": threshold}


def sweep(settings: Settings, questions: Sequence[AskQuestion], thresholds: Sequence[float],
          k: int = DEFAULT_ASK_K) -> list[dict[str, object]]:
    """The summary at each abstention threshold (one searcher, every question asked per threshold)."""
    searcher = Searcher(settings)
    try:
        return [{"min_confidence": t, **summarise(
            [_judge(q, answer(q.question, searcher, k, min_confidence=t)) for q in questions], questions)}
            for t in thresholds]
    finally:
        searcher.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.answers", description="/ask answer quality")
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--questions", default=str(DEFAULT_ASK_QUESTIONS))
    parser.add_argument("--sweep", action="store_true", help="figures per abstention threshold 0.30–0.70")
    args = parser.parse_args(argv)
    settings = Settings(data_dir=args.data_dir)
    questions = load_ask_questions(args.questions)
    thresholds = [round(0.30 + 0.05 * i, 2) for i in range(9)] if args.sweep else [None]
    if not args.sweep:
        rows = [evaluate_answers(settings, questions)]
    else:
        rows = sweep(settings, questions, thresholds)
    print("| threshold | accuracy | answerable | abstention | answering P / R | abstaining P / R | span EM |")
    print("|---:|---:|---:|---:|---|---|---:|")
    for r in rows:
        print(f"| {r['min_confidence']:.2f} | {r['accuracy']:.3f} | {r['answerable_accuracy']:.3f} | "
              f"{r['abstention_accuracy']:.3f} | {r['answering_precision']:.3f} / {r['answering_recall']:.3f} | "
              f"{r['abstention_precision']:.3f} / {r['abstention_recall']:.3f} | {r['span_exact_match']:.3f} |")
    if not args.sweep:
        for t, g in rows[0]["by_type"].items():
            print(f"  {t:<13} {g['questions']:>3} questions  accuracy {g['accuracy']:.3f}")
        print("  wrong:", ", ".join(rows[0]["wrong"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

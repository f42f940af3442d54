"""Answer accuracy of ``/ask`` (``index.answer.answer``) on question → required-fact pairs.

An answer is correct when, reduced to lower-case letters and digits (NFKC), it
with its citation marks ``[n]`` removed, contains every required string reduced the same way ("2,35" → "235", so a
number must be stated, not paraphrased). For a question marked unanswerable it
is correct when the answerer says it found nothing (``Answer.found`` is false).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from eval.queries import AskQuestion

DEFAULT_ASK_K = 8
_CITATION = re.compile(r"\[\d+\]")


def reduce_alnum(text: str) -> str:
    """NFKC, lower case, letters and digits only."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).lower() if c.isalnum())


@dataclass(frozen=True)
class AnswerJudgment:
    id: str
    correct: bool
    found: bool
    missing: tuple[str, ...]
    text: str


def judge_answer(question: AskQuestion, text: str, found: bool) -> AnswerJudgment:
    """Whether one answer states all required facts (or abstains when it should)."""
    if question.unanswerable:
        return AnswerJudgment(question.id, not found, found, (), text)
    reduced = reduce_alnum(_CITATION.sub(" ", text)) if found else ""
    missing = tuple(r for r in question.required if reduce_alnum(r) not in reduced)
    return AnswerJudgment(question.id, found and not missing, found, missing, text)


def summarise(judgments: Sequence[AnswerJudgment], questions: Sequence[AskQuestion]) -> dict[str, object]:
    """Accuracy overall, on answerable questions, and abstention on unanswerable ones."""
    unanswerable = {q.id for q in questions if q.unanswerable}
    ans = [j for j in judgments if j.id not in unanswerable]
    una = [j for j in judgments if j.id in unanswerable]

    def share(items: Sequence[AnswerJudgment]) -> float:
        return sum(j.correct for j in items) / len(items) if items else 0.0

    return {
        "questions": len(judgments),
        "accuracy": share(judgments),
        "answerable_accuracy": share(ans),
        "abstention_accuracy": share(una),
        "wrong": [j.id for j in judgments if not j.correct],
    }


def evaluate_answers(settings: object, questions: Sequence[AskQuestion], k: int = DEFAULT_ASK_K) -> dict[str, object]:
    """Ask every question through ``index.answer.answer`` with the index's searcher and summarise."""
    from index.answer import answer
    from index.search import Searcher

    searcher = Searcher(settings)
    try:
        judgments = []
        for q in questions:
            result = answer(q.question, searcher, k)
            judgments.append(judge_answer(q, result.text, result.found))
    finally:
        searcher.close()
    return {**summarise(judgments, questions), "k": k}

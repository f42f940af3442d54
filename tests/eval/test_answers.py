"""Judging /ask answers against required facts."""
from __future__ import annotations

import pytest

from eval.answers import judge_answer, summarise
from eval.queries import AskQuestion

pytestmark = pytest.mark.unit

HUBS = AskQuestion("a1", "Hoeveel rijkshubs zijn er geopend?", ("zeven", "rijkshubs"), "002_017fb9ede22c3067.txt")
AMOUNT = AskQuestion("a2", "Welk bedrag per dag?", ("2,35",), "002_017fb9ede22c3067.txt")
NOWHERE = AskQuestion("a3", "Hoeveel thuiswerkers telt België?", (), None, unanswerable=True)


def test_required_facts_match_case_and_punctuation_insensitively():
    assert judge_answer(HUBS, "Het Ministerie van BZK heeft inmiddels Zeven Rijks-hubs geopend. [1]", True).correct
    assert judge_answer(AMOUNT, "verhoogd naar € 2,35 per thuisgewerkte dag [2]", True).correct


def test_a_missing_fact_or_a_not_found_answer_is_wrong():
    wrong = judge_answer(HUBS, "Er zijn rijkshubs geopend. [1]", True)
    assert not wrong.correct and wrong.missing == ("zeven",)
    assert not judge_answer(HUBS, "zeven rijkshubs", False).correct


def test_citation_marks_do_not_supply_digits():
    assert not judge_answer(AskQuestion("a4", "?", ("1",), "x"), "Geen getal hier [1]", True).correct


def test_unanswerable_is_right_only_when_the_answerer_abstains():
    assert judge_answer(NOWHERE, "Geen passage gevonden.", False).correct
    assert not judge_answer(NOWHERE, "In België werken velen thuis. [1]", True).correct


def test_summary_splits_answerable_and_abstention():
    judgments = [judge_answer(HUBS, "zeven rijkshubs [1]", True), judge_answer(AMOUNT, "twee euro", True),
                 judge_answer(NOWHERE, "", False)]
    summary = summarise(judgments, [HUBS, AMOUNT, NOWHERE])
    assert summary["accuracy"] == pytest.approx(2 / 3)
    assert summary["answerable_accuracy"] == pytest.approx(0.5)
    assert summary["abstention_accuracy"] == pytest.approx(1.0)
    assert summary["wrong"] == ["a2"]

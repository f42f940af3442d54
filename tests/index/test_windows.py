"""Packing a passage's sentences into embedding windows (pure functions, counted by words here)."""
from __future__ import annotations

import pytest

from index.windows import pack, passage_windows, sentences

pytestmark = pytest.mark.unit


def words(texts: list[str]) -> list[int]:
    return [len(t.split()) for t in texts]


def test_sentences_split_after_end_marks_and_collapse_whitespace():
    text = "Eerste zin.  Tweede\nzin? Derde: een opsomming; en meer! Laatste"
    assert sentences(text) == ["Eerste zin.", "Tweede zin?", "Derde:", "een opsomming;", "en meer!", "Laatste"]


def test_amounts_and_numbers_do_not_end_a_sentence():
    assert sentences("Een bedrag van € 2,15 per dag. Kamerstuk 35 669, nr. 36 noemt het.") == [
        "Een bedrag van € 2,15 per dag.", "Kamerstuk 35 669, nr. 36 noemt het."]


def test_pack_fills_windows_up_to_the_limit_in_order():
    parts = ["a b c", "d e", "f g h i", "j"]
    assert pack(parts, words(parts), 5) == ["a b c d e", "f g h i j"]
    assert pack(parts, words(parts), 100) == ["a b c d e f g h i j"]


def test_a_part_over_the_limit_is_a_window_of_its_own():
    parts = ["kort", "een heel lange zin van zeven woorden", "kort"]
    assert pack(parts, words(parts), 3) == ["kort", "een heel lange zin van zeven woorden", "kort"]


def test_text_without_sentences_is_one_window():
    assert passage_windows("   ", words, 10) == ["   "]
    assert passage_windows("geen eindteken hier", words, 10) == ["geen eindteken hier"]

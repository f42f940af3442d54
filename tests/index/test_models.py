"""The search vocabularies (index.models): one str-Enum each, read by ``from_str``."""
from __future__ import annotations

import json

import pytest

from index.models import PassageKind, SearchMode, SortOrder
from ingest.vocabulary import Vocabulary

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("vocabulary, words", [
    (SearchMode, ("lexical", "dense", "hybrid")),
    (SortOrder, ("relevance", "date")),
    (PassageKind, ("motion", "commitment", "measure")),
])
def test_each_vocabulary_reads_its_words_forgiving_case_and_spaces(vocabulary, words):
    assert vocabulary.values() == words
    for word in words:
        member = vocabulary.from_str(f"  {word.upper()} ")
        assert member is vocabulary(word) and member == word and str(member) == word


@pytest.mark.parametrize("vocabulary, message", [
    (SearchMode, "unknown mode 'fuzzy'; accepted: lexical, dense, hybrid"),
    (SortOrder, "unknown sort order 'fuzzy'; accepted: relevance, date"),
    (PassageKind, "unknown kind 'fuzzy'; accepted: motion, commitment, measure"),
])
def test_an_unknown_word_names_the_accepted_ones(vocabulary, message):
    with pytest.raises(ValueError) as raised:
        vocabulary.from_str("fuzzy")
    assert str(raised.value) == message


def test_members_are_their_words_in_json_and_f_strings():
    assert json.dumps({"kind": PassageKind.MEASURE}) == '{"kind": "measure"}'
    assert f"{SortOrder.DATE}" == "date" and issubclass(SearchMode, Vocabulary)

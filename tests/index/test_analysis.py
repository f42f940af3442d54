"""A query analysed once (QueryTerms) and a passage tokenised once: highlights match a plain reference."""
from __future__ import annotations

import pytest

from index.analysis import QueryTerms, passage_terms
from index.highlight import highlight_spans
from index.lexical import LexicalIndex
from ingest import dutch
from ingest.chunking import chunk_document
from ingest.load import discover, load_document
from ingest.manifest import load_manifest

pytestmark = pytest.mark.unit

QUERIES = ["thuiswerkers werkdruk", "Inspectie SZW onderzoekswaardige melding", "thuiswerkkostenvergoeding",
           "Hoeveel rijkshubs heeft het Ministerie van BZK geopend?", "de het een", "geïnformeerd Kröger"]


@pytest.fixture(scope="module")
def passages(corpus_dir):
    manifest = load_manifest(corpus_dir)
    return [p for f in discover([corpus_dir]) for p in chunk_document(load_document(f, manifest))]


@pytest.fixture(scope="module")
def index(passages):
    return LexicalIndex().build([p.chunk_id for p in passages], [p.text for p in passages])


def reference_spans(text: str, terms: QueryTerms) -> list[tuple[int, int]]:
    """Every word of the text folded and stemmed on its own, then compared (the plain way)."""
    out = []
    for start, end, word in dutch.word_spans(text):
        if not dutch.is_content(word):
            continue
        if word in terms.words or dutch.stem([word])[0] in (set(terms.searched) | set(terms.stems)):
            out.append((start, end))
    return out


def test_analysis_holds_words_stems_and_expansions(index):
    query = "De beeldschermrichtlijn van thuiswerkers"
    terms = index.analyse(query)
    assert terms.words == ("beeldschermrichtlijn", "thuiswerkers")
    assert terms.stems == tuple(dutch.stem(terms.words))
    assert {"thuiswerk", "thuiswerker"} <= set(terms.searched)  # the agent noun both ways
    assert {"beeldscherm", "richtlijn"} <= set(terms.searched)  # the compound's parts
    assert terms.grams and all(len(g) == 4 for g in terms.grams)
    assert list(terms.searched) == index.query_terms(query)


def test_scores_from_the_analysis_equal_scores_from_the_text(index):
    for query in QUERIES:
        assert (index.scores(index.analyse(query)) == index.scores(query)).all()
        assert index.search(index.analyse(query), k=10) == index.search(query, k=10)


def test_plain_analysis_without_an_index():
    terms = QueryTerms.plain("Hoeveel rijkshubs zijn er geopend?")
    assert terms.words == ("hoeveel", "rijkshubs", "geopend") and terms.searched == () and terms
    assert not QueryTerms.plain("de het een")


@pytest.mark.parametrize("query", QUERIES)
def test_highlights_equal_the_plain_reference_on_every_passage(index, passages, query):
    terms = index.analyse(query)
    for passage in passages:
        assert highlight_spans(passage.text, terms) == reference_spans(passage.text, terms)


def test_a_passage_is_tokenised_once(passages):
    text = passages[3].text
    assert passage_terms(text) is passage_terms(text)
    tokens = passage_terms(text).tokens
    assert all(dutch.fold(text[t.start:t.end]) == t.word for t in tokens if text[t.start:t.end].isascii())

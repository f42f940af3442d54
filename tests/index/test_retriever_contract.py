"""One contract for every retriever (lexical, dense, hybrid) on the real indexed corpus."""
from __future__ import annotations

import pytest

from index.catalog import Catalog
from index.search import Retriever, Searcher
from index.models import SearchMode

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUERIES = ["Inspectie SZW melding thuiswerken", "Europese richtlijn beeldschermwerk",
           "huiselijk geweld", "zzzzqqq"]


@pytest.fixture(scope="module")
def searcher(indexed_settings):
    with Searcher(indexed_settings) as searcher:
        yield searcher


@pytest.fixture(scope="module")
def catalog_ids(indexed_settings) -> set[str]:
    with Catalog(indexed_settings.catalog_path) as catalog:
        return catalog.chunk_ids()


@pytest.fixture(params=[m.value for m in SearchMode])
def retriever(request, searcher) -> Retriever:
    return searcher.retriever(SearchMode(request.param))


def test_implements_the_protocol(retriever):
    assert isinstance(retriever, Retriever)


@pytest.mark.parametrize("query", QUERIES)
def test_at_most_k_unique_known_ids_best_first(retriever, catalog_ids, query):
    hits = retriever.search(query, 5)
    ids = [cid for cid, _ in hits]
    assert len(ids) <= 5 and len(set(ids)) == len(ids)
    assert set(ids) <= catalog_ids
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(s, float) for s in scores)


def test_finds_something_for_a_corpus_query(retriever):
    assert len(retriever.search("thuiswerken en de gezondheid van werknemers", 3)) == 3


def test_ids_filter_is_respected(retriever, catalog_ids):
    allowed = set(sorted(catalog_ids)[:7])
    hits = retriever.search("thuiswerken", 10, allowed)
    assert {cid for cid, _ in hits} <= allowed


def test_empty_filter_gives_nothing(retriever):
    assert retriever.search("thuiswerken", 10, set()) == []


def test_k_zero_gives_nothing(retriever):
    assert retriever.search("thuiswerken", 0) == []

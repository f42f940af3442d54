"""One contract for every retriever (lexical, dense, hybrid) on the real indexed corpus.

What ``index.search.Retriever`` promises, checked on what each retriever returns:
best-first (chunk id, score) pairs of passages the catalog holds, at most ``k``,
each id once; the top ``k`` are the first ``k`` of a longer list; ``ids_filter``
is applied before the cut (a filter never starves the list); a query's text and
its analysis rank alike. The ``check_*`` functions are the contract; the last
tests run them on retrievers broken on purpose, to show that each check can fail.
"""
from __future__ import annotations

import inspect
import math

import pytest

from index.catalog import Catalog
from index.models import SearchMode
from index.search import Query, Retriever, Searcher

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUERIES = ["Inspectie SZW melding thuiswerken", "Europese richtlijn beeldschermwerk",
           "huiselijk geweld", "zzzzqqq"]
BROAD = "thuiswerken en de gezondheid van werknemers"  # many passages of the corpus match it

Ranking = list[tuple[str, float]]


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


# --------------------------------------------------------------------------- the contract


def check_ranking(hits: Ranking, k: int, known: set[str]) -> None:
    """At most ``k`` (str, finite float) pairs, ids unique and known to the catalog, best first."""
    assert isinstance(hits, list) and len(hits) <= k, hits
    assert all(isinstance(cid, str) and isinstance(score, float) and math.isfinite(score)
               for cid, score in hits), hits
    ids = [cid for cid, _ in hits]
    assert len(set(ids)) == len(ids), f"an id twice: {ids}"
    assert set(ids) <= known, f"ids the catalog does not hold: {set(ids) - known}"
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True), f"not best first: {scores}"


def check_k(retriever: Retriever, query: Query) -> None:
    """Exactly ``k`` hits where more match, and the top 3 are the first 3 of the top 10."""
    top10 = retriever.search(query, 10)
    top3 = retriever.search(query, 3)
    assert len(top10) == 10 and len(top3) == 3, (len(top10), len(top3))
    assert [cid for cid, _ in top3] == [cid for cid, _ in top10[:3]]


def check_filter(retriever: Retriever, query: Query, known: set[str]) -> None:
    """Hits only from ``ids_filter``, and the filter applied before the cut to ``k``.

    The filter leaves out the unfiltered top 10: a retriever that cut first and
    filtered afterwards would return nothing; one that ignored the filter, the top 10.
    """
    top10 = {cid for cid, _ in retriever.search(query, 10)}
    allowed = known - top10
    hits = retriever.search(query, 5, allowed)
    assert len(hits) == 5, f"a filter starved the list: {hits}"
    assert {cid for cid, _ in hits} <= allowed, f"ids outside the filter: {set(c for c, _ in hits) - allowed}"
    best = retriever.search(query, 1)[0][0]
    assert [cid for cid, _ in retriever.search(query, 10, {best})] == [best]


# --------------------------------------------------------------------------- every retriever


def test_search_has_the_signature_of_the_protocol(retriever):
    expected = inspect.signature(Retriever.search).parameters
    actual = inspect.signature(type(retriever).search).parameters
    assert [(p.name, p.kind, p.default) for p in actual.values()] == \
           [(p.name, p.kind, p.default) for p in expected.values()]


@pytest.mark.parametrize("query", QUERIES)
def test_at_most_k_unique_known_ids_best_first(retriever, catalog_ids, query):
    check_ranking(retriever.search(query, 5), 5, catalog_ids)


def test_finds_something_for_a_corpus_query(retriever):
    assert len(retriever.search(BROAD, 3)) == 3


def test_k_hits_and_the_top_k_are_a_prefix_of_a_longer_list(retriever):
    check_k(retriever, BROAD)


def test_ids_filter_is_respected_and_applied_before_the_cut(retriever, catalog_ids):
    check_filter(retriever, BROAD, catalog_ids)


def test_ids_filter_is_respected(retriever, catalog_ids):
    allowed = set(sorted(catalog_ids)[:7])
    hits = retriever.search("thuiswerken", 10, allowed)
    assert {cid for cid, _ in hits} <= allowed


def test_the_text_and_its_analysis_rank_alike(retriever, searcher):
    from_text = retriever.search(BROAD, 10)
    from_terms = retriever.search(searcher.analyse(BROAD), 10)
    assert [cid for cid, _ in from_terms] == [cid for cid, _ in from_text]
    assert [s for _, s in from_terms] == pytest.approx([s for _, s in from_text])


def test_the_same_query_twice_ranks_the_same(retriever):
    assert retriever.search(BROAD, 10) == retriever.search(BROAD, 10)


def test_empty_filter_gives_nothing(retriever):
    assert retriever.search("thuiswerken", 10, set()) == []


def test_k_zero_gives_nothing(retriever):
    assert retriever.search("thuiswerken", 0) == []


# --------------------------------------------------------------------------- the checks can fail


class Broken:
    """A real retriever wrapped to break one promise of the contract."""

    def __init__(self, inner: Retriever) -> None:
        self.inner = inner


class WorstFirst(Broken):
    """Returns the right hits in the wrong order."""

    def search(self, query: Query, k: int, ids_filter: set[str] | None = None) -> Ranking:
        return self.inner.search(query, k, ids_filter)[::-1]


class IgnoresFilter(Broken):
    """Returns the unfiltered top ``k``."""

    def search(self, query: Query, k: int, ids_filter: set[str] | None = None) -> Ranking:
        return self.inner.search(query, k)


class CutsThenFilters(Broken):
    """Takes the top ``k`` first and filters them afterwards: a filter starves the list."""

    def search(self, query: Query, k: int, ids_filter: set[str] | None = None) -> Ranking:
        hits = self.inner.search(query, k)
        return hits if ids_filter is None else [(c, s) for c, s in hits if c in ids_filter]


class OneTooMany(Broken):
    """Returns ``k + 1`` hits."""

    def search(self, query: Query, k: int, ids_filter: set[str] | None = None) -> Ranking:
        return self.inner.search(query, k + 1, ids_filter)


@pytest.mark.parametrize("broken", [WorstFirst, OneTooMany])
def test_check_ranking_fails_a_broken_retriever(searcher, catalog_ids, broken):
    lexical = searcher.retriever(SearchMode.LEXICAL)
    check_ranking(lexical.search(BROAD, 5), 5, catalog_ids)
    with pytest.raises(AssertionError):
        check_ranking(broken(lexical).search(BROAD, 5), 5, catalog_ids)


@pytest.mark.parametrize("broken", [IgnoresFilter, CutsThenFilters])
def test_check_filter_fails_a_broken_retriever(searcher, catalog_ids, broken):
    with pytest.raises(AssertionError):
        check_filter(broken(searcher.retriever(SearchMode.LEXICAL)), BROAD, catalog_ids)


def test_check_k_fails_a_retriever_that_ranks_differently_for_a_smaller_k(searcher):
    class ShortListsWorstFirst(Broken):
        def search(self, query: Query, k: int, ids_filter: set[str] | None = None) -> Ranking:
            hits = self.inner.search(query, k, ids_filter)
            return hits[::-1] if k < 10 else hits

    with pytest.raises(AssertionError):
        check_k(ShortListsWorstFirst(searcher.retriever(SearchMode.LEXICAL)), BROAD)

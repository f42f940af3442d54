"""A search as its user sees it: a reference query answered by what cites it first, the order
(relevance or date), and facet counts over the candidates.

``search_page`` wraps ``Searcher``: it ranks a candidate pool once (as deep as
hybrid fusion looks anyway, so the top ``k`` are exactly ``Searcher.search``'s),
puts the passages citing a recognised reference and the document it names in
front (``index.reference_query``), sorts by date when asked (newest letter
first, relevance within a date), counts facets over the pool and builds hits
for the ``k`` shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from index import fusion
from index.facets import Facets, count_facets, sources_of
from index.models import Hit, SearchFilters, SearchMode, SortOrder
from index.reference_query import RecognisedReference, citing_chunks, named_chunks, recognise


@dataclass(frozen=True)
class ResultPage:
    hits: list[Hit]
    facets: Facets
    reference: RecognisedReference | None = None
    citing: list[str] = field(default_factory=list)  # chunk ids of the hits that cite the reference
    named: list[str] = field(default_factory=list)  # chunk ids of the document the reference names
    total: int = 0  # candidates counted by the facets


def pool_depth(k: int) -> int:
    """Candidates ranked per search: what hybrid fusion reads anyway, or ``k`` when larger."""
    return max(k, fusion.CANDIDATES)


def search_page(searcher, query: str, k: int = 10, mode: SearchMode = SearchMode.HYBRID,
                filters: SearchFilters | None = None, sort: SortOrder = SortOrder.RELEVANCE) -> ResultPage:
    """The ``k`` hits for ``query`` with the reference it names (if any) and facet counts."""
    catalog = searcher.catalog
    conn = catalog.connection
    terms = searcher.analyse(query)  # once per request, for the ranking and the highlights
    ranked = searcher.rank(terms, pool_depth(k), mode, filters)
    scores = dict(ranked)
    order = [cid for cid, _ in ranked]
    reference = recognise(query, conn)
    citing: list[str] = []
    named: list[str] = []
    if reference is not None:
        allowed = catalog.chunk_ids_matching(filters)
        keep = (lambda cid: cid in allowed) if allowed is not None else (lambda cid: True)
        citing = [c for c in citing_chunks(conn, reference) if keep(c)]
        named = [c for c in named_chunks(conn, catalog, reference) if keep(c) and c not in citing]
        first = citing + named
        placed = set(first)
        order = first + [c for c in order if c not in placed]
    facts = searcher.document_facts()
    source_of = sources_of(conn, order)
    if SortOrder(sort) is SortOrder.DATE:
        order.sort(key=lambda c: facts[source_of[c]].date if source_of.get(c) in facts else "", reverse=True)
    facets = count_facets((source_of[c] for c in order if c in source_of), facts)
    shown = order[:k]
    hits = searcher.hits(terms, [(c, scores.get(c, 0.0)) for c in shown])
    shown_set = set(shown)
    return ResultPage(hits, facets, reference, [c for c in citing if c in shown_set],
                      [c for c in named if c in shown_set], total=len(order))

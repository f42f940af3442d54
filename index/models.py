"""Typed models at the boundary between the index and its callers (CLI, API, eval)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ingest.models import Footnote
from ingest.vocabulary import Vocabulary


class SearchMode(Vocabulary):
    """Which retrievers answer a query: BM25 alone, the dense index alone, or both fused."""

    LEXICAL = "lexical"
    DENSE = "dense"
    HYBRID = "hybrid"

    @classmethod
    def noun(cls) -> str:
        return "mode"


class SortOrder(Vocabulary):
    """Order of search results: by relevance, or by the letter's date (newest first)."""

    RELEVANCE = "relevance"
    DATE = "date"

    @classmethod
    def noun(cls) -> str:
        return "sort order"


class PassageKind(Vocabulary):
    """What a passage holds, as recorded by the registry (motions, commitments, measures)."""

    MOTION = "motion"
    COMMITMENT = "commitment"
    MEASURE = "measure"

    @classmethod
    def noun(cls) -> str:
        return "kind"


@dataclass(frozen=True)
class SearchFilters:
    """Filters applied to every retriever (dates are ISO YYYY-MM-DD, inclusive)."""

    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    dossier: str | None = None  # "25883" or "25 883"
    kind: PassageKind | None = None  # passages holding such an item
    doc_type: str | None = None  # "Kamerbrief", "SER-adviesaanvraag" (the document's type)


@dataclass(frozen=True)
class Hit:
    """One search result: a citable passage, with its document's title and date and its score."""

    chunk_id: str
    source: str
    title: str
    date: str
    page_start: int
    page_end: int
    heading: str
    text: str
    score: float
    footnotes: tuple[Footnote, ...] = ()
    highlights: tuple[tuple[int, int], ...] = field(default=())
    start: int = 0  # where ``text`` starts in the document's body
    ordinal: int = 0  # the passage's place in its document
    page_breaks: tuple[int, ...] = ()  # offsets in ``text`` where page_start + 1, + 2 … begin

    def page_at(self, offset: int) -> int:
        """The page of the document that holds character ``offset`` of ``text``."""
        return self.page_start + bisect.bisect_right(self.page_breaks, offset)

"""Typed models at the boundary between the index and its callers (CLI, API, eval)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum


class SearchMode(str, Enum):
    LEXICAL = "lexical"
    DENSE = "dense"
    HYBRID = "hybrid"

    @classmethod
    def from_str(cls, value: str) -> "SearchMode":
        try:
            return cls(value.strip().lower())
        except ValueError:
            accepted = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown mode {value!r}; accepted: {accepted}") from None


class SortOrder(str, Enum):
    """Order of search results: by relevance, or by the letter's date (newest first)."""

    RELEVANCE = "relevance"
    DATE = "date"


@dataclass(frozen=True)
class SearchFilters:
    """Filters applied to every retriever (dates are ISO YYYY-MM-DD, inclusive)."""

    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    dossier: str | None = None  # "25883" or "25 883"
    kind: str | None = None  # motion | commitment | measure (passages holding such an item)
    doc_type: str | None = None  # "Kamerbrief", "SER-adviesaanvraag" (the document's type)


@dataclass(frozen=True)
class FootnoteRef:
    number: int
    text: str


@dataclass(frozen=True)
class Hit:
    """One search result: a citable passage."""

    chunk_id: str
    source: str
    title: str
    date: str
    page_start: int
    page_end: int
    heading: str
    text: str
    score: float
    footnotes: tuple[FootnoteRef, ...] = ()
    highlights: tuple[tuple[int, int], ...] = field(default=())
    start: int = 0  # where ``text`` starts in the document's body
    ordinal: int = 0  # the passage's place in its document
    page_breaks: tuple[int, ...] = ()  # offsets in ``text`` where page_start + 1, + 2 … begin

    def page_at(self, offset: int) -> int:
        """The page of the document that holds character ``offset`` of ``text``."""
        return self.page_start + bisect.bisect_right(self.page_breaks, offset)

"""Typed data models at the boundary between ingestion and the rest of kamerzoek.

Everything downstream (catalog, indexes, search, API) consumes these; nothing
downstream re-parses text. Models are frozen: make a new one with
``dataclasses.replace`` rather than mutating a shared instance.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ingest.references import KamerstukRef


@dataclass(frozen=True)
class Footnote:
    """A footnote: its number, whole text, the page it sits on, parsed references."""

    number: int
    text: str
    page: int
    references: tuple[KamerstukRef, ...] = ()


@dataclass(frozen=True)
class Marker:
    """Where footnote ``number`` is referenced: a character offset into the cleaned body."""

    number: int
    offset: int
    page: int


@dataclass(frozen=True)
class Page:
    """A page of the document as sent, as a span of the cleaned body."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Heading:
    text: str
    level: int
    page: int
    start: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the cleaned body with its page span and heading path."""

    text: str
    start: int
    end: int
    page_start: int
    page_end: int
    heading_path: tuple[str, ...] = ()
    is_heading: bool = False


@dataclass(frozen=True)
class DocumentMetadata:
    """What is known of a document: the corpus manifest first, then what the document
    itself states (``ingest/metadata.py``); unknowns stay empty."""

    title: str = ""
    date: str = ""  # ISO 8601, YYYY-MM-DD
    sender: str = ""
    doc_type: str = ""  # Kamerbrief, Motie, Antwoord op Kamervragen, Handelingen, BNC-fiche, ...
    kamerstuk: KamerstukRef | None = None
    publication_id: str = ""  # e.g. kst-25883-419, ah-tk-20232024-1432
    document_number: str = ""  # TK document number, e.g. 2021D35123
    description: str = ""
    dossier_title: str = ""  # "Wet- en regelgeving financiële markten"
    submitters: tuple[str, ...] = ()  # members who signed a motion or asked the questions
    reference: str = ""  # the sender's own reference (Kenmerk, Onze referentie)
    ocr_pages: tuple[int, ...] = ()  # pages read by OCR (a scan without a text layer)

    def __post_init__(self) -> None:
        # JSON round trips (catalog, manifest) hand lists back; keep the model hashable.
        for name in ("submitters", "ocr_pages"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value or ()))


@dataclass(frozen=True)
class Document:
    """A parsed document: cleaned body text (no footnote text in it) plus structure."""

    source: str  # the file name, e.g. 000_f9fde6f7b868fb2e.txt
    kind: str  # "text", "markdown" or "pdf"
    metadata: DocumentMetadata
    text: str
    pages: tuple[Page, ...]
    paragraphs: tuple[Paragraph, ...]
    headings: tuple[Heading, ...]
    footnotes: tuple[Footnote, ...]
    markers: tuple[Marker, ...]
    content_hash: str  # sha256 of the raw file bytes

    def footnote(self, number: int) -> Footnote | None:
        return self._footnotes_by_number.get(number)

    def markers_in(self, start: int, end: int) -> tuple["Marker", ...]:
        """The markers at offsets ``start <= offset <= end``, in order (bisection: linear overall)."""
        offsets, ordered = self._markers_by_offset
        return tuple(ordered[bisect_left(offsets, start):bisect_right(offsets, end)])

    @cached_property
    def _footnotes_by_number(self) -> dict[int, Footnote]:
        return {f.number: f for f in reversed(self.footnotes)}  # the first of a number wins

    @cached_property
    def _markers_by_offset(self) -> tuple[list[int], list["Marker"]]:
        ordered = sorted(self.markers, key=lambda m: m.offset)
        return [m.offset for m in ordered], ordered

    def page_at(self, offset: int) -> int:
        """The page number holding character ``offset`` of the cleaned body."""
        return page_at(self.pages, offset, self._page_starts)

    @cached_property
    def _page_starts(self) -> list[int]:
        return [page.start for page in self.pages]


def page_at(pages: Sequence[Page], offset: int, starts: Sequence[int] | None = None) -> int:
    """The number of the page (back-to-back spans, in order) holding ``offset``; the last page
    when none does. Bisection, so that numbering every paragraph of a long document stays linear."""
    if not pages:
        return 1
    starts = starts if starts is not None else [page.start for page in pages]
    i = bisect_right(starts, offset) - 1
    if i >= 0 and pages[i].start <= offset < pages[i].end:
        return pages[i].number
    return pages[-1].number


@dataclass(frozen=True)
class Passage:
    """A retrievable, citable chunk of a document's cleaned body.

    ``chunk_id`` is derived from source and text, so unchanged text keeps its id
    across runs. ``footnotes`` are those whose markers fall inside the passage.
    """

    chunk_id: str
    source: str
    ordinal: int
    text: str
    start: int
    end: int
    page_start: int
    page_end: int
    heading: str  # heading path joined with " › "
    footnotes: tuple[Footnote, ...] = field(default=())

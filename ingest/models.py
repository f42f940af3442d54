"""Typed data models at the boundary between ingestion and the rest of kamerzoek.

Everything downstream (catalog, indexes, search, API) consumes these; nothing
downstream re-parses text. Models are frozen: make a new one with
``dataclasses.replace`` rather than mutating a shared instance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class KamerstukRef:
    """A parsed Kamerstuk reference such as ``Kamerstuk 35 570 XV, nr. 54``.

    ``dossier`` is the first dossier number as written ("35 570"), ``sub`` a
    chapter suffix ("XV") if any, ``also`` further dossiers of a joint
    Kamerstuk ("Kamerstukken 25 295 en 25 883, nr. 1025" → also=("25 883",)).
    """

    dossier: str
    number: str
    sub: str = ""
    also: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Canonical id: ``35669-36``, ``35570-XV-54``, ``25295-1025``."""
        parts = [re.sub(r"\s+", "", self.dossier)]
        if self.sub:
            parts.append(self.sub)
        parts.append(self.number)
        return "-".join(parts)

    def dossiers(self) -> tuple[str, ...]:
        """All dossier numbers without spaces, first one first."""
        return tuple(re.sub(r"\s+", "", d) for d in (self.dossier, *self.also))


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
        return next((f for f in self.footnotes if f.number == number), None)

    def page_at(self, offset: int) -> int:
        """The page number holding character ``offset`` of the cleaned body."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return self.pages[-1].number if self.pages else 1


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

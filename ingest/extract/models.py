"""Typed items extracted from one document: motion mentions, commitments, measures.

Every item carries a ``Citation`` (source, letter date, page, chunk, quote) so a
user can check it against the letter. Status values are plain strings from the
small vocabularies below, as the Tweede Kamer uses them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Status a document expresses about a motion, strongest first; "ingediend" is the motion's own
# text (the first entry of its timeline), "genoemd" a mention that says nothing more.
MOTION_STATUSES = ("afgedaan", "in_uitvoering", "betrokken", "ingediend", "genoemd")
# Status of a commitment (toezegging), in the Kamer's register vocabulary.
COMMITMENT_STATUSES = ("afgedaan", "deels_afgedaan", "openstaand")


def motion_status_rank(status: str) -> int:
    """Higher is stronger: afgedaan 4, in_uitvoering 3, betrokken 2, ingediend 1, genoemd 0."""
    return len(MOTION_STATUSES) - 1 - MOTION_STATUSES.index(status)


def commitment_status_rank(status: str) -> int:
    """Higher is stronger: afgedaan 2, deels_afgedaan 1, openstaand (or unknown) 0."""
    return len(COMMITMENT_STATUSES) - 1 - COMMITMENT_STATUSES.index(status) if status in COMMITMENT_STATUSES else 0


@dataclass(frozen=True)
class Citation:
    """Where an item was found: the letter, its date, page, passage and sentence."""

    source: str
    date: str  # the document's metadata date (ISO), "" if unknown
    page_start: int
    chunk_id: str
    quote: str


@dataclass(frozen=True)
class MotionMention:
    """One place where a letter mentions a motion, and the status it expresses there.

    ``via_ref`` is True for a bare footnote reference without a motion phrase: it
    only counts once the id is known as a motion from a real mention elsewhere.
    """

    motion_id: str  # "35669-36", "35570-XV-54"
    dossier: str  # "35669" (or "35570-XV")
    number: str  # "36"
    submitters: tuple[str, ...]
    cosigned: bool  # "c.s.": further members signed it
    subject: str
    status: str
    citation: Citation
    offset: int = 0  # character offset in the document body (document order)
    via_ref: bool = False


@dataclass(frozen=True)
class Commitment:
    """A commitment (toezegging) given earlier or made in this letter."""

    id: str
    text: str
    kind: str  # "given" (an earlier toezegging referred to) or "made" (promised in this letter)
    status: str
    who: str
    given_at: str  # "coronadebat op 28 januari 2021", "Kamerbrief van 3 februari jl.", ...
    given_on: str  # ISO date of the giving, or "" (falls back to the letter date for age)
    deadline: str  # ISO date or "" when none is said
    citation: Citation
    refs: tuple[str, ...] = ()  # Kamerstuk ids its footnotes cite (the origin letter), e.g. ("25883-394",)


@dataclass(frozen=True)
class Measure:
    """A concrete government measure with its figure and date or year."""

    id: str
    text: str
    amount: str  # "€ 5 miljoen", "3%", "16 projecten", "" if none
    when: str  # "2024", "1 januari 2022", "december 2023", "" if none
    citation: Citation


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    motion_mentions: tuple[MotionMention, ...] = field(default=())
    commitments: tuple[Commitment, ...] = field(default=())
    measures: tuple[Measure, ...] = field(default=())

"""Typed items extracted from one document: motion mentions, commitments, measures.

Every item carries a ``Citation`` (source, letter date, page, chunk, quote) so a
user can check it against the letter. Statuses and kinds are the small
vocabularies below (str-Enums, as the Tweede Kamer uses the words): the same
members serve argparse (``choices()``), pydantic (field types) and SQL (values).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest.vocabulary import Vocabulary


class MotionStatus(Vocabulary):
    """Status a document expresses about a motion, strongest first; "ingediend" is the motion's
    own text (the first entry of its timeline), "genoemd" a mention that says nothing more."""

    AFGEDAAN = "afgedaan"
    IN_UITVOERING = "in_uitvoering"
    BETROKKEN = "betrokken"
    INGEDIEND = "ingediend"
    GENOEMD = "genoemd"

    @classmethod
    def noun(cls) -> str:
        return "motion status"

    @property
    def rank(self) -> int:
        """Higher is stronger: afgedaan 4, in_uitvoering 3, betrokken 2, ingediend 1, genoemd 0."""
        members = list(type(self))
        return len(members) - 1 - members.index(self)


class CommitmentStatus(Vocabulary):
    """Status of a commitment (toezegging), in the Kamer's register vocabulary, strongest first.

    Older records of the register say "voldaan" for "afgedaan": the one alias, accepted
    wherever a status is read (``CommitmentStatus("voldaan") is CommitmentStatus.AFGEDAAN``).
    """

    AFGEDAAN = "afgedaan"
    DEELS_AFGEDAAN = "deels_afgedaan"
    OPENSTAAND = "openstaand"

    @classmethod
    def noun(cls) -> str:
        return "commitment status"

    @property
    def rank(self) -> int:
        """Higher is stronger: afgedaan 2, deels_afgedaan 1, openstaand 0."""
        members = list(type(self))
        return len(members) - 1 - members.index(self)

    @classmethod
    def aliases(cls) -> dict[str, "Vocabulary"]:
        return {"voldaan": cls.AFGEDAAN}


class CommitmentKind(Vocabulary):
    """How a letter speaks of a commitment: one given earlier and referred back to, or one made here."""

    GIVEN = "given"
    MADE = "made"

    @classmethod
    def noun(cls) -> str:
        return "commitment kind"


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
    status: MotionStatus
    citation: Citation
    offset: int = 0  # character offset in the document body (document order)
    via_ref: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", MotionStatus(self.status))


@dataclass(frozen=True)
class Commitment:
    """A commitment (toezegging) given earlier or made in this letter."""

    id: str
    text: str
    kind: CommitmentKind  # given (an earlier toezegging referred to) or made (promised in this letter)
    status: CommitmentStatus
    who: str
    given_at: str  # "coronadebat op 28 januari 2021", "Kamerbrief van 3 februari jl.", ...
    given_on: str  # ISO date of the giving, or "" (falls back to the letter date for age)
    deadline: str  # ISO date or "" when none is said
    citation: Citation
    refs: tuple[str, ...] = ()  # Kamerstuk ids its footnotes cite (the origin letter), e.g. ("25883-394",)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", CommitmentKind(self.kind))
        object.__setattr__(self, "status", CommitmentStatus(self.status))


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

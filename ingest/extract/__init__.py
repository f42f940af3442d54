"""Extraction of motions, commitments and measures from passages and their footnotes.

Contract used by the index pipeline: ``extract(document, passages) -> Extraction``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest.models import Document, Passage


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document (filled in by the extraction issue)."""

    motion_mentions: tuple = field(default=())
    commitments: tuple = field(default=())
    measures: tuple = field(default=())


def extract(document: Document, passages: list[Passage]) -> Extraction:
    """Extract motion mentions, commitments and measures from a document's passages."""
    return Extraction()

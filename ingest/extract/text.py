"""Sentences of a document body with their offsets, and citations for them.

Extraction works sentence by sentence over ``Document.text`` (the cleaned body,
footnote markers removed and recorded as offsets), so it does not depend on
where the chunker cut; each found item is then cited with the passage that
holds its sentence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from ingest.dutch import MONTH_NAMES, MONTHS, sentence_spans
from ingest.extract.models import Citation
from ingest.models import Document, Passage

_SPACE = re.compile(r"\s+")

# "3 februari jl.", "28 januari 2021", "25 september a.s." (day, month, optional year).
DATE_RE = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_NAMES})(?:\s+(?P<year>(?:19|20)\d{{2}}))?"
                     rf"(?P<rel>\s+(?:jl\.|a\.s\.|aanstaande))?", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body: ``text`` is the raw slice ``document.text[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph (or block) it belongs to
    is_heading: bool = False


def normalise(text: str) -> str:
    """Collapse runs of whitespace (line breaks of the letter) into one space."""
    return _SPACE.sub(" ", text).strip()


def _blocks(document: Document) -> list[tuple[int, int, bool]]:
    """(start, end, is_heading) of the paragraphs, or of blank-line blocks without them."""
    if document.paragraphs:
        return [(p.start, p.end, p.is_heading) for p in document.paragraphs]
    blocks, pos = [], 0
    for m in re.finditer(r"\n\s*\n", document.text):
        blocks.append((pos, m.start(), False))
        pos = m.end()
    blocks.append((pos, len(document.text), False))
    return [b for b in blocks if document.text[b[0]:b[1]].strip()]


def sentences(document: Document) -> list[Sentence]:
    """All sentences of the body, in order, with their paragraph index."""
    out: list[Sentence] = []
    for p_index, (b_start, b_end, heading) in enumerate(_blocks(document)):
        block = document.text[b_start:b_end]
        for s, e in sentence_spans(block):
            out.append(Sentence(len(out), b_start + s, b_start + e, block[s:e], p_index, heading))
    return out


class Citer:
    """Turns body offsets into citations: passage (chunk_id), page and quote."""

    def __init__(self, document: Document, passages: list[Passage]) -> None:
        self.document = document
        self._passages = sorted(passages, key=lambda p: (p.start, p.ordinal))
        self._starts = [p.start for p in self._passages]

    def chunk_id(self, offset: int) -> str:
        """The first passage that holds ``offset`` (nearest before it when in a gap)."""
        if not self._passages:
            return ""
        i = bisect.bisect_right(self._starts, offset) - 1
        for p in self._passages[max(i - 3, 0):i + 1]:  # overlapping chunks: the earliest holder
            if p.start <= offset < p.end:
                return p.chunk_id
        return self._passages[max(i, 0)].chunk_id

    def cite(self, start: int, end: int) -> Citation:
        """Citation for the body span ``start:end`` (the quote is its normalised text)."""
        doc = self.document
        return Citation(source=doc.source, date=doc.metadata.date, page_start=doc.page_at(start),
                        chunk_id=self.chunk_id(start), quote=normalise(doc.text[start:end]))


def letter_date(document: Document) -> date | None:
    """The document's date from its metadata, or None when unknown."""
    try:
        return date.fromisoformat(document.metadata.date)
    except ValueError:
        return None


def resolve_date(match: re.Match[str], ref: date | None) -> str:
    """ISO date for a DATE_RE match; a missing year comes from the letter's date.

    "jl." (of this year) points back, "a.s." (coming) forward; with neither, the
    year that puts the day nearest to the letter date.
    """
    day, month = int(match.group("day")), MONTHS[match.group("month").lower()]
    if match.group("year"):
        candidates = [int(match.group("year"))]
    elif ref is None:
        return ""
    else:
        candidates = [ref.year - 1, ref.year, ref.year + 1]
    options = []
    for year in candidates:
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if not options:
        return ""
    rel = (match.group("rel") or "").strip().lower()
    if ref is not None and len(options) > 1:
        if rel.startswith("jl"):
            options = [d for d in options if d <= ref] or options
        elif rel.startswith(("a.s", "aanst")):
            options = [d for d in options if d >= ref] or options
        options.sort(key=lambda d: abs((d - ref).days))
    return options[0].isoformat()

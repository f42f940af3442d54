"""Split a document's cleaned body into citable, footnote-aware passages.

Passages follow paragraph and sentence boundaries (langchain-text-splitters'
``RecursiveCharacterTextSplitter`` for paragraphs longer than the limit), stay
within one heading's section (a heading starts a new passage and opens it), merge
small paragraphs of one section up to the limit, and carry their heading path,
page range, offsets into ``doc.text`` (``doc.text[start:end] == text``) and the
footnotes whose markers fall inside them. ``chunk_id`` is derived from source and
text, so unchanged text keeps its id across runs.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.models import Document, Footnote, Paragraph, Passage

MAX_CHARS = 1200
HEADING_SEPARATOR = " › "
_SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ": ", ", ", " ", ""]


@dataclass
class _Span:
    start: int
    end: int
    heading_path: tuple[str, ...]


def _splitter(max_chars: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=max_chars, chunk_overlap=0, separators=_SEPARATORS,
        keep_separator="end", strip_whitespace=True,
    )


def _pieces(doc: Document, para: Paragraph, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) spans of a paragraph, split at sentence boundaries if it is too long."""
    if para.end - para.start <= max_chars:
        return [(para.start, para.end)]
    spans: list[tuple[int, int]] = []
    cursor = para.start
    for piece in _splitter(max_chars).split_text(para.text):
        pos = doc.text.find(piece, cursor, para.end)
        if pos < 0:  # the splitter never rewrites text; guard anyway
            continue
        spans.append((pos, pos + len(piece)))
        cursor = pos + len(piece)
    return spans


def _sections(doc: Document) -> list[tuple[tuple[str, ...], list[Paragraph]]]:
    """Paragraphs grouped per heading: each group opens with its heading (if any)."""
    sections: list[tuple[tuple[str, ...], list[Paragraph]]] = []
    for para in doc.paragraphs:
        if sections and all(p.is_heading for p in sections[-1][1]):
            # Headings directly above another heading open that heading's section.
            sections[-1] = (para.heading_path, sections[-1][1])
        elif not sections or para.is_heading or sections[-1][0] != para.heading_path:
            sections.append((para.heading_path, []))
        sections[-1][1].append(para)
    return sections


def _spans(doc: Document, max_chars: int) -> list[_Span]:
    spans: list[_Span] = []
    headings = {(p.start, p.end) for p in doc.paragraphs if p.is_heading}
    for path, paragraphs in _sections(doc):
        current: _Span | None = None
        for para in paragraphs:
            budget = max_chars
            if current is not None and para.is_heading is False and (current.start, current.end) in headings:
                # Never leave a heading on its own: it opens the passage of its first paragraph.
                budget = max_chars - (para.start - current.start)
            for start, end in _pieces(doc, para, max(200, budget)):
                if current is not None and (end - current.start <= max_chars or (current.start, current.end) in headings):
                    current.end = end
                    continue
                current = _Span(start, end, path)
                spans.append(current)
    return spans


class _FootnoteIndex:
    """The footnotes whose markers fall in a span, found by bisection (linear over a document)."""

    def __init__(self, doc: Document) -> None:
        markers = sorted(doc.markers, key=lambda m: m.offset)
        self.offsets = [m.offset for m in markers]
        self.numbers = [m.number for m in markers]
        self.by_number = {f.number: f for f in reversed(doc.footnotes)}  # the first one wins

    def within(self, start: int, end: int) -> tuple[Footnote, ...]:
        """Footnotes with a marker at offset ``start < offset <= end``, in marker order."""
        lo, hi = bisect_right(self.offsets, start), bisect_right(self.offsets, end)
        numbers = dict.fromkeys(self.numbers[lo:hi])
        return tuple(fn for n in numbers if (fn := self.by_number.get(n)) is not None)


def chunk_id(source: str, text: str, occurrence: int = 0) -> str:
    """Stable id: the first 16 hex digits of sha256(source, text[, occurrence])."""
    key = f"{source}\n{text}" + (f"\n#{occurrence}" if occurrence else "")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def chunk_document(doc: Document, max_chars: int = MAX_CHARS) -> list[Passage]:
    """The document's passages, in reading order."""
    passages: list[Passage] = []
    seen: dict[str, int] = {}
    notes = _FootnoteIndex(doc)
    for ordinal, span in enumerate(_spans(doc, max_chars)):
        text = doc.text[span.start:span.end]
        occurrence = seen.get(text, 0)
        seen[text] = occurrence + 1
        passages.append(Passage(
            chunk_id=chunk_id(doc.source, text, occurrence),
            source=doc.source,
            ordinal=ordinal,
            text=text,
            start=span.start,
            end=span.end,
            page_start=doc.page_at(span.start),
            page_end=doc.page_at(max(span.start, span.end - 1)),
            heading=HEADING_SEPARATOR.join(span.heading_path),
            footnotes=notes.within(span.start, span.end),
        ))
    return passages
